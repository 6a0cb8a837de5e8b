"""Read stage: PDF bytes → cleaned page texts with furniture set apart."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from extractors.core.layout import DEFAULT, LayoutProfile
from extractors.core.models import Page
from extractors.kinds import REGISTRY
from extractors.lang.stem import lost_diacritics
from extractors.lang.structure import table_hint
from extractors.lang.text import clean_text
from pipeline.read import ocr, pdf
from pipeline.read.furniture import repeated_shapes, shape, split_furniture


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
) -> Reading:
    """Read every page's text layer, and with OCR the pages that have none.

    ``raw_pages``, when given, are the file's pages as :func:`read_raw` read
    them (whole or in page ranges); they do not depend on the layout.
    ``threads`` tesseract processes run at once (see :func:`ocr.read_scans`).
    """
    if raw_pages is None:
        raw_pages = read_raw(data)
    scanned = [raw.number for raw in raw_pages if _scanned(raw, DEFAULT)]
    return Reading(raw_pages, ocr.read_scans(data, scanned, threads))


def pages_of(
    data: bytes, reading: Reading, layout: LayoutProfile = DEFAULT
) -> list[Page]:
    """Return the pages of a reading with furniture set apart as ``layout`` says."""
    page_lines = [
        [line for line in clean_text(_text(raw, reading)).split("\n") if line.strip()]
        for raw in reading.raw
    ]
    repeated = repeated_shapes(page_lines, _label_shapes(), layout)
    named: set[str] = set()
    pages = []
    for raw, lines in zip(reading.raw, page_lines, strict=True):
        content, furniture = split_furniture(lines, repeated, layout, named)
        text = "\n".join(content)
        scan = reading.scans.get(raw.number)
        needs_ocr = scan is None and _scanned(raw, layout)
        pages.append(
            Page(
                number=raw.number,
                text=text,
                furniture="\n".join(furniture),
                needs_ocr=needs_ocr,
                tables=[] if scan else _tables(raw, text),
                quality=_quality(lines, scan, needs_ocr),
                ocr_confidence=scan.confidence if scan else None,
            )
        )
    return pages


def _text(raw: pdf.RawPage, reading: Reading) -> str:
    """Return a page's text: its OCR reading if it has one, else its text layer."""
    scan = reading.scans.get(raw.number)
    return scan.text if scan is not None else raw.text


def _scanned(raw: pdf.RawPage, layout: LayoutProfile) -> bool:
    """Return True when a page carries images but (almost) no text layer."""
    visible = sum(len(line.strip()) for line in clean_text(raw.text).split("\n"))
    return visible < layout.min_text_chars and raw.graphics > 0


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


def read_raw(data: bytes, numbers: range | None = None) -> list[pdf.RawPage]:
    """Return the engine's pages of the PDF in ``data`` (or of ``numbers``)."""
    return pdf.read_pages(data, wants_tables=_hinted, numbers=numbers)


def page_count(data: bytes) -> int:
    """Return the number of pages of the PDF in ``data``."""
    return pdf.page_count(data)


def _hinted(text: str) -> bool:
    """Return True when a page's text, cleaned, hints at a ruled table."""
    return bool(table_hint().search(clean_text(text)))


def _tables(raw: pdf.RawPage, text: str) -> list[list[list[str]]]:
    """Return the page's ruled tables when its text (furniture set apart) hints at one.

    They were read with the page: its content lines are lines of its whole
    text, which hinted at one too.
    """
    if not table_hint().search(text):
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
