"""One run's files: found, hashed where changed, with each one's municipality setting.

Apart from the orchestration (:mod:`pipeline.ingest`): what a batch holds
before anything is read.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.core.models import Failure, SourceFile
from pipeline.discover import describe_all, find_inputs, split_duplicates
from pipeline.incremental import current_versions
from pipeline.settings import FolderSettings, Setting, municipality_name, search_tops
from pipeline.store.connect import path_text
from pipeline.store.hashes import Hashed, forget_hashes, save_hashes, stored_hashes
from pipeline.store.moves import follow_moves

log = logging.getLogger(__name__)


@dataclass
class Batch:
    """The files of one run, with the municipality given for each."""

    files: list[SourceFile]
    unreadable: list[Failure]
    copies: list[Failure]
    places: dict[str, Setting]
    version: str = ""
    """The reading version of this run (:func:`pipeline_version`)."""
    labels: list[str] = field(default_factory=list)
    """Every kind's ``name.version`` in this run (:func:`kind_labels`)."""
    folders: list[Path] = field(default_factory=list)
    """The folders given: a stored path under one that is gone is forgotten."""

    @property
    def total(self) -> int:
        """Return the number of files in the batch."""
        return len(self.files) + len(self.unreadable) + len(self.copies)


def find_batch(
    paths: list[str | Path], municipality: str | None
) -> tuple[Batch, list[Path]]:
    """Return the batch of ``paths`` and its files to hash: every PDF found,
    each with its municipality setting; nothing is read or written yet."""
    batch = Batch([], [], [], {})
    settings = FolderSettings(search_tops([Path(p) for p in paths]))
    found = find_inputs(paths)
    batch.folders = found.folders
    for path, reason in found.rejected:
        _unreadable(batch, path, reason)
    name = municipality_name(municipality) if municipality else None
    given = (name, "option") if name else None
    for path in found.files:
        batch.places[str(path)] = given or settings.municipality_for(path)
    return batch, found.files


def hash_batch(db: Any, batch: Batch, files: list[Path], rehash: bool) -> None:
    """Hash the changed ``files`` into ``batch``, set the later copies of a
    content aside and take the versions a re-run compares with.

    The hashes of changed files are stored at once, whatever becomes of them,
    and so are the new paths of loaded files that were moved
    (:mod:`pipeline.store.moves`): like the hashes, they change nothing the
    derived state is built from, so they are written before the run starts
    counting its changes.
    """
    versions = current_versions(db)
    batch.version, batch.labels = versions.reading, versions.labels
    stored = stored_hashes(db)
    described = describe_all(files, stored, rehash)
    save_hashes(db, described.hashed)
    forget_hashes(db, _vanished(stored, files, batch))
    for path, reason in described.unreadable:
        _unreadable(batch, path, reason)
    batch.files, copies = split_duplicates(described.files)
    batch.copies = [Failure(source, reason) for source, reason in copies]
    for old, new in follow_moves(db, batch.files, described.files):
        log.info("%s was moved to %s", old, new)


def _vanished(stored: dict[str, Hashed], files: list[Path], batch: Batch) -> list[str]:
    """Return the stored paths under a given folder that this run did not find.

    A rejected entry (a folder that could not be read) keeps the paths under
    it. Paths are compared absolute and normalised, so "." does not hold
    "../x".
    """
    seen = {path_text(str(path)) for path in files}
    if not batch.folders or stored.keys() <= seen:
        return []  # the common case: nothing is gone
    folders = [os.path.abspath(str(folder)) for folder in batch.folders]
    kept = [os.path.abspath(f.source.path) for f in batch.unreadable]
    absolute = {key: os.path.abspath(key) for key in stored.keys() - seen}
    return [
        key
        for key, path in absolute.items()
        if any(_within(path, folder) for folder in folders)
        and not any(_within(path, rejected) for rejected in kept)
    ]


def _within(path: str, folder: str) -> bool:
    """Return True when ``path`` is ``folder`` or lies under it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _unreadable(batch: Batch, path: Path, reason: str) -> None:
    """Add ``path`` to the batch's unreadable files."""
    source = SourceFile(str(path), f"unreadable:{path}", 0)
    batch.unreadable.append(Failure(source, reason))
    batch.places.setdefault(str(path), None)
