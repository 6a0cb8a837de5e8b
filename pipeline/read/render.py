"""Pages drawn: a page rendered to an image (for OCR), lines made into a PDF.

Like :mod:`pipeline.read.pdf`, this module may import pypdfium2.
"""

from __future__ import annotations

import ctypes
import io
import json
from collections.abc import Collection, Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pypdfium2.version as pdfium_version_info

from pipeline.read.pdf import in_turn

#: Version of how :func:`render_pages` makes an image of a page; raise it
#: when that changes in any way :data:`OPTIONS` does not say.
FORMAT = "1"
#: The options a page is rendered with (besides its scale).
OPTIONS: dict[str, object] = {"grayscale": True}


def rendering(dpi: int, max_side: int) -> str:
    """Return all that decides :func:`render_pages`' images besides a page:
    the versions of pypdfium2 and PDFium, and the settings (a JSON text).

    The OCR cache keys a page by it (:meth:`pipeline.read.ocr_cache.OcrCache.page_key`),
    so that another PDFium, or other settings, render the page again.
    """
    return json.dumps([FORMAT, pdfium_version(), OPTIONS, dpi, max_side, "pgm"])


def pdfium_version() -> str:
    """Return the versions of pypdfium2 and of the PDFium build it runs."""
    info = pdfium_version_info
    return f"pypdfium2 {info.PYPDFIUM_INFO}, pdfium {info.PDFIUM_INFO.version}"


def render_pages(
    data: bytes, numbers: Collection[int], dpi: int, max_side: int
) -> Iterator[tuple[int, bytes]]:
    """Yield ``(page number, image)`` for each page in ``numbers``, in order.

    Each image is the page rendered in grayscale at ``dpi`` (less when its
    longer side would exceed ``max_side`` pixels: a 200-inch page must not
    take gigabytes) as binary PGM, which tesseract reads from a pipe.
    """
    indexes = [number - 1 for number in sorted(set(numbers))]
    for index, page in in_turn(data, indexes):  # the engine's memory stays flat
        try:
            longer = max(page.get_width(), page.get_height(), 1.0)
            scale = min(dpi / 72, max_side / longer)
            bitmap = page.render(scale=scale, **OPTIONS)
            yield index + 1, _pgm(bitmap)
            bitmap.close()
        finally:
            page.close()


def _pgm(bitmap: pdfium.PdfBitmap) -> bytes:
    """Return a one-channel bitmap as binary PGM bytes."""
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    pixels = bytes(bitmap.buffer)
    if stride != width:
        pixels = b"".join(
            pixels[row * stride : row * stride + width] for row in range(height)
        )
    return b"P5\n%d %d\n255\n" % (width, height) + pixels


def sample_pdf(lines: list[str]) -> bytes:
    """Return a one-page PDF showing ``lines`` (Helvetica), for warming up a worker."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    for index, line in enumerate(lines):
        obj = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", 10.0)
        wide = ctypes.create_string_buffer((line + "\0").encode("utf-16-le"))
        pdfium_c.FPDFText_SetText(obj, ctypes.cast(wide, pdfium_c.FPDF_WIDESTRING))
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 72, 780 - 14 * index)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    page.close()
    pdf.close()
    return out.getvalue()
