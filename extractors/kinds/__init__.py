"""The document kinds: one module per kind, and the explicit registry.

Each kind module defines ``SPEC`` (:class:`~extractors.core.spec.KindSpec`):
its labels, keywords, priority, tables and extract function. Adding a kind is
one module, one line below, one fixture PDF and its expected records
(``tests/fixtures/kinds/``). A test pins this registry.
"""

from __future__ import annotations

from extractors.core.spec import KindSpec
from extractors.core.tables import Table

from . import (
    interpellation,
    kallelse,
    motion,
    other,
    plan,
    protokoll,
    protokollsutdrag,
    revisionsberattelse,
    revisionsrapport,
    revisionsskrivelse,
    tjansteskrivelse,
    uppfoljning,
    yrkande,
    yttrande,
)

__all__ = ["REGISTRY", "record_tables", "extractor_versions"]

REGISTRY: dict[str, KindSpec] = {
    spec.name: spec
    for spec in (
        kallelse.SPEC,
        protokoll.SPEC,
        protokollsutdrag.SPEC,
        motion.SPEC,
        interpellation.SPEC,
        tjansteskrivelse.SPEC,
        yttrande.SPEC,
        yrkande.SPEC,
        revisionsrapport.SPEC,
        revisionsberattelse.SPEC,
        revisionsskrivelse.SPEC,
        uppfoljning.SPEC,
        plan.SPEC,
        other.SPEC,
    )
}


def record_tables() -> list[Table]:
    """Return every table declared by a registered kind, once each."""
    seen: dict[str, Table] = {}
    for spec in REGISTRY.values():
        for table in spec.tables:
            seen.setdefault(table.name, table)
    return list(seen.values())


def extractor_versions() -> str:
    """Return every distinct kind label, sorted, joined with ``+``."""
    return "+".join(sorted(spec.label for spec in REGISTRY.values()))
