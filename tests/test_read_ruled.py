"""Ruled tables read from the engine's page objects equal pdfplumber's.

:mod:`pipeline.read.ruled` finds tables from pdfium's path objects and fills
them from pdfium's characters, as pdfplumber's ``extract_tables()`` does,
about three times faster (a mean of 10 ms a page against 30 ms on the
benchmark's table pages). These tests compare the two readings on
every page of the corpus, of the shared records and of generated variants
where a table could be (the pages the reading pass gives to the table
reader), and on tables written here with merged cells, thick rules drawn
as filled bars, a table running on over a page break and text overflowing
its cell.

One normalisation is allowed, on at most ``SPACING_PAGES`` pages of the
shared records and nowhere else: pdfium leaves out a space character of the
content that the next character overlaps ("organisation ......" in a table
of contents is "organisation......" in pdfium's characters), and pdfplumber
keeps it, so a cell may differ by such a space and nothing else.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from pipeline.process import process_path
from pipeline.read import hints, pdf
from pipeline.read.grid import may_have_grid
from pipeline.read.ruled import Table, page_tables
from tests.conftest import ROOT, SHARED_REASON, corpus_pdfs, shared_pdfs

#: Shared pages whose cells may differ from pdfplumber's by a dropped space.
SPACING_PAGES = 1
#: Shared pages the engine's reading declines: six of text drawn as outlines.
#: (Three with a chart's turned label by vote words, one line gap within its
#: width rounding of the tolerance, give the same vote table either way and
#: are read by the engine: :func:`pipeline.read.words.judged`.)
DECLINED_PAGES = 6
#: Shared pages pdfplumber parses as the pipeline reads them: none. (Two
#: label columns beside a signature stamp, its characters at one place below
#: float precision and its sizes as good as equal, give the same label text
#: in every reading and are read by the engine.)
PLUMBER_SHARED_PAGES = 0

MM = 72 / 25.4


def compare(data: bytes) -> tuple[int, int, list[int], list[int]]:
    """Return (pages compared, pages equal, pages declined, pages differing in spaces).

    Any other difference fails the test at once. Pages the engine's reading
    declines (pdfplumber reads them) are not compared.
    """
    candidates: dict[int, list[Table] | None] = {}
    doc = pdfium.PdfDocument(data)
    for index in range(len(doc)):
        page = doc[index]
        textpage = page.get_textpage()
        if _may_hold_table(page, textpage):
            candidates[index + 1] = page_tables(page, textpage)
        textpage.close()
        page.close()
    doc.close()
    declined = [n for n, tables in candidates.items() if tables is None]
    compared = [n for n in candidates if n not in declined]
    reference = pdf.plumber_tables(data, compared) if compared else {}
    spacing = []
    for number in compared:
        ours, theirs = candidates[number], reference[number]
        if ours != theirs:
            assert _unspaced(ours) == _unspaced(theirs), f"page {number}"
            spacing.append(number)
    return len(compared), len(compared) - len(spacing), declined, spacing


def _may_hold_table(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> bool:
    """Return True when the reading pass would look for the page's tables."""
    text = textpage.get_text_range()
    if hints.ruled(hints.shapes(page)):
        return True
    return may_have_grid(text) and hints.aligned_header(textpage, page, text)


def _unspaced(tables: list[Table] | None) -> list[list[list[str | None]]]:
    """Return the tables with every space left out of their cells."""
    return [
        [[cell.replace(" ", "") if cell else cell for cell in row] for row in table]
        for table in tables or []
    ]


def test_corpus_tables_equal_pdfplumber() -> None:
    """Every corpus page that may hold a table reads exactly as pdfplumber reads it."""
    totals = [compare(path.read_bytes()) for path in corpus_pdfs()]
    assert sum(t[0] for t in totals) == sum(t[1] for t in totals) > 0
    assert [t[2] for t in totals] == [[]] * len(totals)


def test_shared_tables_equal_pdfplumber() -> None:
    """Every shared page that may hold a table reads as pdfplumber reads it.

    Declined pages (pdfplumber reads them when the pipeline runs) are text
    drawn as outlines and rotated text by a table or a vote header.
    """
    if not shared_pdfs():
        pytest.skip(SHARED_REASON)
    totals = [compare(path.read_bytes()) for path in shared_pdfs()]
    compared = sum(t[0] for t in totals)
    assert compared > 40
    assert sum(len(t[3]) for t in totals) <= SPACING_PAGES
    assert sum(len(t[2]) for t in totals) <= DECLINED_PAGES


