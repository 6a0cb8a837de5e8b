"""Save per-file results: `save_*` take the database first and parse nothing.

A file's rows are replaced all or nothing (one savepoint), so a re-run never
duplicates rows and a crash mid-file leaves the previous state intact; an
ingest commits a second of files at once
(:mod:`pipeline.store.transactions`).
A file that fails never deletes the loaded rows of an earlier version of
the same path: the failure is recorded beside them, keyed by its own hash.

File names are stored as given; bytes that are no UTF-8 (names from Windows or
ZIP archives) are kept as ``\\xNN`` escapes, since SQLite text is Unicode.

``PRAGMA user_version`` is :data:`RUN_OPEN` while an ingest is loading and
its derived state (analysis; the search rows of the files loaded) is not yet
built; a run killed in between leaves it set, and the next ``serve`` or
``ingest`` builds it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import cache
from itertools import chain
from typing import TYPE_CHECKING, Any, NamedTuple

from extractors.core.models import Failure, FileResult, SourceFile

from .connect import ANY_OF, any_of, parts, path_text
from .connect import open_db as open_db
from .file_rows import (
    PageCounts,
    document_rows,
    failure_rows,
    mention_rows,
    page_rows,
)
from .ids import carry_corrections, claim_ids, hash_ids, record_rows
from .schema import file_tables
from .transactions import one_file

if TYPE_CHECKING:
    import sqlite_utils


#: Pages, or documents, of a file whose rows are made and inserted at once.
ROWS_AT_ONCE = 500

#: ``PRAGMA user_version`` while a run has loaded files but not rebuilt derived state.
RUN_OPEN = 1


def mark_run(db: sqlite_utils.Database, open_: bool) -> None:
    """Mark a run as started (derived state stale) or finished (rebuilt)."""
    with db.conn:
        db.execute(f"pragma user_version = {RUN_OPEN if open_ else 0}")


def run_unfinished(db: sqlite_utils.Database) -> bool:
    """Return True when a run was stopped before its derived state was rebuilt."""
    return bool(db.execute("pragma user_version").fetchone()[0] == RUN_OPEN)


def orphaned_corrections(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Return the corrections whose recommendation or commission no longer exists."""
    return list(db.query(ORPHANED_CORRECTIONS))


#: Corrections made with ``diarium track set`` that match no record any more.
ORPHANED_CORRECTIONS = """
select c.id, c.target, c.target_id, c.status, c.created_at from corrections c
where (c.target = 'recommendation'
       and c.target_id not in (select id from recommendations))
   or (c.target = 'commission' and c.target_id not in (select id from commissions))
order by c.id
"""


class Known(NamedTuple):
    """What the ``files`` table says of a file seen before."""

    status: str
    version: str
    municipality: str | None
    path: str
    error: str | None
    refused: bool
    """The file was refused for what it is (``Failure.refused``)."""


def known_files(
    db: sqlite_utils.Database, sources: Sequence[SourceFile]
) -> Iterator[tuple[SourceFile, Known | None]]:
    """Yield each of ``sources`` with what ``files`` says of it (None: not
    seen before), asking for a part's rows at a time (:func:`.connect.parts`)."""
    sql = (
        "select sha256, status, pipeline_version, municipality, path, error, "
        f"refused from files where sha256 {ANY_OF}"
    )
    for part in parts(sources):
        known = {
            sha: Known(status, version, place, path, error, bool(refused))
            for sha, status, version, place, path, error, refused in db.execute(
                sql, [any_of(s.sha256 for s in part)]
            )
        }
        yield from ((source, known.get(source.sha256)) for source in part)


def failed_paths(db: sqlite_utils.Database) -> set[str]:
    """Return the paths with a failed or duplicate row (see :func:`forget_failures`)."""
    sql = "select path from files where status in ('failed', 'duplicate')"
    return {row[0] for row in db.execute(sql)}


