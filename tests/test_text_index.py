"""The full-text indexes of pages and documents: written by the loader a commit
at a time, kept by two triggers, made whole again when a run left rows out."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import corpus_folder, rows
from test_search_per_file import consistent, corpus_files

import pipeline.store.text_index as text_index
from pipeline.ingest import ingest
from pipeline.store.first_load import FirstLoad
from pipeline.store.save import open_db
from pipeline.store.text_index import TEXT_TABLES, ensure_fts, index_saved

TRIGGERS = "select name from sqlite_master where type = 'trigger' and tbl_name = ?"
#: Rows of a table that its full-text index does not hold.
UNINDEXED = (
    "select count(*) from [{0}] t where not exists "
    "(select 1 from [{0}_fts_docsize] s where s.id = t.rowid)"
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with the first four corpus files (and the folder setting)."""
    return corpus_folder(tmp_path / "in")


def counted(db: Path) -> dict[str, tuple[int, int]]:
    """Return, by table, its rows and the rows its full-text index holds."""
    return {
        table: (
            rows(db, f"select count(*) from [{table}]")[0][0],
            rows(db, f"select count(*) from [{table}_fts_docsize]")[0][0],
        )
        for table in TEXT_TABLES
    }


def test_the_loader_indexes_what_it_saves_before_each_commit(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second run adds files to existing indexes without an insert trigger:
    every new page and document is indexed at the commit, not repaired at
    the end (which is switched off here), and found by its words."""
    db = tmp_path / "d.db"
    ingest([folder], str(db))
    assert {t: rows(db, TRIGGERS + " order by name", t) for t in TEXT_TABLES} == {
        t: [(f"{t}_ad",), (f"{t}_au",)] for t in TEXT_TABLES
    }
    monkeypatch.setattr(text_index, "_index_missing", lambda *args: None)
    for pdf in corpus_files()[4:]:
        shutil.copy(pdf, folder)
    ingest([folder], str(db))
    pages, documents = counted(db)["pages"], counted(db)["documents"]
    assert pages[0] == pages[1] and documents[0] == documents[1]
    assert pages[0] > 13 and documents[0] > 12  # more than the first run's
    assert consistent(db)
    word = "select count(*) from pages_fts where pages_fts match ?"
    text = "select count(*) from pages where text like ?"
    assert rows(db, word, "motionen") == rows(db, text, "%motionen%")


def emptied(db: sqlite3.Connection, table: str) -> None:
    """Take every row out of ``table``'s full-text index (FTS5's delete-all)."""
    db.execute(f"insert into [{table}_fts] ([{table}_fts]) values ('delete-all')")


def test_index_saved_indexes_the_files_named_once(folder: Path, tmp_path: Path) -> None:
    """Only the named files' rows are indexed, each once however often it is
    named (the index then matches its table when every file is named)."""
    db_path = tmp_path / "d.db"
    ingest([folder], str(db_path))
    db = open_db(str(db_path))
    shas = [sha for (sha,) in db.execute("select sha256 from files order by 1")]
    own = "select count(*) from [{}] where file_sha256 = ?"
    held = "select count(*) from [{}_fts_docsize]"
    with db.conn:
        for table in TEXT_TABLES:
            emptied(db.conn, table)
        index_saved(db, [shas[0], shas[0]])
        index_saved(db, [shas[0]])
    first = {t: db.execute(held.format(t)).fetchone()[0] for t in TEXT_TABLES}
    mine = {t: db.execute(own.format(t), [shas[0]]).fetchone()[0] for t in TEXT_TABLES}
    with db.conn:
        index_saved(db, shas)
    db.close()
    assert first == mine
    whole = counted(db_path)
    assert all(mine.values()) and all(n < whole[t][0] for t, n in mine.items())
    assert all(rows_ == held for rows_, held in whole.values())
    assert consistent(db_path)


def test_a_row_not_indexed_yet_can_be_deleted_or_changed(
    folder: Path, tmp_path: Path
) -> None:
    """Within a commit a saved row may go or change before it is indexed: the
    index neither loses a row it never held nor misses the changed text."""
    db = tmp_path / "d.db"
    ingest([folder], str(db))
    conn = sqlite3.connect(db)
    with conn:
        (sha,) = conn.execute("select min(file_sha256) from pages").fetchone()
        conn.execute(
            "insert into pages (file_sha256, page, text) values (?, 900, 'bortomxq')",
            [sha],
        )
        conn.execute("delete from pages where page = 900")
        conn.execute(
            "insert into pages (file_sha256, page, text) values (?, 901, 'förexq')",
            [sha],
        )
        conn.execute("update pages set text = 'efterxq' where page = 901")
    conn.close()
    assert consistent(db)
    word = "select count(*) from pages_fts where pages_fts match ?"
    found = [rows(db, word, w)[0][0] for w in ("bortomxq", "förexq", "efterxq")]
    assert found == [0, 0, 1]


def test_only_a_change_of_text_touches_the_index(folder: Path, tmp_path: Path) -> None:
    """Setting another column leaves the index's data as it was; new text is
    found, the old text no more."""
    db = tmp_path / "d.db"
    ingest([folder], str(db))
    data = "select * from pages_fts_data order by id"
    before = rows(db, data)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("update pages set quality = 'ändrad'")
    conn.close()
    assert rows(db, data) == before
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("update pages set text = 'omskriven' where rowid = 1")
    conn.close()
    word = "select rowid from pages_fts where pages_fts match ?"
    assert rows(db, word, "omskriven") == [(1,)]
    assert consistent(db)


def test_an_index_kept_by_sqlite_utils_triggers_keeps_its_rows(
    folder: Path, tmp_path: Path
) -> None:
    """A database whose indexes have sqlite-utils' three triggers (an earlier
    diarium's) gets the two triggers; every row stays indexed."""
    db_path = tmp_path / "d.db"
    ingest([folder], str(db_path))
    db = open_db(str(db_path))
    for table, columns in TEXT_TABLES.items():
        with db.conn:
            for suffix in ("ad", "au"):
                db.conn.execute(f"drop trigger [{table}_{suffix}]")
        db.table(table).disable_fts()
        db.table(table).enable_fts(list(columns), create_triggers=True)
        ensure_fts(db, table, columns)
    db.close()
    assert {t: rows(db_path, TRIGGERS + " order by name", t) for t in TEXT_TABLES} == {
        t: [(f"{t}_ad",), (f"{t}_au",)] for t in TEXT_TABLES
    }
    assert all(rows_ == held for rows_, held in counted(db_path).values())
    assert consistent(db_path)


