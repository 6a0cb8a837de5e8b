"""Per-file work as a pure function: PDF bytes in, records out.

Nothing here touches the database or the file system beyond reading the one
file, so it runs unchanged in worker processes (and later on a cluster).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from pathlib import Path

from extractors import REGISTRY, Source
from extractors.common import document_title, extract_header, meeting_date
from extractors.swedish import Dnr, find_dnrs, format_dnr

from .classify import PARAGRAPH_LINE, classify, label_of
from .errors import DiariumError
from .models import DnrMention, Document, Failure, FileResult, Page, SourceFile
from .read import read_pdf
from .segment import segment

log = logging.getLogger(__name__)


def source_of(path: str | Path, data: bytes) -> SourceFile:
    """Return the :class:`SourceFile` describing ``data`` read from ``path``."""
    return SourceFile(str(path), hashlib.sha256(data).hexdigest(), len(data))


def process_path(path: str) -> FileResult | Failure:
    """Read and process one file; a bad file becomes a :class:`Failure`."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        source = SourceFile(path, f"unreadable:{path}", 0)
        return Failure(source, f"cannot read file: {exc.strerror}")
    source = source_of(path, data)
    try:
        return process_bytes(data, source)
    except DiariumError as exc:
        return Failure(source, str(exc))
    except Exception as exc:  # a bug or a hostile file must not stop the batch
        log.exception("unexpected error in %s", path)
        return Failure(source, f"internal error: {type(exc).__name__}: {exc}")


def process_bytes(data: bytes, source: SourceFile) -> FileResult:
    """Return everything extracted from the PDF in ``data``."""
    started = time.perf_counter()
    pages = read_pdf(data)
    documents = documents_of(pages)
    mentions = resolve_prefixes(mentions_of(documents))
    keys = {(m.document_index, m.raw): m.dnr for m in mentions}
    for doc, own in zip(documents, _own_dnrs(documents), strict=True):
        doc.dnr = keys.get((doc.index, own.raw), own.key) if own else None
        if doc.kind == "kallelse" or (
            doc.kind == "protokoll" and _paragraph_count(doc) > 1
        ):
            doc.dnr = None  # a meeting's papers cover many cases, not one of its own
    return FileResult(source, pages, documents, mentions, time.perf_counter() - started)


def documents_of(pages: list[Page]) -> list[Document]:
    """Segment, classify and extract the common fields of every document."""
    documents = []
    tables = {page.number: page.tables for page in pages if page.tables}
    for index, seg in enumerate(segment(pages)):
        doc = Document(index=index, lines=seg.lines)
        texts = [line.text for line in seg.lines]
        doc.kind = classify("\n".join(texts), seg.labels)
        header = extract_header(
            texts, _own_label(doc.kind, True), _own_label(doc.kind, False)
        )
        doc.title = document_title(doc.kind, header, texts)
        doc.date = header.date
        if doc.kind == "protokoll":
            doc.date = meeting_date(texts) or extract_header(texts[:3]).date
        doc.organ = header.organ
        extractor = REGISTRY[doc.kind]
        pages_of_doc = range(doc.page_start, doc.page_end + 1)
        doc.records = extractor.extract(
            Source(
                [(line.page, line.text) for line in seg.lines],
                {n: tables[n] for n in pages_of_doc if n in tables},
                doc.organ,
                doc.date,
                doc.title,
            )
        )
        doc.extractor = extractor.label
        documents.append(doc)
    return documents


def _own_label(kind: str, strong: bool) -> Callable[[str], bool]:
    """Return a test for lines that are a strong (or weak) label of ``kind``."""

    def own(line: str) -> bool:
        return label_of(line) == (kind, strong) and not line.startswith("§")

    return own


def _paragraph_count(doc: Document) -> int:
    """Return the number of § headings in a document."""
    return sum(1 for line in doc.lines if PARAGRAPH_LINE.match(line.text))


def _own_dnrs(documents: list[Document]) -> list[Dnr | None]:
    """Return each document's own case number (the first in its header)."""
    return [extract_header([line.text for line in d.lines]).dnr for d in documents]


def mentions_of(documents: list[Document]) -> list[DnrMention]:
    """Return every case-number mention, with the page it stands on."""
    mentions = []
    for doc in documents:
        for line in doc.lines:
            for dnr in find_dnrs(line.text):
                mentions.append(
                    DnrMention(
                        doc.index,
                        dnr.key,
                        dnr.raw,
                        line.page,
                        dnr.prefix,
                        dnr.year,
                        dnr.serial,
                    )
                )
    return mentions


def resolve_prefixes(mentions: list[DnrMention]) -> list[DnrMention]:
    """Give prefix-less mentions the prefix printed elsewhere in the same file.

    A stamp "Dnr: 17/063" on an attachment filed by the elderly-care committee
    is the same case as "ÄON 2017/063" in the covering paper. When one
    (year, serial) pair carries exactly one prefix in the file, it is used.
    """
    prefixes: dict[tuple[int, int], set[str]] = {}
    for m in mentions:
        if m.prefix:
            prefixes.setdefault((m.year, m.serial), set()).add(m.prefix)
    resolved = []
    for m in mentions:
        known = prefixes.get((m.year, m.serial), set())
        if m.prefix is None and len(known) == 1:
            prefix = next(iter(known))
            m = DnrMention(
                m.document_index,
                format_dnr(prefix, m.year, m.serial),
                m.raw,
                m.page,
                prefix,
                m.year,
                m.serial,
            )
        resolved.append(m)
    return resolved


def summarise(result: FileResult) -> dict[str, object]:
    """Return the findings of one file as plain data (for ``diarium inspect``)."""
    return {
        "file": Path(result.source.path).name,
        "pages": len(result.pages),
        "needs_ocr": [p.number for p in result.pages if p.needs_ocr],
        "documents": [
            {
                "kind": d.kind,
                "title": d.title,
                "date": d.date,
                "dnr": d.dnr,
                "organ": d.organ,
                "page_start": d.page_start,
                "page_end": d.page_end,
                "extractor": d.extractor,
            }
            for d in result.documents
        ],
        "dnr_mentions": [
            {"document": m.document_index, "raw": m.raw, "dnr": m.dnr, "page": m.page}
            for m in result.mentions
        ],
    }
