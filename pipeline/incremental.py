"""Incremental re-runs: what a file needs redoing, and whether derived state does.

A file's row carries the version of the steps that read, segment and classify
it (:func:`pipeline_version`); each document carries its kind's extractor
version. A re-run therefore

- takes a file whose size and modification time are those stored with its
  hash to hold the same bytes, without reading it (:mod:`pipeline.store.hashes`;
  ``rehash`` reads every file);
- skips a file whose versions are all current (and whose municipality setting
  is unchanged);
- re-extracts, from its stored pages and without reading the PDF, a file
  with a document of a kind whose version changed (:class:`FromStoredPages`);
- reads every other file again.

Derived state (analysis, checks, views, and the search rows of the files
that have none) is rebuilt only when a run changed a stored row, the
previous run did not finish, or what it was built from differs: all of it
when the code does (:func:`derived_stamp`), else the analysis of the
municipalities whose documents, date or corrections changed
(:mod:`pipeline.analysis.places`).
The versions are recorded with a digest of the code (:func:`current_versions`),
so a re-run of the same code that finds nothing to read imports no extractor.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from extractors.core.errors import DiariumError
from extractors.core.models import Failure, FileResult, SourceFile
from pipeline import __version__
from pipeline.store.db import Store
from pipeline.store.versions import (
    READING,
    code_digest,
    record_versions,
    recorded_versions,
)

if TYPE_CHECKING:
    from pipeline.parallel import Share

log = logging.getLogger(__name__)


def pipeline_version() -> str:
    """Return the version of reading, segmentation and classification.

    It names diarium, the per-file steps (:data:`PROCESS_VERSION`), a
    digest of what classification reads of every kind (names, labels,
    keywords, priorities) and a digest of the lexicon: a kind's extractor
    version is not part of it. The lexicon is read while a PDF is read
    (furniture, masking, municipalities), so an edited lexicon file reads
    every file again.
    """
    from extractors import lexicon
    from extractors.kinds import REGISTRY  # every extractor: not at import
    from pipeline.process import PROCESS_VERSION

    evidence = [
        [name, spec.labels, spec.keywords, spec.priority, spec.stored_kind]
        for name, spec in REGISTRY.items()
    ]
    digest = hashlib.sha256(json.dumps(evidence, ensure_ascii=False).encode())
    kinds, words = digest.hexdigest()[:12], lexicon.digest()[:12]
    return f"{__version__}/{PROCESS_VERSION}/kinds.{kinds}/lexicon.{words}"


def kind_labels() -> list[str]:
    """Return the current ``name.version`` of every kind's extractor."""
    from extractors.kinds import REGISTRY

    return [spec.label for spec in REGISTRY.values()]


@dataclass(frozen=True)
class Versions:
    """What a run compares stored rows with: the versions of the code."""

    reading: str
    """The reading version (:func:`pipeline_version`)."""
    labels: list[str]
    """Every kind's ``name.version`` (:func:`kind_labels`)."""


def current_versions(db: Any) -> Versions:
    """Return the versions of this code, and record them in ``db``.

    Recorded under the digest of the code (:mod:`pipeline.store.versions`),
    they are read back by the next run of the same code, which then imports
    no extractor; a process that has the registry loaded asks it.
    """
    code = code_digest()
    if "extractors.kinds" not in sys.modules:
        recorded = recorded_versions(db, code)
        if recorded:
            reading = recorded.pop(READING)
            return Versions(reading, sorted(recorded.values()))
    versions = Versions(pipeline_version(), kind_labels())
    by_kind = {label.rsplit(".", 1)[0]: label for label in versions.labels}
    record_versions(db, code, {READING: versions.reading} | by_kind)
    return versions


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
        from extractors.core.layout import layout_profile
        from pipeline.process import OUT_OF_MEMORY, process_pages
        from pipeline.store.stored import stored_pages

        source = self.sources[path]
        try:
            pages, municipality = stored_pages(self.db_path, source.sha256)
            layout = layout_profile(municipality)
            return process_pages(pages, source, layout, municipality, share)
        except DiariumError as exc:
            return Failure(source, str(exc), refused=True)
        except MemoryError:
            return Failure(source, OUT_OF_MEMORY)
        except Exception as exc:  # a bug must not stop the batch
            log.exception("unexpected error re-extracting %s", path)
            return Failure(source, f"internal error: {type(exc).__name__}: {exc}")


def derived_stamp(version: str) -> str:
    """Return what the derived state of ``store`` would now be built from.

    The code and the reading version (``version``). The analysis dates
    (given, ``today`` or each municipality's newest document date) and
    corrections are recorded per municipality
    (:mod:`pipeline.analysis.places`), each analysed again when they change.
    """
    parts = [code_digest(), version]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


#: The ``analysis`` row naming what the derived state was built from.
STAMP_KEY = "built_from"


def recorded_stamp(store: Store) -> str | None:
    """Return the stamp the derived state was last built with, if any."""
    rows = store.query("select value from analysis where key = ?", [STAMP_KEY])
    return rows[0]["value"] if rows else None


def record_stamp(store: Store, stamp: str) -> None:
    """Record that the derived state was built as ``stamp`` says."""
    note = "digest of the code and reading version it was built from"
    with store.transaction():
        store.execute(
            "insert or replace into analysis (key, value, note) values (?, ?, ?)",
            [STAMP_KEY, stamp, note],
        )
