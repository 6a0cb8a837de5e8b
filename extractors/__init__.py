"""The explicit registry of extractors: one entry per document kind.

Every kind gets the common header extractor; kind-specific extractors
(meetings, motions, audit reports) plug in here by name as they are written.
A test pins this table, so adding an extractor is a deliberate change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from . import common


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


Rows = dict[str, list[dict[str, Any]]]


class KindExtractor(Protocol):
    """Turn a document into rows for kind-specific tables."""

    def __call__(self, source: Source) -> Rows:
        """Return rows by table name."""
        ...


def no_records(source: Source) -> Rows:
    """Return no kind-specific rows (the kind has only common fields so far)."""
    return {}


@dataclass(frozen=True)
class Extractor:
    """A named, versioned extractor for one document kind."""

    name: str
    """Short name, e.g. ``"common"``."""
    version: str
    """Bumped whenever the output changes, so a re-run knows what to redo."""
    extract: KindExtractor
    """The function producing kind-specific rows."""
    tables: tuple[Table, ...] = ()
    """The tables the extractor fills."""

    @property
    def label(self) -> str:
        """Return ``name.version``, stored on every row the extractor makes."""
        return f"{self.name}.{self.version}"


COMMON = Extractor(common.NAME, common.VERSION, no_records)

REGISTRY: dict[str, Extractor] = {
    "kallelse": COMMON,
    "protokoll": COMMON,
    "motion": COMMON,
    "interpellation": COMMON,
    "tjansteskrivelse": COMMON,
    "yttrande": COMMON,
    "revisionsrapport": COMMON,
    "revisionsskrivelse": COMMON,
    "uppfoljning": COMMON,
    "plan": COMMON,
    "other": COMMON,
}


def record_tables() -> list[Table]:
    """Return every table declared by a registered extractor, once each."""
    seen: dict[str, Table] = {}
    for extractor in REGISTRY.values():
        for table in extractor.tables:
            seen.setdefault(table.name, table)
    return list(seen.values())


def extractor_versions() -> str:
    """Return every distinct extractor label, sorted, joined with ``+``."""
    return "+".join(sorted({e.label for e in REGISTRY.values()}))
