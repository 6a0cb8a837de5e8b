"""Which code last opened the database, and the versions that code reported.

Asking the kinds' registry for the reading version and the extractor
versions imports every extractor (dateparser, every lexicon); checking that
every table and column exists asks the registry too. An unchanged re-run of
the same code needs neither: the versions are read back from
``code_versions``, recorded under a digest of the code that computed them
(:func:`code_digest`), and the tables are checked only when the digest
changed.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import extractors
import pipeline

if TYPE_CHECKING:
    import sqlite_utils

#: The ``code_versions`` row holding the reading version.
READING = "diarium"


@cache
def code_digest() -> str:
    """Return a digest of the code and lexicons that derived state is made by."""
    digest = hashlib.sha256()
    for package in (pipeline, extractors):
        root = Path(str(package.__file__)).resolve().parent
        for file in sorted(root.rglob("*")):
            if file.suffix in (".py", ".toml") and "__pycache__" not in file.parts:
                digest.update(file.relative_to(root.parent).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def recorded_versions(db: sqlite_utils.Database, code: str) -> dict[str, str]:
    """Return ``{name: version}`` as recorded by the code ``code`` (empty if none).

    Empty also in a database made before this table existed.
    """
    try:
        found = db.execute(
            "select name, version from code_versions where code = ?", [code]
        ).fetchall()
    except sqlite3.OperationalError:  # no such table: an older database
        return {}
    versions = dict(found)
    return versions if READING in versions else {}


def record_versions(
    db: sqlite_utils.Database, code: str, versions: Mapping[str, str]
) -> None:
    """Record ``versions`` (the reading version under :data:`READING`) as
    reported by the code ``code``; nothing is written when already recorded."""
    if recorded_versions(db, code) == dict(versions):
        return
    with db.conn:
        db.conn.execute("delete from code_versions")
        db.conn.executemany(
            "insert into code_versions (name, version, code) values (?, ?, ?)",
            [(name, version, code) for name, version in versions.items()],
        )
