"""Stored ids: a file's document ids, told apart from another file's copy.

A file's documents carry ids derived from their content
(:mod:`pipeline.split.ids`), so the same document in two files (a protocol
on its own and inside a kallelse bundle) has the same id. Whichever file is
loaded first keeps it; a later file's copy gets ``_file-`` and a digest of
its path (``protokoll_2024-04-02_kommunstyrelsen_b779d4_file-9b1e07``).
Replacing either file deletes only its own rows (by file hash) and gives
its documents the same ids again: the path, not the bytes, decides.

This is the only place ids depend on the database; everything else about
them is computed from the file's records alone.

Databases written before ids were derived from content hold ids made of
the file hash and the document's position (``661c0290863d5326-03``). When
such a file is loaded again, corrections made with ``diarium track set``
on its records are carried to the new ids of the document at the same
position, if it is of the same kind; the rest are reported as orphaned.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from extractors.core.models import Document, FileResult
from pipeline.split.ids import assign_ids, file_digest

if TYPE_CHECKING:
    import sqlite_utils

#: Marks a document id held by another file first.
OTHER_FILE = "_file-"
#: A document id of earlier versions: file hash prefix and position.
HASH_ID = re.compile(r"[0-9a-f]{16}-[0-9]{2}")


def hash_ids(
    db: sqlite_utils.Database, sha: str, path: str
) -> dict[int, tuple[str, str]]:
    """Return ``{position: (id, kind)}`` of hash-derived documents of ``sha`` or
    ``path`` (the rows a new load of the file replaces)."""
    found = db.query(
        "select d.id, d.position, d.kind from documents d join files f "
        "on f.sha256 = d.file_sha256 where f.sha256 = ? or f.path = ?",
        [sha, path],
    )
    return {
        row["position"]: (row["id"], row["kind"])
        for row in found
        if HASH_ID.fullmatch(row["id"])
    }


def carry_corrections(
    db: sqlite_utils.Database,
    old: dict[int, tuple[str, str]],
    result: FileResult,
    ids: dict[str, str],
) -> None:
    """Point corrections on hash-derived ids at the same document's new id."""
    for doc in result.documents:
        old_id, kind = old.get(doc.index, ("", ""))
        if old_id and kind == doc.kind:
            db.execute(
                "update corrections set target_id = ? || substr(target_id, ?) "
                "where substr(target_id, 1, ?) = ?",
                [ids[doc.id], len(old_id) + 1, len(old_id) + 1, f"{old_id}/"],
            )


def claim_ids(db: sqlite_utils.Database, result: FileResult) -> dict[str, str]:
    """Return ``{the file's document id: the id it is stored under}``.

    Call after the file's earlier rows are deleted: an id still in
    ``documents`` is another file's.
    """
    if any(not d.id for d in result.documents):
        assign_ids(result.documents)
    used = {d.id for d in result.documents}
    digest = file_digest(result.source.path)
    claimed: dict[str, str] = {}
    for doc in result.documents:
        stored, n = doc.id, 0
        while _taken(db, stored) or (stored != doc.id and stored in used):
            n += 1
            stored = f"{doc.id}{OTHER_FILE}{digest}" + (f"-{n}" if n > 1 else "")
        used.add(stored)
        claimed[doc.id] = stored
    return claimed


def _taken(db: sqlite_utils.Database, doc_id: str) -> bool:
    """Return True when a loaded document has the id ``doc_id``."""
    found = db.execute("select 1 from documents where id = ?", [doc_id]).fetchone()
    return found is not None


def record_rows(
    result: FileResult,
    doc: Document,
    rows: list[dict[str, Any]],
    ids: dict[str, str],
) -> list[dict[str, Any]]:
    """Return extractor rows with stored ids and provenance columns.

    An ``id`` or ``*_id`` value is local to ``doc`` (``p12``, ``report``)
    and gets the document's id in front, unless it already starts with the
    id of a document of the file (a paper pointing at another one's report),
    which is then replaced by that document's stored id.
    """
    doc_id = ids[doc.id]
    provenance = {
        "document_id": doc_id,
        "file_sha256": result.source.sha256,
        "extractor": doc.extractor,
    }
    out = []
    for row in rows:
        row = dict(row)
        for key in _references(tuple(row)):
            value = row[key]
            if isinstance(value, str):
                head, sep, rest = value.partition("/")
                local = head not in ids
                row[key] = f"{doc_id}/{value}" if local else f"{ids[head]}{sep}{rest}"
        row.update(provenance)
        out.append(row)
    return out


@cache
def _references(columns: tuple[str, ...]) -> tuple[str, ...]:
    """Return the columns of ``columns`` holding a reference (``id``, ``*_id``)."""
    return tuple(
        c for c in columns if c == "id" or (c.endswith("_id") and c != "document_id")
    )