def test_generated_variants_equal_pdfplumber(tmp_path: Path) -> None:
    """Varied copies of the corpus (the benchmark's inputs) read alike too."""
    script = ROOT / "corpus" / "make_corpus.py"
    command = [sys.executable, str(script), "--out", str(tmp_path), "--copies", "2"]
    subprocess.run(command, check=True, capture_output=True)
    totals = [compare(p.read_bytes()) for p in sorted(tmp_path.glob("bulk/*.pdf"))]
    assert sum(t[0] for t in totals) == sum(t[1] for t in totals) > 0
    assert [t[2] for t in totals] == [[]] * len(totals)


def write_tables(path: Path) -> bytes:
    """Write two A4 pages of ruled tables as word processors draw them.

    Page 1: a table ruled with thin lines whose header cell spans two
    columns (merged), and a table ruled with filled bars 1.5 pt thick (no
    stroked line at all) with a cell whose text runs out over its right rule.
    Page 2: the second table runs on from page 1 with two more rows.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    doc = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    doc.setFont("Helvetica", 10)
    top = A4[1] - 30 * MM
    xs = [20 * MM, 70 * MM, 95 * MM, 120 * MM]
    ys = [top - i * 8 * MM for i in range(4)]
    for y in ys:
        doc.line(xs[0], y, xs[-1], y)
    for x in xs:
        doc.line(x, ys[0], x, ys[-1]) if x != xs[2] else doc.line(x, ys[1], x, ys[-1])
    rows = [["Ledamot", "Röst", None], ["Anna Ek", "Ja", ""], ["Per Holm", "", "Nej"]]
    for row, y in zip(rows, ys, strict=False):
        for cell, x in zip(row, xs, strict=False):
            doc.drawString(x + 2 * MM, y - 5.5 * MM, cell or "")
    doc.drawString(xs[0] + 2 * MM, ys[-1] - 6 * MM, "Utanför tabellen")
    long = "Budget för kommunstyrelsen 2025"  # runs over the rule at 60 mm
    _bar_table(doc, top - 60 * MM, [["Ärende", "Dnr"], [long, ""]])
    doc.showPage()
    doc.setFont("Helvetica", 10)
    _bar_table(doc, A4[1] - 30 * MM, [["Taxa 2025", "KS 2024/18"], ["Avgift", "-"]])
    doc.showPage()
    doc.save()
    return path.read_bytes()


def _bar_table(doc: Any, top: float, rows: list[list[str]]) -> None:
    """Draw a table ruled by filled 1.5 pt bars, with its rows of text."""
    xs, height = [20 * MM, 60 * MM, 110 * MM], 8 * MM
    ys = [top - i * height for i in range(len(rows) + 1)]
    for y in ys:
        doc.rect(xs[0], y - 0.75, xs[-1] - xs[0], 1.5, stroke=0, fill=1)
    for x in xs:
        doc.rect(x - 0.75, ys[-1], 1.5, ys[0] - ys[-1], stroke=0, fill=1)
    for row, y in zip(rows, ys, strict=False):
        for cell, x in zip(row, xs, strict=False):
            doc.drawString(x + 2 * MM, y - 5.5 * MM, cell)


def test_written_tables(tmp_path: Path) -> None:
    """Merged cells, bars for rules, a table over a page break, overflowing text.

    Text running over a rule falls in the cell of each character's centre
    ("kommunstyre|lsen"), as pdfplumber has it.
    """
    data = write_tables(tmp_path / "tabeller.pdf")
    opens = pdf.PLUMBER_OPENS
    tables = pdf.read_tables(data, [1, 2])
    assert pdf.PLUMBER_OPENS == opens
    assert tables == pdf.plumber_tables(data, [1, 2])
    assert tables[1] == [
        [["Ledamot", "Röst", None], ["Anna Ek", "Ja", ""], ["Per Holm", "", "Nej"]],
        [["Ärende", "Dnr"], ["Budget för kommunstyre", "lsen 2025"]],
    ]
    assert tables[2] == [[["Taxa 2025", "KS 2024/18"], ["Avgift", "-"]]]


def test_pdfplumber_parses_no_corpus_page() -> None:
    """Reading every corpus file as the pipeline does parses no page with pdfplumber."""
    parsed = pdf.PLUMBER_PAGES
    for path in corpus_pdfs():
        process_path(str(path))
    assert pdf.PLUMBER_PAGES == parsed


def test_pdfplumber_parses_few_shared_pages() -> None:
    """Reading the shared records parses only declined pages with pdfplumber.

    The pages with rotated text (a signature stamp beside a label column,
    chart labels on pages with vote words) are read by the engine: no page,
    no open. (The pages of text drawn as outlines hint at no table.)
    """
    if not shared_pdfs():
        pytest.skip(SHARED_REASON)
    parsed, opens = pdf.PLUMBER_PAGES, pdf.PLUMBER_OPENS
    for path in shared_pdfs():
        process_path(str(path))
    assert pdf.PLUMBER_PAGES - parsed == PLUMBER_SHARED_PAGES
    assert pdf.PLUMBER_OPENS - opens == 0
