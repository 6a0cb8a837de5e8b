"""Word decisions too close to call are taken every way; what the page needs
must come out the same in every reading (:mod:`pipeline.read.readings`).

Rotated characters' coordinates are pdfminer's only to float precision and
width rounding, so a few word decisions on them cannot be called from the
engine's boxes. Each is taken both ways (every order, for characters at
one place); the page is read by the engine when the caller's result (the
vote table, the label-column text, the words themselves) is the same in
every reading, and by pdfplumber otherwise. The characters below carry the
numbers pdfium gives for a chart's turned axis label ("Procent") beside its
tick labels, and for a signature stamp up a page edge, on the shared
records.
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pipeline.read import pdf
from pipeline.read.chars import Char, page_chars
from pipeline.read.margin import Box, rows_of
from pipeline.read.readings import MAX_READINGS, Fragile, TooMany, agreed
from pipeline.read.readings import Path as Choices
from pipeline.read.ruled import page_tables
from pipeline.read.words import judged, words_of
from tests.conftest import SHARED

REPORT = SHARED / "real" / "goteborg_revisionsberattelse_2024.pdf"
#: Pages of that report whose vote-word search meets a chart's turned label
#: one line gap at the tolerance from a tick label (within its slack).
CHART_PAGES = [25, 26, 28]


def rows(words: list[Box]) -> list[list[str]]:
    """Return the texts of the words' rows (what a vote table or a label
    column is built from: :func:`pipeline.read.margin.rows_of`)."""
    return [[box.text for box in line] for line in rows_of(words)]


def tick(x0: float, x1: float) -> Char:
    """Return the chart's tick label "6" (Calibri 9, not rotated)."""
    return Char("6", x0, x1, 389.3999938964844, 398.3999938964844, "Calibri", 9.0)


#: The turned axis label's "n": pdfium's box, its drift and its slack.
TURNED_N = Char(
    "n", 127.93124732971191, 137.95624694824218, 392.428955078125,
    397.69207763671875, "Calibri", 5.26312255859375, True, True, True,
    -1.2536065698861101e-06, 1, 0.060149997711181694,
)  # fmt: skip


def test_agreed_takes_every_outcome() -> None:
    """Every combination of outcomes is read once; one result is returned
    when all agree, :class:`Fragile` when two differ."""
    seen: list[tuple[int, int]] = []

    def read(path: Choices) -> int:
        first = path.pick(2, "first")
        second = path.pick(3, "second") if first else 0
        seen.append((first, second))
        return 7

    assert agreed(read, "x") == 7
    assert sorted(seen) == [(0, 0), (1, 0), (1, 1), (1, 2)]
    with pytest.raises(Fragile, match="^differ$"):
        agreed(lambda path: path.pick(2, "first"), "differ")


def test_agreed_gives_up_on_too_many_readings() -> None:
    """More than ``MAX_READINGS`` readings are not tried."""
    calls = []

    def read(path: Choices) -> int:
        calls.append(1)
        return sum(path.pick(2, "bit") * 0 for _ in range(5))

    with pytest.raises(TooMany):
        agreed(read, "many")
    assert 2**5 > MAX_READINGS >= len(calls)


def test_a_line_gap_at_the_tolerance_agrees() -> None:
    """The turned "n" stands 3.029 below the tick label's top, within its
    slack (0.06) of the 3 pt tolerance: one line with the tick or a line of
    its own. The words come out in another order, so they are declined; the
    rows they make are the same in both readings, so a vote table (or a
    label column) built from them is given."""
    chars = [tick(145.72999572753906, 150.29299926757812), TURNED_N]
    with pytest.raises(Fragile):
        words_of(chars, by_font=False)
    readings: list[list[str]] = []

    def judge(words: list[Box]) -> list[list[str]]:
        readings.append([box.text for box in words])
        return rows(words)

    assert judged(chars, judge, by_font=False) == [["n", "6"]]
    assert sorted(readings) == [["6", "n"], ["n", "6"]]


def test_readings_that_differ_are_fragile() -> None:
    """With the tick label 1 pt after the "n" (a written variant), one line
    makes one word "n6" or two (their tops differ by the tolerance within
    the slack), a line each makes two: the rows differ, the page is left
    to pdfplumber."""
    chars = [tick(138.95624694824218, 143.51924896240234), TURNED_N]
    with pytest.raises(Fragile):
        judged(chars, rows, by_font=False)


