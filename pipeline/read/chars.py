"""The characters of a page as pdfium reads them, boxed as pdfplumber boxes them.

A character's left and right edges are pdfium's loose box (its advance, as
pdfplumber's); its height is the font size, scaled by the text's matrix
(a text set at size 1 and scaled by twelve is twelve points high), above
the loose box's bottom. Characters the engine generated (spaces and line
breaks it inferred) are not in the content and are skipped, except that a
generated space after an upright character is kept as a word break. Rotated
characters (pdfium's angle not zero) are boxed as pdfminer boxes them
(:mod:`pipeline.read.turned`). :mod:`pipeline.read.words` builds words
from them.

The text comes from one call for the page (not one a character); font,
size and angle are read once per text object.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, replace
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.read import turned as turned_

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


@dataclass(slots=True)
class Char:
    """One character of the content with its box and font.

    Not frozen: a frozen dataclass costs a microsecond a character to build
    (its ``__init__`` goes through ``object.__setattr__``), a third of
    reading a page's characters; nothing changes a character once built.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    font: str
    size: float
    upright: bool = True
    """Upright as pdfminer has it (a quarter turn with a tiny cosine is)."""
    turned: bool = False
    """pdfium gives the character an angle: its box is computed here."""
    known: bool = True
    """False for a rotated character whose box cannot be pdfminer's."""
    drift: float = 0.0
    """A rotated character's left edge beyond its 32-bit box (see _untied)."""
    source: int = 0
    """The text object a rotated character belongs to."""
    slack: float = 0.0
    """How far a rotated character may be from pdfminer's along its line:
    pdfium keeps a font's widths in whole thousandths of the size, pdfminer
    keeps their fractions, so a thousandth of the size for each character
    of the text object up to this one."""
    unit: float = 0.0
    """How far a rotated character's size may be from pdfminer's: its size
    is its own advance (or the font size, upside down), so a thousandth of
    the size for its width's rounding."""


def bound(function: Any, result: Any, *args: Any) -> Any:
    """Return ``function`` called through a prototype taking plain addresses
    and ints (pypdfium2's own prototypes check each argument's type; with
    the text page's address as an int a call costs less)."""
    address = ctypes.cast(function, ctypes.c_void_p).value or 0
    return ctypes.CFUNCTYPE(result, *args)(address)


def bare(function: Any, result: Any) -> Any:
    """Return ``function`` called through a prototype without argument types.

    ctypes then converts no argument: each is passed as given, so a pointer
    must be a ctypes instance (a ``c_void_p``; a Python int is passed as a
    C int, and one past 32 bits raises ``ArgumentError``) and an int a C
    int (a character's index). A call costs about
    two fifths less than a typed one (:func:`bound`: 130 ns for 220), which
    matters for the calls made once a character; only int and pointer
    arguments are passed so.
    """
    address = ctypes.cast(function, ctypes.c_void_p).value or 0
    return ctypes.CFUNCTYPE(result)(address)


_POINTER, _INT = ctypes.c_void_p, ctypes.c_int
#: ``FPDFText_GetTextObject`` answering the object's address as an int: the
#: characters of one text object share its font, so each character's object
#: is compared with the last one's (a ``ctypes.cast`` per character cost
#: 0.3 s over the benchmark batch). These three are called once a character,
#: the text page as a ``c_void_p`` and the box by reference (:func:`bare`).
_text_object = bare(pdfium_c.FPDFText_GetTextObject, _POINTER)
_is_generated = bare(pdfium_c.FPDFText_IsGenerated, _INT)
_loose_box = bare(pdfium_c.FPDFText_GetLooseCharBox, _INT)
#: The only characters pdfium generates (a space between words, a line
#: break): any other character is content, without asking pdfium.
GENERABLE = frozenset(" \r\n")
#: What the page's text may hold that is no character's own text.
_ODD = ("\ufffe", *SUBSTITUTES)


