"""Read PDFs: with :mod:`pipeline.read`'s helpers, the only code that opens one.

pypdfium2 is the fast text path (hundreds of pages a second). A page whose
text runs show a left-margin label column has its text rebuilt by
:mod:`pipeline.read.margin` from its words, built from the engine's
characters as pdfplumber builds them (:mod:`pipeline.read.words`); every
other page keeps the engine's text exactly. Pages are always closed so
memory stays flat on long files.

A page's tables are only looked for when the engine's page objects show one
could be there (:mod:`pipeline.read.hints`): ruled lines across and down
the page, or the header words of an unruled vote table set out in columns.
They are then read from the same page objects as pdfplumber's
``extract_tables()`` reads them (:mod:`pipeline.read.ruled`), several times
faster than pdfplumber parsing the page.

pdfplumber is kept as the fallback where the engine's reading cannot be
trusted to equal it: a label column on a page whose rotated characters
cannot be read as pdfplumber reads them
(:func:`pipeline.read.words.page_judged`: an unknown box, or word
decisions too close to call whose outcomes give different label texts),
and the pages :func:`pipeline.read.ruled.page_tables` declines (a shifted
or turned media box, text drawn as outlines, rotated characters near a
table or among the words of a vote table whose outcomes give different
tables). Those pages are read in one pass: pdfplumber opens a file at
most once, whatever its length. ``PLUMBER_OPENS`` and ``PLUMBER_PAGES``
count the files it opened and the pages it parsed (tests check both).
pdfplumber is imported on first use: with pdfminer and cryptography its
import cost 0.08 s of CPU in every run's start, for pages that are rare.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium

from extractors.core.errors import DamagedPDF, EmptyFile, NotAPDF
from pipeline.read.grid import (
    has_vote_header,
    may_have_grid,
    vote_grid,
)
from pipeline.read.hints import aligned_header as _aligned_header
from pipeline.read.hints import has_label_column as _has_label_column
from pipeline.read.hints import ruled as _ruled
from pipeline.read.hints import shapes as _shapes
from pipeline.read.margin import Box, label_text, row_key
from pipeline.read.refusal import refusal
from pipeline.read.ruled import Table, page_tables
from pipeline.read.words import BOLD, page_judged

if TYPE_CHECKING:
    import pdfplumber

log = logging.getLogger(__name__)


#: Pages read from one open of a PDF before it is opened again. The engine
#: keeps what it parsed of a document (page dictionaries, fonts, content
#: streams) until the document is closed: about 84 KB a page on the shared
#: real records, 520 MiB for a 5,000-page file read in one open. Opened again
#: every 200 pages it took about 30 MiB, for the same CPU time (an open of a
#: 10,000-page file costs some 6 ms).
REOPEN_PAGES = 200

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
) -> list[RawPage]:
    """Return the text of every page of the PDF in ``data``.

    A page whose text ``wants_tables`` accepts (the rebuilt text on a page
    with a label column) gets its ruled tables too. Each page is read on its
    own, so reading a file in page ranges gives the same pages.
    """
    wants = wants_tables or (lambda text: False)
    pages, margins, untrusted = _engine_pages(data, wants)
    todo_numbers = sorted(set(margins) | set(untrusted))
    if not todo_numbers:
        return pages
    first = pages[0].number
    todo = [pages[n - first] for n in todo_numbers]
    done = _plumber_pass(data, todo, set(margins), wants)
    return [done.get(p.number, p) for p in pages]


def read_engine(
    data: bytes, wants_tables: Callable[[str], bool], numbers: range
) -> tuple[list[RawPage], list[int], list[int]]:
    """:func:`read_pages` without pdfplumber: the engine's pages ``numbers``,
    the numbers of those with a label column and of those whose tables
    pdfplumber must read (:func:`read_plumber` reads them, for page ranges
    whose pdfplumber pages are read together)."""
    return _engine_pages(data, wants_tables, numbers)


def read_plumber(
    data: bytes,
    pages: list[RawPage],
    margins: Collection[int],
    wants_tables: Callable[[str], bool],
) -> dict[int, RawPage]:
    """Return ``pages`` (of :func:`read_engine`) as pdfplumber reads them, one open."""
    return _plumber_pass(data, pages, set(margins), wants_tables)


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
        raise refusal(data) from exc


def _engine_pages(
    data: bytes, wants: Callable[[str], bool], numbers: range | None = None
) -> tuple[list[RawPage], list[int], list[int]]:
    """Return each page's engine reading, and the numbers of the pages that
    pdfplumber must read: their label column, or their tables."""
    count = page_count(data)
    wanted = range(1, count + 1) if numbers is None else numbers
    indexes = range(wanted.start - 1, min(wanted.stop - 1, count))
    read = [_engine_page(page, i + 1, wants) for i, page in in_turn(data, indexes)]
    if not read:
        raise DamagedPDF("PDF has no pages")
    pages = [page for page, _, _ in read]
    margins = [page.number for page, margin, _ in read if margin]
    return pages, margins, [page.number for page, _, plumber in read if plumber]


def in_turn(
    data: bytes, indexes: Sequence[int], every: int = 0
) -> Iterator[tuple[int, pdfium.PdfPage]]:
    """Yield ``(index, page)`` of the pages ``indexes`` of the PDF in ``data``;
    the caller closes each page.

    The PDF is opened again every ``every`` pages (:data:`REOPEN_PAGES`
    unless given), so the engine's memory does not grow with the file.
    """
    every = every or REOPEN_PAGES
    for start in range(0, len(indexes), every):
        pdf = _open(data)
        try:
            for index in indexes[start : start + every]:
                yield index, _page(pdf, index)
        finally:
            pdf.close()


def _engine_page(
    page: pdfium.PdfPage, number: int, wants: Callable[[str], bool]
) -> tuple[RawPage, bool, bool]:
    """Return one page's engine reading, and whether pdfplumber must read its
    labels, and its tables.

    A page with a label column gets its text rebuilt from the engine's words
    (:mod:`pipeline.read.words`); only where they cannot be built alike
    (rotated characters of an unknown box, or word decisions on rotated
    characters too close to call whose outcomes give different label texts)
    is the page left to pdfplumber. Its tables,
    when wanted, are read from the engine's page objects
    (:mod:`pipeline.read.ruled`).
    """
    try:
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        margin = _has_label_column(textpage, page)
        if margin and (found := _label_text(textpage, page)) is not None:
            margin, rebuilt = False, found[0]
            text = rebuilt if rebuilt is not None else text
        shapes, wanted = _shapes(page), wants(text)  # the text decides, once
        ruled = _ruled(shapes)
        aligned = (
            not ruled and may_have_grid(text) and _aligned_header(textpage, page, text)
        )
        tables = _tables(page, textpage, wanted, ruled or aligned, not margin)
        raw = RawPage(number, text, len(shapes), tables, ruled, aligned)
        textpage.close()
    finally:
        page.close()
    return raw, margin, tables is None and wanted


def _label_text(
    textpage: pdfium.PdfTextPage, page: pdfium.PdfPage
) -> tuple[str | None] | None:
    """Return ``(text,)``: the page's text rebuilt from its words (None
    without a label column), or None when pdfplumber must read the words."""
    width = page.get_width()
    return page_judged(
        textpage, page.get_height(), lambda w: label_text(w, width), row_key
    )


def _tables(
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage,
    wanted: bool,
    possible: bool,
    engine: bool = True,
) -> list[Table] | None:
    """Return the page's tables when ``wanted`` (none unless ``possible``:
    ruled, or a vote table set out in columns), ``None`` when not wanted or
    when pdfplumber must read them, as it does a page it reads anyway (not
    ``engine``)."""
    if not wanted:
        return None
    if not possible:
        return []
    return page_tables(page, textpage) if engine else None


def _page(pdf: pdfium.PdfDocument, index: int) -> pdfium.PdfPage:
    """Return page ``index``; a page the engine cannot load damages the file."""
    try:
        return pdf[index]
    except pdfium.PdfiumError as exc:
        raise DamagedPDF(
            f"damaged PDF (page {index + 1} of {len(pdf)} cannot be read; "
            "its page tree may loop)"
        ) from exc


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
    import pdfplumber  # not at import: see the module's docstring

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
    return label_text(boxes, float(page.width))


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
            bool(BOLD.search(w.get("fontname", ""))),
        )
        for w in words
    ]


def read_tables(data: bytes, numbers: Collection[int]) -> dict[int, list[Table]]:
    """Return the ruled tables of each page in ``numbers``.

    They are read from the engine's page objects; pdfplumber reads only the
    pages where that reading cannot be trusted (:func:`ruled.page_tables`).
    """
    wanted = sorted(set(numbers))
    tables: dict[int, list[Table] | None] = {}
    for index, page in in_turn(data, [number - 1 for number in wanted]):
        try:
            textpage = page.get_textpage()
            tables[index + 1] = page_tables(page, textpage)
            textpage.close()
        finally:
            page.close()
    rest = [number for number in wanted if tables[number] is None]
    found = {n: t for n, t in tables.items() if t is not None}
    return found | (plumber_tables(data, rest) if rest else {})


def plumber_tables(data: bytes, numbers: Collection[int]) -> dict[int, list[Table]]:
    """Return the tables of each page in ``numbers`` as pdfplumber reads them.

    The reference the engine's reading is tested against, and its fallback.
    """
    pages = _plumber_pages(data, sorted(set(numbers)))
    return {number: _page_tables(page) for number, page in pages}
