"""Read PDFs: the only module that imports the PDF libraries.

pypdfium2 is the fast text path (hundreds of pages a second); pdfplumber,
which is built on the same engine, is used where word positions or tables
are needed. Pages are always closed so memory stays flat on long files.

A page whose text runs (pypdfium2, cheap) show a left-margin label column
has its text rebuilt by :mod:`pipeline.read.margin` from its words, built
from the engine's characters as pdfplumber builds them
(:mod:`pipeline.read.words`; pdfplumber reads the words of a page with
rotated text); every other page keeps the engine's text exactly. The ruled
tables of the pages the caller asks for are read in one pass: pdfplumber
opens a file at most once, whatever its length (opening it again for each
page made long files cost quadratic time).

pdfplumber reads a page about a hundred times slower than the engine, so a
page is only given to it when the engine's page objects show a table could
be there: ruled lines across and down the page (:func:`_ruled`), or the
header words of an unruled vote table set out in columns (:func:`_aligned_header`).
Elsewhere it would find no table, so none is looked for. ``PLUMBER_OPENS``
counts the files pdfplumber opened (tests check it is at most one per file).
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.core.errors import DamagedPDF, EmptyFile, EncryptedPDF, NotAPDF
from pipeline.read.grid import (
    has_grid_header,
    has_vote_header,
    may_have_grid,
    vote_grid,
)
from pipeline.read.margin import Box, body_edge, margin_rows, margin_text, rows_of
from pipeline.read.words import page_words

log = logging.getLogger(__name__)

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)

#: A ruled table as rows of cell texts (``None`` for a merged cell).
Table = list[list[str | None]]

#: pdfplumber ignores table edges shorter than this (points).
MIN_EDGE = 3.0
#: pdfplumber starts a new word after a gap wider than this (its x and y tolerance).
WORD_GAP = 3.0

#: Files opened, and pages parsed, by pdfplumber in this process (for tests).
PLUMBER_OPENS = 0
PLUMBER_PAGES = 0


@dataclass(frozen=True)
class RawPage:
    """Text of one page exactly as the PDF engine returns it."""

    number: int
    """1-based page number."""
    text: str
    """The text layer, empty for an image-only page."""
    graphics: int
    """Number of image and vector objects drawn on the page (text excluded)."""
    tables: list[Table] | None = None
    """The page's ruled tables when they were asked for, else ``None``."""
    ruled: bool = False
    """The page draws lines or boxes that could rule a table (page objects)."""
    aligned: bool = False
    """The page sets vote header words out in columns (looked for unless ruled)."""


def check_header(data: bytes) -> None:
    """Raise :class:`EmptyFile` or :class:`NotAPDF` for bytes that are no PDF."""
    if not data:
        raise EmptyFile("empty file (0 bytes)")
    if b"%PDF-" not in data[:1024]:
        raise NotAPDF("not a PDF (no %PDF header in its first 1024 bytes)")


def read_pages(
    data: bytes,
    wants_tables: Callable[[str], bool] | None = None,
    numbers: range | None = None,
) -> list[RawPage]:
    """Return the text of every page of the PDF in ``data`` (or of ``numbers``).

    A page whose text ``wants_tables`` accepts (the rebuilt text on a page
    with a label column) gets its ruled tables too. Each page is read on its
    own, so reading a file in page ranges gives the same pages.
    """
    pages, margins = _engine_pages(data, numbers)
    wants = wants_tables or (lambda text: False)
    pages = [replace(p, tables=[]) if wants(p.text) else p for p in pages]
    wanted = [p.number for p in pages if _may_have_tables(p, wants)]
    todo_numbers = sorted(set(margins) | set(wanted))
    if not todo_numbers:
        return pages
    first = pages[0].number
    todo = [pages[n - first] for n in todo_numbers]
    done = _plumber_pass(data, todo, set(margins), wants)
    return [done.get(p.number, p) for p in pages]


def _may_have_tables(raw: RawPage, wants: Callable[[str], bool]) -> bool:
    """Return True when the caller wants the page's tables and it may have some."""
    return wants(raw.text) and (raw.ruled or raw.aligned)


