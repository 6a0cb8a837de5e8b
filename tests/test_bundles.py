"""Case bundles split by their parts: protokollsutdrag, yrkande and the motion inside.

A council case printed as one PDF holds the board's yttrande, the parties'
written yrkanden, the officer's report, the motion itself and the
committees' protocol extracts. Each part is a document of its own kind;
the motion inside is read like any motion.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from conftest import doc_of, rows

from extractors.core.models import FileResult
from extractors.kinds.protokollsutdrag import sign_off_first, title_first
from extractors.kinds.yrkande import proposals, proposers
from extractors.lang.parties import party_list
from pipeline.process import process_path
from pipeline.split.classify import classify, is_protocol, label_of

KINDS = Path(__file__).resolve().parent / "fixtures" / "kinds"
BUNDLE = "real/goteborg_kf_handling_2025_nr154_motion_algoritmer_AI_med_yttranden.pdf"
AUDIT = "real/goteborg_revisionsberattelse_2024.pdf"


def _render() -> Any:
    """Return ``make_fixtures.render`` (reportlab, one text line per PDF line)."""
    spec = importlib.util.spec_from_file_location(
        "make_fixtures", KINDS / "make_fixtures.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.render


def _parts(result: FileResult | object) -> list[tuple[str, str, int, int]]:
    """Return (kind, extractor, first page, last page) of every document."""
    assert isinstance(result, FileResult), result
    return [(d.kind, d.extractor, d.page_start, d.page_end) for d in result.documents]


# --- labels ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # real (Göteborg, KF handling 2025 nr 154)
        ("Yrkande Demokraterna, Moderaterna,", ("yrkande", True)),
        ("Yrkande Sverigedemokraterna", ("yrkande", True)),
        ("Utdrag ur protokoll", ("protokollsutdrag", True)),
        (
            "Utdrag ur protokoll Sammanträdesdatum: 2025-05-15",
            ("protokollsutdrag", True),
        ),
        ("Yrkande angående Motion av Patrik Höstmad (D)", ("yrkande", False)),
        # written variants
        ("Yrkande M, L och KD", ("yrkande", True)),
        ("Utdrag ur sammanträdesprotokoll", ("protokollsutdrag", True)),
        ("Protokoll (utdrag)", ("protokollsutdrag", True)),
        ("PROTOKOLLSUTDRAG 2024-06-17", ("protokollsutdrag", True)),
        ("Protokoll KS", ("protokoll", False)),
    ],
)
def test_bundle_labels(line: str, expected: tuple[str, bool]) -> None:
    """Party names after a label make it strong; extracts have their own label."""
    assert label_of(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Yrkanden",  # a paragraph's section heading
        "Yrkandet Det är viktigt att Göteborgs Stad gör allt för att förhindra",
        "Protokollsutdrag skickas till",  # real: a dispatch list, not a paper
    ],
)
def test_not_bundle_labels(line: str) -> None:
    """Headings and dispatch lines name no document."""
    assert label_of(line) is None


def test_bare_yrkande_heading_is_weak() -> None:
    """'Yrkande' alone heads a paragraph's yrkanden; it opens no paper in minutes."""
    assert label_of("Yrkande") == ("yrkande", False)
    assert is_protocol("protokollsutdrag") and is_protocol("protokoll")
    assert not is_protocol("yrkande")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Demokraterna, Moderaterna,", ["Demokraterna", "Moderaterna"]),
        (
            "Demokraterna med instämmande av Kristdemokraterna",
            ["Demokraterna", "Kristdemokraterna"],
        ),
        ("M, D, L och KD", ["M", "D", "L", "KD"]),
        (
            "Socialdemokraterna, Vänsterpartiet, Miljöpartiet",
            ["Socialdemokraterna", "Vänsterpartiet", "Miljöpartiet"],
        ),
        ("KS", []),
        ("Kommunstyrelsen", []),
    ],
)
def test_party_list(text: str, expected: list[str]) -> None:
    """A line of party names (one at least a known party) is a party list."""
    assert party_list(text) == expected


