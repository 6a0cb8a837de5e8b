"""The end of an ingest: derived state rebuilt, the run marked finished.

:func:`finish_run` ends every run that was not stopped (and the repair of
one that was, :func:`repair_derived`): the database's shape, the analysis
of the municipalities concerned and the search index, then the mark that
the run is finished (:func:`pipeline.store.save.mark_run`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from pipeline.incremental import (
    current_versions,
    derived_stamp,
    record_stamp,
    recorded_stamp,
)
from pipeline.store.connect import BadDatabase, not_writable, path_text
from pipeline.store.db import Store
from pipeline.store.save import (
    mark_run,
    open_db,
    orphaned_corrections,
    run_unfinished,
)
from pipeline.store.touched import touched
from pipeline.writer_lock import IngestRunning, LockUnavailable, writing

if TYPE_CHECKING:
    from pipeline.ingest import IngestSummary

log = logging.getLogger(__name__)


def finish_run(
    db: Any,
    summary: IngestSummary,
    as_of: str | None,
    version: str,
    rebuild: bool = True,
) -> None:
    """Rebuild views and analysis; then mark the run finished.

    The search index is kept file by file as files are saved, and built
    whole only when other code built it (:func:`pipeline.store.search.sync_search`).

    Every municipality is analysed when the code (reading version
    ``version``) differs from the one that built the derived state, or the
    previous run did not finish; else those whose documents this run wrote
    or deleted, or whose date or corrections changed (:mod:`.analysis.places`).
    Nothing is rebuilt when ``rebuild`` is False (no stored row changed) and
    no municipality needs analysing.
    """
    from pipeline.analysis.checks import flag_counts
    from pipeline.analysis.dates import place_dates, recorded_as_of
    from pipeline.analysis.places import recorded_dates, stale_places

    store, stamp = Store(db), derived_stamp(version)
    places: set[str | None] | None = None  # every municipality
    files: set[str] | None = None  # every file of the municipalities analysed
    dates = place_dates(store, as_of)  # worked out once: the analysis takes them
    if not summary.repaired and recorded_stamp(store) == stamp:
        places, files = touched(db)
        places |= stale_places(store, dates)
    if rebuild or places is None or places:
        from pipeline.analysis import analyse
        from pipeline.store.search import sync_search
        from pipeline.store.shape import ensure_db_shape

        ensure_db_shape(db)
        analysis = analyse(store, as_of, places, dates, files)
        summary.as_of, summary.dates = analysis.as_of, analysis.dates
        summary.analysed, summary.analysed_all = analysis.analysed, analysis.whole
        sync_search(db)
        record_stamp(store, stamp)
        summary.rebuilt = True
    else:
        summary.as_of, summary.dates = recorded_as_of(store), recorded_dates(store)
    summary.checks = flag_counts(store)
    summary.orphaned = orphaned_corrections(db)
    mark_run(db, False)


def repair_derived(db_path: str) -> bool:
    """Rebuild derived state when the last run stopped before it; True if it did.

    The analysis date is the one the stopped run's predecessor was given, if
    any, else the default (each municipality's newest document date).
    """
    try:
        with writing(db_path, "serve"):  # no ingest starts while this repairs
            return _repair(db_path)
    except IngestRunning as exc:  # not stopped: it rebuilds them when it ends
        if exc.holder == "ingest":
            log.warning(
                "an ingest is writing to %s: it rebuilds derived tables", db_path
            )
        else:  # a correction, for a moment: the next start repairs
            log.warning(
                "diarium %s is writing to %s: not repaired now", exc.holder, db_path
            )
        return False
    except LockUnavailable:  # a folder this user cannot write: nobody ingests
        return _repair_if_writable(db_path)


def _repair_if_writable(db_path: str) -> bool:
    """Repair as :func:`_repair` does; a database that cannot be opened for
    writing here (a published copy in a read-only folder) is left as it is,
    with a warning: Datasette serves it read-only all the same."""
    try:
        return _repair(db_path)
    except BadDatabase as exc:
        if not not_writable(exc.__cause__):
            raise
        log.warning("%s cannot be written here: served as it is", path_text(db_path))
        return False


def _repair(db_path: str) -> bool:
    """Rebuild derived state when the last run stopped before it (the lock held)."""
    from pipeline.ingest import IngestSummary  # the run's summary: no cycle

    db = open_db(db_path)
    try:
        if not run_unfinished(db):
            return False
        given = {
            row["note"]: row["value"]
            for row in db.query("select value, note from analysis where key = 'as_of'")
        }
        as_of = "today" if "given: today" in given else given.get("given")
        finish_run(
            db, IngestSummary(repaired=True), as_of, current_versions(db).reading
        )
        return True
    finally:
        db.close()
