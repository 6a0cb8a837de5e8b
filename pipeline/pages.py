"""A file's pages: read, furniture set apart, municipality found, privacy kept.

Every file goes through the same rounds (:meth:`Share.map`); a small one,
or any file outside a pool of workers, in one part in its worker. A large
file in a pool (:class:`pipeline.parallel.Share`) is cut into parts, which
its worker and the helpers each round claims work on. The first round reads
page ranges with the engine and finds the shapes of each page's outer
lines; the second reads the pages pdfplumber must read, shared out evenly
(pdfplumber parses the file's page tree on every open, so one open per
process instead of one per range). The worker counts the shapes over the
whole file (running headers repeat across ranges); in the third round each
process sets the furniture of its pages apart, scores the municipality's
letterheads on them and masks them. The worker adds the scores up in page
order, so every page and the municipality are what one process finds.
Contacts are masked against the organisation's mail domains in the whole
file: the third round collects each span's domains, and a fourth masks the
pages. A municipality whose layout profile is not the default sets its
pages' furniture apart again, in the worker alone (no profile does so far).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

from extractors.core.layout import DEFAULT, LayoutProfile, layout_profile
from extractors.core.models import Page
from extractors.lang.contacts import mask_contacts, organisation_domains
from extractors.lang.municipalities import best_municipality, municipality_scores
from extractors.lang.privacy import mask_personal_ids, secrecy_stamp
from pipeline.parallel import Share, page_ranges
from pipeline.read import (
    Reading,
    furnished,
    page_count,
    pages_of,
    read_engine,
    read_layers,
    read_plumber,
    read_raw,
    running_lines,
    scanned_pages,
    text_lines,
)
from pipeline.read.furniture import PageShapes, Running, page_shapes
from pipeline.read.pdf import RawPage

if TYPE_CHECKING:
    from pipeline.ahead import Early

Found = tuple[list[Page], str | None, LayoutProfile]


def file_pages(
    data: bytes,
    municipality: str | None = None,
    share: Share | None = None,
    contacts: bool = False,
    early: Early | None = None,
) -> Found:
    """Return a PDF's pages, protected, with the municipality detected and the layout.

    ``municipality``, when given, chooses the layout profile instead of the
    one detected; ``contacts`` masks private persons' mail and phone numbers.
    ``early`` holds pages already read (:mod:`pipeline.ahead`), which are
    not read again.
    """
    count = page_count(data) if share is not None and share.helpers > 0 else 0
    split = share is not None and share.splits(count)
    work = share if share is not None else Share()
    if split:
        raw, lines, shapes = _read_ranges(data, count, work, early)
    else:
        whole = early.whole if early is not None else None
        raw, lines, shapes = whole if whole is not None else read_whole(data)
    scans = scanned_pages(raw, lines)
    with work.claimed(len(scans) - 1) as threads:  # tesseract processes, if any
        threads_or_none = threads if share is not None else None
        reading = read_layers(data, raw, threads_or_none, lines, scans)
    for i, page in enumerate(raw):  # a page read with OCR has other lines
        if page.number in reading.scans:
            lines[i] = text_lines(reading.scans[page.number].text)
            shapes[i] = page_shapes(lines[i])
    parts = page_ranges(len(raw), work.processes if split else 1)
    spans = [range(r.start - 1, r.stop - 1) for r in parts]
    furnish = partial(_furnish, reading, lines, running_lines(shapes), contacts)
    done = work.map(lambda i: furnish(spans[i]), len(spans))
    pages = [page for part in done for page in part.pages]
    scores: Counter[str] = Counter()
    for part in done:
        scores.update(part.scores)
    detected = best_municipality(scores)
    layout = layout_profile(municipality or detected)
    if layout != DEFAULT:
        return _again(data, reading, layout, detected, municipality, contacts)
    if contacts:  # masked against the domains found in every span
        found = {domain for part in done for domain in part.domains}
        home = found | organisation_domains([], municipality or detected)
        pages = _masked(pages, spans, frozenset(home), work)
    return pages, detected, layout


def _masked(
    pages: list[Page], spans: list[range], home: frozenset[str], share: Share
) -> list[Page]:
    """Return ``pages`` protected, contacts masked, a span of indexes a process."""

    def mask(i: int) -> list[Page]:
        return [protect(pages[k], home) for k in spans[i]]

    return [page for part in share.map(mask, len(spans)) for page in part]


@dataclass(frozen=True)
class PageRange:
    """One page range as a helper read it with the engine."""

    raw: list[RawPage]
    lines: list[list[str]]
    """Every page's :func:`pipeline.read.text_lines`."""
    shapes: list[PageShapes]
    margins: list[int]
    """Pages whose label column pdfplumber must read."""
    plumbed: list[int]
    """Pages pdfplumber must read (label columns, tables)."""


Lined = tuple[list[RawPage], list[list[str]], list[PageShapes]]


