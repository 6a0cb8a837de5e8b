"""Pages and documents added to a database are indexed at the end of the run."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import CORPUS, rows

from pipeline.ingest import Progress, ingest
from pipeline.store.connect import open_db
from pipeline.store.text_index import LoadedText

#: A row of each indexed table by what it holds, not by its rowid.
KEYS = {
    "pages_fts": ("pages", "file_sha256, page"),
    "documents_fts": ("documents", "id"),
}


def vocabulary(db: Path, table: str) -> list[tuple[object, ...]]:
    """Return every (term, row's key, column, offset) of ``table``'s index."""
    content, key = KEYS[table]
    conn = sqlite3.connect(db)
    try:
        conn.execute(
            f"create virtual table temp.v using fts5vocab(main, {table}, 'instance')"
        )
        sql = (
            f"select v.term, {key}, v.col, v.offset from temp.v "
            f"join {content} c on c.rowid = v.doc order by 1, 2, 3, 4, 5"
        )
        return conn.execute(
            sql.replace("order by 1, 2, 3, 4, 5", "order by 1, 2, 3, 4")
            if "," not in key
            else sql
        ).fetchall()
    finally:
        conn.close()


def checked(db: Path) -> None:
    """Raise unless both full-text indexes match their tables' rows."""
    conn = sqlite3.connect(db)
    try:
        for table in ("pages_fts", "documents_fts"):
            conn.execute(
                f"insert into {table} ({table}, rank) values ('integrity-check', 1)"
            )
    finally:
        conn.close()


def triggers(db: Path) -> list[tuple[object, ...]]:
    """Return the name and SQL of every trigger stored in ``db``."""
    return rows(
        db, "select name, sql from sqlite_master where type = 'trigger' order by 1"
    )


def halves(tmp_path: Path) -> tuple[Path, list[Path]]:
    """Return a folder holding half the corpus's PDFs, and the other half."""
    pdfs = sorted(CORPUS.glob("*.pdf"))
    folder = tmp_path / "in"
    folder.mkdir()
    for pdf in pdfs[::2]:
        shutil.copy(pdf, folder / pdf.name)
    return folder, pdfs[1::2]


def test_files_added_are_indexed_as_in_one_run(tmp_path: Path) -> None:
    """Half the corpus, then all of it: the same full-text indexes and triggers
    as one run of all of it, every indexed row matching its table."""
    folder, rest = halves(tmp_path)
    added = tmp_path / "added.db"
    ingest([folder], str(added))
    for pdf in rest:
        shutil.copy(pdf, folder / pdf.name)
    ingest([folder], str(added))
    once = tmp_path / "once.db"
    ingest([folder], str(once))
    checked(added)
    assert triggers(added) == triggers(once)
    for table in ("pages_fts", "documents_fts"):
        assert vocabulary(added, table) == vocabulary(once, table)
    assert len(vocabulary(added, "pages_fts")) > 1000


def test_a_new_row_deleted_or_changed_before_the_end_stays_consistent(
    tmp_path: Path,
) -> None:
    """A row inserted, then deleted or changed in the same run, is indexed
    just before, so the delete and update triggers keep the index right."""
    db_path = tmp_path / "db.db"
    ingest([CORPUS], str(db_path))
    db = open_db(str(db_path))
    text = LoadedText(db, repaired=False)
    text.start()
    assert not rows(db_path, "select 1 from sqlite_master where name = 'pages_ai'")
    with db.conn:
        for page, words in ((900, "borttagenord"), (901, "ändradord")):
            db.conn.execute(
                "insert into pages (file_sha256, page, text) values ('x', ?, ?)",
                [page, words],
            )
        db.conn.execute("delete from pages where page = 900")
        db.conn.execute("update pages set text = 'nyttord' where page = 901")
    text.end()
    db.close()
    checked(db_path)
    match = "select rowid from pages_fts where pages_fts match ?"
    new = rows(db_path, "select rowid from pages where page = 901")
    assert rows(db_path, match, "nyttord") == new
    assert rows(db_path, match, "borttagenord") == []
    assert rows(db_path, match, "ändradord") == []


def test_a_stopped_run_leaves_indexes_made_whole_by_the_next(
    tmp_path: Path,
) -> None:
    """A run stopped while adding files leaves the insert triggers dropped and
    its rows unindexed; the next run makes the indexes whole again."""
    folder, rest = halves(tmp_path)
    db = tmp_path / "db.db"
    ingest([folder], str(db))
    before = triggers(db)
    for pdf in rest:
        shutil.copy(pdf, folder / pdf.name)

    def stop(progress: Progress) -> None:
        if progress.status == "loaded":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest([folder], str(db), on_progress=stop)
    assert "pages_ai" not in {name for name, _ in triggers(db)}
    ingest([folder], str(db))
    checked(db)
    assert triggers(db) == before
    once = tmp_path / "once.db"
    ingest([folder], str(once))
    assert vocabulary(db, "pages_fts") == vocabulary(once, "pages_fts")
