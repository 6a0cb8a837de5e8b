"""Words of a page from the engine's characters, as pdfplumber would give them.

pdfplumber parses a page about a hundred times slower than pdfium renders
its text. A page with a label column needs its words' positions and fonts
(:mod:`pipeline.read.margin`); they are built here from pdfium's character
boxes with pdfplumber's own rules, so the words are the same:

- characters run together while font name and size stay the same; each run
  is split into lines (tops within ``TOLERANCE``, chained) sorted left to
  right;
- a space, a step back, a gap wider than ``TOLERANCE`` or a jump in height
  ends a word; ligatures are written out ("ﬁ" → "fi"). (Characters and
  their boxes: :mod:`pipeline.read.chars`.)

Rotated characters (pdfium's angle not zero) are boxed as pdfminer boxes
them (:mod:`pipeline.read.turned`) and grouped as pdfplumber groups them:
runs of characters sharing uprightness (and font name and size, ``size``
being a rotated character's height on the page, its advance); a run that
is not upright is read in lines of left edges within ``TOLERANCE`` with
characters top to bottom, a gap down the line ending a word. A quarter
turn whose matrix keeps a tiny cosine is upright for pdfplumber: its
characters sit in lines by their tops and are ordered by left edges that
differ only by that cosine (``Char.drift``).

pdfium's coordinates of rotated characters agree with pdfminer's only to
32-bit precision, and along the line only to the width rounding
(``Char.slack``), so a decision involving a rotated character that turns
on less than ``EPS`` plus its slack is too close to call: a size as good
as equal to its neighbour's (pdfminer's sizes carry float rounding that
decides whether a run of one advance, "nn", is one word or several:
:mod:`pipeline.read.runs`), a line gap that the places beside it, each
within its slack, could put either side of ``TOLERANCE``, a word gap
within the slack of ``TOLERANCE``, and the order of characters whose
places could cross (:mod:`pipeline.read.places`) unless the drift orders
them well above float precision. Each such decision is taken every way
(every order of the characters whose places could cross), and the
caller's use of the words (the words themselves, the label-column text,
the vote table: :func:`judged`) must come out the same in every reading;
the reading pdfminer takes is one of them. Where they differ, where
more than ``MAX_READINGS`` readings would be needed, and on rotated text
of an unknown box (a slant, a font that is not embedded), the page's
reading (:func:`page_judged`, :func:`page_words`) returns ``None`` and
the caller reads the page with pdfplumber.

Not yet a decision: a rotated word's place as the caller uses it (rounded
by :func:`pipeline.read.margin.row_key`, compared by the vote grid), though
it is only good to ``EPS`` plus its slack.
"""

from __future__ import annotations

import itertools
import math
import operator
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pypdfium2 as pdfium

from pipeline.read.chars import Char, page_chars
from pipeline.read.margin import Box
from pipeline.read.places import bounds, untied
from pipeline.read.readings import (
    MAX_READINGS,
    STRICT,
    Fragile,
    Outcomes,
    TooMany,
    every,
)
from pipeline.read.runs import EPS, STYLE, TOLERANCE, Runs, segments

T = TypeVar("T")

#: Characters read in the readings of a page's rotated runs, at most (a
#: shared page needs up to 4,830, about 10 ms).
WORK = 16384
BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


#: A character's place across its line and its order along it: upright
#: (tops, then left and right edges) and not (left edges, then top and bottom).
_TOP, _ACROSS = operator.attrgetter("top"), operator.attrgetter("x0", "x1")
_LEFT, _DOWN = operator.attrgetter("x0"), operator.attrgetter("top", "bottom")
#: A run's key (by font, and not), and whether a character is rotated.
_UPRIGHT, _TURNED = operator.attrgetter("upright"), operator.attrgetter("turned")


def page_words(
    textpage: pdfium.PdfTextPage, height: float, by_font: bool = True
) -> list[Box] | None:
    """Return the page's words (bold where the font says so), or None.

    Without ``by_font`` a word runs on across a change of font (and none is
    bold), as pdfplumber's ``extract_words()`` has it without extra attributes.
    ``None`` when rotated characters cannot be read alike (see above).
    """
    chars = page_chars(textpage, height, turned=True)
    if chars is None or not all(char.known for char in chars):
        return None
    try:
        return judged(chars, _same, by_font)
    except Fragile:
        return None


def page_judged(
    textpage: pdfium.PdfTextPage,
    height: float,
    judge: Callable[[list[Box]], T],
    order: Callable[[Box], Any] | None = None,
) -> tuple[T] | None:
    """Return ``(judge(words),)`` of the page's words by font, or None.

    ``None`` when rotated characters cannot be read alike: a box that is not
    pdfminer's, or decisions too close to call whose readings ``judge``
    tells apart (:func:`judged`, which says what ``order`` is).
    """
    chars = page_chars(textpage, height, turned=True)
    if chars is None or not all(char.known for char in chars):
        return None
    try:
        return (judged(chars, judge, True, order),)
    except Fragile:
        return None


