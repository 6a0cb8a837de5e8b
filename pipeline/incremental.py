"""Incremental re-runs: what a file needs redoing, and whether derived state does.

A file's row carries the version of the steps that read, segment and classify
it (:func:`pipeline_version`); each document carries its kind's extractor
version. A re-run therefore

- skips a file whose versions are all current (and whose municipality setting
  is unchanged);
- re-extracts, from its stored pages and without reading the PDF, a file
  with a document of a kind whose version changed (:class:`FromStoredPages`);
- reads every other file again.

Derived state (analysis, checks, search index, views) is rebuilt only when a
run changed a stored row, the previous run did not finish, or what it was
built from (:func:`derived_stamp`: the code and the analysis date) differs.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import extractors
import pipeline
from extractors.core.errors import DiariumError
from extractors.core.layout import layout_profile
from extractors.core.models import Failure, FileResult, SourceFile
from extractors.kinds import REGISTRY
from pipeline import __version__
from pipeline.analysis.run import resolve_as_of
from pipeline.parallel import Share
from pipeline.process import OUT_OF_MEMORY, PROCESS_VERSION, process_pages
from pipeline.store.db import Store
from pipeline.store.stored import stored_pages

log = logging.getLogger(__name__)


def pipeline_version() -> str:
    """Return the version of reading, segmentation and classification.

    It names diarium, the per-file steps (:data:`PROCESS_VERSION`) and a
    digest of what classification reads of every kind (names, labels,
    keywords, priorities): a kind's extractor version is not part of it.
    """
    evidence = [
        [name, spec.labels, spec.keywords, spec.priority, spec.stored_kind]
        for name, spec in REGISTRY.items()
    ]
    digest = hashlib.sha256(json.dumps(evidence, ensure_ascii=False).encode())
    return f"{__version__}/{PROCESS_VERSION}/kinds.{digest.hexdigest()[:12]}"


def kind_labels() -> list[str]:
    """Return the current ``name.version`` of every kind's extractor."""
    return [spec.label for spec in REGISTRY.values()]


@dataclass(frozen=True)
class FromStoredPages:
    """Per-file work of a re-extraction: stored pages in, records out.

    Called as ``work(path, hint)`` in a worker process (:mod:`pipeline.isolate`);
    the layout is the one of the file's stored municipality, as when it was read.
    """

    db_path: str
    """The database holding the pages."""
    sources: dict[str, SourceFile]
    """The files to re-extract, by path."""

    def __call__(
        self, path: str, hint: str | None = None, share: Share | None = None
    ) -> FileResult | Failure:
        """Return the file's documents extracted again from its stored pages."""
        source = self.sources[path]
        try:
            pages, municipality = stored_pages(self.db_path, source.sha256)
            layout = layout_profile(municipality)
            return process_pages(pages, source, layout, municipality, share)
        except DiariumError as exc:
            return Failure(source, str(exc))
        except MemoryError:
            return Failure(source, OUT_OF_MEMORY)
        except Exception as exc:  # a bug must not stop the batch
            log.exception("unexpected error re-extracting %s", path)
            return Failure(source, f"internal error: {type(exc).__name__}: {exc}")


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


def derived_stamp(store: Store, as_of: str | None) -> str:
    """Return what the derived state of ``store`` would now be built from.

    The code, the reading version and the analysis date ``as_of`` resolves to
    (the newest document date by default, today's date for ``today``).
    """
    date, how = resolve_as_of(store, as_of)
    parts = [code_digest(), pipeline_version(), date, how]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


#: The ``analysis`` row naming what the derived state was built from.
STAMP_KEY = "built_from"


def recorded_stamp(store: Store) -> str | None:
    """Return the stamp the derived state was last built with, if any."""
    rows = store.query("select value from analysis where key = ?", [STAMP_KEY])
    return rows[0]["value"] if rows else None


def record_stamp(store: Store, stamp: str) -> None:
    """Record that the derived state was built as ``stamp`` says."""
    note = "digest of the code, reading version and analysis date it was built from"
    with store.transaction():
        store.execute(
            "insert or replace into analysis (key, value, note) values (?, ?, ?)",
            [STAMP_KEY, stamp, note],
        )
