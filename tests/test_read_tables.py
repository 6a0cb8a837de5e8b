"""Ruled tables and label columns are read in one pdfplumber pass per file.

Opening the PDF again for every page that hints at a table made a long
protocol cost quadratic time; now each file is opened at most once and the
tables are the same as reading each page on its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.read import _tables, pdf, read_pdf

MM = 72 / 25.4

VOTES = [
    ["Ledamot", "Parti", "Ja", "Nej", "Avstår"],
    ["Maria Lindqvist", "S", "X", "", ""],
    ["Per Holmberg", "M", "", "X", ""],
    ["Elin Dahl", "V", "", "", "X"],
]


def write_protocol(path: Path) -> bytes:
    """Write three A4 pages: a label column, a ruled vote table, plain text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    doc = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    y = A4[1] - 30 * MM
    for label, body in [
        ("Förslag till", "Anna Andersson (S): Bifall till kommunstyrelsens"),
        ("beslut", "förslag."),
        ("Beslutsgång", "Ordföranden ställer proposition på förslagen och"),
        (None, "finner att fullmäktige bifaller kommunstyrelsens förslag."),
        ("Beslut", "Kommunfullmäktige antar detaljplanen."),
    ]:
        if label:
            doc.setFont("Helvetica-Bold", 10)
            doc.drawString(20 * MM, y, label)
        doc.setFont("Helvetica", 10)
        doc.drawString(60 * MM, y, body)
        y -= 5 * MM
    doc.showPage()
    doc.setFont("Helvetica", 10)
    doc.drawString(20 * MM, A4[1] - 30 * MM, "Omröstning")
    xs = [20 * MM, 70 * MM, 90 * MM, 105 * MM, 120 * MM, 140 * MM]
    top = A4[1] - 40 * MM
    ys = [top - i * 8 * MM for i in range(len(VOTES) + 1)]
    doc.grid(xs, ys)
    for row, y in zip(VOTES, ys, strict=False):
        for cell, x in zip(row, xs, strict=False):
            doc.drawString(x + 2 * MM, y - 5.5 * MM, cell)
    doc.showPage()
    doc.drawString(20 * MM, A4[1] - 30 * MM, "Mötet avslutas kl. 15.30.")
    doc.showPage()
    doc.save()
    return path.read_bytes()


@pytest.fixture
def opens(monkeypatch: pytest.MonkeyPatch) -> list[list[int] | None]:
    """Record the pages asked for at each pdfplumber open (the real open runs)."""
    calls: list[list[int] | None] = []
    real = pdf.pdfplumber.open

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("pages"))
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf.pdfplumber, "open", counted)
    return calls


def test_one_open_reads_label_column_and_tables(
    tmp_path: Path, opens: list[list[int] | None]
) -> None:
    """One open serves the label column (page 1) and the vote table (page 2)."""
    pages = read_pdf(write_protocol(tmp_path / "protokoll.pdf"))
    assert opens == [[1, 2]]
    assert pages[0].text.split("\n")[:2] == [
        "Förslag till beslut",
        "Anna Andersson (S): Bifall till kommunstyrelsens",
    ]
    assert [p.tables for p in pages] == [[], [VOTES], []]


def test_tables_in_one_pass_equal_page_by_page(tmp_path: Path) -> None:
    """Every page's tables read in the one pass equal reading that page alone."""
    data = write_protocol(tmp_path / "protokoll.pdf")
    raw = pdf.read_pages(data, wants_tables=lambda text: "Ja" in text)
    assert [p.tables is not None for p in raw] == [False, True, False]
    alone = {n: pdf.read_tables(data, [n])[n] for n in (1, 2, 3)}
    assert raw[1].tables == alone[2] == [VOTES]
    assert pdf.read_tables(data, [3, 1, 2]) == alone


def test_tables_not_read_with_the_page_are_read_when_content_hints(
    tmp_path: Path, opens: list[list[int] | None]
) -> None:
    """A page read without its tables gets them when its content hints at one."""
    data = write_protocol(tmp_path / "protokoll.pdf")
    assert _tables(data, pdf.RawPage(2, "", 0), "Ledamot Parti Ja Nej Avstår") == [
        VOTES
    ]
    assert _tables(data, pdf.RawPage(2, "", 0), "Omröstning") == []
    assert opens == [[2]]