def words_of(chars: list[Char], by_font: bool = True) -> list[Box]:
    """Return the words of some characters (see :func:`page_words`).

    Raise :class:`Fragile` when rotated characters' words turn on float
    precision.
    """
    return judged(chars, _same, by_font)


def judged(
    chars: list[Char],
    judge: Callable[[list[Box]], T],
    by_font: bool = True,
    order: Callable[[Box], Any] | None = None,
) -> T:
    """Return ``judge`` of the words of some characters, the same whichever
    way the decisions too close to call go.

    Each such decision (two neighbours' sizes as good as equal, a line gap
    or a word gap within the slack of ``TOLERANCE``, rotated characters at
    one place) is taken every way (:func:`pipeline.read.readings.every`);
    what the caller makes of the words (``judge``: the page's label-column
    text, its vote table, the words themselves) must come out the same in
    every reading, else :class:`Fragile` is raised.

    Runs of characters that no decision joins are read on their own (their
    words do not depend on one another); the readings of the page are the
    combinations of their distinct readings. Readings of a run whose words
    sort alike by ``order`` count as one: ``order`` is a key such that
    ``judge`` depends on the order of the words only through their stable
    sort by it. Where there would be more than ``MAX_READINGS`` readings,
    :class:`Fragile` is raised: comparing only some of them (every near size
    equal, every rotated character alone) could accept words that the
    readings left out give otherwise.
    """
    if not any(map(_TURNED, chars)):
        return judge(_words(chars, by_font, STYLE))
    options: list[list[list[Box]]] = []
    budget = WORK
    try:
        for part in segments(chars, by_font):
            found, read = _readings(part, by_font, order, budget)
            budget -= read
            options.append(found)
            if math.prod(map(len, options)) > MAX_READINGS:
                raise TooMany(f"more than {MAX_READINGS} readings")
    except TooMany:
        raise Fragile("too many readings to compare") from None
    combos = itertools.product(*options)
    results = (judge(list(itertools.chain(*combo))) for combo in combos)
    first = next(results)
    if any(result != first for result in results):
        raise Fragile("rotated characters' readings differ")
    return first


def _readings(
    chars: list[Char],
    by_font: bool,
    order: Callable[[Box], Any] | None,
    budget: int = WORK,
) -> tuple[list[list[Box]], int]:
    """Return the distinct readings of the words of some characters (runs
    that no certain change of style parts), alike by ``order`` counting as
    one, and the characters read for them: no more than ``budget``, what is
    left of the page's ``WORK`` (else :class:`TooMany`)."""
    if not any(map(_TURNED, chars)):
        return [_words(chars, by_font, STYLE)], 0
    limit = budget // len(chars)
    if limit < 1:
        raise TooMany(f"more than {WORK} characters read on the page")
    found: list[list[Box]] = []
    seen: list[list[Box]] = []
    reads = 0
    for words in every(lambda path: _words(chars, by_font, Runs(path), path), limit):
        reads += 1
        key = sorted(words, key=order) if order is not None else words
        if key not in seen:
            seen.append(key)
            found.append(words)
    return found, reads * len(chars)


def _same(words: list[Box]) -> list[Box]:
    """Return the words themselves (the judge that keeps every word)."""
    return words


def _words(
    chars: list[Char],
    by_font: bool,
    key: Callable[[Char], Any],
    path: Outcomes = STRICT,
) -> list[Box]:
    """Return the words of characters grouped in runs by ``key`` (``path``:
    the outcomes of decisions too close to call)."""
    words: list[Box] = []
    runs = itertools.groupby(chars, key=key if by_font else _UPRIGHT)
    for _, group in runs:
        run = list(group)
        bold = by_font and bool(BOLD.search(run[0].font))
        turned = [char.slack for char in run if char.turned]
        margin = EPS + max(turned) if turned else 0.0
        if not margin and run[0].upright:  # the common case, in one pass a line
            for line in _lines(run):
                words += _line_words(line, bold)
            continue
        for line in _lines(run, margin, path):
            words += [_word(word, bold) for word in _split(line, margin, path)]
    return words


def text_of(chars: list[Char]) -> str:
    """Return the text of some characters as pdfplumber's ``extract_text`` has it.

    Words are built line by line (tops within ``TOLERANCE``); the words are
    then gathered into lines again by their tops, joined by a space within a
    line and a line break between lines.
    """
    if all(char.upright for char in chars):
        words = [box for line in _lines(chars) for box in _line_words(line, False)]
    else:
        words = [_word(word, False) for line in _lines(chars) for word in _split(line)]
    tops = sorted({word.top for word in words})
    cluster, last, number = {}, 0.0, -1
    for top in tops:
        if number < 0 or top > last + TOLERANCE:
            number += 1
        cluster[top], last = number, top
    lines: dict[int, list[str]] = {}
    for word in words:
        lines.setdefault(cluster[word.top], []).append(word.text)
    return "\n".join(" ".join(lines[key]) for key in sorted(lines))


