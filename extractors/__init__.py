"""The explicit registry of extractors: one entry per document kind.

Every kind gets the common header extractor; kind-specific extractors
(meetings, motions, audit reports) plug in here by name as they are written.
A test pins this table, so adding an extractor is a deliberate change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from . import common


class KindExtractor(Protocol):
    """Turn a document's lines into rows for kind-specific tables."""

    def __call__(self, lines: list[tuple[int, str]]) -> dict[str, list[dict[str, Any]]]:
        """Return rows by table name; ``lines`` are ``(page, text)`` pairs."""
        ...


def no_records(lines: list[tuple[int, str]]) -> dict[str, list[dict[str, Any]]]:
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


def extractor_versions() -> str:
    """Return every distinct extractor label, sorted, joined with ``+``."""
    return "+".join(sorted({e.label for e in REGISTRY.values()}))
