"""A run adds the text of the pages and documents it loads to their full-text
indexes once, at its end, not row by row.

``pages_fts`` and ``documents_fts`` are kept by triggers (made by
:func:`.search.ensure_fts`). The insert trigger indexed each row as it was
inserted, a statement of its own: adding 1,089 files to a database of
1,089 cost the loading process 0.82 s with it and 0.51 s without, the new
rows indexed in one statement at the end of the run (like the search
index's, :mod:`.search`). So a run drops the insert triggers
(:meth:`LoadedText.start`), notes the rows inserted (temporary triggers,
stored in no file), and indexes them and makes the triggers again, as they
were, before its analysis (:meth:`LoadedText.end`). A noted row deleted or
changed before that is indexed just before, so that the delete and update
triggers find it.

A run stopped in between leaves its rows unindexed and the insert triggers
missing; the next run, which repairs it, makes the indexes again whole
before it loads (:func:`.search.ensure_fts`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

#: The tables whose full-text index triggers keep, and the columns indexed.
TEXT_TABLES = (("documents", ("title", "body")), ("pages", ("text",)))


class LoadedText:
    """The rows a run inserts into :data:`TEXT_TABLES`, indexed at its end."""

    def __init__(self, db: sqlite_utils.Database, repaired: bool) -> None:
        """Make whole the indexes a stopped run left (``repaired``)."""
        self.db = db
        self.dropped: list[tuple[str, tuple[str, ...], str]] = []
        if repaired:
            from .search import ensure_fts  # the stemmer: only when needed

            for table, columns in TEXT_TABLES:
                if _sql(db, "table", f"{table}_fts") is not None:
                    ensure_fts(db, table, list(columns))

    def start(self) -> None:
        """Drop the insert triggers; note the rows inserted from now on."""
        with self.db.conn:
            for table, columns in TEXT_TABLES:
                sql = _sql(self.db, "trigger", f"{table}_ai")
                if sql is None:  # no index yet: made whole at the end
                    continue
                for statement in _noting(table, columns):
                    self.db.conn.execute(statement)
                self.db.conn.execute(f"drop trigger [{table}_ai]")
                self.dropped.append((table, columns, sql))

    def end(self) -> None:
        """Index the noted rows and make the insert triggers again."""
        with self.db.conn:
            for table, columns, sql in self.dropped:
                names = ", ".join(f"[{c}]" for c in columns)
                self.db.conn.execute(
                    f"insert into [{table}_fts] (rowid, {names}) "
                    f"select rowid, {names} from [{table}] "
                    f"where rowid in (select id from temp.[{table}_new])"
                )
                self.db.conn.execute(sql)
                for trigger in ("new", "gone", "changed"):
                    self.db.conn.execute(f"drop trigger temp.[{table}_{trigger}]")
                self.db.conn.execute(f"delete from temp.[{table}_new]")
        self.dropped = []


def _sql(db: sqlite_utils.Database, kind: str, name: str) -> str | None:
    """Return the SQL that made ``name`` (a table or trigger), None if none did."""
    row = db.execute(
        "select sql from sqlite_master where type = ? and name = ?", [kind, name]
    ).fetchone()
    return None if row is None else str(row[0])


def _noting(table: str, columns: tuple[str, ...]) -> list[str]:
    """Return the statements making the temporary table of ``table``'s new rows
    and the triggers that note them (and index one before it is deleted or
    changed)."""
    names = ", ".join(f"[{c}]" for c in columns)
    old = ", ".join(f"old.[{c}]" for c in columns)
    noted = f"old.rowid in (select id from [{table}_new])"  # in temp: no prefix
    index_old = (
        f"insert into [{table}_fts] (rowid, {names}) values (old.rowid, {old}); "
        f"delete from [{table}_new] where id = old.rowid;"
    )
    return [
        f"create temp table if not exists [{table}_new] (id integer primary key)",
        f"create temp trigger if not exists [{table}_new] after insert on [{table}] "
        f"begin insert or ignore into [{table}_new] values (new.rowid); end",
        f"create temp trigger if not exists [{table}_gone] before delete on "
        f"[{table}] when {noted} begin {index_old} end",
        f"create temp trigger if not exists [{table}_changed] before update on "
        f"[{table}] when {noted} begin {index_old} end",
    ]
