"""Read stage: PDF bytes → cleaned page texts with furniture set apart."""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass

from extractors.core.layout import DEFAULT, LayoutProfile
from extractors.core.models import Page
from extractors.kinds import REGISTRY
from extractors.lang.stem import lost_diacritics
from extractors.lang.structure import hints_table
from extractors.lang.text import clean_text
from pipeline.read import ocr, pdf
from pipeline.read.furniture import (
    PageShapes,
    Running,
    page_shapes,
    running,
    shape,
    split_furniture,
)


@dataclass(frozen=True)
class Reading:
    """A PDF's pages as read, before furniture is set apart (layout-free)."""

    raw: list[pdf.RawPage]
    """Every page's text layer."""
    scans: dict[int, ocr.Scan]
    """OCR readings of the pages without a text layer, by page number."""


def read_pdf(data: bytes, layout: LayoutProfile = DEFAULT) -> list[Page]:
    """Return every page of the PDF in ``data`` as a :class:`Page`."""
    return pages_of(data, read_layers(data), layout)


def read_layers(
    data: bytes,
    raw_pages: list[pdf.RawPage] | None = None,
    threads: int | None = None,
    lines: list[list[str]] | None = None,
    scanned: list[int] | None = None,
) -> Reading:
    """Read every page's text layer, and with OCR the pages that have none.

    ``raw_pages``, when given, are the file's pages as :func:`read_raw` reads
    them, or as the page-range rounds of :mod:`pipeline.pages` read them; they
    do not depend on the layout.
    ``threads`` tesseract processes run at once (see :func:`ocr.read_scans`).
    ``lines``, when given, are the pages' :func:`text_lines`; ``scanned``
    the pages :func:`scanned_pages` finds, when already asked.
    """
    if raw_pages is None:
        raw_pages = read_raw(data)
    if scanned is None:
        scanned = scanned_pages(raw_pages, lines)
    return Reading(raw_pages, ocr.read_scans(data, scanned, threads))


def scanned_pages(
    raw_pages: list[pdf.RawPage], lines: list[list[str]] | None = None
) -> list[int]:
    """Return the numbers of the pages with no text layer to read (scans)."""
    return [
        raw.number
        for i, raw in enumerate(raw_pages)
        if _scanned(raw, DEFAULT, lines[i] if lines is not None else None)
    ]


def pages_of(
    data: bytes, reading: Reading, layout: LayoutProfile = DEFAULT
) -> list[Page]:
    """Return the pages of a reading with furniture set apart as ``layout`` says."""
    lines = [text_lines(_text(raw, reading)) for raw in reading.raw]
    shapes = [page_shapes(page, layout) for page in lines]
    return furnished(reading, lines, running_lines(shapes), layout)


def text_lines(text: str) -> list[str]:
    """Return the non-blank lines of a page's text, cleaned."""
    return [line for line in clean_text(text).split("\n") if line.strip()]


def running_lines(shapes: list[PageShapes]) -> Running:
    """Return a file's running lines from its pages' shapes (kind labels kept)."""
    return running(shapes, _label_shapes())


def furnished(
    reading: Reading,
    lines: list[list[str]],
    repeated: Running,
    layout: LayoutProfile = DEFAULT,
    span: range | None = None,
) -> list[Page]:
    """Return the pages of a reading (those at the indexes ``span``, or all)
    with furniture set apart; ``lines`` are every page's :func:`text_lines`."""
    named = repeated.named_before(span.start if span else 0)
    pages = []
    for i in span if span is not None else range(len(reading.raw)):
        raw = reading.raw[i]
        content, furniture = split_furniture(lines[i], repeated.repeated, layout, named)
        text = "\n".join(content)
        scan = reading.scans.get(raw.number)
        needs_ocr = scan is None and _scanned(raw, layout, lines[i])
        pages.append(
            Page(
                number=raw.number,
                text=text,
                furniture="\n".join(furniture),
                needs_ocr=needs_ocr,
                tables=[] if scan else _tables(raw, text),
                quality=_quality(lines[i], scan, needs_ocr),
                ocr_confidence=scan.confidence if scan else None,
                ocr_source=_source(scan),
            )
        )
    return pages


def _source(scan: ocr.Scan | None) -> str | None:
    """Return how a page was read with OCR (:attr:`Page.ocr_source`)."""
    if scan is None:
        return None
    return "cache" if scan.cached else "tesseract"


def _text(raw: pdf.RawPage, reading: Reading) -> str:
    """Return a page's text: its OCR reading if it has one, else its text layer."""
    scan = reading.scans.get(raw.number)
    return scan.text if scan is not None else raw.text


def _scanned(
    raw: pdf.RawPage, layout: LayoutProfile, lines: list[str] | None = None
) -> bool:
    """Return True when a page carries images but (almost) no text layer
    (``lines``: its :func:`text_lines`, when known)."""
    if raw.graphics <= 0:
        return False
    if lines is None:
        lines = text_lines(raw.text)
    visible = sum(len(line.strip()) for line in lines)
    return visible < layout.min_text_chars


def _quality(lines: list[str], scan: ocr.Scan | None, needs_ocr: bool) -> str:
    """Return where a page's text comes from and how far it can be trusted.

    ``text-damaged`` is a text layer that lost å, ä and ö (an earlier OCR);
    it is judged on pages with enough long words
    (:func:`extractors.lang.stem.lost_diacritics`).
    """
    if scan is not None:
        return scan.quality
    if needs_ocr or not any(line.strip() for line in lines):
        return "empty"
    return "text-damaged" if lost_diacritics("\n".join(lines)) else "text"


def read_raw(data: bytes) -> list[pdf.RawPage]:
    """Return the engine's pages of the PDF in ``data``."""
    return pdf.read_pages(data, wants_tables=_hinted)


def read_engine(
    data: bytes, numbers: range
) -> tuple[list[pdf.RawPage], list[int], list[int]]:
    """Return :func:`read_raw` of ``numbers`` as the engine reads them, and
    the numbers of the pages pdfplumber must read again (:func:`read_plumber`):
    for their label column, and for their tables."""
    return pdf.read_engine(data, _hinted, numbers)


def read_plumber(
    data: bytes, pages: list[pdf.RawPage], margins: Collection[int]
) -> dict[int, pdf.RawPage]:
    """Return ``pages`` read again by pdfplumber, by number (:func:`read_engine`)."""
    return pdf.read_plumber(data, pages, margins, _hinted)


def page_count(data: bytes) -> int:
    """Return the number of pages of the PDF in ``data``."""
    return pdf.page_count(data)


def _hinted(text: str) -> bool:
    """Return True when a page's text, cleaned, hints at a ruled table."""
    return hints_table(clean_text(text))


def _tables(raw: pdf.RawPage, text: str) -> list[list[list[str]]]:
    """Return the page's ruled tables when its text (furniture set apart) hints at one.

    They were read with the page: its content lines are lines of its whole
    text, which hinted at one too. A page read without tables (most pages)
    has none to keep, so its text is not searched.
    """
    if not raw.tables or not hints_table(text):
        return []
    return [
        [[clean_text(cell or "").strip() for cell in row] for row in table]
        for table in raw.tables or []
    ]


def _label_shapes() -> frozenset[str]:
    """Return the furniture shapes of bare kind labels (never stripped as furniture)."""
    labels = tuple(label for spec in REGISTRY.values() for label in spec.labels)
    return _shapes_of(labels)


@functools.lru_cache(maxsize=4)
def _shapes_of(labels: tuple[str, ...]) -> frozenset[str]:
    """Return the furniture shapes of some labels (worked out once, not a file)."""
    return frozenset(shape(label) for label in labels)