def page_chars(
    textpage: pdfium.PdfTextPage, height: float, turned: bool = False
) -> list[Char] | None:
    """Return the content's characters in content order, None on rotated text.

    With ``turned``, rotated characters are kept too, boxed as pdfminer
    boxes them (:mod:`pipeline.read.turned`). Two calls into pdfium a
    character (its text object, its loose box), bound to locals and made
    without argument conversion (:func:`bare`): this loop reads every
    character of every page with a table or a label column.
    """
    raw = textpage.raw
    page = ctypes.c_void_p(ctypes.cast(raw, ctypes.c_void_p).value)
    box = pdfium_c.FS_RECTF()
    at, generable, generated = ctypes.byref(box), GENERABLE, _is_generated
    text_object, loose_box = _text_object, _loose_box
    chars: list[Char] = []
    append = chars.append
    style = _Style(raw, turned)
    font, high, angle, source = "", 0.0, False, None
    for index, text in enumerate(_texts(textpage)):
        if text in generable and generated(page, index):
            if text.isspace() and chars and not chars[-1].turned:
                last = chars[-1]  # pdfminer has no such space after a rotated one
                if not last.text.isspace():  # a word break
                    x0, x1, top, bottom = last.x0, last.x1, last.top, last.bottom
                    append(Char(" ", x0, x1, top, bottom, last.font, last.size))
            continue
        obj = text_object(page, index)
        if obj != source:  # font, scale and angle are the text object's
            font, high, angle, source = *style.read(index), obj
        if angle:
            if not turned:
                return None
            append(style.turned(index, text, height))
            continue
        loose_box(page, index, at)
        bottom = height - box.bottom
        append(Char(text, box.left, box.right, bottom - high, bottom, font, high))
    return chars


class _Style:
    """The font, size and angle of the text object being read (pdfium's
    calls for them are made once a text object)."""

    def __init__(self, raw: pdfium_c.FPDF_TEXTPAGE, turned: bool) -> None:
        self.raw, self.turned_wanted = raw, turned
        self.matrix, self.name = pdfium_c.FS_MATRIX(), ctypes.create_string_buffer(256)
        self.font, self.size, self.known, self.count = "", 0.0, True, 0

    def read(self, index: int) -> tuple[str, float, bool]:
        """Read the style of character ``index``'s text object: return its
        font's name, its height on the page and whether it is rotated."""
        raw, matrix, name = self.raw, self.matrix, self.name
        pdfium_c.FPDFText_GetFontInfo(raw, index, name, len(name), ctypes.c_int())
        self.font = name.value.decode("utf-8", "replace")
        pdfium_c.FPDFText_GetMatrix(raw, index, matrix)
        self.size = pdfium_c.FPDFText_GetFontSize(raw, index)
        angle = pdfium_c.FPDFText_GetCharAngle(raw, index) != 0
        self.known = angle and self.turned_wanted and turned_.known_font(raw, index)
        self.count = 0
        return self.font, self.size * abs(matrix.d), angle

    def turned(self, index: int, text: str, height: float) -> Char:
        """Return rotated character ``index`` boxed as pdfminer boxes it."""
        self.count += 1
        raw, matrix, size = self.raw, self.matrix, self.size
        char = _turned(raw, index, text, height, (self.font, size), matrix, self.known)
        unit = size * math.hypot(matrix.a, matrix.b) / 1000
        return replace(char, slack=self.count * unit, unit=unit)


def _texts(textpage: pdfium.PdfTextPage) -> list[str] | str:
    """Return each character's text, ligatures written out.

    The page's text comes from one call (not one a character); where it
    writes pdfium's kept hyphen (2) as U+FFFE, or does not match the
    characters one to one, pdfium is asked for the character itself.
    """
    raw, total = textpage.raw, textpage.count_chars()
    bulk = textpage.get_text_range()
    if len(bulk) == total and not any(key in bulk for key in _ODD):
        return bulk
    texts = [
        chr(pdfium_c.FPDFText_GetUnicode(raw, index))
        if len(bulk) != total or bulk[index] == "\ufffe"
        else bulk[index]
        for index in range(total)
    ]
    return [SUBSTITUTES.get(text, text) for text in texts]


def _turned(
    raw: pdfium_c.FPDF_TEXTPAGE,
    index: int,
    text: str,
    height: float,
    font: tuple[str, float],
    matrix: pdfium_c.FS_MATRIX,
    known: bool,
) -> Char:
    """Return a rotated character boxed as pdfminer boxes it."""
    found = turned_.box(raw, index, height, font[1], matrix)
    if found is None:  # a slant: the glyph's tight box, to see if it is near
        left, right, low, high = (ctypes.c_double() for _ in range(4))
        pdfium_c.FPDFText_GetCharBox(raw, index, left, right, low, high)
        top, bottom = height - high.value, height - low.value
        x0, x1, name = left.value, right.value, font[0]
        return Char(text, x0, x1, top, bottom, name, bottom - top, True, True, False)
    x0, x1, top, bottom, upright = found
    drift = turned_.drift(raw, index, matrix, bottom - top)
    source = pdfium_c.FPDFText_GetTextObject(raw, index)
    return Char(
        text, x0, x1, top, bottom, font[0], bottom - top, upright, True, known,
        drift, ctypes.cast(source, ctypes.c_void_p).value or 0,
    )  # fmt: skip
