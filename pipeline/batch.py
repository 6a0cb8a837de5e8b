"""One run's files: found, hashed where changed, with each one's municipality setting.

Apart from the orchestration (:mod:`pipeline.ingest`): what a batch holds
before anything is read.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from extractors.core.models import Failure, SourceFile
from pipeline.discover import describe_all, find_inputs, split_duplicates
from pipeline.incremental import current_versions
from pipeline.settings import FolderSettings, Setting, municipality_name, search_tops
from pipeline.store.connect import path_text
from pipeline.store.hashes import (
    forget_hashes,
    hashed_paths,
    save_hashes,
    stored_hashes,
)
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
) -> tuple[Batch, list[str]]:
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
    for file in found.files:
        batch.places[file] = given or settings.municipality_for(file)
    return batch, found.files


def hash_batch(db: Any, batch: Batch, files: list[str], rehash: bool) -> None:
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
    described = describe_all(
        files, partial(stored_hashes, db), rehash, partial(save_hashes, db)
    )
    forget_hashes(db, _vanished(hashed_paths(db), files, batch))
    for path, reason in described.unreadable:
        _unreadable(batch, path, reason)
    batch.files, copies = split_duplicates(described.files)
    batch.copies = [Failure(source, reason) for source, reason in copies]
    for old, new in follow_moves(db, batch.files, described.files):
        log.info("%s was moved to %s", old, new)


def _vanished(stored: Iterable[str], files: list[str], batch: Batch) -> list[str]:
    """Return the ``stored`` paths under a given folder that this run did not find.

    A rejected entry (a folder that could not be read) keeps the paths under
    it. Paths are compared absolute and normalised, so "." does not hold
    "../x".
    """
    if not batch.folders:
        return []
    seen = {path_text(path) for path in files}
    folders = [os.path.abspath(str(folder)) for folder in batch.folders]
    kept = [os.path.abspath(f.source.path) for f in batch.unreadable]
    gone = []
    for key in stored:  # the common case: every one of them is seen
        if key not in seen:
            path = os.path.abspath(key)
            if any(_within(path, folder) for folder in folders) and not any(
                _within(path, rejected) for rejected in kept
            ):
                gone.append(key)
    return gone


def _within(path: str, folder: str) -> bool:
    """Return True when ``path`` is ``folder`` or lies under it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _unreadable(batch: Batch, path: str | Path, reason: str) -> None:
    """Add ``path`` to the batch's unreadable files."""
    source = SourceFile(str(path), f"unreadable:{path}", 0)
    batch.unreadable.append(Failure(source, reason))
    batch.places.setdefault(str(path), None)
