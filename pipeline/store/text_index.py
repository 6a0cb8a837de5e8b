"""Full-text indexes of pages and documents, written a commit at a time.

``pages_fts`` and ``documents_fts`` (FTS5 over the table's own rows) are the
search boxes of Datasette's tables Sidor and Handlingar. Two triggers keep
them when rows are deleted or their text changes; rows are added by the
loader, which indexes the rows of the files it saved just before each commit,
in one statement a table (:func:`index_saved`).

Why not an insert trigger, as sqlite-utils makes: FTS5 writes what it holds
to disk at every statement that can be undone on its own, and a statement
that fires a trigger is one, once a row. Adding 5,520 pages in 10 commits
to a copy of a database of 44,498 pages took 0.72 s through the trigger,
0.14 s in one statement a commit. Saving and committing 1,920 files (those
pages and their documents) cost the loading process 4.9 s of CPU through the
triggers and 4.0–4.1 s this way.

A row saved but not indexed yet is only ever inside the open transaction.
The triggers leave alone a row the index does not hold (deleted or changed
before its commit), so the index never loses count. A run stopped inside
the commit's indexing still commits its files (:class:`.transactions.Group`);
the next run is then unfinished and indexes what is missing when it rebuilds
the database's shape (:func:`ensure_fts`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .connect import ANY_OF, any_of

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

#: FTS5 tokenizer that keeps å, ä and ö distinct (för ≠ for, får ≠ far).
SWEDISH_TOKENIZER = "unicode61 remove_diacritics 0"

#: The tables with a full-text index of their own, and its columns.
TEXT_TABLES: dict[str, tuple[str, ...]] = {
    "documents": ("title", "body"),
    "pages": ("text",),
}


def keepers(table: str, columns: Sequence[str]) -> dict[str, str]:
    """Return the triggers that keep ``table``'s index, by name.

    A row goes out of the index when it is deleted, and is indexed again
    when its text (not another column) changes, only if the index holds it.
    """
    fts, names = f"{table}_fts", ", ".join(f"[{c}]" for c in columns)
    old = ", ".join(f"old.[{c}]" for c in columns)
    new = ", ".join(f"new.[{c}]" for c in columns)
    held = f"exists (select 1 from [{fts}_docsize] where id = old.rowid)"
    out = f"insert into [{fts}] ([{fts}], rowid, {names}) select 'delete', old.rowid"
    out += f", {old}"
    return {
        f"{table}_ad": (
            f"create trigger [{table}_ad] after delete on [{table}] "
            f"when {held} begin\n  {out};\nend"
        ),
        f"{table}_au": (
            f"create trigger [{table}_au] after update of {names} on [{table}] begin\n"
            f"  {out} where {held};\n"
            f"  insert into [{fts}] (rowid, {names}) values (new.rowid, {new});\nend"
        ),
    }


def ensure_fts(db: sqlite_utils.Database, table: str, columns: Sequence[str]) -> None:
    """Give ``table`` its full-text index, its triggers and every row indexed.

    An index kept by other triggers (sqlite-utils' three, as an earlier
    diarium made them) holds every row: only the triggers change. An index
    with a trigger missing is made again, whole.
    """
    fts, wanted = db.table(f"{table}_fts"), keepers(table, columns)
    ours = [f"{table}_{suffix}" for suffix in ("ai", "ad", "au")]  # others stay
    sql = "select name, sql from sqlite_master where type = 'trigger' and name = ?"
    found = dict(row for name in ours for row in db.execute(sql, [name]).fetchall())
    made = fts.exists()
    if made and _alike(found) == _alike(wanted):
        _index_missing(db, table, columns)
        return
    whole = made and {f"{table}_ai", *wanted} <= set(found)
    with db.conn:
        for name in found:
            db.conn.execute(f"drop trigger [{name}]")
    if not whole:
        if made:
            db.table(table).disable_fts()
        db.table(table).enable_fts(list(columns), tokenize=SWEDISH_TOKENIZER)
    with db.conn:
        for sql in wanted.values():
            db.conn.execute(sql)


def _alike(triggers: dict[str, str]) -> dict[str, str]:
    """Return ``triggers`` with their SQL as SQLite keeps it, whatever its
    spacing and case (it stores "CREATE TRIGGER" in capitals)."""
    return {name: " ".join(sql.split()).lower() for name, sql in triggers.items()}


def _index_missing(
    db: sqlite_utils.Database, table: str, columns: Sequence[str]
) -> None:
    """Index the rows of ``table`` its index lacks (a run stopped while it
    indexed); make the index again if it then still counts otherwise."""
    if _counts(db, table) is None:
        return
    with db.conn:
        db.conn.execute(_indexing(table, columns, ""))
    if _counts(db, table) is not None:
        log.warning("the full-text index of %s was made again", table)
        db.table(table).disable_fts()
        ensure_fts(db, table, columns)


def _counts(db: sqlite_utils.Database, table: str) -> tuple[int, int] | None:
    """Return the rows of ``table`` and of its index when they differ, else None."""
    (rows,) = db.execute(f"select count(*) from [{table}]").fetchone()
    (held,) = db.execute(f"select count(*) from [{table}_fts_docsize]").fetchone()
    return None if rows == held else (rows, held)


def index_saved(db: sqlite_utils.Database, shas: Sequence[str]) -> None:
    """Index the rows of the files ``shas`` that their tables' indexes lack,
    one statement a table, inside the caller's transaction.

    A table without its index (a first load makes it whole at the end) is
    left alone; so are rows indexed already (a file's kept pages, when its
    documents were extracted again).
    """
    if not shas:
        return
    for table, columns in TEXT_TABLES.items():
        if db.table(f"{table}_fts").exists():
            sql = _indexing(table, columns, f"t.file_sha256 {ANY_OF} and ")
            db.conn.execute(sql, [any_of(dict.fromkeys(shas))])


def _indexing(table: str, columns: Sequence[str], where: str) -> str:
    """Return the statement indexing the rows of ``table`` that ``where``
    (blank, or a condition and ``and``) chooses and its index lacks."""
    fts, names = f"{table}_fts", ", ".join(f"[{c}]" for c in columns)
    return (
        f"insert into [{fts}] (rowid, {names}) select rowid, {names} "
        f"from [{table}] t where {where}not exists "
        f"(select 1 from [{fts}_docsize] s where s.id = t.rowid)"
    )


def drop_text_indexes(db: sqlite_utils.Database) -> None:
    """Drop the full-text indexes and their triggers: a first load into an
    emptied database makes them whole at its end (:func:`ensure_fts`)."""
    with db.conn:
        for table in TEXT_TABLES:
            for suffix in ("ai", "ad", "au"):
                db.conn.execute(f"drop trigger if exists [{table}_{suffix}]")
    for table in TEXT_TABLES:
        if db.table(f"{table}_fts").exists():
            db.table(table).disable_fts()