# --- yrkande --------------------------------------------------------------


def test_yrkande_proposers_and_proposals_real_lines() -> None:
    """Real SD yrkande: one party, one proposal across a split head."""
    texts = [
        "Kommunstyrelsen",
        "Yrkande Sverigedemokraterna",
        "Datum 2025-08-18 Ärende nr SLK-2025-00345",
        "Yrkande angående – Motion om att utreda möjligheten att använda algoritmer/AI",
        "för att analysera alla Göteborgs Stads fakturor och "
        "leverantörsuppgifter Förslag",
        "till beslut I kommunstyrelsen och kommunfullmäktige:",
        "Bifalla motionen",
        "Yrkandet Bakgrunden till motionens förslag är högst relevant, det finns ett",
        "att hämta från andra kommuner. Partille kommun är ett exempel på en "
        "kommun som",
    ]
    assert proposers(texts) == ["Sverigedemokraterna"]
    lines = [(2, t) for t in texts]
    assert proposals(lines) == [(2, "Bifalla motionen")]


def test_yrkande_proposals_written_att_satser() -> None:
    """Written variant: att-satser after the head, reasons under 'Motivering'."""
    lines = [
        (1, "Yrkande från Centerpartiet"),
        (1, "Förslag till beslut:"),
        (1, "att taxan för hemtjänst 2025 lämnas oförändrad,"),
        (1, "att socialnämnden utreder en lägre taxa för personer över 85 år."),
        (1, "Motivering"),
        (1, "att höja taxan slår mot dem som har minst."),
    ]
    assert proposals(lines) == [
        (1, "att taxan för hemtjänst 2025 lämnas oförändrad,"),
        (1, "att socialnämnden utreder en lägre taxa för personer över 85 år."),
    ]


# --- real bundles ---------------------------------------------------------


def test_real_case_bundle_parts(need_shared: Path) -> None:
    """KF handling: yttrande, two yrkanden, report, motion, extract, yrkande, report."""
    result = process_path(str(need_shared / BUNDLE))
    assert _parts(result) == [
        ("yttrande", "yttrande.v2", 1, 1),
        ("yrkande", "yrkande.v1", 1, 2),
        ("yrkande", "yrkande.v1", 2, 2),
        ("tjansteskrivelse", "tjansteskrivelse.v2", 2, 3),
        ("motion", "motion.v3", 3, 4),
        ("protokoll", "protokollsutdrag.v2", 4, 5),
        ("yrkande", "yrkande.v1", 5, 6),
        ("tjansteskrivelse", "tjansteskrivelse.v2", 6, 8),
    ]
    assert isinstance(result, FileResult)
    docs = result.documents
    assert [(d.date, d.dnr) for d in docs[1:3]] == [
        ("2025-08-22", "SLK 2025/345"),
        ("2025-08-18", "SLK 2025/345"),
    ]
    assert docs[5].date == "2025-05-15"
    motion = docs[4].records
    assert [(s["name"], s["party"]) for s in motion["motion_signatories"]] == [
        ("Patrik Höstmad", "D"),
        ("Jonas Stenberg", "D"),
    ]
    assert len(motion["motion_clauses"]) == 1
    assert motion["motions"][0]["party"] == "D"
    yrkanden = [d.records["yrkanden"][0] for d in docs if d.kind == "yrkande"]
    assert [(y["proposed_by"], y["party"]) for y in yrkanden] == [
        (
            "Demokraterna, Moderaterna, Liberalerna, Kristdemokraterna",
            "Demokraterna, M, L, KD",
        ),
        ("Sverigedemokraterna", "SD"),
        (
            "Moderaterna, Liberalerna, Demokraterna, Kristdemokraterna",
            "M, L, Demokraterna, KD",
        ),
    ]
    assert [
        [c["text"] for c in d.records["yrkande_clauses"]]
        for d in docs
        if d.kind == "yrkande"
    ] == [
        ["Motionen bifalles."],
        ["Bifalla motionen"],
        ["Inköps- och upphandlingsnämnden tillstyrker motionen."],
    ]
    meetings = docs[5].records["meetings"]
    assert [(m["kind"], m["date"]) for m in meetings] == [("protokoll", "2025-05-15")]


