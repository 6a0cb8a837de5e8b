"""Orchestrate a batch: discover, skip unchanged files, process, load, report.

Per-file work runs in :func:`pipeline.process.process_path`, inline or in a
pool of worker processes; only this process writes to the database.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from contextlib import ExitStack, closing
from functools import cache
from pathlib import Path
from typing import Any

from extractors.core.errors import DiariumError
from extractors.core.models import Failure, FileResult, SourceFile
from pipeline import ocr_switch
from pipeline.batch import Batch, find_batch, hash_batch
from pipeline.collector import loading, new_run
from pipeline.finish import finish_run
from pipeline.incremental import FromStoredPages
from pipeline.isolate import Executor, Limits, LocalExecutor, Results, run_isolated
from pipeline.settings import municipality_name
from pipeline.stop import deferred
from pipeline.store.first_load import FirstLoad
from pipeline.store.save import (
    Known,
    failed_paths,
    forget_failures,
    known_files,
    mark_run,
    open_db,
    path_text,
    run_unfinished,
    save_documents,
    save_failure,
    save_file_result,
)
from pipeline.store.stored import stale_files, waiting_for_ocr
from pipeline.store.touched import watch_places
from pipeline.store.transactions import Group
from pipeline.summary import IngestSummary, Progress
from pipeline.writer_lock import writing

log = logging.getLogger(__name__)


#: Added to the version of files read with contacts masked, so that turning
#: ``--mask-contacts`` on (or off) reads every file again.
CONTACTS_MASKED = "/contacts-masked"


class StrictStop(DiariumError):
    """A file failed and ``--strict`` asked to stop at the first failure."""


def ingest(
    paths: Iterable[str | Path],
    db_path: str,
    workers: int = 1,
    strict: bool = False,
    on_progress: Callable[[Progress], None] | None = None,
    municipality: str | None = None,
    as_of: str | None = None,
    limits: Limits | None = None,
    mask_contacts: bool = False,
    executor: Executor | None = None,
    rehash: bool = False,
) -> IngestSummary:
    """Load every PDF under ``paths`` into the database at ``db_path``.

    ``municipality`` names the municipality of every file (else a folder's
    ``diarium.toml`` names it, else it is detected from letterheads);
    ``as_of`` is the date statuses are computed as of (``YYYY-MM-DD`` or
    ``today``; default the newest document date). Every file is read in a
    worker process within ``limits`` (time and memory per file), or where
    ``executor`` runs it (:mod:`pipeline.cluster`); only this process writes.
    ``mask_contacts`` masks private persons' e-mail addresses and phone
    numbers (:mod:`extractors.lang.contacts`). A file whose size and
    modification time are as when it was last hashed is taken to be
    unchanged without being read (:mod:`pipeline.store.hashes`), unless
    ``rehash``.

    Stopped by Ctrl-C or SIGTERM (:mod:`pipeline.stop`), the files loaded so
    far stay and the run stays marked unfinished: the next start rebuilds
    the derived state. A second ingest of the same database while this one
    runs raises :class:`pipeline.writer_lock.IngestRunning` at once.
    """
    from pipeline.analysis.dates import check_as_of

    started = time.perf_counter()
    new_run()  # an earlier run's frozen garbage (pipeline.collector)
    check_as_of(as_of)
    batch, files = find_batch(list(paths), municipality)  # no database yet
    held = ExitStack()  # one ingest of a database at a time: released at the end
    held.enter_context(writing(db_path))
    try:
        with loading():  # the start only adds to the heap (pipeline.collector)
            db = open_db(db_path)
            held.callback(db.close)
            hash_batch(db, batch, files, rehash)
        del files  # the batch holds each file's path as text: 0.4 KB a file less
        reading = batch.version  # what derived state is stamped with
        if mask_contacts:
            batch.version += CONTACTS_MASKED
        summary = IngestSummary(workers=workers)
        summary.repaired = run_unfinished(db)
        if summary.repaired:
            log.warning("the previous run did not finish; derived tables are rebuilt")
        indexes = FirstLoad(db, summary.repaired)
        watch_places(db)
        mark_run(db, True)
    except BaseException:
        held.close()  # the lock too: the caller may go on
        raise
    changes = db.conn.total_changes
    stopped = False
    limits = limits or Limits()
    run = executor or LocalExecutor(workers, limits)
    try:
        redo, todo = _todo(db, batch, summary, on_progress, rehash or strict)
        indexes.start(len(todo))
        hints = [(batch.places[s.path] or (None, None))[0] for s in todo]
        stored = FromStoredPages(db_path, {s.path: s for s in redo})
        # Nothing to do starts no worker (nor a cluster) and imports no reader.
        redone = (
            run_isolated(redo, [None] * len(redo), stored, workers, limits)
            if redo
            else _none()
        )
        with loading():  # imports the extractors (warm_up: see there)
            read = run.run(todo, hints, mask_contacts, reading) if todo else _none()
        saved: list[str] = []  # files saved since the last commit
        index = _indexer(db, saved) if redo or todo else None
        for results, from_pages in ((redone, True), (read, False)):
            if not from_pages:  # the time left is the reading's, not the redoing's
                summary.pace.start(len(todo))
            with closing(results), Group(db, before_commit=index) as group:
                for result in summary.load.timed(results):
                    with deferred():  # a stop waits until the file is written
                        _take(db, result, batch, summary, on_progress, from_pages)
                    if isinstance(result, FileResult):  # saved: it has rows
                        saved.append(result.source.sha256)
                    group.tick()
                    if strict and isinstance(result, Failure):
                        raise StrictStop(f"{result.source.path}: {result.reason}")
                    del result  # not held while the next one is received
    except KeyboardInterrupt:
        stopped = True  # derived state is rebuilt at the next start
        raise
    finally:
        try:
            if not stopped:
                indexes.end()
                same = not summary.repaired and db.conn.total_changes == changes
                finish_run(db, summary, as_of, reading, not same)
        finally:
            held.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _indexer(db: Any, saved: list[str]) -> Callable[[], None]:
    """Return what indexes the files in ``saved`` (and empties it) before
    each commit: their pages' and documents' text (:mod:`.store.text_index`)
    and their search rows, unless the search index is built whole at the end
    of the run (other code built it)."""
    from pipeline.store.search import index_files, kept_here  # the stemmer
    from pipeline.store.text_index import index_saved

    search = kept_here(db)

    def index() -> None:
        index_saved(db, saved)
        if search:
            index_files(db, saved)
        saved.clear()

    return index


def _none() -> Results:
    """Yield no result."""
    yield from ()


def _todo(
    db: Any,
    batch: Batch,
    summary: IngestSummary,
    on_progress: Callable[[Progress], None] | None,
    again: bool = False,
) -> tuple[list[SourceFile], list[SourceFile]]:
    """Record unreadable files; return ``(redo, todo)``: the files to re-extract
    from their stored pages and the files to read.

    A file refused for what it is (damaged, encrypted, not a PDF: see
    ``Failure.refused``) by this reading version, at this path, fails again
    unread, with its stored reason, unless ``again`` (``--rehash``, or
    ``--strict``, which stops where the file is read): the same bytes would
    be refused alike. A file that failed otherwise (a time or memory limit,
    a crash) is read again.
    """
    stale = stale_files(db, batch.labels)
    # Scans loaded while OCR could not run are read again once it can.
    scans = waiting_for_ocr(db)
    if scans and ocr_switch.unavailable():
        scans = set()
    failed = failed_paths(db)
    for failure in batch.unreadable:
        save_failure(db, failure, batch.version)
        summary.failures.append(failure)
    for copy in batch.copies:  # read once, under the first name: unchanged
        save_failure(db, copy, batch.version, status="duplicate")
        summary.unchanged += 1
        _report(on_progress, summary, batch.total, copy.source.path, "duplicate")
    redo, todo = [], []
    tidy = cache(municipality_name)  # a blank or padded name stored earlier
    for source, seen in known_files(db, batch.files):
        place = batch.places[source.path]
        wanted = place[0] if place else None
        if seen and not again and _refused_before(seen, source, batch.version):
            refused = Failure(source, seen.error or "", refused=True)
            summary.failures.append(refused)
            summary.refused_before += 1
            _report(on_progress, summary, batch.total, source.path, "failed")
            continue
        if source.sha256 in scans or not (
            seen
            and seen[:2] == ("loaded", batch.version)
            and wanted in (None, seen[2])
            and (seen[2] is None or tidy(seen[2]) == seen[2])
        ):
            todo.append(source)
            continue
        if path_text(source.path) in failed:
            forget_failures(db, source)
        if source.sha256 in stale:
            redo.append(source)
        else:
            summary.unchanged += 1
            _report(on_progress, summary, batch.total, source.path, "unchanged")
    return redo, todo


def _refused_before(seen: Known, source: SourceFile, version: str) -> bool:
    """Return True when ``source`` was refused for what it is by ``version``,
    recorded under its path as it is now."""
    return (
        seen.refused
        and seen.status == "failed"
        and seen.version == version
        and seen.path == path_text(source.path)
    )


def _take(
    db: Any,
    result: FileResult | Failure,
    batch: Batch,
    summary: IngestSummary,
    on_progress: Callable[[Progress], None] | None,
    stored: bool = False,
) -> None:
    """Save one file's result (or failure) and count it.

    ``stored``: the result was extracted again from the file's stored pages,
    which stay as they are.
    """
    path = result.source.path
    if not stored:
        summary.pace.done += 1
    if isinstance(result, Failure) and result.unread:  # stored rows stay
        summary.failures.append(result)
        _report(on_progress, summary, batch.total, path, "failed")
        return
    if isinstance(result, Failure):
        save_failure(db, result, batch.version)
        summary.failures.append(result)
        _report(on_progress, summary, batch.total, path, "failed")
        return
    summary.extraction_failures += [
        (path, f"document {f.document.index}: {f.extractor}: {f.error}")
        for f in result.extraction_failures
    ]
    summary.kinds.update(d.kind for d in result.documents)
    if stored:
        save_documents(db, result, result.municipality)
        summary.reextracted += 1
        _report(on_progress, summary, batch.total, path, "reextracted")
        return
    save_file_result(db, result, batch.version, batch.places.get(path))
    summary.loaded += 1
    summary.pages += len(result.pages)
    summary.ocr_read += sum(p.ocr_source == "tesseract" for p in result.pages)
    summary.ocr_cached += sum(p.ocr_source == "cache" for p in result.pages)
    summary.masked += sum(p.masked for p in result.pages)
    summary.masked_contacts += sum(p.masked_contacts for p in result.pages)
    summary.withheld += [
        (path, p.number, p.withheld) for p in result.pages if p.withheld
    ]
    _report(on_progress, summary, batch.total, path, "loaded")


def _report(
    on_progress: Callable[[Progress], None] | None,
    summary: IngestSummary,
    total: int,
    path: str,
    status: str,
) -> None:
    """Tell the progress callback about one finished file."""
    if on_progress is not None:
        done = summary.loaded + summary.reextracted + summary.unchanged
        done += summary.failed
        pace, now = summary.pace, time.perf_counter()
        left, rate = pace.seconds_left(now), pace.rate(summary.pages, now)
        on_progress(Progress(done, total, summary.pages, path, status, left, rate))
