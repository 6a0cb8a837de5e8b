"""The characters of a page as pdfium reads them, boxed as pdfplumber boxes them.

A character's left and right edges are pdfium's loose box (its advance, as
pdfplumber's); its height is the font size, scaled by the text's matrix
(a text set at size 1 and scaled by twelve is twelve points high), above
the loose box's bottom. Characters the engine generated (spaces and line
breaks it inferred) are not in the content and are skipped. Rotated
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


#: ``FPDFText_GetTextObject`` answering the object's address as an int: the
#: characters of one text object share its font, so each character's object
#: is compared with the last one's (a ``ctypes.cast`` per character cost
#: 0.3 s over the benchmark batch).
_text_object = ctypes.CFUNCTYPE(ctypes.c_void_p, pdfium_c.FPDF_TEXTPAGE, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value or 0
)


def page_chars(
    textpage: pdfium.PdfTextPage, height: float, turned: bool = False
) -> list[Char] | None:
    """Return the content's characters in content order, None on rotated text.

    With ``turned``, rotated characters are kept too, boxed as pdfminer
    boxes them (:mod:`pipeline.read.turned`).
    """
    raw = textpage.raw
    box, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    chars: list[Char] = []
    font, size, angle, source, known, count = "", 0.0, False, None, True, 0
    total = textpage.count_chars()
    bulk = textpage.get_text_range()  # one call, not one a character …
    for index in range(total):
        text = bulk[index] if len(bulk) == total else "\ufffe"
        if text == "\ufffe":  # … but it writes pdfium's kept hyphen (2) so
            text = chr(pdfium_c.FPDFText_GetUnicode(raw, index))
        if pdfium_c.FPDFText_IsGenerated(raw, index):
            if text.isspace() and chars and not chars[-1].text.isspace():
                if not chars[-1].turned:  # pdfminer has no such space
                    chars.append(replace(chars[-1], text=" "))  # a word break
            continue
        obj = _text_object(raw, index)
        if obj != source:  # font, scale and angle are the text object's
            pdfium_c.FPDFText_GetFontInfo(raw, index, name, len(name), flags)
            font, source = name.value.decode("utf-8", "replace"), obj
            pdfium_c.FPDFText_GetMatrix(raw, index, matrix)
            size = pdfium_c.FPDFText_GetFontSize(raw, index)
            angle = pdfium_c.FPDFText_GetCharAngle(raw, index) != 0
            known = angle and turned and turned_.known_font(raw, index)
            count = 0
        text = SUBSTITUTES.get(text, text)
        if angle:
            if not turned:
                return None
            count += 1
            char = _turned(raw, index, text, height, (font, size), matrix, known)
            unit = size * math.hypot(matrix.a, matrix.b) / 1000
            chars.append(replace(char, slack=count * unit))
            continue
        pdfium_c.FPDFText_GetLooseCharBox(raw, index, box)
        bottom = height - box.bottom
        high = size * abs(matrix.d)
        chars.append(Char(text, box.left, box.right, bottom - high, bottom, font, high))
    return chars


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