def test_real_extracts_dated_by_running_header(need_shared: Path) -> None:
    """Extracts whose meeting date is only in the running header are dated by it."""
    result = process_path(str(need_shared / AUDIT))
    assert isinstance(result, FileResult)
    extracts = [
        (d.date, d.page_start)
        for d in result.documents
        if d.extractor == "protokollsutdrag.v2"
    ]
    assert extracts == [("2024-03-26", 38), ("2025-04-03", 45), ("2024-06-13", 51)]
    assert not any(
        d.title.startswith("Protokollsutdrag skickas") for d in result.documents
    )


# --- a written bundle -----------------------------------------------------

WRITTEN_BUNDLE = """\
Granviks kommun
Kommunstyrelsen
Yttrande
2024-11-05, dnr KS 2024/90
Yttrande över motion om solceller på kommunens tak
Kommunstyrelsen föreslår att kommunfullmäktige avslår motionen.
Samhällsbyggnadsnämnden har tillstyrkt motionen, men kostnaden ryms
inte i investeringsbudgeten för 2025.
Maria Lindqvist
Ordförande
Kommunstyrelsen
Yrkande Centerpartiet och Vänsterpartiet
Datum 2024-11-05 Ärende nr KS 2024/90
Yrkande angående motion om solceller på kommunens tak
Förslag till beslut i kommunstyrelsen:
Bifalla motionen
Yrkandet
Solceller på kommunens tak sänker elkostnaderna och betalar sig inom tolv år.
\f
Granviks kommun
Tjänsteskrivelse
Datum 2024-10-14 Dnr KS 2024/90
Solceller på kommunens tak
Förslag till beslut
1. Motionen avslås.
Ärendet
Motionen föreslår att solceller installeras på kommunens fastigheter.
Investeringen beräknas till 12 miljoner kronor.
Lena Ström
Kommundirektör
\f
Bilaga 1
Motion
Till Granviks kommunfullmäktige
2024-03-12
Motion om solceller på kommunens tak
Kommunens fastigheter har stora tak som i dag inte används. Solceller
skulle sänka kommunens elkostnader och minska utsläppen.
Vi föreslår att kommunfullmäktige beslutar
att kommunstyrelsen ges i uppdrag att installera solceller på de fem
största skolorna,
att arbetet redovisas för fullmäktige senast i december 2025.
Anna Berg (C)
Elin Dahl (V)
\f
Bilaga 2
Granviks kommun
Utdrag ur sammanträdesprotokoll
Samhällsbyggnadsnämnden
Sammanträdesdatum 2024-09-17
§ 77 Yttrande över motion om solceller på kommunens tak
Dnr SBN 2024/33
Beslut
Samhällsbyggnadsnämnden tillstyrker motionen.
Justerandes sign          Utdragsbestyrkande
"""


