"""Words of pages with rotated characters equal pdfplumber's.

Rotated characters (a signature stamp up a page edge, chart labels) are
boxed and grouped as pdfminer and pdfplumber do (:mod:`pipeline.read.turned`,
:mod:`pipeline.read.words`). Where a word decision on them turns on float
precision and its outcomes give different words, or their font's widths
may not be pdfminer's, the page's words are ``None`` and pdfplumber reads
it; these tests count those pages exactly.

Word texts, their order and weight must be pdfplumber's exactly; a word
of rotated characters must have pdfplumber's box to 0.01 pt (pdfium keeps
32-bit coordinates), or, in a font whose widths have fractions (which
pdfium rounds to whole thousandths of the size), to a thousandth of the
size for each character before it in its line; upright words keep the guarantee of
``test_read_words`` (pdfium's advance widths may differ from pdfminer's by
a fraction of a point), so the label-column text built from the words is
compared too.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pipeline.read.margin import Box, margin_rows, margin_text
from pipeline.read.pdf import _boxes, plumber_tables
from pipeline.read.ruled import page_tables
from pipeline.read.words import page_words
from tests.conftest import SHARED_REASON, corpus_pdfs, shared_pdfs

#: (pages with rotated characters, readings given, readings declined) of the
#: shared records, over both readings (by font, and without extra attributes).
SHARED_ROTATED = (13, 15, 11)


def rotated_pages(data: bytes) -> list[int]:
    """Return the numbers of the pages where pdfium finds a rotated character."""
    doc, numbers = pdfium.PdfDocument(data), []
    for index in range(len(doc)):
        page = doc[index]
        textpage = page.get_textpage()
        count = textpage.count_chars()
        if any(pdfium_c.FPDFText_GetCharAngle(textpage.raw, i) for i in range(count)):
            numbers.append(index + 1)
        textpage.close()
        page.close()
    doc.close()
    return numbers


def compare(data: bytes, tolerance: float = 0.01) -> tuple[int, int, int]:
    """Return (pages with rotated characters, readings given, declined).

    Every given reading is checked against pdfplumber's words; any
    difference fails at once.
    """
    numbers = rotated_pages(data)
    given = declined = 0
    doc = pdfium.PdfDocument(data)
    with pdfplumber.open(io.BytesIO(data), pages=numbers) as plumber:
        for number, theirs in zip(numbers, plumber.pages, strict=True):
            page = doc[number - 1]
            textpage = page.get_textpage()
            for by_font in (True, False):
                mine = page_words(textpage, page.get_height(), by_font)
                if mine is None:
                    declined += 1
                    continue
                given += 1
                extra = ["fontname", "size"] if by_font else None
                words = theirs.extract_words(extra_attrs=extra, return_chars=True)
                check(mine, words, float(theirs.width), (by_font, tolerance))
            textpage.close()
            page.close()
    doc.close()
    return len(numbers), given, declined


def check(
    mine: list[Box],
    words: list[dict[str, Any]],
    width: float,
    how: tuple[bool, float],
) -> None:
    """Assert that words built here are pdfplumber's (see the module docstring).

    ``how``: whether the words are by font, and the tolerance for rotated
    words' edges.
    """
    by_font, tolerance = how
    key = _boxes(words) if by_font else [_light(box) for box in _boxes(words)]
    assert [(b.text, b.bold) for b in mine] == [(b.text, b.bold) for b in key]
    for ours, theirs, word in zip(mine, key, words, strict=True):
        if any(char["matrix"][1] or char["matrix"][2] for char in word["chars"]):
            for edge in ("x0", "x1", "top", "bottom"):
                mine_at, theirs_at = getattr(ours, edge), getattr(theirs, edge)
                assert mine_at == pytest.approx(theirs_at, abs=tolerance)
    ours_rows, their_rows = margin_rows(mine, width), margin_rows(key, width)
    assert (margin_text(ours_rows) if ours_rows else None) == (
        margin_text(their_rows) if their_rows else None
    )


def _light(box: Box) -> Box:
    """Return a word without weight (pdfplumber's words without a font name)."""
    return Box(box.x0, box.x1, box.top, box.bottom, box.text)


def test_corpus_has_no_rotated_text() -> None:
    """The corpus sets no rotated character (the written pages below do)."""
    assert [rotated_pages(path.read_bytes()) for path in corpus_pdfs()] == [
        [] for _ in corpus_pdfs()
    ]


def test_shared_rotated_words_equal_pdfplumber() -> None:
    """Every shared page with rotated characters: given words are pdfplumber's."""
    if not shared_pdfs():
        pytest.skip(SHARED_REASON)
    totals = [compare(path.read_bytes()) for path in shared_pdfs()]
    assert tuple(sum(t[i] for t in totals) for i in range(3)) == SHARED_ROTATED


def write_rotated(path: Path, font: str) -> bytes:
    """Write a page with a label column, a stamp up the left edge (a quarter
    turn), a note down the right edge (three quarters) and a turned chart
    label, in ``font`` (its bold face for the labels)."""
    from reportlab.pdfgen import canvas

    doc = canvas.Canvas(str(path), invariant=1)
    for y, label, body in [
        (700, "Förslag till", "Anna Andersson (S): Bifall till kommunstyrelsens"),
        (686, "beslut", "förslag. Fiskeflottans flöde."),
        (660, "Beslut", "Kommunfullmäktige antar detaljplanen."),
    ]:
        doc.setFont(font + "-Bold", 10)
        doc.drawString(57, y, label)
        doc.setFont(font, 10)
        doc.drawString(170, y, body)
    doc.saveState()
    doc.setFont(font, 7)
    doc.rotate(90)
    doc.drawString(120, -20, "Signerat av Per Holm 2025-03-12 ID 4f2a")
    doc.drawString(400, -200, "Procent")
    doc.restoreState()
    doc.saveState()
    doc.setFont(font, 7)
    doc.translate(580, 700)
    doc.rotate(-90)
    doc.drawString(0, 0, "Justerandes signatur")
    doc.restoreState()
    doc.showPage()
    doc.save()
    return path.read_bytes()


@pytest.fixture(scope="module")
def vera() -> str:
    """Register reportlab's Vera faces (embedded when written) as "Vera"."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
    pdfmetrics.registerFont(TTFont("Vera-Bold", "VeraBd.ttf"))
    return "Vera"


@pytest.mark.parametrize(
    ("font", "counts"), [("Helvetica", (1, 0, 2)), ("Vera", (1, 1, 1))]
)
def test_written_rotated_words(
    tmp_path: Path, vera: str, font: str, counts: tuple[int, int, int]
) -> None:
    """Quarter and three-quarter turns, a stamp and a label column, in a
    standard font and an embedded one: the words without extra attributes
    are pdfplumber's; by font, a run of rotated characters of one advance
    ("ss", "nn") would be one word or several by pdfminer's float rounding,
    so those readings are declined (pdfplumber reads them). Helvetica is not
    embedded: pdfium's descent for it is not pdfminer's, both are declined.
    reportlab writes Vera's widths with fractions, which pdfium rounds: the
    stamp's last word may stand 0.28 pt (40 characters of 7 pt) from
    pdfminer's along the edge."""
    data = write_rotated(tmp_path / "turned.pdf", font)
    assert compare(data, tolerance=0.3) == counts


def write_table_page(path: Path, angle: float, at: tuple[float, float]) -> bytes:
    """Write a ruled table of votes in Vera and a turned label at ``at``."""
    from reportlab.pdfgen import canvas

    doc = canvas.Canvas(str(path), invariant=1)
    doc.setFont("Vera", 10)
    xs, ys = [60, 200, 260, 320], [700, 680, 660, 640]
    for y in ys:
        doc.line(xs[0], y, xs[-1], y)
    for x in xs:
        doc.line(x, ys[0], x, ys[-1])
    rows = [["Ledamot", "Ja", "Nej"], ["Anna Ek", "X", ""], ["Per Holm", "", "X"]]
    for row, y in zip(rows, ys, strict=False):
        for cell, x in zip(row, xs, strict=False):
            doc.drawString(x + 4, y - 14, cell)
    doc.saveState()
    doc.translate(*at)
    doc.rotate(angle)
    doc.drawString(0, 0, "Procent av rösterna")
    doc.restoreState()
    doc.showPage()
    doc.save()
    return path.read_bytes()


@pytest.mark.parametrize(
    ("angle", "at", "declined"),
    [(90, (400, 600), False), (45, (400, 600), False), (90, (210, 600), True)],
)
def test_rotated_text_by_a_table(
    tmp_path: Path, vera: str, angle: float, at: tuple[float, float], declined: bool
) -> None:
    """A turned label away from a table leaves the table to the engine (its
    tables equal pdfplumber's), a slant too; one whose box comes near the
    table sends the page to pdfplumber."""
    data = write_table_page(tmp_path / "tabell.pdf", angle, at)
    doc = pdfium.PdfDocument(data)
    page = doc[0]
    textpage = page.get_textpage()
    tables = page_tables(page, textpage)
    textpage.close()
    page.close()
    doc.close()
    assert (tables is None) == declined
    if tables is not None:
        assert {1: tables} == plumber_tables(data, [1])
        assert tables[0][1] == ["Anna Ek", "X", ""]
