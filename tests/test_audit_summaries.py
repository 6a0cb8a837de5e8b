"""Many granskningar in one paper: one audit report per section of a summary.

The real årsredogörelse prints each section's heading after its text and
ends each with "Läs mer om granskningen i …"; the written variants print the
heading first, one with references and one with none (opened by "Syftet med
granskningen" in a paper calling itself a revisionsredogörelse).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import rows

from extractors.core.tables import Source
from extractors.parts import audit
from extractors.parts.audit_bodies import audited_by, report_auditee
from extractors.parts.audit_summaries import contents, reference_report

ARSREDOGORELSE = "goteborg_stadsrevisionens_arsredogorelse_2024"


def _extract(text: str) -> dict[str, list[dict[str, Any]]]:
    """Return the audit rows of ``text``; a line "--- n" starts page n."""
    lines, page = [], 1
    for line in text.strip().split("\n"):
        if line.startswith("--- "):
            page = int(line[4:])
        elif line.strip():
            lines.append((page, line.strip()))
    return audit.extract(Source(lines=lines))


def _reports(found: dict[str, list[dict[str, Any]]]) -> list[tuple[Any, ...]]:
    return [
        (r["page"], r["title"], r["date"], r["auditee"]) for r in found["audit_reports"]
    ]


def _mentions(found: dict[str, list[dict[str, Any]]]) -> list[tuple[Any, ...]]:
    return [
        (m["report_id"], m["auditee"], m["text"])
        for m in found["recommendation_mentions"]
    ]


def test_real_annual_summary_gives_one_report_per_granskning(shared_db: Path) -> None:
    found = rows(
        shared_db,
        "select r.page, r.title, r.date, r.auditee from audit_reports r "
        "join documents d on d.id = r.document_id "
        "join files f on f.sha256 = d.file_sha256 where f.path like ? "
        "order by r.page",
        f"%{ARSREDOGORELSE}%",
    )
    assert len(found) == 18
    assert found[3] == (
        9,
        "Kontroll och uppföljning av privata utförare",
        "2024-06-12",
        "Nämnden för funktionsstöd, inköps- och upphandlingsnämnden, "
        "socialnämnden Sydväst och äldre samt vård- och omsorgsnämnden",
    )
    # the heading wraps over two lines, printed after the section's text
    assert found[5][:3] == (
        11,
        "Stadens styrning och samordning av digital utveckling och förvaltning",
        "2024-11-19",
    )
    # no heading line of its own: the title is the table of contents' entry
    assert found[14][:2] == (21, "Säkerhet och beredskapsplanering")
    # "kritik till bolagets styrelse" names no body: the reference's does
    assert found[0] == (
        6,  # the front matter (foreword, contents) is no granskning
        "Kritik riktas till Förvaltnings AB Framtiden",
        None,
        "Förvaltnings AB Framtiden",
    )
    assert found[1][1:] == (
        "Kritik riktas till grundskolenämnden",
        None,
        "Grundskolenämnden",
    )


VARIANT_WITH_REFERENCES = """
Revisorernas redogörelse för 2025
--- 2
Hemtjänstens bemanning
Revisorerna har granskat hur äldrenämnden planerar bemanningen i hemtjänsten.
Granskningen visar att schemaläggningen brister.
Vi rekommenderar äldrenämnden att ta fram en bemanningsplan.
Läs mer i revisionsrapporten Bemanning i hemtjänsten, 2025-03-04.
Upphandling av skolskjuts
Revisorerna har granskat barn- och utbildningsnämndens upphandling av skolskjuts.
Avtalen följs inte upp.
Vi rekommenderar barn- och utbildningsnämnden att följa upp avtalen årligen.
Läs mer i revisionsrapporten Skolskjutsar (rapport nr 3/2025).
"""


def test_written_summary_with_headings_first_and_references() -> None:
    found = _extract(VARIANT_WITH_REFERENCES)
    assert _reports(found) == [
        (2, "Hemtjänstens bemanning", "2025-03-04", "Äldrenämnden"),
        (2, "Upphandling av skolskjuts", None, "Barn- och utbildningsnämnden"),
    ]
    assert _mentions(found) == [
        ("report1", "Äldrenämnden", "att ta fram en bemanningsplan."),
        ("report2", "Barn- och utbildningsnämnden", "att följa upp avtalen årligen."),
    ]


VARIANT_WITHOUT_REFERENCES = """
Revisionsredogörelse 2024
Granskningar under året
--- 3
Intern kontroll av löner
Syftet med granskningen var att bedöma om kommunstyrelsen har en tillräcklig
intern kontroll av löneutbetalningar.
Kontrollerna dokumenteras inte.
Syftet var även att bedöma om kommunstyrelsen har
en tillräcklig attest. Granskningen omfattade kommunstyrelsen.
Kommunstyrelsen rekommenderas att dokumentera kontrollerna.
Tillsyn av serveringstillstånd
Syftet med granskningen var att bedöma om miljö- och hälsoskyddsnämnden
bedriver en ändamålsenlig tillsyn.
Rekommendationer lämnades till miljö- och hälsoskyddsnämnden.
"""


def test_written_summary_opened_by_headings_and_purpose() -> None:
    found = _extract(VARIANT_WITHOUT_REFERENCES)
    assert _reports(found) == [
        (3, "Intern kontroll av löner", None, "Kommunstyrelsen"),
        (3, "Tillsyn av serveringstillstånd", None, "Miljö- och hälsoskyddsnämnden"),
    ]
    assert _mentions(found) == [
        ("report1", "Kommunstyrelsen", "att dokumentera kontrollerna."),
    ]


def test_a_single_report_is_not_split() -> None:
    found = _extract(
        """
