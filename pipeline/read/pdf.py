"""Read PDFs: the only module that imports the PDF libraries.

pypdfium2 is the fast text path (hundreds of pages a second); pdfplumber,
which is built on the same engine, is used where word positions or tables
are needed. Pages are always closed so memory stays flat on long files.

A page whose text runs (pypdfium2, cheap) show a left-margin label column
is read again word by word with pdfplumber, once per file, and its text is
rebuilt by :mod:`pipeline.read.margin`; every other page keeps the engine's
text exactly.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.core.errors import DamagedPDF, EmptyFile, EncryptedPDF, NotAPDF
from pipeline.read.margin import Box, body_edge, margin_rows, margin_text, rows_of

log = logging.getLogger(__name__)

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


@dataclass(frozen=True)
class RawPage:
    """Text of one page exactly as the PDF engine returns it."""

    number: int
    """1-based page number."""
    text: str
    """The text layer, empty for an image-only page."""
    graphics: int
    """Number of image and vector objects drawn on the page (text excluded)."""


def check_header(data: bytes) -> None:
    """Raise :class:`EmptyFile` or :class:`NotAPDF` for bytes that are no PDF."""
    if not data:
        raise EmptyFile("empty file (0 bytes)")
    if b"%PDF-" not in data[:1024]:
        raise NotAPDF("not a PDF (no %PDF header in its first 1024 bytes)")


def read_pages(data: bytes) -> list[RawPage]:
    """Return the text of every page of the PDF in ``data``."""
    check_header(data)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _translate(exc) from exc
    try:
        pages = []
        margins = []
        for index in range(len(pdf)):
            page = pdf[index]
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
    texts = _margin_texts(data, margins) if margins else {}
    return [
        RawPage(p.number, texts[p.number], p.graphics) if p.number in texts else p
        for p in pages
    ]


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


def _margin_texts(data: bytes, numbers: list[int]) -> dict[int, str]:
    """Return rebuilt text of the pages that have a label column (pdfplumber)."""
    texts = {}
    with pdfplumber.open(io.BytesIO(data), pages=numbers) as pdf:
        for number, page in zip(numbers, pdf.pages, strict=True):
            try:
                words = page.extract_words(extra_attrs=["fontname", "size"])
                width = float(page.width)
            finally:
                page.close()
            boxes = [
                Box(
                    float(w["x0"]),
                    float(w["x1"]),
                    float(w["top"]),
                    float(w["bottom"]),
                    w["text"],
                    bool(_BOLD.search(w["fontname"])),
                )
                for w in words
            ]
            if rows := margin_rows(boxes, width):
                texts[number] = margin_text(rows)
    log.debug("label column read from words on pages %s", sorted(texts))
    return texts


def _translate(exc: Exception) -> Exception:
    """Turn a pdfium load error into one of our named errors."""
    message = str(exc)
    if "password" in message.lower():
        return EncryptedPDF("encrypted PDF (password required)")
    detail = message.rsplit("PDFium:", 1)[-1].strip(" ().")
    return DamagedPDF(f"damaged or truncated PDF ({detail.lower()})")


def read_tables(data: bytes, page_number: int) -> list[list[list[str | None]]]:
    """Return the ruled tables on one page as rows of cell texts (pdfplumber)."""
    with pdfplumber.open(io.BytesIO(data), pages=[page_number]) as pdf:
        page = pdf.pages[0]
        try:
            return [table for table in page.extract_tables() if table]
        finally:
            page.close()
