"""Per-file work as a pure function: PDF bytes in, records out.

Nothing here touches the database or the file system beyond reading the one
file, so it runs unchanged in worker processes (and later on a cluster).
One document's extractor failing is recorded and the rest of the file kept.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import time
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from extractors.core.errors import DiariumError, NoPages
from extractors.core.layout import DEFAULT, LayoutProfile
from extractors.core.models import (
    Document,
    Failure,
    FileResult,
    Page,
    SourceFile,
)
from extractors.kinds import REGISTRY
from extractors.lang.dates import normalise_date
from extractors.lang.municipalities import detect_municipality
from extractors.lang.nlp import analyse
from extractors.parts.audit_papers import Paper, merge_papers
from pipeline.ahead import Early, load
from pipeline.collector import loading
from pipeline.documents import documents_of, extracted
from pipeline.pages import file_pages
from pipeline.parallel import Share
from pipeline.read.render import sample_pdf
from pipeline.split.ids import assign_ids
from pipeline.split.mentions import resolve_prefixes

#: Errors reading a file that are the file's (a worker that cannot open
#: files any more, EMFILE or ENOMEM, is replaced instead).
FILE_ERRNOS = frozenset(
    {
        errno.ENOENT,
        errno.EACCES,
        errno.EPERM,
        errno.EISDIR,
        errno.ENOTDIR,
        errno.ELOOP,
        errno.ENAMETOOLONG,
        errno.EIO,
    }
)

#: The reason given when a file needs more memory than the worker may take.
OUT_OF_MEMORY = "ran out of memory"

#: Version of the per-file steps outside the kinds' extractors (reading,
#: privacy, segmentation); a change re-processes every file. process.3:
#: scanned pages read with OCR, every page's quality recorded.
PROCESS_VERSION = "process.3"

log = logging.getLogger(__name__)


@cache
def warm_up() -> None:
    """Load the language tools and compile every kind's patterns, once a process.

    Called before worker processes are forked, so that each worker starts
    with them loaded instead of loading them again for every file; a second
    call (a Dask worker's per-file call) does nothing. A small
    PDF made here goes through every step of a file, so the patterns and
    tables each step builds on first use are built in the parent too.
    """
    # Everything it loads lives as long as the process: no collection walks it
    # while it loads, nor in a forked worker (where it would copy its pages).
    with loading():
        _load()


def _load() -> None:
    """Run :func:`warm_up`'s sample text, date and PDF through every step."""
    analyse("Anna Andersson (S) yrkar bifall till förslaget.")
    # dateparser builds its Swedish tables and time-zone patterns on first use
    # (about 0.1 s); the letterhead pattern of every municipality is large.
    normalise_date("1 januari 2024")
    detect_municipality([""])
    sample = "Anna Andersson (S) yrkar bifall. Nämnden beslutar att godkänna."
    pages = [
        Page(i + 1, f"{spec.labels[0] if spec.labels else name}\n§ 1 Ärende\n{sample}")
        for i, (name, spec) in enumerate(REGISTRY.items())
    ]
    for page in pages:
        documents_of([page])
    lines = [page.text.split("\n")[0] for page in pages]
    lines += ["Dnr 2024/0001", "2024-04-02", "2 april 2024", sample]
    data = sample_pdf(lines)  # and every step of a file, reading included
    process_bytes(data, source_of("warm-up.pdf", data))


def source_of(path: str | Path, data: bytes) -> SourceFile:
    """Return the :class:`SourceFile` describing ``data`` read from ``path``."""
    return SourceFile(str(path), hashlib.sha256(data).hexdigest(), len(data))


def process_path(
    path: str,
    municipality: str | None = None,
    share: Share | None = None,
    contacts: bool = False,
    ahead: Sequence[bytes] = (),
) -> FileResult | Failure:
    """Read and process one file; a bad file becomes a :class:`Failure`.

    ``municipality``, when the user or a folder setting names it, chooses the
    layout profile; otherwise the municipality detected in the file does.
    ``share`` lets a large file use spare cores (:mod:`pipeline.parallel`).
    ``contacts`` masks private persons' e-mail addresses and phone numbers.
    ``ahead`` holds the file's parts read ahead, pickled (:mod:`pipeline.ahead`).
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:  # the file's fault, or the worker's (no descriptor left)
        source = SourceFile(path, f"unreadable:{path}", 0)
        reason = f"cannot read file: {exc.strerror}"
        file_fault = exc.errno in FILE_ERRNOS
        return Failure(source, reason, refused=file_fault, again=not file_fault)
    return process_data(path, data, municipality, share, contacts, ahead)


def process_data(
    path: str,
    data: bytes,
    municipality: str | None = None,
    share: Share | None = None,
    contacts: bool = False,
    ahead: Sequence[bytes] = (),
) -> FileResult | Failure:
    """Process the bytes of the file at ``path``; bad bytes become a :class:`Failure`.

    A pure function of its arguments: it runs wherever the bytes are sent.
    The pages read ahead in ``ahead`` (parts of :mod:`pipeline.ahead`) are
    taken only if read from these bytes, and the result is the same without
    them.
    """
    source = source_of(path, data)
    started = time.perf_counter()
    early = load(ahead, source.sha256) if ahead else None
    try:
        result = process_bytes(data, source, municipality, share, contacts, early)
        log.debug("%s read in %.2f s", path, time.perf_counter() - started)
        return result
    except DiariumError as exc:  # the file's fault: the worker may go on
        return Failure(source, str(exc), refused=not isinstance(exc, NoPages))
    except MemoryError:  # past the worker's memory limit (pipeline.isolate)
        return Failure(source, OUT_OF_MEMORY)
    except Exception as exc:  # a bug or a hostile file must not stop the batch
        log.exception("unexpected error in %s", path)
        return Failure(source, f"internal error: {type(exc).__name__}: {exc}")


def process_bytes(
    data: bytes,
    source: SourceFile,
    municipality: str | None = None,
    share: Share | None = None,
    contacts: bool = False,
    early: Early | None = None,
) -> FileResult:
    """Return everything extracted from the PDF in ``data`` (its pages read
    ahead in ``early`` not read again)."""
    pages, detected, layout = file_pages(data, municipality, share, contacts, early)
    return process_pages(pages, source, layout, detected, share)


def process_pages(
    pages: list[Page],
    source: SourceFile,
    layout: LayoutProfile = DEFAULT,
    detected: str | None = None,
    share: Share | None = None,
) -> FileResult:
    """Return everything extracted from a file's pages, read and protected.

    The pages as stored (``pages`` table) give the same result, so a kind's
    new version re-extracts from them without reading the PDF again.
    """
    found = extracted(pages, layout, share=share)
    documents, failures = found.documents, found.failures
    mentions = resolve_prefixes(found.mentions)
    keys = {(m.document_index, m.raw): m.dnr for m in mentions}
    for doc in documents:  # the prefix a stamp "Dnr: 17/063" lacks, from the file
        if doc.dnr_raw is not None:
            doc.dnr = keys.get((doc.index, doc.dnr_raw), doc.dnr)
    assign_ids(documents)
    merge_papers([Paper(d.id, d.kind, d.records) for d in documents])
    return FileResult(source, pages, documents, mentions, detected, failures)


def document_fields(doc: Document) -> dict[str, object]:
    """Return a document's common fields as plain data."""
    return {
        "kind": doc.kind,
        "title": doc.title,
        "date": doc.date,
        "dnr": doc.dnr,
        "organ": doc.organ,
        "page_start": doc.page_start,
        "page_end": doc.page_end,
    }


def summarise(result: FileResult) -> dict[str, object]:
    """Return the findings of one file as plain data (for ``diarium inspect``)."""
    return {
        "file": Path(result.source.path).name,
        "pages": len(result.pages),
        "municipality": result.municipality,
        "needs_ocr": [p.number for p in result.pages if p.needs_ocr],
        "page_quality": dict(sorted(Counter(p.quality for p in result.pages).items())),
        "documents": [
            document_fields(d) | {"extractor": d.extractor} for d in result.documents
        ],
        "extraction_failures": [
            {"document": f.document.index, "extractor": f.extractor, "error": f.error}
            for f in result.extraction_failures
        ],
        "dnr_mentions": [
            {"document": m.document_index, "raw": m.raw, "dnr": m.dnr, "page": m.page}
            for m in result.mentions
        ],
    }
