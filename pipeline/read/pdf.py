"""Read PDFs: the only module that imports the PDF libraries.

pypdfium2 is the fast text path (hundreds of pages a second); pdfplumber,
which is built on the same engine, is used where word positions or tables
are needed. Pages are always closed so memory stays flat on long files.

A page whose text runs (pypdfium2, cheap) show a left-margin label column
is read again word by word with pdfplumber and its text is rebuilt by
:mod:`pipeline.read.margin`; every other page keeps the engine's text
exactly. The ruled tables of the pages the caller asks for are read in the
same pass: pdfplumber opens a file at most once, whatever its length (opening
it again for each page made long files cost quadratic time).
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
from pipeline.read.grid import has_vote_header, vote_grid
from pipeline.read.margin import Box, body_edge, margin_rows, margin_text, rows_of

log = logging.getLogger(__name__)

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)

#: A ruled table as rows of cell texts (``None`` for a merged cell).
Table = list[list[str | None]]


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
    wanted = [p.number for p in pages if wants_tables and wants_tables(p.text)]
    todo = sorted(set(margins) | set(wanted))
    if not todo:
        return pages
    first = pages[0].number
    done = _plumber_pass(
        data, [pages[n - first] for n in todo], set(margins), wants_tables
    )
    return [done.get(p.number, p) for p in pages]


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
        pages = []
        margins = []
        wanted = range(1, len(pdf) + 1) if numbers is None else numbers
        for index in range(wanted.start - 1, min(wanted.stop - 1, len(pdf))):
            page = _page(pdf, index)
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                if _has_label_column(textpage, page):
                    margins.append(index + 1)
                textpage.close()
                graphics = sum(
                    1
                    for obj in page.get_objects(max_depth=2)
                    if obj.type != pdfium_c.FPDF_PAGEOBJ_TEXT
                )
            finally:
                page.close()
            pages.append(RawPage(index + 1, text, graphics))
        if not pages:
            raise DamagedPDF("PDF has no pages")
    finally:
        pdf.close()
    return pages, margins


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
    wants_tables: Callable[[str], bool] | None,
) -> dict[int, RawPage]:
    """Return ``pages`` with label columns rebuilt and tables read (one open)."""
    done, rebuilt = {}, []
    numbers = [raw.number for raw in pages]
    with pdfplumber.open(io.BytesIO(data), pages=numbers) as pdf:
        for raw, page in zip(pages, pdf.pages, strict=True):
            try:
                text = _margin_text(page) if raw.number in margins else None
                if text is not None:
                    raw = replace(raw, text=text)
                    rebuilt.append(raw.number)
                if wants_tables and wants_tables(raw.text):
                    raw = replace(raw, tables=_page_tables(page))
            finally:
                page.close()
            done[raw.number] = raw
    log.debug("label column read from words on pages %s", rebuilt)
    return done


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
    ordered = sorted(set(numbers))
    found = {}
    with pdfplumber.open(io.BytesIO(data), pages=ordered) as pdf:
        for number, page in zip(ordered, pdf.pages, strict=True):
            try:
                found[number] = _page_tables(page)
            finally:
                page.close()
    return found


def render_pages(
    data: bytes, numbers: Collection[int], dpi: int, max_side: int
) -> Iterator[tuple[int, bytes]]:
    """Yield ``(page number, image)`` for each page in ``numbers``, in order.

    Each image is the page rendered in grayscale at ``dpi`` (less when its
    longer side would exceed ``max_side`` pixels: a 200-inch page must not
    take gigabytes) as binary PGM, which tesseract reads from a pipe.
    """
    pdf = pdfium.PdfDocument(data)
    try:
        for number in sorted(set(numbers)):
            page = pdf[number - 1]
            try:
                longer = max(page.get_width(), page.get_height(), 1.0)
                scale = min(dpi / 72, max_side / longer)
                bitmap = page.render(scale=scale, grayscale=True)
                yield number, _pgm(bitmap)
                bitmap.close()
            finally:
                page.close()
    finally:
        pdf.close()


def _pgm(bitmap: pdfium.PdfBitmap) -> bytes:
    """Return a one-channel bitmap as binary PGM bytes."""
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    pixels = bytes(bitmap.buffer)
    if stride != width:
        pixels = b"".join(
            pixels[row * stride : row * stride + width] for row in range(height)
        )
    return b"P5\n%d %d\n255\n" % (width, height) + pixels
