"""Files moved or renamed: a loaded file's path follows its bytes.

A file is known by its SHA-256, so bytes already loaded are not read again
under a new name. When the path they were loaded from is gone (the file was
moved or renamed), or this run found other bytes there (another file was
moved onto it), ``files.path`` takes the new one, so that the published
site finds the PDF again; a path that still holds them (a second copy
elsewhere) is kept. Nothing derived is built from ``files.path`` (the views
that show it are live), so a path-only change needs no analysis.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.core.models import SourceFile

from .connect import ANY_OF, any_of, parts, path_text
from .hashes import forget_hashes

if TYPE_CHECKING:
    import sqlite_utils

#: A byte of a file name that is no UTF-8, as stored: ``\\xe5``.
_ESCAPED_BYTE = re.compile(rb"\\x([0-9a-f]{2})")


def follow_moves(
    db: sqlite_utils.Database,
    sources: list[SourceFile],
    found: list[SourceFile] | None = None,
) -> list[tuple[str, str]]:
    """Record the new path of every loaded file in ``sources`` whose stored
    path is gone or holds other bytes in ``found`` (every file this run
    hashed; ``sources`` when None); return ``(old, new)`` per file moved.

    The stored hash of a gone path (:mod:`.hashes`) is forgotten too: the
    run forgets only gone paths under the folders it is given, and a file
    may be moved from a folder this run is not given.
    """
    if not sources:
        return []
    stored = _stored_paths(db, sources)
    everything = sources if found is None else found
    held: dict[str, str] | None = None
    folder = _db_folder(db)
    by_file: dict[tuple[int, int], str] | None = None
    moved, gone = [], []
    for s in sources:
        old = stored.get(s.sha256)
        if old is None or old == path_text(s.path):
            continue
        if held is None:  # a path changed: worked out once, when one does
            held = {path_text(f.path): f.sha256 for f in everything}
        there = held.get(old)
        if there is None:  # not found as spelt: gone, or found spelt otherwise
            where = _identity(old, folder)
            if where is None:
                moved.append(s)
                gone.append(old)
                continue
            by_file = _identities(everything) if by_file is None else by_file
            there = by_file.get(where)
        if there not in (None, s.sha256):  # another file was moved onto it
            moved.append(s)
    if moved:
        with db.conn:
            db.conn.executemany(
                "update files set path = ? where sha256 = ?",
                [(path_text(s.path), s.sha256) for s in moved],
            )
        forget_hashes(db, gone)
    return [(stored[s.sha256], path_text(s.path)) for s in moved]


def _stored_paths(
    db: sqlite_utils.Database, sources: list[SourceFile]
) -> dict[str, str]:
    """Return the stored path of each loaded file in ``sources`` whose path is
    not the one it is stored under (``{sha256: path}``), asked for
    :func:`.connect.parts` at a time: a run holds no row of every file."""
    stored = {}
    sql = f"select sha256, path from files where status = 'loaded' and sha256 {ANY_OF}"
    for part in parts(sources):
        paths = {s.sha256: s.path for s in part}
        for sha, path in db.execute(sql, [any_of(paths)]):
            if path != path_text(paths[sha]):
                stored[sha] = path
    return stored


def _identity(path: str, folder: Path | None) -> tuple[int, int] | None:
    """Return the device and inode of the file ``path`` names, found as
    stored or relative to ``folder`` (where the site looks too), a name
    stored with ``\\xNN`` escapes tried with its bytes as well; None when
    it is gone."""
    names = [path]
    raw = _ESCAPED_BYTE.sub(lambda m: bytes([int(m[1], 16)]), os.fsencode(path))
    if raw != os.fsencode(path):
        names.append(os.fsdecode(raw))
    if folder is not None:
        names += [str(folder / n) for n in names if not os.path.isabs(n)]
    return next(filter(None, map(_file_id, names)), None)


def _identities(files: list[SourceFile]) -> dict[tuple[int, int], str]:
    """Return the SHA-256 of each file in ``files`` by its device and inode
    (another spelling of a path names the same file)."""
    ids = ((_file_id(f.path), f.sha256) for f in files)
    return {found: sha for found, sha in ids if found is not None}


def _file_id(name: str) -> tuple[int, int] | None:
    """Return the device and inode of the file ``name``, None when there is none."""
    try:
        found = os.stat(name)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _db_folder(db: sqlite_utils.Database) -> Path | None:
    """Return the folder of the database file (None: in memory)."""
    for row in db.execute("pragma database_list"):
        if row[1] == "main" and row[2]:
            return Path(row[2]).parent
    return None
