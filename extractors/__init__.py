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

Nothing here reads a PDF or touches a database.
"""

from extractors.core.tables import Rows, Source, Table
from extractors.kinds import REGISTRY, extractor_versions, record_tables

__all__ = ["REGISTRY", "Rows", "Source", "Table", "extractor_versions", "record_tables"]