def test_written_bundle_parts(tmp_path: Path) -> None:
    """A reportlab bundle: every part its own document, the motion read in full."""
    txt = tmp_path / "bundle.txt"
    txt.write_text(WRITTEN_BUNDLE, encoding="utf-8")
    result = process_path(str(_render()(txt, tmp_path / "bundle.pdf")))
    assert _parts(result) == [
        ("yttrande", "yttrande.v2", 1, 1),
        ("yrkande", "yrkande.v1", 1, 1),
        ("tjansteskrivelse", "tjansteskrivelse.v2", 2, 2),
        ("motion", "motion.v3", 3, 3),
        ("protokoll", "protokollsutdrag.v2", 4, 4),
    ]
    assert isinstance(result, FileResult)
    docs = result.documents
    assert [(d.date, d.dnr) for d in docs] == [
        ("2024-11-05", "KS 2024/90"),
        ("2024-11-05", "KS 2024/90"),
        ("2024-10-14", "KS 2024/90"),
        ("2024-03-12", None),
        ("2024-09-17", "SBN 2024/33"),
    ]
    motion = docs[3].records
    row = motion["motions"][0]
    assert (row["title"], row["party"], row["addressee"]) == (
        "Motion om solceller på kommunens tak",
        "C, V",
        "Granviks kommunfullmäktige",
    )
    assert [(s["name"], s["party"]) for s in motion["motion_signatories"]] == [
        ("Anna Berg", "C"),
        ("Elin Dahl", "V"),
    ]
    assert len(motion["motion_clauses"]) == 2
    yrkande = docs[1].records
    assert yrkande["yrkanden"][0]["party"] == "C, V"
    assert [c["text"] for c in yrkande["yrkande_clauses"]] == ["Bifalla motionen"]
    assert [p["number"] for p in docs[4].records["paragraphs"]] == [77]


RUNNING_DATE_EXTRACT = """\
Sammanträdesdatum: 2024-09-17
Granviks kommun
Utdrag ur protokoll
Socialnämnden
§ 88 Yttrande över motion om fler platser i korttidsboende
Dnr SN 2024/61
Beslut
Socialnämnden avstyrker motionen.
\f
Sammanträdesdatum: 2024-09-17
Reservation
Karin Ljung (M) reserverar sig mot beslutet.
Beslutet skickas till
Kommunfullmäktige
"""


def test_written_extract_dated_by_running_header(tmp_path: Path) -> None:
    """A meeting date printed only as a running header dates the extract."""
    txt = tmp_path / "extract.txt"
    txt.write_text(RUNNING_DATE_EXTRACT, encoding="utf-8")
    result = process_path(str(_render()(txt, tmp_path / "extract.pdf")))
    assert isinstance(result, FileResult)
    assert all("Sammanträdesdatum" not in p.text for p in result.pages)
    assert _parts(result) == [("protokoll", "protokollsutdrag.v2", 1, 2)]
    assert result.documents[0].date == "2024-09-17"


def test_bundle_papers_linked_to_its_motion(shared_db: Path) -> None:
    """The KF bundle's motion: answer, yrkanden, reports and the extract.

    The committee's yrkande (page 5) is missing: its title is cut where it
    wraps ("… Patrik Höstmad (D) och Jonas"), too short to match.
    """
    doc = doc_of(shared_db, "goteborg_kf_handling_2025_nr154", "motion")
    assert rows(
        shared_db,
        "select md.role, d.kind, d.page_start from "
        "motion_documents md join motions m on m.id = md.motion_id join "
        "documents d on d.id = md.document_id where m.document_id = ? "
        "order by d.position",
        doc,
    ) == [
        ("answer", "yttrande", 1),
        ("proposal", "yrkande", 1),
        ("proposal", "yrkande", 2),
        ("officer_report", "tjansteskrivelse", 2),
        ("decision", "protokoll", 4),
        ("officer_report", "tjansteskrivelse", 6),
    ]


def test_title_first_paragraph_real_lines() -> None:
    """Göteborg extracts print the title, then '§ 31, 008/24'."""
    lines = [
        (45, "Utdrag ur protokoll"),
        (45, "Yttrande gällande stadsrevisionens kritik"),
        (45, "avseende beslut att bojkotta varor från vissa"),
        (45, "stater"),
        (45, "§ 31, 008/24"),
        (45, "Beslut"),
    ]
    assert title_first(lines) == [
        (45, "Utdrag ur protokoll"),
        (
            45,
            "§ 31 Yttrande gällande stadsrevisionens kritik avseende beslut "
            "att bojkotta varor från vissa stater",
        ),
        (45, "Beslut"),
    ]
    glued = [
        (4, "Utdrag ur protokoll Sammanträdesdatum: 2025-05-15"),
        (4, "Yttrande avseende motion av Patrik Höstmad (D) och Jonas Stenberg (D)"),
        (4, "Stads fakturor och leverantörsuppgifter § 53, 115/25"),
    ]
    assert title_first(glued)[1] == (
        4,
        "§ 53 Yttrande avseende motion av Patrik Höstmad (D) och Jonas Stenberg "
        "(D) Stads fakturor och leverantörsuppgifter",
    )


