"""One search index over documents, paragraphs, motions and recommendations.

``search_index`` holds one row per searchable record with its text as printed,
its Snowball stems and, only for OCR-damaged text, its folded form;
``search_index_fts`` indexes all three with diacritics kept. It is derived from the
other tables and rebuilt by :func:`rebuild_search` at the end of every ingest.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlite_utils

from extractors.lang.stem import lost_diacritics, stem_text
from extractors.lang.text import fold

#: FTS5 tokenizer that keeps å, ä and ö distinct (för ≠ for, får ≠ far).
SWEDISH_TOKENIZER = "unicode61 remove_diacritics 0"

SEARCH_COLUMNS: dict[str, Any] = {
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
}

#: What each kind of record contributes: (kind, SQL giving record_id, title,
#: text, date, municipality, document_id, file_sha256, page).
SOURCES = (
    (
        "dokument",
        """select d.id, d.kind || ': ' || coalesce(d.title, ''), d.body, d.date,
             d.municipality, d.id, d.file_sha256, d.page_start
           from documents d""",
    ),
    (
        "paragraf",
        """select p.id, coalesce(m.body || ' ' || m.date || ', ', '') || '§ '
             || coalesce(p.number, '') || ' ' || coalesce(p.title, ''),
             trim(coalesce(p.summary, '') || char(10) || coalesce(p.proposed, '')
               || char(10) || coalesce(p.decision, '')), m.date,
             d.municipality, p.document_id, p.file_sha256, p.page
           from paragraphs p join documents d on d.id = p.document_id
           left join meetings m on m.id = p.meeting_id""",
    ),
    (
        "motion",
        """select mo.id, mo.title,
             (select group_concat(c.text, char(10)) from motion_clauses c
              where c.motion_id = mo.id), mo.date, d.municipality,
             mo.document_id, mo.file_sha256, mo.page
           from motions mo join documents d on d.id = mo.document_id""",
    ),
    (
        "rekommendation",
        """select r.id, coalesce(r.auditee, '') || ': ' || coalesce(a.title, ''),
             r.text, d.date, d.municipality, r.document_id, r.file_sha256, r.page
           from recommendations r join documents d on d.id = r.document_id
           left join audit_reports a on a.id = r.report_id""",
    ),
)


def rebuild_search(db: sqlite_utils.Database) -> int:
    """Rebuild ``search_index`` and its full-text index; return the number of rows."""
    table = db.table("search_index")
    if not table.exists():
        table.create(
            SEARCH_COLUMNS,
            pk="id",
            foreign_keys=[
                ("document_id", "documents", "id"),
                ("file_sha256", "files", "sha256"),
            ],
        )
    names = ", ".join(f"[{c}]" for c in SEARCH_COLUMNS)
    marks = ", ".join("?" for _ in SEARCH_COLUMNS)
    with db.conn:  # one transaction, plain statements (no per-chunk commits)
        db.conn.execute("delete from search_index")
        db.conn.executemany(
            f"insert into search_index ({names}) values ({marks})",
            (tuple(row[c] for c in SEARCH_COLUMNS) for row in _rows(db)),
        )
    if not db.table("search_index_fts").exists():
        table.enable_fts(
            ["title", "text", "stemmed", "folded"], tokenize=SWEDISH_TOKENIZER
        )
    else:
        table.rebuild_fts()
    return table.count


def _rows(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    """Yield the search rows of every source."""
    for kind, sql in SOURCES:
        for row in db.execute(sql).fetchall():
            record_id, title, text, date, place, document, sha, page = row
            words = f"{title or ''}\n{text or ''}"
            yield {
                "id": f"{kind}:{record_id}",
                "kind": kind,
                "record_id": record_id,
                "title": title,
                "text": text,
                "stemmed": stem_text(words),
                "folded": fold(words) if lost_diacritics(words) else None,
                "date": date,
                "municipality": place,
                "document_id": document,
                "file_sha256": sha,
                "page": page,
            }
