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
from pipeline.read.margin import Box, row_key, rows_of
from pipeline.read.places import ties, untied
from pipeline.read.readings import (
    MAX_READINGS,
    Fragile,
    Outcomes,
    TooMany,
    agreed,
    every,
)
from pipeline.read.ruled import page_tables
from pipeline.read.runs import segments
from pipeline.read.words import _LEFT, _lines, _readings, judged, page_words, words_of
from tests.conftest import SHARED

REPORT = SHARED / "real" / "goteborg_revisionsberattelse_2024.pdf"
#: Pages of that report whose vote-word search meets a chart's turned label
#: one line gap at the tolerance from a tick label (within its slack).
CHART_PAGES = [25, 26, 28]
#: Pages of that report with a signature stamp up the edge beside text that
#: the engine's text runs take for a label column.
STAMP_PAGES = [3, 4]


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
    -1.2536065698861101e-06, 1, 0.060149997711181694, 0.010024999618530282,
)  # fmt: skip


def test_agreed_takes_every_outcome() -> None:
    """Every combination of outcomes is read once; one result is returned
    when all agree, :class:`Fragile` when two differ."""
    seen: list[tuple[int, int]] = []

    def read(path: Outcomes) -> int:
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

    def read(path: Outcomes) -> int:
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
            0.008,
        ),
        Char(
            " ", *common, 757.2639770507812, 759.47998046875, "Arial",
            2.21600341796875, True, True, True, 4.435501353381943e-15, 9, 0.168,
            0.008,
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


def stamp_char(text: str, top: float, bottom: float, slack: float) -> Char:
    """Return a character of the signature stamp (Arial 8, a quarter turn
    with a tiny cosine: upright for pdfminer, one character to a line)."""
    return Char(
        text, 10.799999511718749, 18.79999951171875, top, bottom, "Arial",
        bottom - top, True, True, True, slack * 1e-14, 9, slack, 0.008,
    )  # fmt: skip


#: "…i|gna|t…" of the stamp's "Signature": g, n, a of one advance (4.448).
GNA = [
    stamp_char("i", 824.8159828186035, 826.5919828414917, 0.016),
    stamp_char("g", 820.3679828643799, 824.8159828186035, 0.024),
    stamp_char("n", 815.9199829101562, 820.3679828643799, 0.032),
    stamp_char("a", 811.4719829559326, 815.9199829101562, 0.04),
    stamp_char("t", 809.2559814453125, 811.4719829559326, 0.048),
]


def test_near_sizes_part_runs_only_where_they_may_join() -> None:
    """Neighbours of one advance may or may not share pdfminer's run (its
    sizes carry float rounding); a change of advance beyond a thousandth of
    the size each certainly parts them."""
    assert ["".join(c.text for c in part) for part in segments(GNA, True)] == [
        "i",
        "gna",
        "t",
    ]
    assert ["".join(c.text for c in part) for part in segments(GNA, False)] == ["ignat"]


def test_readings_alike_in_row_order_count_once() -> None:
    """The three letters make four readings (each pair in one run or not):
    the words in four orders, one character each. Sorted as rows are built
    (rounded top, then left edge), they are one reading."""
    part = GNA[1:4]
    readings, read = _readings(part, True, None)
    texts = ["".join(box.text for box in words) for words in readings]
    assert (sorted(texts), read) == (["ang", "gan", "gna", "nga"], 4 * 3)
    assert len(_readings(part, True, row_key)[0]) == 1


def test_stamp_pages_label_text_by_the_engine() -> None:
    """The shared report's pages with the stamp beside a label column: the
    label text (none: the body is not set beside labels) comes from the
    engine's words in every reading, as pdfplumber's words give it; the
    words themselves differ in order between readings and are declined."""
    if not REPORT.is_file():
        pytest.skip("../shared (seed and real records) is not beside this clone")
    data = REPORT.read_bytes()
    doc = pdfium.PdfDocument(data)
    mine, words = {}, {}
    for number in STAMP_PAGES:
        page = doc[number - 1]
        textpage = page.get_textpage()
        mine[number] = pdf._label_text(textpage, page)
        words[number] = page_words(textpage, page.get_height())
        textpage.close()
        page.close()
    doc.close()
    with pdfplumber.open(io.BytesIO(data), pages=STAMP_PAGES) as plumber:
        pages = zip(STAMP_PAGES, plumber.pages, strict=True)
        theirs = {number: (pdf._margin_text(page),) for number, page in pages}
    assert mine == theirs == {3: (None,), 4: (None,)}
    assert words == {3: None, 4: None}


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


def loose(text: str, x0: float, top: float, slack: float = 0.0) -> Char:
    """Return a character (rotated when it has ``slack``) of a written
    variant: Calibri 9, its place trusted to ``slack``."""
    turned = slack > 0
    return Char(
        text, x0, x0 + 5.0, top, top + 9.0, "Calibri", 9.0, True, turned, True,
        0.0, int(turned), slack, 0.009 if turned else 0.0,
    )  # fmt: skip


def test_a_line_gap_beside_a_loose_neighbour_is_a_decision() -> None:
    """ "v" stands 3.05 below "p" (a line of its own); the rotated "r",
    0.15 below "v", may stand 0.3 higher for pdfminer, 2.9 below "p": then
    one line holds all three. Both readings are taken."""
    chars = [loose("p", 50, 100.0), loose("v", 80, 103.05), loose("r", 60, 103.2, 0.3)]

    def lines(path: Outcomes) -> list[str]:
        return ["".join(c.text for c in line) for line in _lines(chars, 0.301, path)]

    assert list(every(lines)) == [["p", "rv"], ["prv"]]


def test_characters_whose_places_may_cross_are_ordered_every_way() -> None:
    """Two rotated characters 0.7 apart, each trusted to 0.5, may stand in
    either order for pdfminer."""
    line = [loose("a", 10.0, 50.0, 0.5), loose("b", 10.7, 50.0, 0.5)]
    assert [[c.text for c in tie] for tie in ties(line, _LEFT)] == [["a", "b"]]
    orders = every(lambda path: "".join(c.text for c in untied(line, _LEFT, path)))
    assert list(orders) == ["ab", "ba"]


def test_more_readings_than_the_cap_send_the_page_to_pdfplumber() -> None:
    """Five runs, each turning on one size as good as equal, need 32 readings:
    past the cap of 16 the words are not taken, since the readings left out
    could differ (here 31 of the 32 give another order than the extremes)."""
    from pipeline.read.chars import Char
    from pipeline.read.readings import MAX_READINGS, Fragile
    from pipeline.read.words import words_of

    def plain(text: str, x: float, top: float) -> Char:
        return Char(text, x, x + 1, top, top + 2, "Arial", 10.0)

    def turned(text: str, x: float, top: float) -> Char:  # upright for pdfminer
        return Char(text, x, x + 1, top, top + 2, "Arial", 10.0004,
                    True, True, True, 0.0, 1, 0.0, 0.001)  # fmt: skip

    def triples(count: int) -> list[Char]:
        chars: list[Char] = []
        for k in range(count):
            top = 50.0 * k
            chars += [plain("abcde"[k], 0, top + 5), turned("ABCDE"[k], 10, top)]
            chars += [plain("pqrst"[k], 20, top + 2.5)]
        return chars

    assert MAX_READINGS == 16
    with pytest.raises(Fragile, match="readings"):
        words_of(triples(4))  # 16 readings, which differ
    with pytest.raises(Fragile, match="too many readings to compare"):
        words_of(triples(5))  # 32 readings: not compared, not taken


def test_a_page_reads_no_more_than_its_budget_of_characters() -> None:
    """The readings of a page's rotated runs share one budget of characters:
    runs that each need few readings, but many runs, send the page to
    pdfplumber once the budget is spent."""
    from pipeline.read import words as words_module
    from pipeline.read.readings import Fragile, TooMany

    part = GNA[1:4]
    assert _readings(part, True, None, budget=12)[1] == 12
    with pytest.raises(TooMany):
        _readings(part, True, None, budget=11)  # four readings of 3 do not fit
    with pytest.raises(TooMany):
        _readings(part, True, None, budget=2)  # not even one reading
    assert words_module.WORK == 16384
    with pytest.raises(Fragile, match="too many readings to compare"):
        words_module.judged(GNA * 2000, lambda words: None, True, row_key)