def test_title_first_leaves_ordinary_paragraphs() -> None:
    """Written variants: '§ 88 Title' and a list of § stay as printed."""
    lines = [
        (1, "Protokollsutdrag"),
        (1, "§ 88 Yttrande över motion om fler platser i korttidsboende"),
        (1, "Dnr SN 2024/61"),
        (1, "Ärendet behandlades tillsammans med § 87, 89"),
    ]
    assert title_first(lines) == lines


def test_sign_off_moves_to_the_header_real_lines() -> None:
    """Göteborg: the sign-off after § 71 is the meeting's, not the paragraph's."""
    lines = [
        (51, "Utdrag ur protokoll"),
        (51, "§ 71 Bordlagt ärende: Initiativyrkande från V, S och MP"),
        (52, "Reservationer"),
        (
            52,
            "Jim Posio (SD) reserverar sig mot besluten till förmån för egna yrkanden.",
        ),
        (53, "Dag för justering"),
        (53, "2024-06-19"),
        (53, "Vid protokollet"),
        (53, "Sekreterare"),
        (53, "Kajsa Sultanova"),
        (53, "Ordförande"),
        (53, "Anna Skarsjö (S)"),
    ]
    assert sign_off_first(lines) == [lines[0], *lines[4:], *lines[1:4]]


def test_sign_off_written_variant_before_next_extract() -> None:
    """Written variant: a sign-off ends at the next extract's label line.

    "Vid protokollet förs …" as a sentence in a paragraph stays there.
    """
    lines = [
        (1, "Protokollsutdrag"),
        (1, "§ 12 Taxa för hemtjänst"),
        (1, "Beslut"),
        (1, "Taxan fastställs."),
        (1, "Rätt utdraget intygar:"),
        (1, "Jonas Ek"),
        (2, "Protokollsutdrag"),
        (2, "§ 13 Val av ombud"),
        (2, "Vid protokollet förs även anteckning om jäv."),
    ]
    assert sign_off_first(lines) == [
        lines[0],
        lines[4],
        lines[5],
        *lines[1:4],
        *lines[6:],
    ]


def test_lone_paragraph_is_an_extract() -> None:
    """Seed 000 opens with one '§ 94' and no protocol heading: an extract."""
    real = "\n".join(
        [
            '§ 94 Svar på motion av Centerpartiets fullmäktige-grupp med rubriken "'
            'Inrätta en enhet för kvalitetsuppföljning"',
            "Dnr: KS 14/101",
            "Sammanfattning av ärendet",
        ]
    )
    assert classify(real, [("protokoll", False)]) == "protokollsutdrag"
    written = "\n".join(["§ 12 Taxa för hemtjänst", "Beslut", "§ 13 Val av ombud"])
    assert classify(written, [("protokoll", False)]) == "protokoll"
    assert classify(real, [("protokoll", True)]) == "protokoll"


def test_yrkande_one_sentence_without_reasons_heading() -> None:
    """Written variant: no reasons heading, so only the first sentence proposes."""
    lines = [
        (1, "Yrkande Vänsterpartiet"),
        (1, "Förslag till beslut: Ärendet återremitteras till förvaltningen."),
        (1, "Underlaget saknar en konsekvensanalys för barnen."),
    ]
    assert proposals(lines) == [(1, "Ärendet återremitteras till förvaltningen.")]
