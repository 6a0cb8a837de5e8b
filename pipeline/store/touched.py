"""The municipalities and files whose documents a run wrote or deleted.

Temporary triggers on ``documents`` (they live as long as the connection
and are stored in no file) note the municipality and the file of every
document row inserted, deleted or moved to another municipality, whichever
code path writes it: a file loaded, extracted again, replaced or failing.
The analysis then redoes only those municipalities
(:mod:`pipeline.analysis.places`), and checks only those files' records
(:func:`pipeline.analysis.checks.run_checks`: a file's records are written
and deleted with its documents). A run killed before its analysis rebuilds
everything at the next start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

#: The temporary table of noted municipalities and files, and its triggers.
WATCH = (
    "create temp table if not exists touched_places "
    "(municipality text, file_sha256 text)",
    "create temp trigger if not exists touched_insert after insert on documents "
    "begin insert into touched_places values (new.municipality, new.file_sha256); "
    "end",
    "create temp trigger if not exists touched_delete after delete on documents "
    "begin insert into touched_places values (old.municipality, old.file_sha256); "
    "end",
    "create temp trigger if not exists touched_update "
    "after update of municipality on documents begin "
    "insert into touched_places values (old.municipality, old.file_sha256); "
    "insert into touched_places values (new.municipality, new.file_sha256); end",
)


def watch_places(db: sqlite_utils.Database) -> None:
    """Start noting the municipalities and files of the documents written or deleted."""
    with db.conn:
        for statement in WATCH:
            db.conn.execute(statement)


def touched(db: sqlite_utils.Database) -> tuple[set[str | None], set[str]]:
    """Return the municipalities and the files noted since
    :func:`watch_places` (and forget them)."""
    with db.conn:
        places = db.conn.execute("select distinct municipality from touched_places")
        found = {place for (place,) in places}
        files = db.conn.execute(
            "select distinct file_sha256 from touched_places "
            "where file_sha256 is not null"
        )
        shas = {sha for (sha,) in files}
        db.conn.execute("delete from touched_places")
    return found, shas