def _read_ranges(
    data: bytes, count: int, share: Share, early: Early | None = None
) -> Lined:
    """Return every page of a file, its lines and their shapes, read in ranges.

    The engine reads page ranges, after the first pages already read
    (``early``); then the pages that pdfplumber must read are shared out
    evenly (pdfplumber parses the file's page tree each time it opens it,
    so a range's few such pages would cost one open each).
    """
    parts = _first_pages(early.ranges if early is not None else [])
    after = sum(len(part.raw) for part in parts)
    rest = share.ranges(count - after) if after < count else []
    ranges = [range(after + r.start, after + r.stop) for r in rest]
    if ranges:
        parts = parts + share.map(lambda i: read_range(data, ranges[i]), len(ranges))
    raw = [page for part in parts for page in part.raw]
    lines = [page for part in parts for page in part.lines]
    shapes = [page for part in parts for page in part.shapes]
    todo = [number for part in parts for number in part.plumbed]
    margins = {number for part in parts for number in part.margins}
    at = {page.number: i for i, page in enumerate(raw)}
    for part in share.map_parts(partial(_plumb, data, raw, at, margins), todo):
        for i, page, page_lines, page_shape in part:
            raw[i], lines[i], shapes[i] = page, page_lines, page_shape
    return raw, lines, shapes


def _first_pages(parts: list[PageRange]) -> list[PageRange]:
    """Return ``parts`` when they hold a file's first pages in order, else none."""
    numbers = [page.number for part in parts for page in part.raw]
    return parts if numbers == list(range(1, len(numbers) + 1)) else []


def read_whole(data: bytes) -> Lined:
    """Return every page of a file, its lines and their shapes, in one pass."""
    raw = read_raw(data)
    lines = [text_lines(page.text) for page in raw]
    return raw, lines, [page_shapes(page) for page in lines]


def read_range(data: bytes, numbers: range) -> PageRange:
    """Return the pages ``numbers`` as the engine reads them, with lines and shapes."""
    raw, margins, tables = read_engine(data, numbers)
    lines = [text_lines(page.text) for page in raw]
    shapes = [page_shapes(page) for page in lines]
    return PageRange(raw, lines, shapes, margins, sorted({*margins, *tables}))


def _plumb(
    data: bytes,
    raw: list[RawPage],
    at: dict[int, int],
    margins: set[int],
    numbers: list[int],
) -> list[tuple[int, RawPage, list[str], PageShapes]]:
    """Return the pages ``numbers`` read by pdfplumber, by index, with their
    lines and shapes."""
    done = read_plumber(data, [raw[at[n]] for n in numbers], margins)
    out = []
    for number in numbers:
        page = done.get(number, raw[at[number]])
        lines = text_lines(page.text)
        out.append((at[number], page, lines, page_shapes(lines)))
    return out


@dataclass(frozen=True)
class _Furnished:
    """The pages of one span, furniture set apart, as a process found them."""

    pages: list[Page]
    """Protected, unless contacts are to be masked (by the worker's domains)."""
    scores: Counter[str]
    """The municipalities' letterhead scores on the pages."""
    domains: set[str]
    """The organisation's mail domains on the pages (when contacts are masked)."""


def _furnish(
    reading: Reading,
    lines: list[list[str]],
    repeated: Running,
    contacts: bool,
    span: range,
) -> _Furnished:
    """Return the pages at the indexes ``span``, with their letterhead scores,
    protected unless ``contacts`` are to be masked (then with their domains)."""
    pages = furnished(reading, lines, repeated, DEFAULT, span)
    scores = municipality_scores(_letterheads(pages))
    if contacts:
        texts = [part for p in pages for part in (p.text, p.furniture)]
        return _Furnished(pages, scores, organisation_domains(texts))
    return _Furnished([protect(page) for page in pages], scores, set())


def _again(
    data: bytes,
    reading: Reading,
    layout: LayoutProfile,
    detected: str | None,
    municipality: str | None,
    contacts: bool,
) -> Found:
    """Return the pages of a layout other than the default, furniture set
    apart again and protected, in this process."""
    pages = pages_of(data, reading, layout)
    home = None
    if contacts:
        texts = [part for p in pages for part in (p.text, p.furniture)]
        home = frozenset(organisation_domains(texts, municipality or detected))
    return [protect(page, home) for page in pages], detected, layout


def _letterheads(pages: list[Page]) -> list[str]:
    """Return every page's text as the municipality is detected in it."""
    return ["\n".join(part for part in (p.furniture, p.text) if part) for p in pages]


def protect(page: Page, contacts: frozenset[str] | None = None) -> Page:
    """Return ``page`` with personnummer masked and a secret page's text withheld.

    ``contacts``, the organisation's mail domains, asks to mask private
    persons' e-mail addresses and phone numbers too.
    """
    lines = [line for line in page.text.split("\n") if line.strip()]
    stamp = secrecy_stamp(lines) or secrecy_stamp(page.furniture.split("\n"))
    if stamp is not None:
        return replace(page, text="", furniture="", tables=[], withheld=stamp)
    text, in_text = mask_personal_ids(page.text)
    furniture, in_furniture = mask_personal_ids(page.furniture)
    tables = [
        [[mask_personal_ids(cell)[0] for cell in row] for row in table]
        for table in page.tables
    ]
    found = 0
    if contacts is not None:
        text, in_text_contacts = mask_contacts(text, contacts)
        furniture, found = mask_contacts(furniture, contacts)
        found += in_text_contacts
        tables = [
            [[mask_contacts(cell, contacts)[0] for cell in row] for row in table]
            for table in tables
        ]
    return replace(
        page,
        text=text,
        furniture=furniture,
        tables=tables,
        masked=in_text + in_furniture,
        masked_contacts=found,
    )