def stamp(first: str) -> list[Char]:
    """Return two characters of a signature stamp at one place: ``first``
    and a space, turned by a quarter with a tiny cosine (upright for
    pdfminer), of one text object and one size, their drifts less than
    float precision apart."""
    common = (10.799999511718749, 18.79999951171875)
    return [
        Char(
            first, *common, 759.47998046875, 761.6959838867188, "Arial",
            2.21600341796875, True, True, True, 4.299815463980576e-15, 9, 0.16,
        ),
        Char(
            " ", *common, 757.2639770507812, 759.47998046875, "Arial",
            2.21600341796875, True, True, True, 4.435501353381943e-15, 9, 0.168,
        ),
    ]  # fmt: skip


def test_characters_at_one_place_in_either_order() -> None:
    """A colon and a space at one place, in either order and in one run or
    two, make the one word ":"."""
    [word] = words_of(stamp(":"))
    assert (word.text, word.x0, word.top, word.bottom) == (
        ":",
        10.799999511718749,
        759.47998046875,
        761.6959838867188,
    )


def test_characters_at_one_place_with_a_space_first() -> None:
    """Written variant: a space before the colon gives the same word."""
    chars = stamp(":")
    assert [w.text for w in words_of(chars[::-1])] == [":"]


def test_chart_pages_read_by_the_engine() -> None:
    """The shared report's chart pages with vote words: their tables are
    read from the engine's page objects and equal pdfplumber's."""
    if not REPORT.is_file():
        pytest.skip("../shared (seed and real records) is not beside this clone")
    data = REPORT.read_bytes()
    doc = pdfium.PdfDocument(data)
    mine = {}
    for number in CHART_PAGES:
        page = doc[number - 1]
        textpage = page.get_textpage()
        mine[number] = page_tables(page, textpage)
        textpage.close()
        page.close()
    doc.close()
    assert mine == pdf.plumber_tables(data, CHART_PAGES)
    assert all(tables for tables in mine.values())


def write_stamp(path: Path) -> bytes:
    """Write a signature stamp up the left edge in Vera (embedded), with
    glyphs whose ink reaches past their advance ("f", "j")."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
    doc = canvas.Canvas(str(path), invariant=1)
    doc.saveState()
    doc.setFont("Vera", 8)
    doc.rotate(90)
    doc.drawString(100, -20, "Signature ref: 9e58a8c3-f9a4 fjord")
    doc.restoreState()
    doc.showPage()
    doc.save()
    return path.read_bytes()


def test_overhanging_glyphs_are_boxed_by_their_advance(tmp_path: Path) -> None:
    """A rotated "f" or "j" is as long as its advance, as pdfminer boxes it;
    pdfium's loose box is its ink, 0.15 pt longer at 8 pt. Every rotated
    character's size is pdfplumber's to a thousandth of the font size."""
    data = write_stamp(tmp_path / "stamp.pdf")
    doc = pdfium.PdfDocument(data)
    page = doc[0]
    textpage = page.get_textpage()
    chars = page_chars(textpage, page.get_height(), turned=True)
    loose = []
    for index in range(textpage.count_chars()):
        box = pdfium_c.FS_RECTF()
        pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, index, box)
        loose.append(round(box.top - box.bottom, 3))
    textpage.close()
    page.close()
    doc.close()
    assert chars is not None
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        theirs = plumber.pages[0].chars
    assert [c.text for c in chars] == [c["text"] for c in theirs]
    assert all(c.turned and c.known for c in chars)
    overhanging = [i for i, c in enumerate(chars) if c.text in "fj"]
    assert [(chars[i].text, round(chars[i].size, 3)) for i in overhanging] == [
        ("f", 2.816),
        ("f", 2.816),
        ("f", 2.816),
        ("j", 2.216),
    ]
    assert [loose[i] for i in overhanging] == [2.968, 2.968, 2.968, 2.352]
    pairs = zip(chars, theirs, strict=True)
    assert max(abs(char.size - their["size"]) for char, their in pairs) < 0.008
