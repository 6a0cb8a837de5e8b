"""Documents of a file: segment, classify and extract, in helpers when cores are spare.

Documents are independent once the file is segmented, so a large file's
documents are extracted by its worker and the helpers it claims for the
round (:meth:`pipeline.parallel.Share.map`), which take the largest first and
the next one as they finish. Each helper also finds its documents'
case-number mentions, and sends its documents back without their lines,
which the worker already holds: every document is computed as in one
process, so the result is the same with any number of helpers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from extractors.core.layout import DEFAULT, LayoutProfile
from extractors.core.models import DnrMention, Document, ExtractionFailure, Page
from extractors.core.spec import KindSpec
from extractors.core.tables import Source
from extractors.kinds import REGISTRY
from extractors.parts.header import document_title, extract_header, meeting_date
from extractors.parts.signatures import dateline
from pipeline.parallel import Share
from pipeline.split.classify import classify, is_bare_label, label_of
from pipeline.split.mentions import mentions_of
from pipeline.split.segment import Segment, segment

log = logging.getLogger(__name__)

Done = tuple[Document, ExtractionFailure | None, list[DnrMention]]


@dataclass(frozen=True)
class Extracted:
    """A file's documents, its extractors' failures and its case-number mentions."""

    documents: list[Document]
    failures: list[ExtractionFailure]
    mentions: list[DnrMention]
    """In document order, prefixes not yet resolved within the file."""


def documents_of(
    pages: list[Page],
    layout: LayoutProfile = DEFAULT,
    kinds: Mapping[str, KindSpec] = REGISTRY,
    share: Share | None = None,
) -> tuple[list[Document], list[ExtractionFailure]]:
    """Segment, classify and extract every document; collect extractor failures.

    ``kinds`` maps each kind to its spec (the registry unless a caller, such
    as a test of a new kind, passes its own). With ``share``, the documents
    of a large file are extracted in helper processes.
    """
    found = extracted(pages, layout, kinds, share)
    return found.documents, found.failures


def extracted(
    pages: list[Page],
    layout: LayoutProfile = DEFAULT,
    kinds: Mapping[str, KindSpec] = REGISTRY,
    share: Share | None = None,
) -> Extracted:
    """Return the documents of ``pages``, their failures and their mentions."""
    tables = {page.number: page.tables for page in pages if page.tables}
    furniture = {page.number: page.furniture for page in pages}
    segments = list(segment(pages, layout))

    def extract(i: int) -> Done:
        doc, failure = _document(i, segments[i], furniture, tables, layout, kinds)
        return doc, failure, mentions_of([doc])

    if share is not None and share.splits(len(pages)) and len(segments) > 1:
        done = _in_helpers(extract, segments, share)
    else:
        done = [extract(i) for i in range(len(segments))]
    return Extracted(
        [doc for doc, _, _ in done],
        [failure for _, failure, _ in done if failure is not None],
        [mention for _, _, found in done for mention in found],
    )


def _in_helpers(
    extract: Callable[[int], Done], segments: list[Segment], share: Share
) -> list[Done]:
    """Return ``extract`` of every segment, computed by the helpers of ``share``.

    The largest segments are taken first; a document travels back without
    its lines (the larger part of it), which are the segment's own.
    """

    def light(i: int) -> Done:
        doc, failure, found = extract(i)
        doc.lines = []
        return doc, failure, found

    order = sorted(range(len(segments)), key=lambda i: -len(segments[i].lines))
    done = share.map(light, len(segments), order)
    for i, (doc, _, _) in enumerate(done):
        doc.lines = segments[i].lines
    return done


def _document(
    index: int,
    seg: Segment,
    furniture: dict[int, str],
    tables: dict[int, list[list[list[str]]]],
    layout: LayoutProfile,
    kinds: Mapping[str, KindSpec],
) -> tuple[Document, ExtractionFailure | None]:
    """Classify and extract one segment; return the document and any failure."""
    doc = Document(index=index, lines=seg.lines)
    texts = [line.text for line in seg.lines]
    doc.kind = classify("\n".join(texts), seg.labels)
    spec = kinds.get(doc.kind, kinds["other"])
    lines = furniture.get(doc.page_start, "").split("\n")
    _common_fields(doc, spec, texts, layout, [x for x in lines if x.strip()])
    doc.extractor = spec.label
    doc.kind = spec.stored_kind  # an extract is stored as "protokoll"
    pages_of_doc = range(doc.page_start, doc.page_end + 1)
    source = Source(
        [(line.page, line.text) for line in seg.lines],
        {n: tables[n] for n in pages_of_doc if n in tables},
        doc.organ,
        doc.date,
        doc.title,
        layout,
    )
    try:
        doc.records = spec.extract(source)
    except Exception as exc:  # one document's bug must not lose the file
        log.warning("%s failed on document %d: %s", spec.label, index, exc)
        doc.records = {}
        return doc, ExtractionFailure(doc, spec.label, f"{type(exc).__name__}: {exc}")
    return doc, None


def _common_fields(
    doc: Document,
    spec: KindSpec,
    texts: list[str],
    layout: LayoutProfile,
    furniture: Sequence[str] = (),
) -> None:
    """Fill title, date and body (organ) from the document's header.

    A meeting's date printed only in the running header of the document's
    first page ("Sammanträdesdatum: 2025-04-07" on every page of an
    extract) is read from ``furniture``.
    """
    own = (_own_label(doc.kind, True), _own_label(doc.kind, False))
    header = extract_header(texts, *own, layout=layout, is_kind_label=is_bare_label)
    meeting = spec.meeting_paper(texts)
    doc.title = spec.own_title(texts) or document_title(
        spec.stored_kind, header, texts, meeting, layout
    )
    doc.date = header.date or (dateline(texts) if spec.dated_by_dateline else None)
    if spec.dated_by_meeting:
        doc.date = (
            meeting_date(texts, layout)
            or meeting_date(list(furniture), layout)
            or extract_header(texts[:3], layout=layout).date
        )
    doc.organ = header.organ
    if header.dnr and not meeting:  # a meeting's papers cover many cases
        doc.dnr, doc.dnr_raw = header.dnr.key, header.dnr.raw


def _own_label(kind: str, strong: bool) -> Callable[[str], bool]:
    """Return a test for lines that are a strong (or weak) label of ``kind``."""

    def own(line: str) -> bool:
        return label_of(line) == (kind, strong) and not line.startswith("§")

    return own
