"""A first load indexes its rows once at its end, not row by row.

Every row the loader inserts also goes into some three indexes of its table
(references, case numbers, dates; :func:`.shape.ensure_indexes`), each at a
random place. Loading into an empty database, that upkeep was a third of
the loading process's saving (2,178 files: 0.30 s of 0.91 s; 9,644 files:
2.8 s of 5.9 s), and making the same indexes from the loaded rows took
0.07 s and 0.39 s. So a run that starts with no ``files`` row and has
:data:`FIRST_LOAD_FILES` files to read drops them first and makes them
again before its analysis (:func:`.shape.ensure_indexes`). The indexes the loader
looks rows up by while it loads (:data:`KEPT`) and the primary keys stay.

The full-text indexes of pages and documents go too
(:func:`.text_index.drop_text_indexes`): the end of the run makes them whole
from the loaded rows, as in a new database, which has none while it loads.

A run stopped in between leaves them missing and itself unfinished
(:func:`.save.run_unfinished`); the next run makes them before it loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .shape import ensure_indexes, wanted_indexes
from .text_index import drop_text_indexes

if TYPE_CHECKING:
    import sqlite_utils

#: Indexes the loader looks up by while it loads: a file's earlier rows by
#: path (:func:`.save._delete_file_rows`), its documents by file
#: (:func:`.ids.hash_ids`), and the rows its search rows are made of
#: (:func:`.search.index_files`: paragraphs and motions by file, a motion's
#: clauses; small tables beside pages and documents).
KEPT = {
    ("files", ("path",)),
    ("documents", ("file_sha256",)),
    ("paragraphs", ("file_sha256",)),
    ("motions", ("file_sha256",)),
    ("motion_clauses", ("motion_id",)),
}
#: Files a first run reads at least for its indexes to be made at its end:
#: dropping and making the hundred indexes of an empty database costs 15 ms.
FIRST_LOAD_FILES = 50


class FirstLoad:
    """The indexes of one run: dropped at its start when it is a first load."""

    def __init__(self, db: sqlite_utils.Database, repaired: bool) -> None:
        """Note whether ``db`` is empty; make the indexes a stopped first load
        dropped (``repaired``: the previous run did not finish)."""
        self.db, self.dropped = db, False
        self.empty = db.execute("select 1 from files limit 1").fetchone() is None
        if repaired and not self.empty:
            ensure_indexes(db)

    def start(self, files: int) -> None:
        """Drop the indexes when the database was empty and ``files`` are many."""
        if self.empty and files >= FIRST_LOAD_FILES:
            defer_indexes(self.db)
            drop_text_indexes(self.db)
            self.dropped = True

    def end(self) -> None:
        """Make the dropped indexes again (before the analysis reads by them)."""
        if self.dropped:
            ensure_indexes(self.db)
            self.dropped = False


def defer_indexes(db: sqlite_utils.Database) -> None:
    """Drop the indexes :func:`.shape.ensure_indexes` makes, but :data:`KEPT`."""
    existing = {name for (name,) in db.execute("select name from sqlite_master")}
    with db.conn:
        for table, columns in wanted_indexes(db):
            name = index_name(table, columns)
            if (table, columns) not in KEPT and name in existing:
                db.conn.execute(f"drop index [{name}]")
                existing.discard(name)


def index_name(table: str, columns: tuple[str, ...]) -> str:
    """Return the name sqlite-utils gives an index it makes (``create_index``)."""
    return "idx_{}_{}".format(table.replace(" ", "_"), "_".join(columns))
