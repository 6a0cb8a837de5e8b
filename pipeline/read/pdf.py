"""Read PDFs: the only module that imports the PDF libraries.

pypdfium2 is the fast text path (hundreds of pages a second); pdfplumber,
which is built on the same engine, is used where word positions or tables
are needed. Pages are always closed so memory stays flat on long files.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.core.errors import DamagedPDF, EmptyFile, EncryptedPDF, NotAPDF

log = logging.getLogger(__name__)


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
        start = data[:48].decode("utf-8", "replace")[:12].strip()
        raise NotAPDF(f"not a PDF (file starts with {start!r})")


def read_pages(data: bytes) -> list[RawPage]:
    """Return the text of every page of the PDF in ``data``."""
    check_header(data)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _translate(exc) from exc
    try:
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_range()
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
        return pages
    finally:
        pdf.close()


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