def save_file_result(
    db: sqlite_utils.Database,
    result: FileResult,
    pipeline_version: str,
    municipality: tuple[str | None, str | None] | None = None,
) -> None:
    """Replace every row of ``result``'s file, all or nothing (:func:`one_file`).

    ``municipality`` is ``(name, source)`` when given by the user or a folder
    setting; otherwise the municipality detected in the file is kept.
    """
    sha = result.source.sha256
    name, source = municipality or (
        result.municipality,
        "detected" if result.municipality else None,
    )
    with one_file(db):
        earlier = hash_ids(db, sha, path_text(result.source.path))
        _delete_file_rows(db, sha, path_text(result.source.path))
        row = _file_row(result.source, pipeline_version, "loaded", None)
        row |= {
            "pages": len(result.pages),
            "municipality": name,
            "municipality_source": source,
        }
        _insert(db, "files", [row], replace=True)
        ids = claim_ids(db, result)
        carry_corrections(db, earlier, result, ids)
        for part in _parts(result, "pages"):
            _insert(db, "pages", page_rows(part, pipeline_version))
        _insert_documents(db, result, name, ids)


def save_documents(
    db: sqlite_utils.Database, result: FileResult, municipality: str | None
) -> None:
    """Replace a loaded file's documents and records; keep its file and page rows.

    ``result`` was extracted again from the stored pages (a kind's new
    version); ``municipality`` is the file's stored one.
    """
    sha = path_text(result.source.sha256)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with one_file(db):
        for table in file_tables():
            if table != "pages":
                db.execute(f"delete from [{table}] where file_sha256 = ?", [sha])
        db.execute("update files set ingested_at = ? where sha256 = ?", [now, sha])
        _insert_documents(db, result, municipality, claim_ids(db, result))


def _insert_documents(
    db: sqlite_utils.Database,
    result: FileResult,
    municipality: str | None,
    ids: dict[str, str],
) -> None:
    """Insert a file's documents, case-number mentions, failures and records."""
    counts = PageCounts(db, result.source.sha256)
    for part in _parts(result, "documents"):
        _insert(db, "documents", document_rows(part, municipality, ids, counts))
    _insert(db, "dnr_mentions", mention_rows(result, ids))
    _insert(db, "extraction_failures", failure_rows(result, ids))
    for doc in result.documents:
        for table, rows in doc.records.items():
            _insert(db, table, record_rows(result, doc, rows, ids))


def _parts(result: FileResult, name: str) -> Iterator[FileResult]:
    """Yield ``result`` with its list ``name`` (pages or documents) cut in
    slices of :data:`ROWS_AT_ONCE`, so that a long file's rows (its
    documents' bodies) are not all made before they are inserted. Their
    rows have the same columns, so they are inserted in the same order."""
    items = getattr(result, name)
    for start in range(0, len(items), ROWS_AT_ONCE):
        yield replace(result, **{name: items[start : start + ROWS_AT_ONCE]})


def _insert(
    db: sqlite_utils.Database,
    table: str,
    rows: list[dict[str, Any]],
    replace: bool = False,
) -> None:
    """Insert ``rows`` inside the caller's transaction.

    sqlite-utils' ``insert_all`` commits on its own, which would let a run
    killed mid-file leave half a file; plain statements do not.
    """
    verb = "insert or replace" if replace else "insert"
    for columns, group in _by_columns(rows):
        _insert_group(db, verb, table, columns, group)


def _by_columns(
    rows: list[dict[str, Any]],
) -> list[tuple[tuple[str, ...], list[dict[str, Any]]]]:
    """Return ``rows`` grouped by their columns, in order of first appearance."""
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        by_columns.setdefault(tuple(row), []).append(row)
    return list(by_columns.items())


def _insert_group(
    db: sqlite_utils.Database,
    verb: str,
    table: str,
    columns: tuple[str, ...],
    rows: list[dict[str, Any]],
) -> None:
    """Insert ``rows``, whose keys are ``columns`` in that order."""
    values = [tuple(row.values()) for row in rows]
    if not set(map(type, chain.from_iterable(values))) <= _PLAIN:
        values = [tuple(map(_stored, v)) for v in values]
    db.conn.executemany(_statement(verb, table, columns), values)