Granskning av lönehantering
Syftet med granskningen var att bedöma om kommunstyrelsen har en god kontroll.
Granskningen omfattar kommunstyrelsen.
Vi rekommenderar kommunstyrelsen att se över attesterna.
"""
    )
    assert len(found["audit_reports"]) == 1
    assert found["audit_reports"][0]["id"] == "report"


def test_reference_names_the_full_report_and_its_date() -> None:
    assert reference_report(
        "Läs mer om granskningen i revisionsrapporten Granskning av arbetet med "
        "trygghet och studiero, 2024-09-24."
    ) == ("Granskning av arbetet med trygghet och studiero", "2024-09-24")
    assert reference_report("Läs mer i rapporten Skolskjutsar (nr 3/2025).") == (
        "Skolskjutsar",
        None,
    )
    assert reference_report(
        "Läs mer om granskningen i revisionsredogörelsen för kulturnämnden 2024."
    ) == (None, None)


def test_table_of_contents_titles_wrap() -> None:
    lines = [
        (3, "Innehåll"),
        (3, "Informationssäkerhet 17"),
        (3, "Säkerhetsarbetet inom koncernen samt"),
        (3, "vid biblioteken 19"),
    ]
    assert contents(lines) == [
        "Informationssäkerhet",
        "Säkerhetsarbetet inom koncernen samt vid biblioteken",
    ]


def test_auditee_of_recommendations_and_lay_auditors() -> None:
    """No [[audited]] phrase: the recipients and the companies signed for."""
    signed = audited_by(
        "För revisorerna och lekmannarevisorerna i Higab AB och Göteborgs Hamn AB"
    )
    assert signed == ["Higab AB", "Göteborgs Hamn AB"]
    assert (
        report_auditee(["Kulturnämnden", "kulturnämnden", None], signed)
        == "Kulturnämnden, Higab AB och Göteborgs Hamn AB"
    )
    assert report_auditee([None], []) is None


def test_real_report_auditee_lists_committees_and_companies(shared_db: Path) -> None:
    found = rows(
        shared_db,
        "select r.auditee from audit_reports r "
        "join documents d on d.id = r.document_id "
        "join files f on f.sha256 = d.file_sha256 where f.path like ? "
        "and r.auditee is not null",
        "%rapportsammandrag_skapa_arbete%",
    )
    assert (
        "Idrotts- och föreningsnämnden, Stadsmiljönämnden, Bostadsaktiebolaget "
        "Poseidon, Familjebostäder i Göteborg Aktiebolag, Förvaltnings AB "
        "GöteborgsLokaler, Göteborgs stads bostadsaktiebolag och Gårdstensbostäder AB",
    ) in found


SYNTHETIC_PAGES = [
    [
        "Revisorernas redogörelse för år 2025",
        "Kommunrevisionen i Exempelby",
        "Granskningar under året",
        "Här sammanfattar revisorerna de granskningar som genomförts under 2025.",
    ],
    [
        "Bemanning i hemtjänsten",
        "Syftet med granskningen var att bedöma om vård- och omsorgsnämnden",
        "planerar bemanningen i hemtjänsten på ett ändamålsenligt sätt.",
        "Schemaläggningen brister och vikarier används i stor utsträckning.",
        "Vi rekommenderar vård- och omsorgsnämnden att ta fram en bemanningsplan.",
    ],
    [
        "Upphandling av skolskjuts",
        "Syftet med granskningen var att bedöma om barn- och utbildningsnämnden",
        "följer upp sina avtal om skolskjuts.",
        "Avtalen följs inte upp.",
        "Vi rekommenderar barn- och utbildningsnämnden att följa upp avtalen.",
    ],
]


def test_synthetic_summary_pdf_ingests_as_reports(tmp_path: Path) -> None:
    """A written summary PDF of another layout, through the whole pipeline."""
    from reportlab.pdfgen import canvas

    from pipeline.ingest import ingest

    pdf_path = tmp_path / "redogorelse.pdf"
    pdf = canvas.Canvas(str(pdf_path), invariant=1)
    for page in SYNTHETIC_PAGES:
        for n, line in enumerate(page):
            pdf.drawString(60, 780 - 18 * n, line)
        pdf.showPage()
    pdf.save()
    db = tmp_path / "diarium.db"
    assert ingest([tmp_path], str(db)).failed == 0
    assert rows(db, "select r.page, r.title, r.auditee from audit_reports r") == [
        (2, "Bemanning i hemtjänsten", "Vård- och omsorgsnämnden"),
        (3, "Upphandling av skolskjuts", "Barn- och utbildningsnämnden"),
    ]
    assert rows(
        db,
        "select m.page, m.auditee, m.text from recommendation_mentions m "
        "order by m.page",
    ) == [
        (2, "Vård- och omsorgsnämnden", "att ta fram en bemanningsplan."),
        (3, "Barn- och utbildningsnämnden", "att följa upp avtalen."),
    ]
