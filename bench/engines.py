"""Time plain text extraction by the PDF libraries: the floor diarium is held to.

Each engine reads every page of the same files, text only: pypdfium2
(``get_text_range``), pdfplumber (``extract_text``) and poppler's
``pdftotext`` when it is installed (one process per file, as a user runs it).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium


def pypdfium2_pages(path: Path) -> int:
    """Extract every page's text with pypdfium2; return the page count."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def pdfplumber_pages(path: Path) -> int:
    """Extract every page's text with pdfplumber; return the page count."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        return len(pdf.pages)


def pdftotext_pages(path: Path) -> int:
    """Extract the file's text with poppler's pdftotext; return the page count."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
    ).stdout
    return out.count(b"\f")  # pdftotext ends every page with a form feed


def timed(read: Callable[[Path], int], files: list[Path]) -> dict:
    """Return pages, seconds and pages per second of ``read`` over ``files``."""
    started = time.perf_counter()
    pages = sum(read(path) for path in files)
    seconds = time.perf_counter() - started
    return {
        "pages": pages,
        "seconds": round(seconds, 3),
        "pages_per_s": round(pages / seconds, 1),
    }


def measure(files: list[Path]) -> dict:
    """Return the rate of each engine over ``files`` (``None`` when missing)."""
    return {
        "pypdfium2": timed(pypdfium2_pages, files),
        "pdfplumber": timed(pdfplumber_pages, files),
        "pdftotext": timed(pdftotext_pages, files)
        if shutil.which("pdftotext")
        else None,
    }
