"""Read stage: PDF bytes → cleaned page texts with furniture set apart."""

from __future__ import annotations

from extractors.core.layout import DEFAULT, LayoutProfile
from extractors.core.models import Page
from extractors.kinds import REGISTRY
from extractors.lang.structure import table_hint
from extractors.lang.text import clean_text
from pipeline.read import pdf
from pipeline.read.furniture import repeated_shapes, shape, split_furniture


def read_raw(data: bytes) -> list[pdf.RawPage]:
    """Return the engine's pages of ``data``, with tables where the text hints one."""
    return pdf.read_pages(data, wants_tables=_hinted)


def read_pdf(
    data: bytes,
    layout: LayoutProfile = DEFAULT,
    raw_pages: list[pdf.RawPage] | None = None,
) -> list[Page]:
    """Return every page of the PDF in ``data`` as a :class:`Page`.

    ``raw_pages`` (from :func:`read_raw`) saves reading the PDF again when
    the same file is laid out once more with another layout profile.
    """
    if raw_pages is None:
        raw_pages = read_raw(data)
    page_lines = [
        [line for line in clean_text(raw.text).split("\n") if line.strip()]
        for raw in raw_pages
    ]
    repeated = repeated_shapes(page_lines, _label_shapes(), layout)
    named: set[str] = set()
    pages = []
    for raw, lines in zip(raw_pages, page_lines, strict=True):
        content, furniture = split_furniture(lines, repeated, layout, named)
        visible = sum(len(line.strip()) for line in lines)
        text = "\n".join(content)
        pages.append(
            Page(
                number=raw.number,
                text=text,
                furniture="\n".join(furniture),
                needs_ocr=visible < layout.min_text_chars and raw.graphics > 0,
                tables=_tables(raw, text),
            )
        )
    return pages


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
    return frozenset(
        shape(label) for spec in REGISTRY.values() for label in spec.labels
    )
