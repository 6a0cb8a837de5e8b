"""The explicit registry of extractors: one entry per document kind.

Every kind gets the common header extractor; kind-specific extractors
(meetings, motions, audit reports) plug in here by name as they are written.
A test pins this table, so adding an extractor is a deliberate change.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import audit, common, kallelse, motion, papers, protokoll
from .base import KindExtractor, Rows, Source, Table, no_records

__all__ = ["REGISTRY", "Extractor", "Rows", "Source", "Table", "record_tables"]


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

PROTOKOLL = Extractor(
    protokoll.NAME, protokoll.VERSION, protokoll.extract, protokoll.TABLES
)

KALLELSE = Extractor(kallelse.NAME, kallelse.VERSION, kallelse.extract, kallelse.TABLES)

MOTION = Extractor(motion.NAME, motion.VERSION, motion.extract, motion.TABLES[:3])
INTERPELLATION = Extractor(
    "interpellation", motion.VERSION, motion.extract_interpellation, motion.TABLES[3:]
)

AUDIT = Extractor(audit.NAME, audit.VERSION, audit.extract, audit.TABLES)

TJANSTESKRIVELSE = Extractor(
    papers.TJANSTESKRIVELSE,
    papers.VERSION,
    papers.extract_tjansteskrivelse,
    (papers.COMMISSIONS,),
)
YTTRANDE = Extractor(
    papers.YTTRANDE, papers.VERSION, papers.extract_yttrande, (papers.ANSWER_SECTIONS,)
)

REGISTRY: dict[str, Extractor] = {
    "kallelse": KALLELSE,
    "protokoll": PROTOKOLL,
    "motion": MOTION,
    "interpellation": INTERPELLATION,
    "tjansteskrivelse": TJANSTESKRIVELSE,
    "yttrande": YTTRANDE,
    "revisionsrapport": AUDIT,
    "revisionsskrivelse": AUDIT,
    "uppfoljning": AUDIT,
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
