"""The municipalities whose documents a run wrote or deleted.

Temporary triggers on ``documents`` (they live as long as the connection
and are stored in no file) note the municipality of every document row
inserted, deleted or moved to another municipality, whichever code path
writes it: a file loaded, extracted again, replaced or failing. The analysis
then redoes only those municipalities (:mod:`pipeline.analysis.places`).
A run killed before its analysis rebuilds everything at the next start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

#: The temporary table of noted municipalities and its triggers.
WATCH = (
    "create temp table if not exists touched_places (municipality text)",
    "create temp trigger if not exists touched_insert after insert on documents "
    "begin insert into touched_places values (new.municipality); end",
    "create temp trigger if not exists touched_delete after delete on documents "
    "begin insert into touched_places values (old.municipality); end",
    "create temp trigger if not exists touched_update "
    "after update of municipality on documents begin "
    "insert into touched_places values (old.municipality); "
    "insert into touched_places values (new.municipality); end",
)


def watch_places(db: sqlite_utils.Database) -> None:
    """Start noting the municipalities of the documents written or deleted."""
    with db.conn:
        for statement in WATCH:
            db.conn.execute(statement)


def touched_places(db: sqlite_utils.Database) -> set[str | None]:
    """Return the municipalities noted since :func:`watch_places` (and forget them)."""
    with db.conn:
        rows = db.conn.execute("select distinct municipality from touched_places")
        places = {row[0] for row in rows}
        db.conn.execute("delete from touched_places")
    return places
