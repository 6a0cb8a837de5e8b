"""Rotated characters' boxes as pdfminer (under pdfplumber) sets them.

pdfminer boxes a character by its advance along the baseline and the font
size across it, from the font's descent, then takes the bounding box on the
page; its ``size`` is that box's height, and it calls the character upright
when its matrix keeps ``a * d > 0`` and ``b * c <= 0`` (a text turned by a
quarter keeps a tiny cosine in many word processors' matrices and is then
"upright" for pdfplumber, a turned box of one character per line).

The box is set out here from the character's origin: along the baseline
by the advance (the length of pdfium's loose box, which itself may stand
off the origin on text turned three quarters; the font's width where a
glyph's ink reaches past its advance, :func:`_advance`), across it from the font's
descent by the font size (pdfium's loose box scales it by the font's
ascent and descent instead).

A character is only taken as known (``Char.known``) when its text runs at a
multiple of a quarter turn and its font is embedded: pdfium then has the
widths and descent pdfminer reads. Other rotated text is left to pdfplumber
by the callers: a slant; a font that is not embedded, whose widths or
descent pdfium may take from another face (a substituted Arial on the
shared records is 0.008 pt a character narrower, so a stamp drifts by
half a point) or its own tables (Helvetica's descent is 0.017 of the size
below pdfminer's).
"""

from __future__ import annotations

import ctypes
import math

import pypdfium2.raw as pdfium_c

from pipeline.read.edges import decimal

#: A matrix entry this small against its partner counts as zero.
SKEW = 1e-6


def box(
    raw: pdfium_c.FPDF_TEXTPAGE,
    index: int,
    height: float,
    size: float,
    matrix: pdfium_c.FS_MATRIX,
) -> tuple[float, float, float, float, bool] | None:
    """Return (x0, x1, top, bottom, upright) of a rotated character.

    ``size`` is the font size before the matrix. ``None`` when the text
    runs at a slant (not a multiple of a quarter turn), the font is
    unknown, or its advance is (:func:`_advance`).
    """
    loose = pdfium_c.FS_RECTF()
    pdfium_c.FPDFText_GetLooseCharBox(raw, index, loose)
    font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(raw, index))
    descent, x, y = ctypes.c_float(), ctypes.c_double(), ctypes.c_double()
    if not font or not pdfium_c.FPDFFont_GetDescent(font, size, descent):
        return None
    pdfium_c.FPDFText_GetCharOrigin(raw, index, x, y)
    a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
    low, high = decimal(descent.value), decimal(descent.value) + size
    if abs(a) <= SKEW * abs(b) and abs(d) <= SKEW * abs(c):  # up or down the page
        length = _advance(raw, index, (font, size), matrix, loose.top - loose.bottom)
        x0, x1 = sorted((x.value + c * low, x.value + c * high))
        end = y.value + math.copysign(length, b)
        top, bottom = sorted((height - y.value, height - end))
    elif abs(b) <= SKEW * abs(a) and abs(c) <= SKEW * abs(d):  # upside down
        length = _advance(raw, index, (font, size), matrix, loose.right - loose.left)
        top, bottom = sorted((height - y.value - d * low, height - y.value - d * high))
        x0, x1 = sorted((x.value, x.value + math.copysign(length, a)))
    else:
        return None
    if math.isnan(length):
        return None
    return x0, x1, top, bottom, a * d > 0 and b * c <= 0


#: A loose box this much longer or shorter than the advance (points) is not it.
OVERHANG = 0.001


def _advance(
    raw: pdfium_c.FPDF_TEXTPAGE,
    index: int,
    font: tuple[pdfium_c.FPDF_FONT, float],
    matrix: pdfium_c.FS_MATRIX,
    loose: float,
) -> float:
    """Return a rotated character's advance on the page (NaN when unknown).

    pdfium's loose box runs along the text by the advance, but for a glyph
    whose ink reaches past it (an "f", "j" or "r" in a signature stamp) by
    the ink: 0.29 pt too long for an Arial "f" at 8 pt, where pdfminer's box
    is the advance. ``loose`` (the loose box along the text) is kept when it
    is the font's width for the character (by the matrix's scale) to
    ``OVERHANG``; a longer one is the ink's and the width is taken; one
    shorter than the width, or a width the font does not give, is unknown.
    """
    width = ctypes.c_float()
    code = pdfium_c.FPDFText_GetUnicode(raw, index)
    if not pdfium_c.FPDFFont_GetGlyphWidth(font[0], code, font[1], width):
        return math.nan
    advance = width.value * math.hypot(matrix.a, matrix.b)
    if abs(abs(loose) - advance) <= OVERHANG:
        return abs(loose)
    return advance if 0 < advance < abs(loose) else math.nan


def known_font(raw: pdfium_c.FPDF_TEXTPAGE, index: int) -> bool:
    """Return True when the character's font is embedded in the PDF."""
    obj = pdfium_c.FPDFText_GetTextObject(raw, index)
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    return bool(font) and pdfium_c.FPDFFont_GetIsEmbedded(font) == 1


def drift(
    raw: pdfium_c.FPDF_TEXTPAGE, index: int, matrix: pdfium_c.FS_MATRIX, along: float
) -> float:
    """Return how far pdfminer's left edge of a character is moved by the
    matrix's cosine ``a``: ``a`` times the distance along the text from the
    text object's origin to the character's left side (its far side when
    ``a`` is negative); ``along`` is its advance on the page."""
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(raw, index, x, y)
    a, b = matrix.a, matrix.b
    scale = math.hypot(a, b)
    if scale == 0:
        return 0.0
    start = ((x.value - matrix.e) * a + (y.value - matrix.f) * b) / scale**2
    return a * start + min(0.0, a * along / scale)
