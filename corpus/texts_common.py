"""Shared shapes of the Granvik corpus texts: layouts, documents, helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Block = tuple[str, Any]


@dataclass(frozen=True)
class Layout:
    """Page look of one file."""

    font: str
    size: float
    header: str | None
    running: str
    footer: str | None = None
    page_footer: bool = False


@dataclass
class Doc:
    """One logical document and its truth for the manifest."""

    kind: str
    title: str
    date: str | None
    dnr: str | None
    blocks: list[Block] = field(default_factory=list)
    new_page: bool = True


def _p(*texts: str) -> list[Block]:
    """Return body paragraphs."""
    return [("body", t) for t in texts]


KS_MEMBERS = [
    ("Maria Lindqvist", "S"),
    ("Erik Sund", "S"),
    ("Sara Nilsson", "S"),
    ("Elin Dahl", "V"),
    ("Ahmed Hassan", "S"),
    ("Anna Berg", "C"),
    ("Olof Ek", "MP"),
    ("Per Holmberg", "M"),
    ("Karin Ljung", "M"),
    ("Tomas Bergh", "SD"),
    ("Ulla Fors", "L"),
]


def _named(people: list[tuple[str, str]]) -> str:
    """Return "A (S), B (M) och C (V)"."""
    names = [f"{n} ({p})" for n, p in people]
    return ", ".join(names[:-1]) + " och " + names[-1] if len(names) > 1 else names[0]
