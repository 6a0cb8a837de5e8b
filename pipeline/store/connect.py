"""A database connection that imports sqlite-utils only when it is needed.

Reading rows and plain statements need nothing but :mod:`sqlite3`; creating
tables, indexes, full-text search and views use sqlite-utils, whose import
(with numpy, which it loads when installed) took 0.1 s of a 0.35 s unchanged
re-run that does none of them. :class:`Database` answers ``conn``,
``execute``, ``query`` and ``close`` itself and hands everything else to a
``sqlite_utils.Database`` over the same connection, made on first use.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Generator, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from extractors.core.errors import DiariumError

from .schema import ensure_tables
from .shape import ensure_indexes
from .versions import code_digest, recorded_versions

log = logging.getLogger(__name__)

if TYPE_CHECKING:  # to the type checker, a sqlite-utils database, as it acts
    from sqlite_utils import Database as _Full
else:
    _Full = object


class Database(_Full):
    """A sqlite-utils database over a connection opened without sqlite-utils."""

    def __init__(self, path: str | Path) -> None:
        """Connect to the database file at ``path`` (created when missing)."""
        self.conn = sqlite3.connect(str(path))
        self._full: Any = None

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        """Run one statement, committing it unless a transaction is open
        (as sqlite-utils' ``execute`` does)."""
        opened = self.conn.in_transaction
        try:
            cursor = self.conn.execute(sql, () if parameters is None else parameters)
        except Exception:
            if not opened and self.conn.in_transaction:
                self.conn.rollback()
            raise
        if not opened and self.conn.in_transaction and cursor.description is None:
            self.conn.commit()
        return cursor

    def query(
        self, sql: str, params: Any = None
    ) -> Generator[dict[Any, Any], None, None]:
        """Yield the rows of ``sql`` as dicts."""
        cursor = self.execute(sql, params)
        keys = [column[0] for column in cursor.description or ()]
        return (dict(zip(keys, row, strict=True)) for row in cursor)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __getattr__(self, name: str) -> Any:
        """Answer the rest of sqlite-utils' API through a full database object."""
        if name.startswith("__") or name in ("conn", "_full"):
            raise AttributeError(name)
        if self._full is None:
            import sqlite_utils

            self._full = sqlite_utils.Database(self.conn)
        return getattr(self._full, name)


class BadDatabase(DiariumError):
    """The database path names something that cannot be opened as a database."""


#: Page cache of a connection, KiB.
CACHE_KIB = 16384


def open_db(path: str) -> Database:
    """Open (creating if needed) the database at ``path`` in WAL mode.

    Commits are not synced to disk one by one (``synchronous = NORMAL``, safe
    with WAL: a crash of the program loses nothing committed, a power cut at
    most the last files, which the next run reads again); a sync per file
    cost ~2 ms a file.

    The page cache is :data:`CACHE_KIB` (SQLite's default is 2 MiB): every
    file adds rows at random places in some 40 indexes, and with the default
    the loader read and wrote index pages again and again (saving 27,700
    pages of 9,644 files: 25% less CPU, 43% fewer bytes written with the
    larger cache and a commit a second, :mod:`.transactions`).

    Missing tables, columns and indexes are added unless the code that last
    recorded its versions here (:mod:`.versions`) is this code, which did;
    the search index's full-text table and triggers whenever one is missing.
    """
    try:
        db = Database(path)
        if db.execute("pragma journal_mode").fetchone()[0] != "wal":
            db.execute("pragma journal_mode = wal")
        db.execute("pragma synchronous = NORMAL")
        db.execute(f"pragma cache_size = -{CACHE_KIB}")
        if not recorded_versions(db, code_digest()):
            ensure_tables(db)
            ensure_indexes(db)
        if not search_kept(db):
            _keep_search(db, path)
    except sqlite3.DatabaseError as exc:
        raise BadDatabase(f"cannot open database {path_text(path)}: {exc}") from exc
    return db


#: The search index's full-text table and the triggers that keep it in step
#: with its table when rows are deleted or changed (made by :mod:`.search`).
SEARCH_FTS, SEARCH_TRIGGERS = "search_index_fts", ("search_index_ad", "search_index_au")
SEARCH_KEEPERS = (SEARCH_FTS, *SEARCH_TRIGGERS)
#: The columns of ``search_index`` that its full-text index covers: words
#: are found in the first four, municipality and date are filtered on
#: (:func:`extractors.lang.stem.search_expression`).
FTS_COLUMNS = ["title", "text", "stemmed", "folded", "municipality", "date"]
#: How the full-text index ranks (its ``rank`` option): by the words' columns
#: only, so that a filter on municipality or date keeps the order of the
#: rows it keeps.
SEARCH_RANK = "bm25(1.0, 1.0, 1.0, 1.0, 0.0, 0.0)"


def search_kept(db: _Full) -> bool:
    """Return True when the search index's full-text table, with the columns
    and ranking this code gives it, and its triggers exist.

    Asked at every open (``serve`` too): a run stopped between making the
    table and its triggers would otherwise delete rows that the index
    keeps, and an index made by an earlier diarium without the filter
    columns is made again.
    """
    marks = ", ".join("?" for _ in SEARCH_KEEPERS)
    sql = f"select count(*) from sqlite_master where name in ({marks})"
    if db.execute(sql, SEARCH_KEEPERS).fetchone()[0] != len(SEARCH_KEEPERS):
        return False
    if fts_columns(db) != FTS_COLUMNS:
        return False
    rank = f"select v from [{SEARCH_FTS}_config] where k = 'rank'"
    return bool(db.execute(rank).fetchone() == (SEARCH_RANK,))


def _keep_search(db: Database, path: str) -> None:
    """Make the search index's full-text table and triggers as this code
    makes them; a database that cannot be written (a published copy) is
    served as it is, with a warning."""
    from .search import ensure_search  # the stemmer: only when needed

    try:
        ensure_search(db)
    except sqlite3.OperationalError as exc:
        if not not_writable(exc):
            raise
        log.warning(
            "%s cannot be written: its search index stays as an earlier diarium "
            "made it (searching within a municipality or period needs the "
            "index this version makes: ingest into a writable copy)",
            path_text(path),
        )


def not_writable(exc: BaseException | None) -> bool:
    """Return True when ``exc`` is SQLite's answer to a file that can be read
    but not written here: a read-only file, or a read-only folder (no room
    for the ``-shm`` file)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_READONLY,
    )


def fts_columns(db: _Full) -> list[str]:
    """Return the columns of the search index's full-text table (none: [])."""
    return [row[1] for row in db.execute(f"pragma table_info([{SEARCH_FTS}])")]


#: Files a run asks the database about in one query (their stored hashes,
#: rows and paths): a run over a million files never holds every file's row.
PART_FILES = 4096

#: Matches a column against the values of one parameter (:func:`any_of`).
ANY_OF = "in (select value from json_each(?))"

T = TypeVar("T")


def parts(items: Sequence[T]) -> Iterator[Sequence[T]]:
    """Yield ``items`` :data:`PART_FILES` at a time, in order."""
    for start in range(0, len(items), PART_FILES):
        yield items[start : start + PART_FILES]


def any_of(values: Iterable[str]) -> str:
    """Return ``values`` as the one parameter of :data:`ANY_OF`."""
    return json.dumps(list(values))


def path_text(path: str) -> str:
    """Return ``path`` as storable text: undecodable bytes as ``\\xNN`` escapes.

    A path that is text already is returned itself, not a copy: a run holds
    one such text per file.
    """
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return path if text == path else text
