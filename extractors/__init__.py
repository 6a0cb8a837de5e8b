"""Everything that knows Swedish municipal records, as pure functions and data.

Layers, each importing only from those above it in this list:

- ``lexicon/`` — conventions as data (TOML) and their loader;
- ``core/`` — stage dataclasses, table declarations, :class:`KindSpec`,
  exceptions;
- ``lang/`` — text, case numbers, dates, parties, bodies, municipalities,
  spaCy;
- ``parts/`` — sub-parsers shared by kinds (header, sections, paragraphs,
  proposals, votes, declarations, attendance, commissions, audit findings);
- ``kinds/`` — one module per document kind and the registry.

Nothing here reads a PDF or touches a database. The registry (and with it
spaCy) and the table declarations are imported on first use of a name
below, not by importing a submodule such as :mod:`extractors.core.errors`,
so light callers (``diarium --help``, an unchanged re-run) stay light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractors.core.tables import Rows, Source, Table
    from extractors.kinds import REGISTRY, extractor_versions, record_tables

__all__ = ["REGISTRY", "Rows", "Source", "Table", "extractor_versions", "record_tables"]

_FROM_KINDS = ("REGISTRY", "extractor_versions", "record_tables")


def __getattr__(name: str) -> Any:
    """Import the kinds registry, or the table declarations, on first use of
    one of their names (an unchanged re-run needs neither)."""
    if name in _FROM_KINDS:
        from extractors import kinds

        return getattr(kinds, name)
    if name in ("Rows", "Source", "Table"):
        from extractors.core import tables

        return getattr(tables, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
