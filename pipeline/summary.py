"""What one ingest run did, and what a progress display is told after each file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from extractors.core.models import Failure
from pipeline.pace import Load, Pace


@dataclass
class Progress:
    """What a progress display needs after each file."""

    done: int
    """Files finished so far (loaded, unchanged or failed)."""
    total: int
    """Files in the batch."""
    pages: int
    """Pages read so far."""
    path: str
    """The file just finished."""
    status: str
    """``loaded``, ``reextracted``, ``unchanged``, ``duplicate`` or ``failed``."""
    seconds_left: float | None = None
    """The time the files not yet read will take at the pace so far
    (:class:`pipeline.pace.Pace`); None when it is not known yet, or none are left."""
    pages_per_second: float | None = None
    """Pages read per second since reading began (None before the first)."""


@dataclass
class IngestSummary:
    """The outcome of one ingest run."""

    loaded: int = 0
    """Files processed and loaded."""
    reextracted: int = 0
    """Files whose documents were extracted again from their stored pages
    (a kind's version changed), without reading the PDF."""
    unchanged: int = 0
    """Files skipped: same content already loaded by these versions."""
    failures: list[Failure] = field(default_factory=list)
    """Files that could not be processed, with the reason."""
    refused_before: int = 0
    """Of :attr:`failures`, the files not read again: refused alike before
    (:func:`pipeline.ingest._todo`)."""
    extraction_failures: list[tuple[str, str]] = field(default_factory=list)
    """``(file path, "document N: extractor: error")`` per document whose
    extractor raised; the file and its other documents are loaded."""
    as_of: str | None = None
    """The date statuses were computed as of: the date given, else the
    newest of the municipalities' dates (:attr:`dates`)."""
    dates: dict[str | None, str] = field(default_factory=dict)
    """The date each municipality's statuses were computed as of (None: the
    documents with no municipality)."""
    analysed: list[str | None] = field(default_factory=list)
    """The municipalities this run analysed (None: the documents with no
    municipality); the others' derived rows were kept as they were."""
    analysed_all: bool = False
    """Every municipality was analysed (new code, or an unfinished run)."""
    checks: Counter[str] = field(default_factory=Counter)
    """Flags of the record checks in the database, per rule."""
    kinds: Counter[str] = field(default_factory=Counter)
    """Documents loaded or re-extracted per kind."""
    pages: int = 0
    """Pages read."""
    ocr_read: int = 0
    """Pages of the loaded files read with tesseract in this run."""
    ocr_cached: int = 0
    """Pages of the loaded files whose OCR reading came from the OCR cache."""
    seconds: float = 0.0
    """Wall time of the run."""
    workers: int = 1
    """The ``--workers`` given (processes on this machine; a Dask scheduler
    given with ``--scheduler`` has its own)."""
    masked: int = 0
    """Personal identity numbers masked in the loaded files."""
    masked_contacts: int = 0
    """Private e-mail addresses and phone numbers masked (``mask_contacts``)."""
    withheld: list[tuple[str, int, str]] = field(default_factory=list)
    """``(file path, page, stamp)`` of every page withheld as secret."""
    orphaned: list[dict[str, Any]] = field(default_factory=list)
    """Corrections (``track set``) whose record no longer exists."""
    repaired: bool = False
    """The previous run stopped before rebuilding derived state."""
    rebuilt: bool = False
    """Derived state (analysis, checks, search index, views) was rebuilt;
    False when the run changed nothing it is built from."""
    pace: Pace = field(default_factory=Pace, repr=False)
    """The files to read and read so far, and since when (the time left)."""
    load: Load = field(default_factory=Load, repr=False)
    """How busy this process was while it loaded files
    (:meth:`pipeline.pace.Load.busy_share`: whether more workers would help)."""

    @property
    def failed(self) -> int:
        """Return the number of failed files."""
        return len(self.failures)
