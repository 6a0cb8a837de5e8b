"""Types shared by every extractor: what it reads and the tables it fills."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from .layout import DEFAULT, LayoutProfile

T = TypeVar("T")


@dataclass(frozen=True)
class Table:
    """A table of kind-specific rows, declared by the extractor that fills it.

    Rows may use document-local ids: ``id`` and every ``*_id`` column other
    than ``document_id`` are made global by the loader (prefixed with the
    document's id), so extractors never need to know about other documents.
    Every row also gets ``document_id``, ``file_sha256`` and ``extractor``.
    """

    name: str
    """Table name (a public contract once released)."""
    columns: dict[str, type]
    """Column names and Python types, in order."""
    pk: str | None = "id"
    """Primary key column, or None for tables keyed only by rowid."""
    descriptions: dict[str, str] = field(default_factory=dict)
    """Column descriptions (also kept in metadata.yml)."""


class Each(Protocol):
    """``[fn(i) for i in range(count)]``, wherever it is computed."""

    def __call__(self, fn: Callable[[int], T], count: int) -> list[T]:
        """Return ``fn`` of every index below ``count``, in order."""
        ...


def serially(fn: Callable[[int], T], count: int) -> list[T]:
    """Return ``[fn(i) for i in range(count)]``, computed here."""
    return [fn(i) for i in range(count)]


@dataclass(frozen=True)
class Source:
    """What a kind extractor reads: one document's lines and tables."""

    lines: list[tuple[int, str]]
    """``(page, text)`` of every line, furniture removed."""
    tables: dict[int, list[list[list[str]]]] = field(default_factory=dict)
    """Ruled tables by page (rows of cell texts), where the reader found any."""
    organ: str | None = None
    """The body named in the document's header."""
    date: str | None = None
    """The document's date."""
    title: str | None = None
    """The document's title."""
    layout: LayoutProfile = DEFAULT
    """Layout thresholds of the file's municipality (``lexicon/layout.toml``)."""
    each: Each = field(default=serially, compare=False, repr=False)
    """How an extractor computes independent parts of a long document
    (``each(fn, count)`` is ``[fn(0), …, fn(count - 1)]``): in this process,
    or on the cores the file may use (:mod:`pipeline.documents`). Each part
    must be a pure function of the document: parts may run in other
    processes, and their results come back by value."""


Rows = dict[str, list[dict[str, Any]]]


class KindExtractor(Protocol):
    """Turn a document into rows for kind-specific tables."""

    def __call__(self, source: Source) -> Rows:
        """Return rows by table name."""
        ...


def no_records(source: Source) -> Rows:
    """Return no kind-specific rows (the kind has only common fields so far)."""
    return {}