@cache
def _statement(verb: str, table: str, columns: tuple[str, ...]) -> str:
    """Return the statement inserting ``columns`` into ``table``."""
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" for _ in columns)
    return f"{verb} into [{table}] ({names}) values ({marks})"


_PLAIN = {str, int, float, type(None)}


def _stored(value: Any) -> Any:
    """Return ``value`` as sqlite-utils stores it (JSON for lists and dicts)."""
    if type(value) in _PLAIN:
        return value
    from sqlite_utils.db import jsonify_if_needed

    return jsonify_if_needed(value)


def save_failure(
    db: sqlite_utils.Database,
    failure: Failure,
    pipeline_version: str,
    status: str = "failed",
) -> None:
    """Record a file that could not be processed, keeping no partial rows.

    A loaded earlier version of the same path (other bytes) stays loaded; the
    reason says so. ``status`` is ``duplicate`` for a second copy of a file.
    A failure recorded alike before is left as it is, so a re-run that
    changes nothing writes nothing.
    """
    sha, path = path_text(failure.source.sha256), path_text(failure.source.path)
    reason = path_text(failure.reason)
    kept = [
        row["sha256"]
        for row in db.query(
            "select sha256 from files where path = ? and sha256 != ? "
            "and status = 'loaded'",
            [path, sha],
        )
    ]
    if kept:
        reason += f"; the earlier version {kept[0][:12]} stays loaded"
    row = _file_row(failure.source, pipeline_version, status, reason)
    row["refused"] = 1 if failure.refused else None
    if _recorded_alike(db, row, kept):
        return
    with one_file(db):
        _delete_file_rows(db, sha, path, keep=kept)
        _insert(db, "files", [row], replace=True)


def _recorded_alike(
    db: sqlite_utils.Database, row: dict[str, Any], kept: list[str]
) -> bool:
    """Return True when ``row`` is stored as it is, beside only ``kept`` versions."""
    stored = db.execute(
        "select sha256, path, bytes, status, error, pipeline_version, refused "
        "from files where path = ? or sha256 = ?",
        [row["path"], row["sha256"]],
    ).fetchall()
    keys = ("sha256", "path", "bytes", "status", "error", "pipeline_version", "refused")
    mine = tuple(row[k] for k in keys)
    return mine in stored and {r[0] for r in stored} == {row["sha256"], *kept}


def forget_failures(db: sqlite_utils.Database, source: SourceFile) -> None:
    """Delete failed versions of ``source``'s path: its loaded bytes are back."""
    with one_file(db):
        db.execute(
            "delete from files where path = ? and sha256 != ? "
            "and status in ('failed', 'duplicate')",
            [path_text(source.path), source.sha256],
        )


def _file_row(
    source: SourceFile, version: str, status: str, error: str | None
) -> dict[str, Any]:
    """Return the ``files`` row of a source file."""
    return {
        "sha256": path_text(source.sha256),
        "path": path_text(source.path),
        "bytes": source.bytes,
        "pages": None,
        "status": status,
        "error": error,
        "pipeline_version": version,
        "ingested_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "municipality": None,
        "municipality_source": None,
        "refused": None,
    }


def _delete_file_rows(
    db: sqlite_utils.Database, sha: str, path: str, keep: list[str] | None = None
) -> None:
    """Delete the rows of ``sha`` and of other versions of ``path`` but ``keep``.

    Only files the ``files`` table holds have rows (every writer adds a
    file's rows with its ``files`` row, all or nothing), so a new file
    costs one query, not a delete per table.
    """
    sha = path_text(sha)
    shas = {
        row["sha256"]
        for row in db.query(
            "select sha256 from files where sha256 = ? or path = ?", [sha, path]
        )
    }
    shas -= set(keep or ())
    for old in shas:
        for table in file_tables():
            db.execute(f"delete from [{table}] where file_sha256 = ?", [old])
        if old != sha:
            db.execute("delete from files where sha256 = ?", [old])
