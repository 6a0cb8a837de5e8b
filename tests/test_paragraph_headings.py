"""Paragraph headings of minutes: case-number lines, wrapped titles, dispatch lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.core.models import FileResult
from extractors.lang.dnr import find_dnrs
from extractors.parts.header import title_continues
from extractors.parts.paragraphs import paragraph_title
from pipeline.process import process_path
from pipeline.read.furniture import repeated_shapes, split_furniture
from pipeline.split.segment import _names_bodies


def test_dash_form_with_sub_number_is_a_case_number() -> None:
    """ "SLK-2024-00312:7" is case 312 of 2024; the sub-number is dropped."""
    found = find_dnrs("§ 5 Ärendenummer SLK-2024-00312:7")
    assert [(d.raw, d.key) for d in found] == [
        ("Ärendenummer SLK-2024-00312:7", "SLK 2024/312")
    ]
    assert [d.key for d in find_dnrs("Ärendenummer KS-2024-00045:-1")] == ["KS 2024/45"]


def test_serial_first_form_needs_a_label() -> None:
    """ "Diarienummer 00181/2024" and "dnr 0232/23" put the serial first."""
    assert [d.key for d in find_dnrs("§ 177 Diarienummer 00181/2024 3.0.2.")] == [
        "2024/181"
    ]
    assert [d.key for d in find_dnrs("beslut 2023-05-25, dnr 0232/23, om")] == [
        "2023/232"
    ]
    assert find_dnrs("Ökningen var 00181/2024 enligt tabellen") == []
    assert [d.key for d in find_dnrs("Dnr: 17/063")] == ["2017/63"]


def test_a_proposition_number_is_no_case_number() -> None:
    """ "Prop 2016/17:171" stays a government bill, with or without a label."""
    assert find_dnrs("Prop 2016/17:171 En ny kommunallag") == []
    assert find_dnrs("Dnr 2016/17:171") == []


def test_title_after_a_case_line_with_filing_code() -> None:
    """The title follows "§ 177 Diarienummer 00181/2024 3.0.2." on the next line."""
    lines = [
        (4, "§ 177 Diarienummer 00181/2024 3.0.2."),
        (4, "Detaljplan för del av Ekbacken 2:14"),
        (4, "Sammanfattning av ärendet"),
    ]
    assert paragraph_title(lines) == ("Detaljplan för del av Ekbacken 2:14", 2)


def test_a_bare_case_label_is_no_title() -> None:
    """ "§ 1 Ärendenummer" (no case yet) takes its title from the next line."""
    lines = [
        (1, "§ 1 Ärendenummer"),
        (1, "Val av justerare"),
        (1, "Beslut"),
    ]
    assert paragraph_title(lines) == ("Val av justerare", 2)


def test_a_short_title_line_ending_in_a_preposition_wraps() -> None:
    """A title line ending in "för" goes on, however short it is."""
    lines = [
        (9, "§ 40 Dnr KS 2024/88"),
        (9, "Ändring av taxa för"),
        (9, "bygglov och strandskydd"),
        (9, "Beslut"),
    ]
    assert paragraph_title(lines) == ("Ändring av taxa för bygglov och strandskydd", 3)
    assert title_continues("Revidering av riktlinje för")
    assert not title_continues("Val av justerare")


def test_a_heading_with_sub_number_is_no_running_header() -> None:
    """ "§ 3 Ärendenummer SLK-2024-00226:3" at each page's top stays content."""
    pages = [
        ["Protokoll nr 4", f"§ {n} Ärendenummer SLK-2024-00226:{n}", "Rapport"]
        for n in (3, 4, 5)
    ]
    repeated = repeated_shapes(pages, frozenset())
    content, furniture = split_furniture(pages[0], repeated)
    assert content == ["§ 3 Ärendenummer SLK-2024-00226:3", "Rapport"]
    assert furniture == ["Protokoll nr 4"]


def test_a_long_recipient_line_keeps_the_dispatch_list_open() -> None:
    """A body and its districts is one recipient; a sentence after a body is prose."""
    assert _names_bodies("Socialnämnderna – Centrum, Hisingen, Nordost, Sydväst")
    assert not _names_bodies("Kommunstyrelsen har den 3 maj 2024 behandlat ärendet")
    assert not _names_bodies("Socialnämnderna – Centrum, Hisingen och Nordost.")


def _protocol_pdf(path: Path, pages: list[list[str]]) -> None:
    """Write a protocol PDF, one list of lines per page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for lines in pages:
        for i, line in enumerate(lines):
            pdf.drawString(60, 790 - 16 * i, line)
        pdf.showPage()
    pdf.save()


@pytest.mark.parametrize("mark", ["KS", "SBN", "KSAU", "KS-AU"])
def test_body_abbreviation_before_the_paragraph_sign(tmp_path: Path, mark: str) -> None:
    """ "KS § 45 Title" headings (Ciceron, Meetings Plus) are paragraphs."""
    path = tmp_path / "p.pdf"
    _protocol_pdf(
        path,
        [
            [
                "Kommunstyrelsen",
                "Protokoll 2024-04-25",
                "Plats och tid Kommunhuset kl 13.00-15.00",
                f"{mark} § 45 Budget 2025 för kommunstyrelsen",
                "Dnr KS 2024/101",
                "Beslut",
                "Kommunstyrelsen godkänner budgeten.",
            ],
            [
                f"{mark} § 46 Val av ombud",
                "Beslut",
                "Anna Berg (S) väljs till ombud.",
                f"{mark} § 47",
                "Motion om fler laddstolpar",
                "Beslut",
                "Motionen avslås.",
            ],
        ],
    )
    result = process_path(str(path))
    assert isinstance(result, FileResult)
    assert [d.kind for d in result.documents] == ["protokoll"]
    paragraphs = result.documents[0].records["paragraphs"]
    assert [(p["number"], p["title"], p["dnr"], p["page"]) for p in paragraphs] == [
        (45, "Budget 2025 för kommunstyrelsen", "KS 2024/101", 1),
        (46, "Val av ombud", None, 2),
        (47, "Motion om fler laddstolpar", None, 2),
    ]
