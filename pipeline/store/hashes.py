"""What a re-run trusts without reading a file: the hash its path had last time.

As git's index does, every path hashed is stored with its size and
modification time (nanoseconds); a path whose size and modification time
are still the stored ones is taken to hold the stored bytes, without being
opened. A modification time that is too recent when the file is hashed
(:data:`RACY_NS`) is not stored: a change within the same clock tick would
leave it as it is, so the file is hashed again next time. The hash of a
path that is gone from a folder the run was given is forgotten, so the
table does not grow with every file ever renamed or removed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .connect import ANY_OF, any_of

if TYPE_CHECKING:
    import sqlite_utils


#: A path's stored hash: ``(bytes, mtime_ns, sha256)``; ``mtime_ns`` is None
#: when it is not to be trusted.
Hashed = tuple[int, int | None, str]

#: How old (nanoseconds) a modification time must be when the file is
#: hashed for it to be trusted later (file systems stamp times in ticks of
#: up to two seconds).
RACY_NS = 2_000_000_000


def stored_hashes(db: sqlite_utils.Database, paths: list[str]) -> dict[str, Hashed]:
    """Return ``{path: (bytes, mtime_ns, sha256)}`` of those of ``paths`` hashed
    before (asked for a part of a batch at a time: a run does not hold every
    stored hash)."""
    return {
        path: (size, mtime_ns, sha)
        for path, size, mtime_ns, sha in db.execute(
            "select path, bytes, mtime_ns, sha256 from path_hashes "
            f"where path {ANY_OF}",
            [any_of(paths)],
        )
    }


def hashed_paths(db: sqlite_utils.Database) -> Iterator[str]:
    """Yield every path hashed before, one at a time."""
    for (path,) in db.execute("select path from path_hashes"):
        yield path


def save_hashes(db: sqlite_utils.Database, hashed: dict[str, Hashed]) -> None:
    """Store (replacing) the hashes of the paths in ``hashed``."""
    if not hashed:
        return
    with db.conn:
        db.conn.executemany(
            "insert or replace into path_hashes (path, bytes, mtime_ns, sha256) "
            "values (?, ?, ?, ?)",
            [(path, *row) for path, row in hashed.items()],
        )


def forget_hashes(db: sqlite_utils.Database, paths: list[str]) -> None:
    """Delete the stored hashes of ``paths`` (paths that are gone)."""
    if not paths:
        return
    with db.conn:
        db.conn.executemany(
            "delete from path_hashes where path = ?", [(path,) for path in paths]
        )
