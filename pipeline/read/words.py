"""Words of a page from the engine's characters, as pdfplumber would give them.

pdfplumber parses a page about a hundred times slower than pdfium renders
its text. A page with a label column needs its words' positions and fonts
(:mod:`pipeline.read.margin`); they are built here from pdfium's character
boxes with pdfplumber's own rules, so the words are the same:

- characters run together while font name and size stay the same; each run
  is split into lines (tops within ``TOLERANCE``, chained) sorted left to
  right;
- a space, a step back, a gap wider than ``TOLERANCE`` or a jump in height
  ends a word; ligatures are written out ("ﬁ" → "fi").

A character's left and right edges are pdfium's loose box (its advance, as
pdfplumber's); its height is the font size, scaled by the text's matrix
(a text set at size 1 and scaled by twelve is twelve points high), above
the loose box's bottom.
Characters the engine generated (spaces and line breaks it inferred) are
not in the content and are skipped. A page with rotated text returns
``None``: the caller reads it with pdfplumber.
"""

from __future__ import annotations

import ctypes
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.read.margin import Box

#: pdfplumber's default x and y tolerance (points).
TOLERANCE = 3.0
#: pdfplumber's ligature expansion, and pdfium's mark of a hyphen it kept.
SUBSTITUTES = {
    "\x02": "-",
    "ﬀ": "ff",
    "ﬃ": "ffi",
    "ﬄ": "ffl",
    "ﬁ": "fi",
    "ﬂ": "fl",
    "ﬆ": "st",
    "ﬅ": "st",
}
BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


@dataclass(frozen=True)
class Char:
    """One character of the content with its box and font."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    font: str
    size: float


def page_words(
    textpage: pdfium.PdfTextPage, height: float, by_font: bool = True
) -> list[Box] | None:
    """Return the page's words (bold where the font says so), or None if rotated.

    Without ``by_font`` a word runs on across a change of font (and none is
    bold), as pdfplumber's ``extract_words()`` has it without extra attributes.
    """
    chars = page_chars(textpage, height)
    return None if chars is None else words_of(chars, by_font)


def words_of(chars: list[Char], by_font: bool = True) -> list[Box]:
    """Return the words of some characters (see :func:`page_words`)."""
    words = []
    runs = itertools.groupby(chars, key=lambda c: (c.font, c.size) if by_font else "")
    for key, run in runs:
        font = key[0] if by_font else ""
        for line in _lines(list(run)):
            words += [_word(word, font) for word in _split(line)]
    return words


def text_of(chars: list[Char]) -> str:
    """Return the text of some characters as pdfplumber's ``extract_text`` has it.

    Words are built line by line (tops within ``TOLERANCE``); the words are
    then gathered into lines again by their tops, joined by a space within a
    line and a line break between lines.
    """
    words = [_word(word, "") for line in _lines(chars) for word in _split(line)]
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


def page_chars(
    textpage: pdfium.PdfTextPage, height: float, rotated: list[Char] | None = None
) -> list[Char] | None:
    """Return the content's characters in content order, None on rotated text.

    With a ``rotated`` list, rotated characters are put there instead (their
    box the glyph's tight box on the page) and the upright ones returned.
    """
    raw = textpage.raw
    box, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    chars: list[Char] = []
    font, size, turned, source = "", 0.0, False, None
    for index in range(textpage.count_chars()):
        text = chr(pdfium_c.FPDFText_GetUnicode(raw, index))
        if pdfium_c.FPDFText_IsGenerated(raw, index):
            if text.isspace() and chars and not chars[-1].text.isspace():
                chars.append(replace(chars[-1], text=" "))  # a word break
            continue
        obj = ctypes.cast(pdfium_c.FPDFText_GetTextObject(raw, index), ctypes.c_void_p)
        if obj.value != source:  # font, scale and angle are the text object's
            pdfium_c.FPDFText_GetFontInfo(raw, index, name, len(name), flags)
            font, source = name.value.decode("utf-8", "replace"), obj.value
            pdfium_c.FPDFText_GetMatrix(raw, index, matrix)
            size = pdfium_c.FPDFText_GetFontSize(raw, index) * abs(matrix.d)
            turned = pdfium_c.FPDFText_GetCharAngle(raw, index) != 0
        if turned:
            if rotated is None:
                return None
            rotated.append(_turned(raw, index, text, height))
            continue
        pdfium_c.FPDFText_GetLooseCharBox(raw, index, box)
        bottom = height - box.bottom
        text = SUBSTITUTES.get(text, text)
        chars.append(Char(text, box.left, box.right, bottom - size, bottom, font, size))
    return chars


def _turned(raw: pdfium_c.FPDF_TEXTPAGE, index: int, text: str, height: float) -> Char:
    """Return a rotated character with the glyph's tight box on the page."""
    left, right, low, high = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(raw, index, left, right, low, high)
    top, bottom = height - high.value, height - low.value
    return Char(text, left.value, right.value, top, bottom, "", 0.0)


def _lines(chars: list[Char]) -> Iterator[list[Char]]:
    """Yield the characters' lines (tops clustered, chained), each left to right."""
    tops = sorted({c.top for c in chars})
    cluster, last, number = {}, None, -1
    for top in tops:
        if last is None or top > last + TOLERANCE:
            number += 1
        cluster[top], last = number, top
    lines: dict[int, list[Char]] = {}
    for char in chars:
        lines.setdefault(cluster[char.top], []).append(char)
    for key in sorted(lines):
        yield sorted(lines[key], key=lambda c: (c.x0, c.x1))


def _split(line: list[Char]) -> Iterator[list[Char]]:
    """Yield the words of one line."""
    word: list[Char] = []
    for char in line:
        if char.text.isspace():
            if word:
                yield word
            word = []
        elif word and _begins_word(word[-1], char):
            yield word
            word = [char]
        else:
            word.append(char)
    if word:
        yield word


def _begins_word(before: Char, char: Char) -> bool:
    """Return True when ``char`` starts a new word after ``before``."""
    return (
        char.x0 < before.x0
        or char.x0 > before.x1 + TOLERANCE
        or abs(char.top - before.top) > TOLERANCE
    )


def _word(chars: list[Char], font: str) -> Box:
    """Return the box of one word."""
    return Box(
        min(c.x0 for c in chars),
        max(c.x1 for c in chars),
        min(c.top for c in chars),
        max(c.bottom for c in chars),
        "".join(c.text for c in chars),
        bool(BOLD.search(font)),
    )
