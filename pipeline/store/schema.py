"""The database schema: core tables, derived tables and the kinds' record tables.

Record tables are declared by the document kinds (:mod:`extractors.kinds`),
each with its columns and descriptions; this module adds the provenance
columns every extracted row carries and creates what does not exist yet.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from extractors.kinds import record_tables

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

#: Provenance columns added to every record table declared by a kind.
PROVENANCE: dict[str, Any] = {"document_id": str, "file_sha256": str, "extractor": str}

#: Tables holding rows derived from one file, keyed by ``file_sha256``.
FILE_TABLES = ("dnr_mentions", "documents", "pages", "extraction_failures")


def ensure_tables(db: sqlite_utils.Database) -> None:
    """Create the public tables that do not exist yet; add missing columns."""
    wanted: dict[str, tuple[dict[str, Any], str | tuple[str, ...] | None]] = dict(
        SCHEMA
    )
    for declared in record_tables():
        wanted[declared.name] = (declared.columns | PROVENANCE, declared.pk)
    for name, (columns, pk) in wanted.items():
        table = db.table(name)
        if not table.exists():
            if pk is None:
                table.create(columns)
            else:
                table.create(columns, pk=pk, not_null=_not_null(pk))
        else:
            missing = {c: t for c, t in columns.items() if c not in table.columns_dict}
            for column, col_type in missing.items():
                table.add_column(column, col_type)


def file_tables() -> list[str]:
    """Return every table whose rows come from one file (keyed by file_sha256)."""
    return [t.name for t in record_tables()] + list(FILE_TABLES)


def _not_null(pk: str | tuple[str, ...]) -> set[str]:
    """Return the primary-key columns as a set."""
    return {pk} if isinstance(pk, str) else set(pk)