def test_rows_left_out_are_indexed_and_a_wrong_index_made_again(
    folder: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Rows a stopped run committed unindexed are indexed when the shape is
    ensured; an index holding a row its table lacks is made again, whole."""
    db_path = tmp_path / "d.db"
    ingest([folder], str(db_path))
    db = open_db(str(db_path))
    with db.conn:
        emptied(db.conn, "documents")
        db.conn.execute("insert into pages_fts (rowid, text) values (99999, 'spöke')")
    assert not consistent(db_path)
    for table, columns in TEXT_TABLES.items():
        ensure_fts(db, table, columns)
    db.close()
    assert all(rows_ == held for rows_, held in counted(db_path).values())
    assert consistent(db_path)
    ghost = "select count(*) from pages_fts where pages_fts match 'spöke'"
    assert rows(db_path, ghost) == [(0,)]
    assert [r.getMessage() for r in caplog.records] == [
        "the full-text index of pages was made again"
    ]


@pytest.mark.parametrize(("files", "kept"), [(49, True), (50, False)])
def test_a_first_load_drops_the_indexes_of_an_emptied_database(
    tmp_path: Path, files: int, kept: bool
) -> None:
    """An empty database with full-text indexes (its files deleted) loses them
    when a first load of many files starts; the end of the run makes them."""
    db = open_db(str(tmp_path / "d.db"))
    for table, columns in TEXT_TABLES.items():
        ensure_fts(db, table, columns)
    FirstLoad(db, repaired=False).start(files)
    assert [db.table(f"{t}_fts").exists() for t in TEXT_TABLES] == [kept, kept]
    assert len(rows(tmp_path / "d.db", TRIGGERS, "pages")) == (2 if kept else 0)
    db.close()


def test_a_trigger_of_ones_own_on_the_table_stays(folder: Path, tmp_path: Path) -> None:
    """Only the index's own triggers are looked at and replaced: another
    trigger on ``pages`` stays, and the index is left as it is."""
    db_path = tmp_path / "d.db"
    ingest([folder], str(db_path))
    db = open_db(str(db_path))
    with db.conn:
        db.conn.execute("create table page_log (page integer)")
        db.conn.execute(
            "create trigger pages_logged after insert on pages begin "
            "insert into page_log values (new.page); end"
        )
    data = "select * from pages_fts_data order by id"
    before = db.execute(data).fetchall()
    ensure_fts(db, "pages", TEXT_TABLES["pages"])
    after = db.execute(data).fetchall()
    db.close()
    assert rows(db_path, TRIGGERS + " order by name", "pages") == [
        ("pages_ad",),
        ("pages_au",),
        ("pages_logged",),
    ]
    assert after == before
