"""What a re-run reads back: which files a new kind version concerns, their pages.

A file's pages are stored as read and protected (personnummer masked, secret
pages withheld), with their ruled tables, so its documents can be extracted
again from the database alone. The pages are read in a worker process through
its own read-only connection.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.core.models import Page

if TYPE_CHECKING:
    import sqlite_utils


def stale_files(db: sqlite_utils.Database, labels: list[str]) -> set[str]:
    """Return the files with a document made by an extractor not in ``labels``."""
    marks = ", ".join("?" for _ in labels)
    sql = f"select distinct file_sha256 from documents where extractor not in ({marks})"
    return {row["file_sha256"] for row in db.query(sql, labels)}


def waiting_for_ocr(db: sqlite_utils.Database) -> set[str]:
    """Return the loaded files with a scanned page not read with OCR yet."""
    sql = "select distinct file_sha256 from pages where needs_ocr = 1"
    return {row["file_sha256"] for row in db.query(sql)}


def stored_pages(db_path: str, sha256: str) -> tuple[list[Page], str | None]:
    """Return the stored pages of file ``sha256`` and its stored municipality."""
    uri = Path(db_path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    try:
        (municipality,) = conn.execute(
            "select municipality from files where sha256 = ? and status = 'loaded'",
            [sha256],
        ).fetchone()
        rows = conn.execute(
            "select page, text, furniture, needs_ocr, tables, masked, withheld "
            "from pages where file_sha256 = ? order by page",
            [sha256],
        ).fetchall()
    finally:
        conn.close()
    pages = [
        Page(
            number=number,
            text=text,
            furniture=furniture,
            needs_ocr=bool(needs_ocr),
            tables=json.loads(tables) if tables else [],
            masked=masked,
            withheld=withheld,
        )
        for number, text, furniture, needs_ocr, tables, masked, withheld in rows
    ]
    return pages, municipality
