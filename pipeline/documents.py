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
from extractors.core.tables import Each, Source, serially
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

    def extract(i: int, each: Each = serially) -> Done:
        doc, failure = _document(i, segments[i], furniture, tables, layout, kinds, each)
        return doc, failure, mentions_of([doc])

    spread = share if share is not None and share.splits(len(pages)) else None
    found: dict[int, Done] = {}
    if spread is not None:  # a long document's parts on every core
        for i in _in_parts(segments, spread, kinds):
            found[i] = extract(i, spread.map)
    rest = [i for i in range(len(segments)) if i not in found]
    if spread is not None and len(rest) > 1:
        found.update(_in_helpers(extract, segments, rest, spread))
    else:
        found.update((i, extract(i)) for i in rest)
    done = [found[i] for i in range(len(segments))]
    return Extracted(
        [doc for doc, _, _ in done],
        [failure for _, failure, _ in done if failure is not None],
        [mention for _, _, found in done for mention in found],
    )


def _in_parts(
    segments: list[Segment], share: Share, kinds: Mapping[str, KindSpec]
) -> list[int]:
    """Return the segments long enough to be read in ranges whose kind
    extracts a document in parts (:attr:`KindSpec.in_parts`): their parts
    are shared by the worker and its helpers, one document after another,
    before the other documents are shared out whole."""
    chosen = []
    for i, seg in enumerate(segments):
        if seg.lines and share.splits(seg.lines[-1].page - seg.lines[0].page + 1):
            text = "\n".join(line.text for line in seg.lines)
            if kinds.get(classify(text, seg.labels), kinds["other"]).in_parts:
                chosen.append(i)
    return chosen


def _in_helpers(
    extract: Callable[[int], Done],
    segments: list[Segment],
    chosen: list[int],
    share: Share,
) -> dict[int, Done]:
    """Return ``extract`` of the ``chosen`` segments, computed by the helpers
    of ``share``, by segment.

    The largest segments are taken first; a document travels back without
    its lines (the larger part of it), which are the segment's own.
    """

    def light(k: int) -> Done:
        doc, failure, found = extract(chosen[k])
        doc.lines = []
        return doc, failure, found

    order = sorted(range(len(chosen)), key=lambda k: -len(segments[chosen[k]].lines))
    done = share.map(light, len(chosen), order)
    for i, (doc, _, _) in zip(chosen, done, strict=True):
        doc.lines = segments[i].lines
    return dict(zip(chosen, done, strict=True))


def _document(
    index: int,
    seg: Segment,
    furniture: dict[int, str],
    tables: dict[int, list[list[list[str]]]],
    layout: LayoutProfile,
    kinds: Mapping[str, KindSpec],
    each: Each = serially,
) -> tuple[Document, ExtractionFailure | None]:
    """Classify and extract one segment; return the document and any failure.

    ``each`` computes the parts of a kind that extracts in parts."""
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
        each,
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