def page_count(data: bytes) -> int:
    """Return the number of pages of the PDF in ``data``."""
    pdf = _open(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def _open(data: bytes) -> pdfium.PdfDocument:
    """Open the PDF in ``data``; raise one of our named errors if it is none."""
    check_header(data)
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _translate(exc) from exc


def _engine_pages(
    data: bytes, numbers: range | None = None
) -> tuple[list[RawPage], list[int]]:
    """Return each page's engine text, and the numbers of pages with a label column."""
    pdf = _open(data)
    try:
        wanted = range(1, len(pdf) + 1) if numbers is None else numbers
        indexes = range(wanted.start - 1, min(wanted.stop - 1, len(pdf)))
        read = [_engine_page(_page(pdf, index), index + 1) for index in indexes]
        if not read:
            raise DamagedPDF("PDF has no pages")
    finally:
        pdf.close()
    return [page for page, _ in read], [page.number for page, m in read if m]


def _engine_page(page: pdfium.PdfPage, number: int) -> tuple[RawPage, bool]:
    """Return one page's engine text, and whether pdfplumber must read its labels.

    A page with a label column gets its text rebuilt from the engine's words
    (:mod:`pipeline.read.words`); only where they cannot be built (rotated
    text) is the page left to pdfplumber.
    """
    try:
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        margin = _has_label_column(textpage, page)
        if margin and (words := page_words(textpage, page.get_height())) is not None:
            margin, rows = False, margin_rows(words, page.get_width())
            text = margin_text(rows) if rows else text
        shapes = [
            obj
            for obj in page.get_objects(max_depth=2)
            if obj.type != pdfium_c.FPDF_PAGEOBJ_TEXT
        ]
        ruled = _ruled(shapes)  # else a vote table may still be set out unruled:
        aligned = (
            not ruled and may_have_grid(text) and _aligned_header(textpage, page, text)
        )
        textpage.close()
        raw = RawPage(number, text, len(shapes), ruled=ruled, aligned=aligned)
    finally:
        page.close()
    return raw, margin


def _aligned_header(
    textpage: pdfium.PdfTextPage, page: pdfium.PdfPage, text: str
) -> bool:
    """Return True when the page's characters set a vote header out in columns.

    The words are rebuilt from the engine's character boxes as pdfplumber
    builds them (a space or a gap of ``WORD_GAP`` ends a word), so the header
    test of :func:`pipeline.read.grid.has_grid_header` sees the same cells.
    A text whose characters do not match the engine's count is let through.
    """
    if len(text) != textpage.count_chars():
        return True
    height = page.get_height()
    words: list[Box] = []
    for index, char in enumerate(text):
        if char.isspace():
            words.append(Box(0, 0, 0, 0, ""))  # a break, dropped below
            continue
        left, bottom, right, top = textpage.get_charbox(index, loose=True)
        box = Box(left, right, height - top, height - bottom, char)
        last = words[-1] if words else None
        if last and last.text and _same_word(last, box):
            box = Box(
                last.x0, max(last.x1, box.x1), last.top, last.bottom, last.text + char
            )
            words[-1] = box
        else:
            words.append(box)
    return has_grid_header([w for w in words if w.text])


def _same_word(word: Box, char: Box) -> bool:
    """Return True when ``char`` continues ``word`` (same line, no gap)."""
    return abs(char.top - word.top) <= WORD_GAP and char.x0 <= word.x1 + WORD_GAP


def _ruled(shapes: list[Any]) -> bool:
    """Return True when the page objects could rule a table for pdfplumber.

    pdfplumber builds table cells from the edges of lines, rectangles and
    curves (pdfium path objects) at least ``MIN_EDGE`` long; a table needs
    edges across and down. A form object may hold either, so it counts.
    """
    across = down = False
    for obj in shapes:
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            return True
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = obj.get_bounds()
        across = across or right - left >= MIN_EDGE
        down = down or top - bottom >= MIN_EDGE
        if across and down:
            return True
    return False


def _page(pdf: pdfium.PdfDocument, index: int) -> pdfium.PdfPage:
    """Return page ``index``; a page the engine cannot load damages the file."""
    try:
        return pdf[index]
    except pdfium.PdfiumError as exc:
        raise DamagedPDF(
            f"damaged PDF (page {index + 1} of {len(pdf)} cannot be read; "
            "its page tree may loop)"
        ) from exc


def _has_label_column(textpage: pdfium.PdfTextPage, page: pdfium.PdfPage) -> bool:
    """Return True when the page's text runs (pdfium rectangles) show a label column.

    The geometry is checked first; the runs' text is only read on pages
    whose body stands indented right of other text.
    """
    height, width = page.get_height(), page.get_width()
    rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
    shapes = [
        Box(left, right, height - top, height - bottom, "")
        for left, bottom, right, top in rects
    ]
    if len(shapes) < 3 or body_edge(rows_of(shapes), width) is None:
        return False
    boxes = [
        Box(left, right, height - top, height - bottom, text)
        for left, bottom, right, top in rects
        if (text := textpage.get_text_bounded(left, bottom, right, top).strip())
    ]
    return margin_rows(boxes, width, weigh_bold=False) is not None


def _plumber_pass(
    data: bytes,
    pages: list[RawPage],
    margins: Collection[int],
    wants_tables: Callable[[str], bool],
) -> dict[int, RawPage]:
    """Return ``pages`` with label columns rebuilt and tables read (one open)."""
    done, rebuilt = {}, []
    by_number = {raw.number: raw for raw in pages}
    for number, page in _plumber_pages(data, list(by_number)):
        raw = by_number[number]
        text = _margin_text(page) if number in margins else None
        if text is not None:
            raw = replace(raw, text=text)
            rebuilt.append(number)
        if _may_have_tables(raw, wants_tables):
            raw = replace(raw, tables=_page_tables(page))
        elif wants_tables(raw.text):
            raw = replace(raw, tables=[])
        done[number] = raw
    log.debug("label column read from words on pages %s", rebuilt)
    return done


def _plumber_pages(
    data: bytes, numbers: list[int]
) -> Iterator[tuple[int, pdfplumber.page.Page]]:
    """Yield ``(number, page)`` of pdfplumber's pages ``numbers`` (sorted), the
    PDF opened once and each page closed after use; counted in
    :data:`PLUMBER_OPENS` and :data:`PLUMBER_PAGES`."""
    global PLUMBER_OPENS, PLUMBER_PAGES
    PLUMBER_OPENS, PLUMBER_PAGES = PLUMBER_OPENS + 1, PLUMBER_PAGES + len(numbers)
    with pdfplumber.open(io.BytesIO(data), pages=numbers) as pdf:
        for number, page in zip(numbers, pdf.pages, strict=True):
            try:
                yield number, page
            finally:
                page.close()


def _margin_text(page: pdfplumber.page.Page) -> str | None:
    """Return the page's text rebuilt from its words, if it has a label column."""
    boxes = _boxes(page.extract_words(extra_attrs=["fontname", "size"]))
    rows = margin_rows(boxes, float(page.width))
    return margin_text(rows) if rows else None


def _page_tables(page: pdfplumber.page.Page) -> list[Table]:
    """Return the tables of one open pdfplumber page.

    The ruled tables; and, when none of them is a vote table, an unruled
    vote table rebuilt from the words' positions (:mod:`pipeline.read.grid`).
    """
    tables: list[Table] = [table for table in page.extract_tables() if table]
    if not any(has_vote_header(table) for table in tables):
        grid = vote_grid(_boxes(page.extract_words()))
        if grid is not None:
            tables.append(grid)
    return tables


def _boxes(words: list[dict[str, Any]]) -> list[Box]:
    """Return pdfplumber words as boxes (bold where the font name says so)."""
    return [
        Box(
            float(w["x0"]),
            float(w["x1"]),
            float(w["top"]),
            float(w["bottom"]),
            w["text"],
            bool(_BOLD.search(w.get("fontname", ""))),
        )
        for w in words
    ]


def _translate(exc: Exception) -> Exception:
    """Turn a pdfium load error into one of our named errors."""
    message = str(exc)
    if "password" in message.lower():
        return EncryptedPDF("encrypted PDF (password required)")
    detail = message.rsplit("PDFium:", 1)[-1].strip(" ().")
    if detail.lower() == "success":  # opened without error, yet no document
        return DamagedPDF("PDF has no pages (no readable page tree)")
    return DamagedPDF(f"damaged or truncated PDF ({detail.lower()})")


def read_tables(data: bytes, numbers: Collection[int]) -> dict[int, list[Table]]:
    """Return the ruled tables of each page in ``numbers`` (the PDF opened once)."""
    pages = _plumber_pages(data, sorted(set(numbers)))
    return {number: _page_tables(page) for number, page in pages}
