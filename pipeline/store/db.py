"""The store's face to the analysis step: plain rows in, plain rows out.

:mod:`pipeline.analysis` computes links, statuses and derived tables as pure
functions; it reads and writes through a :class:`Store` and never imports
sqlite-utils itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .save import open_db

if TYPE_CHECKING:
    import sqlite_utils


class Store:
    """A database seen as tables of plain rows."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        """Wrap an open sqlite-utils database."""
        self.db = db

    @classmethod
    def open(cls, path: str) -> Store:
        """Open (creating if needed) the database at ``path``."""
        return cls(open_db(path))

    def query(self, sql: str, params: Any = None) -> list[dict[str, Any]]:
        """Return every row of ``sql`` as a dict."""
        return list(self.db.query(sql, params or []))

    def stream(self, sql: str, params: Any = None) -> Iterator[dict[str, Any]]:
        """Yield the rows of ``sql`` as dicts, one at a time."""
        return self.db.query(sql, params or [])

    def execute(self, sql: str, params: Any = None) -> None:
        """Run one statement."""
        self.db.execute(sql, params or [])

    def execute_many(self, sql: str, params: Iterable[Sequence[Any]]) -> None:
        """Run one statement once for each parameter sequence."""
        self.db.conn.executemany(sql, params)

    def insert(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        """Insert rows into ``table``."""
        self.db.table(table).insert_all(rows)

    def replace_all(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        """Delete every row of ``table`` and insert ``rows``."""
        self.db.execute(f"delete from [{table}]")
        self.db.table(table).insert_all(rows)

    def exists(self, table: str, column: str, value: Any) -> bool:
        """Return True when ``table`` has a row whose ``column`` is ``value``."""
        sql = f"select 1 from [{table}] where [{column}] = ? limit 1"
        return self.db.execute(sql, [value]).fetchone() is not None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block in one transaction."""
        with self.db.conn:
            yield

    def close(self) -> None:
        """Close the database."""
        self.db.close()
