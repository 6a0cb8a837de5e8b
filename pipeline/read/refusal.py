"""Why the engine refuses a PDF, asked of PDFium itself.

pypdfium2 reports PDFium's last error code for any document it does not
open, also for one that loads but has no page; and PDFium sets that code
only when a load fails. So a page-less file read after an encrypted one
was reported as "encrypted PDF": a worker that goes on after a refused file
(:mod:`pipeline.workers`) must not inherit an earlier file's error.
"""

from __future__ import annotations

import pypdfium2.raw as pdfium_c

from extractors.core.errors import DamagedPDF, DiariumError, EncryptedPDF, NoPages

#: What PDFium's load error codes (FPDF_GetLastError) mean, as reported.
_ENGINE_ERRORS = {
    pdfium_c.FPDF_ERR_UNKNOWN: "unknown error",
    pdfium_c.FPDF_ERR_FILE: "file access error",
    pdfium_c.FPDF_ERR_FORMAT: "data format error",
    pdfium_c.FPDF_ERR_SECURITY: "unsupported security scheme error",
    pdfium_c.FPDF_ERR_PAGE: "page not found or content error",
}


def refusal(data: bytes) -> DiariumError:
    """Return why the engine does not open the PDF in ``data``.

    Asked of PDFium directly: pypdfium2 reports PDFium's last error code
    also for a document that loads but has no page, and PDFium sets that
    code only when a load fails, so such a file was reported with an
    earlier file's error ("encrypted PDF" after an encrypted file).
    """
    pdf = pdfium_c.FPDF_LoadMemDocument64(data, len(data), None)
    if pdf:  # loaded: no error of its own
        pdfium_c.FPDF_CloseDocument(pdf)
        return NoPages("PDF has no pages (no readable page tree)")
    code = pdfium_c.FPDF_GetLastError()  # set by this failed load
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return EncryptedPDF("encrypted PDF (password required)")
    return DamagedPDF(
        f"damaged or truncated PDF ({_ENGINE_ERRORS.get(code, 'unknown error')})"
    )
