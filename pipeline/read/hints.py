"""Signs in a page's objects that a table or a label column could be there.

Reading a page's tables or its words costs more than reading its text, so
the cheap page objects of the engine are asked first: ruled lines across
and down (:func:`ruled`), vote header words set out in columns
(:func:`aligned_header`), text runs indented right of a label column
(:func:`has_label_column`).
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.read.chars import bare, bound
from pipeline.read.edges import MIN_EDGE
from pipeline.read.grid import has_grid_header
from pipeline.read.margin import (
    Box,
    body_edge,
    margin_rows,
    rows_of,
)
from pipeline.read.runs import TOLERANCE as WORD_GAP


def aligned_header(
    textpage: pdfium.PdfTextPage, page: pdfium.PdfPage, text: str
) -> bool:
    """Return True when the page's characters set a vote header out in columns.

    The words are rebuilt from the engine's character boxes as pdfplumber
    builds them (a space or a gap of ``WORD_GAP`` ends a word), so the header
    test of :func:`pipeline.read.grid.has_grid_header` sees the same cells.
    A text whose characters do not match the engine's count is let through.
    A word's box grows in locals and is built once it ends; each character's
    loose box comes from one bare call into pdfium (:func:`chars.bare`).
    """
    if len(text) != textpage.count_chars():
        return True
    height = page.get_height()
    holder = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
    box = pdfium_c.FS_RECTF()
    at, loose_box = ctypes.byref(box), _loose_box
    words: list[Box] = []
    chars: list[str] = []  # the word being read
    x0 = x1 = top = bottom = 0.0
    for index, char in enumerate(text):
        if char.isspace():
            if chars:
                words.append(Box(x0, x1, top, bottom, "".join(chars)))
            chars = []
            continue
        if not loose_box(holder, index, at):
            raise pdfium.PdfiumError("Failed to get charbox.")
        if chars and _continues(top, x1, height - box.top, box.left):
            x1 = max(x1, box.right)
        else:
            if chars:
                words.append(Box(x0, x1, top, bottom, "".join(chars)))
            x0, x1, top, bottom = (
                box.left,
                box.right,
                height - box.top,
                height - box.bottom,
            )
            chars = []
        chars.append(char)
    if chars:
        words.append(Box(x0, x1, top, bottom, "".join(chars)))
    return has_grid_header(words)


def _continues(top: float, right: float, char_top: float, char_left: float) -> bool:
    """Return True when a character continues a word (same line, no gap)."""
    return abs(char_top - top) <= WORD_GAP and char_left <= right + WORD_GAP


_P, _I = ctypes.c_void_p, ctypes.c_int
_count_objects = bound(pdfium_c.FPDFPage_CountObjects, _I, _P)
_object = bound(pdfium_c.FPDFPage_GetObject, _P, _P, _I)
_count_form = bound(pdfium_c.FPDFFormObj_CountObjects, _I, _P)
_form_object = bound(pdfium_c.FPDFFormObj_GetObject, _P, _P, ctypes.c_ulong)
_type = bound(pdfium_c.FPDFPageObj_GetType, _I, _P)
_bounds = bound(pdfium_c.FPDFPageObj_GetBounds, _I, _P, _P, _P, _P, _P)
#: A page object: its type and its address.
Shape = tuple[int, int]


def shapes(page: pdfium.PdfPage) -> list[Shape]:
    """Return the page's image and vector objects (text excluded), those of
    its forms one level deep: pypdfium2's ``get_objects(max_depth=2)``
    without a Python object for each."""
    holder = ctypes.cast(page.raw, ctypes.c_void_p).value or 0
    return _shapes(_count_objects(holder), functools.partial(_object, holder), True)


def _shapes(count: int, get: Callable[[int], int], descend: bool) -> list[Shape]:
    """Return the shapes among the objects ``get`` gives for 0 … ``count`` - 1,
    and with ``descend`` those of the forms among them."""
    if count < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    found: list[Shape] = []
    for index in range(count):
        obj = get(index)
        if not obj:
            raise pdfium.PdfiumError("Failed to get pageobject.")
        kind = _type(obj)
        if kind != pdfium_c.FPDF_PAGEOBJ_TEXT:
            found.append((kind, obj))
        if descend and kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            inner = functools.partial(_form_object, obj)
            found += _shapes(_count_form(obj), inner, False)
    return found


def ruled(found: list[Shape]) -> bool:
    """Return True when the page objects could rule a table for pdfplumber.

    pdfplumber builds table cells from the edges of lines, rectangles and
    curves (pdfium path objects) at least ``MIN_EDGE`` long; a table needs
    edges across and down. A form object may hold either, so it counts.
    """
    across = down = False
    sides = (ctypes.c_float * 4)()
    at = [ctypes.addressof(sides) + 4 * i for i in range(4)]
    for kind, obj in found:
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            return True
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not _bounds(obj, *at):
            raise pdfium.PdfiumError("Failed to locate pageobject.")
        left, bottom, right, top = sides
        across = across or right - left >= MIN_EDGE
        down = down or top - bottom >= MIN_EDGE
        if across and down:
            return True
    return False


def has_label_column(textpage: pdfium.PdfTextPage, page: pdfium.PdfPage) -> bool:
    """Return True when the page's text runs (pdfium rectangles) show a label column.

    The geometry is checked first; the runs' text is only read on pages
    whose body stands indented right of other text.
    """
    height, width = page.get_height(), page.get_width()
    rects = text_runs(textpage)
    shapes = [
        Box(left, right, height - top, height - bottom, "")
        for left, bottom, right, top in rects
    ]
    if len(shapes) < 3 or body_edge(rows_of(shapes), width) is None:
        return False
    boxes = [
        Box(left, right, height - top, height - bottom, text)
        for (left, bottom, right, top), held in zip(
            rects, run_texts(textpage, rects), strict=True
        )
        if (text := held.strip())
    ]
    return margin_rows(boxes, width, weigh_bold=False) is not None


#: A character's loose box, the text page as a ``c_void_p`` and the box by
#: reference (:func:`pipeline.read.chars.bare`).
_loose_box = bare(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int)
_rect = bound(pdfium_c.FPDFText_GetRect, _I, _P, _I, _P, _P, _P, _P)


def text_runs(textpage: pdfium.PdfTextPage) -> list[tuple[float, float, float, float]]:
    """Return the page's text runs (left, bottom, right, top), as pypdfium2's
    ``get_rect`` gives each, with one buffer for all of them."""
    raw = ctypes.cast(textpage.raw, ctypes.c_void_p).value or 0
    sides = (ctypes.c_double * 4)()
    left, top, right, bottom = (ctypes.addressof(sides) + 8 * i for i in range(4))
    runs = []
    for index in range(textpage.count_rects()):
        if not _rect(raw, index, left, top, right, bottom):
            raise pdfium.PdfiumError("Failed to get rectangle.")
        runs.append((sides[0], sides[3], sides[2], sides[1]))
    return runs


_D = ctypes.c_double
_bounded = bound(pdfium_c.FPDFText_GetBoundedText, _I, _P, _D, _D, _D, _D, _P, _I)


def run_texts(
    textpage: pdfium.PdfTextPage, runs: list[tuple[float, float, float, float]]
) -> list[str]:
    """Return the text within each run as pypdfium2's ``get_text_bounded``
    gives it, with one call into pdfium a run, not two (pypdfium2 asks for
    the length first; pdfium reads the page's characters for each call).

    The buffer holds three times the page's characters (each character,
    a space, a line break) and a final NUL, which pdfium writes and counts
    (a text holds none: pdfium leaves out characters without a code); a text
    that may be cut short is asked again.
    """
    raw = ctypes.cast(textpage.raw, ctypes.c_void_p).value or 0
    size = 3 * textpage.count_chars() + 16
    buffer = (ctypes.c_ushort * size)()
    at = ctypes.addressof(buffer)
    texts = []
    for left, bottom, right, top in runs:
        written = _bounded(raw, left, top, right, bottom, at, size)
        if written >= size:
            texts.append(textpage.get_text_bounded(left, bottom, right, top))
            continue
        text = ctypes.string_at(at, 2 * max(written, 0)).decode("utf-16-le", "ignore")
        texts.append(text.removesuffix("\x00"))  # pdfium counts its final NUL
    return texts
