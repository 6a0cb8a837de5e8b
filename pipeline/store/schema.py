"""The database schema: core tables, derived tables and the kinds' record tables.

Record tables are declared by the document kinds (:mod:`extractors.kinds`),
each with its columns and descriptions; this module adds the provenance
columns every extracted row carries and creates what does not exist yet.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils


#: Core and derived tables: name → (columns, primary key).
SCHEMA: dict[str, tuple[dict[str, Any], str | tuple[str, ...]]] = {
    "files": (
        {
            "sha256": str,
            "path": str,
            "bytes": int,
            "pages": int,
            "status": str,
            "error": str,
            "pipeline_version": str,
            "ingested_at": str,
            "municipality": str,
            "municipality_source": str,
            "refused": int,
        },
        "sha256",
    ),
    "pages": (
        {
            "file_sha256": str,
            "page": int,
            "text": str,
            "needs_ocr": int,
            "quality": str,
            "ocr_confidence": float,
            "furniture": str,
            "masked": int,
            "masked_contacts": int,
            "withheld": str,
            "extractor": str,
            "tables": str,
        },
        ("file_sha256", "page"),
    ),
    "documents": (
        {
            "id": str,
            "file_sha256": str,
            "position": int,
            "kind": str,
            "title": str,
            "date": str,
            "organ": str,
            "municipality": str,
            "dnr": str,
            "page_start": int,
            "page_end": int,
            "extractor": str,
            "body": str,
            "masked": int,
            "masked_contacts": int,
            "ocr_pages": int,
        },
        "id",
    ),
    "dnr_mentions": (
        {
            "document_id": str,
            "seq": int,
            "dnr": str,
            "raw": str,
            "page": int,
            "prefix": str,
            "year": int,
            "serial": int,
            "file_sha256": str,
            "extractor": str,
        },
        ("document_id", "seq"),
    ),
    "cases": (
        {
            "municipality": str,
            "dnr": str,
            "prefix": str,
            "year": int,
            "serial": int,
            "title": str,
            "first_date": str,
            "last_date": str,
            "documents": int,
        },
        ("municipality", "dnr"),
    ),
    "extraction_failures": (
        {
            "file_sha256": str,
            "document_id": str,
            "extractor": str,
            "page_start": int,
            "page_end": int,
            "error": str,
        },
        ("file_sha256", "document_id"),
    ),
    "analysis": (
        {"key": str, "value": str, "note": str},
        "key",
    ),
    "motion_documents": (
        {
            "motion_id": str,
            "document_id": str,
            "role": str,
            "score": float,
            "matched_by": str,
        },
        ("motion_id", "document_id"),
    ),
    "motion_link_candidates": (
        {"motion_id": str, "paragraph_id": str, "score": float},
        ("motion_id", "paragraph_id"),
    ),
    "recommendations": (
        {
            "id": str,
            "report_id": str,
            "number": int,
            "text": str,
            "auditee": str,
            "priority": str,
            "status": str,
            "status_date": str,
            "due": str,
            "overdue": int,
            "mentions": int,
            "repeats": str,
            "page": int,
            "document_id": str,
            "file_sha256": str,
            "extractor": str,
        },
        "id",
    ),
    "recommendation_events": (
        {
            "recommendation_id": str,
            "seq": int,
            "date": str,
            "status": str,
            "document_id": str,
            "page": int,
            "text": str,
            "agrees": int,
            "source": str,
            "score": float,
        },
        ("recommendation_id", "seq"),
    ),
    "recommendation_candidates": (
        {
            "recommendation_id": str,
            "mention_id": str,
            "status": str,
            "text": str,
            "document_id": str,
            "page": int,
            "score": float,
        },
        ("recommendation_id", "mention_id"),
    ),
    "commission_events": (
        {
            "commission_id": str,
            "seq": int,
            "date": str,
            "status": str,
            "document_id": str,
            "page": int,
            "text": str,
            "source": str,
        },
        ("commission_id", "seq"),
    ),
    "corrections": (
        {
            "id": int,
            "target": str,
            "target_id": str,
            "status": str,
            "note": str,
            "source": str,
            "document_id": str,
            "page": int,
            "created_at": str,
        },
        "id",
    ),
    "persons": (
        {
            "name": str,
            "party": str,
            "proposals": int,
            "reservations": int,
            "votes": int,
            "attendances": int,
            "declarations": int,
        },
        ("name", "party"),
    ),
    "path_hashes": (
        {"path": str, "bytes": int, "mtime_ns": int, "sha256": str},
        "path",
    ),
    "code_versions": (
        {"name": str, "version": str, "code": str},
        "name",
    ),
    "search_index": (
        {
            "id": str,
            "kind": str,
            "record_id": str,
            "title": str,
            "text": str,
            "stemmed": str,
            "folded": str,
            "date": str,
            "municipality": str,
            "document_id": str,
            "file_sha256": str,
            "page": int,
        },
        "id",
    ),
    "checks": (
        {
            "table": str,
            "record_id": str,
            "rule": str,
            "detail": str,
            "file_sha256": str,
            "page": int,
        },
        ("table", "record_id", "rule"),
    ),
}

#: Columns that reference another table's key, wherever they stand.
REFERENCES = {
    "file_sha256": ("files", "sha256"),
    "document_id": ("documents", "id"),
    "meeting_id": ("meetings", "id"),
    "paragraph_id": ("paragraphs", "id"),
    "vote_id": ("votes", "id"),
    "report_id": ("audit_reports", "id"),
    "recommendation_id": ("recommendations", "id"),
    "commission_id": ("commissions", "id"),
    "motion_id": ("motions", "id"),
    "interpellation_id": ("interpellations", "id"),
    "agenda_item_id": ("agenda_items", "id"),
}

#: References whose column name does not say what they point at.
NAMED_REFERENCES = {
    ("motions", "decided_by"): ("paragraphs", "id"),
    ("motions", "proposed_by"): ("paragraphs", "id"),
    ("interpellations", "answered_by"): ("paragraphs", "id"),
}

#: Provenance columns added to every record table declared by a kind.
PROVENANCE: dict[str, Any] = {"document_id": str, "file_sha256": str, "extractor": str}

#: Tables holding rows derived from one file, keyed by ``file_sha256``. The
#: search index is one: its rows are built from one file's rows each
#: (:mod:`.search`), written and deleted with them.
FILE_TABLES = (
    "dnr_mentions",
    "documents",
    "pages",
    "extraction_failures",
    "search_index",
)


def ensure_tables(db: sqlite_utils.Database) -> None:
    """Create the public tables that do not exist yet; add missing columns."""
    from extractors.kinds import record_tables  # every extractor: not at import

    wanted: dict[str, tuple[dict[str, Any], str | tuple[str, ...] | None]] = dict(
        SCHEMA
    )
    for declared in record_tables():
        wanted[declared.name] = (declared.columns | PROVENANCE, declared.pk)
    existing = set(db.table_names())
    for name in _creation_order(wanted, existing):
        columns, pk = wanted[name]
        keys = references(name, columns, existing)  # sqlite-utils checks them
        if pk is None:
            db.table(name).create(columns, foreign_keys=keys)
        else:
            db.table(name).create(
                columns, pk=pk, not_null=_not_null(pk), foreign_keys=keys
            )
        existing.add(name)
    for name, (columns, _) in wanted.items():
        table = db.table(name)
        have = table.columns_dict  # a query each time it is asked
        missing = {c: t for c, t in columns.items() if c not in have}
        for column, col_type in missing.items():
            table.add_column(column, col_type)


def _creation_order(
    wanted: dict[str, tuple[dict[str, Any], Any]], existing: set[str]
) -> list[str]:
    """Return the tables to create, each after the tables it references."""
    todo = [name for name in wanted if name not in existing]
    order: list[str] = []
    ready = set(existing)
    while todo:
        free = [
            name
            for name in todo
            if all(
                other in ready
                for _, other, _ in references(name, wanted[name][0], set(wanted))
            )
        ] or todo[:1]  # a cycle: its first table, references to come later
        order += free
        ready |= set(free)
        todo = [name for name in todo if name not in ready]
    return order


def references(
    name: str, columns: Iterable[str], tables: Collection[str]
) -> list[tuple[str, str, str]]:
    """Return ``(column, table, key)`` of each reference of table ``name``'s
    columns to another of ``tables``.

    Declared when a table is created, so a new database needs no rebuild of
    every table to add them later (sqlite-utils' ``add_foreign_keys`` copies
    a table to add one).
    """
    found = []
    for column in columns:
        target = NAMED_REFERENCES.get((name, column)) or REFERENCES.get(column)
        if target and target[0] in tables and target[0] != name:
            found.append((column, *target))
    return found


def file_tables() -> list[str]:
    """Return every table whose rows come from one file (keyed by file_sha256)."""
    from extractors.kinds import record_tables

    return [t.name for t in record_tables()] + list(FILE_TABLES)


def _not_null(pk: str | tuple[str, ...]) -> set[str]:
    """Return the primary-key columns as a set."""
    return {pk} if isinstance(pk, str) else set(pk)
