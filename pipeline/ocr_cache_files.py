"""The OCR cache's files: where an entry lives, how many there are, and pruning.

An entry is ``<folder>/<2 hex>/<64 hex>.tsv.gz`` and a page's index file
``<folder>/<2 hex>/<64 hex>.page`` (:mod:`pipeline.read.ocr_cache` writes and
reads them); the modification time of each is when a run last wrote or used
it. Nothing else under the folder is ever counted or removed: a folder
given by mistake (``--ocr-cache ~``) loses no file of its own, and only a
folder this emptied is removed. A file being written is a hidden
``.diarium-*.tmp`` in an entry's folder; one left by a run that was killed
is removed once it is an hour old.

Apart from the reader so that ``diarium ocr-cache`` imports no PDF library.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: The name of an entry's folder, of an entry and of a page's index file.
SHARD = re.compile(r"[0-9a-f]{2}")
ENTRY = re.compile(r"[0-9a-f]{64}\.tsv\.gz")
INDEX = re.compile(r"[0-9a-f]{64}\.page")
#: The start of the name of an entry being written, and the whole name
#: (``tempfile.mkstemp(".tmp", TEMPORARY_PREFIX)``).
TEMPORARY_PREFIX = ".diarium-"
TEMPORARY = re.compile(r"\.diarium-[^/]*\.tmp")
#: Seconds after which a file being written is taken to be left by a killed run.
STALE_TEMPORARY = 3600.0


def entry_path(folder: Path, key: str) -> Path:
    """Return the file of the entry ``key`` (a hex SHA-256) under ``folder``."""
    return folder / key[:2] / f"{key}.tsv.gz"


def index_path(folder: Path, key: str) -> Path:
    """Return the index file of the page ``key`` (a hex SHA-256) under ``folder``."""
    return folder / key[:2] / f"{key}.page"


@dataclass(frozen=True)
class Survey:
    """Some files of the cache: how many entries and index files, their size,
    the least recently used."""

    entries: int = 0
    bytes: int = 0
    oldest: float | None = None
    """Modification time of the least recently used file (None: no file)."""
    indexes: int = 0
    """Index files (pages' keys, :func:`index_path`), apart from the entries."""

    def add(self, size: int, used: float, index: bool = False) -> Survey:
        """Return this survey with one more entry (``index``: index file) of
        ``size`` bytes used at ``used``."""
        oldest = used if self.oldest is None else min(self.oldest, used)
        return Survey(
            self.entries + (not index),
            self.bytes + size,
            oldest,
            self.indexes + index,
        )


def survey(folder: Path) -> Survey:
    """Return the entries and index files under ``folder`` (none when it does
    not exist)."""
    found = Survey()
    for _, status, index in _entries(folder):
        found = found.add(status.st_size, status.st_mtime, index)
    return found


def prune(folder: Path, unused: float | None, now: float) -> Survey:
    """Remove the entries and index files not used for ``unused`` seconds
    before ``now`` (every one when None); return what was removed.

    Stale files being written go too, and entry folders left empty.
    """
    removed, emptied = Survey(), set()
    for path, status, index in _entries(folder):
        if unused is None or status.st_mtime < now - unused:
            try:
                path.unlink()
            except FileNotFoundError:
                continue  # another run removed it
            removed = removed.add(status.st_size, status.st_mtime, index)
            emptied.add(path.parent)
    for shard in _shards(folder):
        if _remove_stale_temporaries(shard, now):
            emptied.add(shard)
    for shard in emptied:  # only a folder this removed something from
        try:
            shard.rmdir()  # only when empty
        except OSError:
            pass
    return removed


def _shards(folder: Path) -> Iterator[Path]:
    """Yield the entry folders under ``folder``."""
    try:
        children = list(os.scandir(folder))
    except OSError:
        return
    for child in children:
        if SHARD.fullmatch(child.name) and child.is_dir(follow_symlinks=False):
            yield Path(child.path)


def _entries(folder: Path) -> Iterator[tuple[Path, os.stat_result, bool]]:
    """Yield every entry and index file under ``folder`` with its status and
    whether it is an index file."""
    for shard in _shards(folder):
        for path, status in _files(shard, ENTRY):
            yield path, status, False
        for path, status in _files(shard, INDEX):
            yield path, status, True


def _remove_stale_temporaries(shard: Path, now: float) -> bool:
    """Remove the files being written in ``shard`` that are an hour old;
    return True when it removed one."""
    removed = False
    for path, status in _files(shard, TEMPORARY):
        if status.st_mtime < now - STALE_TEMPORARY:
            try:
                path.unlink()
            except OSError:
                continue
            removed = True
    return removed


def _files(
    folder: Path, name: re.Pattern[str]
) -> Iterator[tuple[Path, os.stat_result]]:
    """Yield the regular files in ``folder`` (no link) named as ``name`` says,
    with their status."""
    try:
        children = list(os.scandir(folder))
    except OSError:
        return
    for child in children:
        if not name.fullmatch(child.name) or not child.is_file(follow_symlinks=False):
            continue
        try:
            status = child.stat(follow_symlinks=False)
        except FileNotFoundError:
            continue
        yield Path(child.path), status