def _lines(
    chars: list[Char], margin: float = 0.0, path: Outcomes = STRICT
) -> Iterator[list[Char]]:
    """Yield the characters' lines (tops clustered, chained), each left to right;
    a run that is not upright in lines of left edges, each top to bottom.

    With ``margin`` (a run with rotated characters), each place may stand
    off pdfminer's by its :func:`pipeline.read.places.spread`: a gap is
    certain when the places before it and after it (less or more their
    spread) part by more than ``TOLERANCE`` (cut), or when the two places
    beside it (more or less theirs) stand within it (no cut); any other gap
    is a decision too close to call (``path`` takes it either way)."""
    upright = not chars or chars[0].upright
    place, order = (_TOP, _ACROSS) if upright else (_LEFT, _DOWN)
    cluster: dict[float, int] = {}
    values = sorted({place(c) for c in chars})
    if margin:
        spreads, lows, highs = bounds(chars, place, values)
    for i, value in enumerate(values):
        new = not i or value > values[i - 1] + TOLERANCE
        if margin and i:
            last = values[i - 1]
            if new:
                sure = lows[i] - highs[i - 1] > TOLERANCE
            else:
                sure = value + spreads[value] - last + spreads[last] <= TOLERANCE
            if not sure:
                new ^= bool(path.pick(2, "a line gap at the tolerance"))
        cluster[value] = cluster[values[i - 1]] + new if i else 0
    lines: dict[int, list[Char]] = {}
    for char in chars:
        lines.setdefault(cluster[place(char)], []).append(char)
    for key in sorted(lines):
        line = sorted(lines[key], key=order)
        if margin:
            line = untied(line, _TOP if order is _DOWN else _LEFT, path)
        yield line


def _split(
    line: list[Char], margin: float = 0.0, path: Outcomes = STRICT
) -> Iterator[list[Char]]:
    """Yield the words of one line."""
    word: list[Char] = []
    for char in line:
        if char.text.isspace():
            if word:
                yield word
            word = []
        elif word and _begins_word(word[-1], char, margin, path):
            yield word
            word = [char]
        else:
            word.append(char)
    if word:
        yield word


def _begins_word(
    before: Char, char: Char, margin: float = 0.0, path: Outcomes = STRICT
) -> bool:
    """Return True when ``char`` starts a new word after ``before``.

    Along the line: a step back, or a gap wider than ``TOLERANCE``; across
    it: a shift of more than ``TOLERANCE`` (tops, or for a run that is not
    upright, left edges). A gap or shift next to a rotated character within
    its slack of ``TOLERANCE`` is a decision too close to call, unless the
    other test ends the word anyway (``path`` takes it either way).
    """
    if char.upright:
        start, end, new = before.x0, before.x1, char.x0
        shift = char.top - before.top
    else:
        start, end, new = before.top, before.bottom, char.top
        shift = char.x0 - before.x0
    turned = bool(margin) and (char.turned or before.turned)
    step = new < start and not turned  # a line in pdfminer's order never steps back
    begins = step or new > end + TOLERANCE or abs(shift) > TOLERANCE
    if turned:
        near = EPS + before.slack + char.slack
        margins = (new - end - TOLERANCE, abs(shift) - TOLERANCE)
        if any(abs(m) < near for m in margins) and not any(m >= near for m in margins):
            begins ^= bool(path.pick(2, "a word break at the tolerance"))
    return begins


def _word(chars: list[Char], bold: bool) -> Box:
    """Return the box of one word."""
    if len(chars) == 1:
        char = chars[0]
        return Box(char.x0, char.x1, char.top, char.bottom, char.text, bold)
    return Box(
        min([c.x0 for c in chars]),
        max([c.x1 for c in chars]),
        min([c.top for c in chars]),
        max([c.bottom for c in chars]),
        "".join([c.text for c in chars]),
        bold,
    )


def _line_words(line: list[Char], bold: bool) -> list[Box]:
    """Return the words of one line of upright characters none of them rotated:
    :func:`_split` and :func:`_begins_word` without a margin, and each word's
    box (:func:`_word`) grown character by character, in one loop."""
    words: list[Box] = []
    if not line:
        return words
    text: list[str] | None = None
    x0 = x1 = top = bottom = 0.0
    last = line[0]
    for char in line:
        if char.text.isspace():
            if text is not None:
                words.append(Box(x0, x1, top, bottom, "".join(text), bold))
            text = None
            continue
        if text is not None and (
            (new := char.x0) < last.x0
            or new > last.x1 + TOLERANCE
            or abs(char.top - last.top) > TOLERANCE
        ):
            words.append(Box(x0, x1, top, bottom, "".join(text), bold))
            text = None
        if text is None:
            x0, x1, top, bottom, text = char.x0, char.x1, char.top, char.bottom, []
        else:  # as min() and max() do: a later value only if beyond
            x0 = char.x0 if char.x0 < x0 else x0
            x1 = char.x1 if char.x1 > x1 else x1
            top = char.top if char.top < top else top
            bottom = char.bottom if char.bottom > bottom else bottom
        text.append(char.text)
        last = char
    if text is not None:
        words.append(Box(x0, x1, top, bottom, "".join(text), bold))
    return words
