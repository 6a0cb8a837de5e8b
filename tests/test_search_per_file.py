"""The search index is kept file by file: equal to a whole rebuild after any
sequence of runs, and a new file writes its own rows only."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import CORPUS, corpus_folder, counts, rows

from pipeline.ingest import ingest
from pipeline.store.save import open_db
from pipeline.store.search import SEARCH_KEY, rebuild_search

#: The full-text indexes, each over its table, all kept by triggers.
FULL_TEXT = ("search_index", "documents", "pages")
#: A search row as stored, without its rowid (which a rebuild renumbers).
SEARCH_ROWS = (
    "select id, kind, record_id, title, text, stemmed, folded, date, "
    "municipality, document_id, file_sha256, page from search_index order by id"
)


def corpus_files() -> list[Path]:
    """Return the corpus PDFs in path order."""
    return sorted(CORPUS.glob("*.pdf"))


def consistent(db: Path) -> bool:
    """Return True when every full-text index matches its table (FTS5's own check)."""
    conn = sqlite3.connect(db)
    try:
        for table in FULL_TEXT:
            conn.execute(
                f"insert into [{table}_fts]([{table}_fts], rank) "
                "values ('integrity-check', 1)"
            )
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def rebuilt(db: Path, tmp_path: Path) -> list[tuple[object, ...]]:
    """Return the search rows of a copy of ``db`` whose index is built whole."""
    copy = tmp_path / "rebuilt.db"
    shutil.copy(db, copy)
    database = open_db(str(copy))
    try:
        rebuild_search(database)
    finally:
        database.close()
    assert consistent(copy)
    return rows(copy, SEARCH_ROWS)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with the first four corpus files (and the folder setting)."""
    return corpus_folder(tmp_path / "in")


def test_index_after_adding_changing_and_breaking_files(
    folder: Path, tmp_path: Path
) -> None:
    """Files added, a path given other bytes, a file broken: the index is what
    building it whole gives, and every full-text index matches its table."""
    db = tmp_path / "d.db"
    assert counts(ingest([folder], str(db)))[0] == 4
    for pdf in corpus_files()[4:]:
        shutil.copy(pdf, folder)
    assert counts(ingest([folder], str(db)))[:3] == (len(corpus_files()) - 4, 0, 4)
    first, second = corpus_files()[:2]
    shutil.copy(second, folder / first.name)  # the path now holds other bytes
    (folder / corpus_files()[2].name).write_bytes(b"%PDF-1.4\nbroken\n")
    changed = ingest([folder], str(db))
    assert counts(changed) == (0, 0, 8, 1, True)
    assert [f.reason for f in changed.failures] == [
        "damaged or truncated PDF (data format error)"
    ]
    assert consistent(db)
    assert rows(db, SEARCH_ROWS) == rebuilt(db, tmp_path)
    files = "select distinct file_sha256 from {} order by 1"
    assert rows(db, files.format("search_index")) == rows(db, files.format("documents"))


def test_a_new_file_writes_only_its_own_rows(folder: Path, tmp_path: Path) -> None:
    """Rows of files already loaded keep their rowids; the new file's follow;
    only the rows of tables the analysis builds (recommendations) are new."""
    db = tmp_path / "d.db"
    ingest([folder], str(db))
    kept = "select rowid, id from search_index where kind != 'rekommendation'"
    before = rows(db, kept + " order by rowid")
    shutil.copy(corpus_files()[4], folder)
    assert counts(ingest([folder], str(db)))[:3] == (1, 0, 4)
    after = rows(db, kept + " order by rowid")
    assert after[: len(before)] == before
    name = "%" + corpus_files()[4].name
    (sha,) = rows(db, "select sha256 from files where path like ?", name)[0]
    new = "select distinct file_sha256 from search_index where rowid > ? and kind != ?"
    assert rows(db, new, before[-1][0], "rekommendation") == [(sha,)]


def test_an_index_made_without_triggers_is_made_again(
    folder: Path, tmp_path: Path
) -> None:
    """A database whose index an earlier diarium built (no triggers, no record
    of the code that built it) gets triggers and a whole index at the next run."""
    db = tmp_path / "d.db"
    ingest([folder], str(db))
    conn = sqlite3.connect(db)
    with conn:
        for suffix in ("ad", "au"):
            conn.execute(f"drop trigger search_index_{suffix}")
        conn.execute("delete from analysis where key = ?", [SEARCH_KEY])
        conn.execute("delete from code_versions")  # as other code left it
        conn.execute("update search_index set stemmed = 'stale'")
    conn.close()
    shutil.copy(corpus_files()[4], folder)
    assert counts(ingest([folder], str(db)))[:3] == (1, 0, 4)
    triggers = "select name from sqlite_master where type = 'trigger' and tbl_name = ?"
    assert rows(db, triggers + " order by name", "search_index") == [
        ("search_index_ad",),  # rows are indexed in bulk when added
        ("search_index_au",),
    ]
    assert rows(db, "select count(*) from search_index where stemmed = 'stale'") == [
        (0,)
    ]
    assert consistent(db)
    assert rows(db, SEARCH_ROWS) == rebuilt(db, tmp_path)


def test_triggers_that_outlived_their_index_are_made_again(
    folder: Path, tmp_path: Path
) -> None:
    """Triggers left without their full-text table (dropped by hand) are
    dropped and made again with it; deleting rows works and the index is whole."""
    db = tmp_path / "d.db"
    ingest([folder], str(db))
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("drop table search_index_fts")
        conn.execute("delete from code_versions")  # as other code left it
    conn.close()
    first = corpus_files()[0]
    shutil.copy(corpus_files()[5], folder / first.name)  # other bytes: rows deleted
    assert counts(ingest([folder], str(db)))[:4] == (1, 0, 3, 0)
    assert consistent(db)
    assert rows(db, SEARCH_ROWS) == rebuilt(db, tmp_path)


@pytest.mark.parametrize("table", ["pages", "documents"])
def test_a_run_killed_while_an_index_was_made_again_is_repaired(
    folder: Path, tmp_path: Path, table: str
) -> None:
    """A run killed inside a rebuild of a text index, after its table was
    dropped and before its triggers were (the run left unfinished), is
    repaired by the next run: the old triggers go, the index is made whole."""
    db = tmp_path / "d.db"
    ingest([folder], str(db))
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(f"drop table [{table}_fts]")
        conn.execute("pragma user_version = 1")  # the killed run's mark
    conn.close()
    summary = ingest([folder], str(db))
    assert (summary.repaired, summary.failed) == (True, 0)
    assert consistent(db)
    triggers = "select name from sqlite_master where type = 'trigger' and tbl_name = ?"
    assert rows(db, triggers + " order by name", table) == [
        (f"{table}_ad",),
        (f"{table}_au",),
    ]
    indexed = f"select count(*) from [{table}_fts_docsize]"
    assert rows(db, indexed) == rows(db, f"select count(*) from [{table}]")


def test_missing_triggers_are_made_when_the_database_is_opened(
    folder: Path, tmp_path: Path
) -> None:
    """Triggers missing under the same code (a run stopped between making the
    full-text table and its triggers) are made when the database is opened,
    before any row is deleted, and the index stays whole."""
    db = tmp_path / "d.db"
    ingest([folder], str(db))
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("drop trigger search_index_ad")
    conn.close()
    open_db(str(db)).close()
    triggers = "select name from sqlite_master where type = 'trigger' and tbl_name = ?"
    assert rows(db, triggers + " order by name", "search_index") == [
        ("search_index_ad",),
        ("search_index_au",),
    ]
    assert consistent(db)
    assert rows(db, SEARCH_ROWS) == rebuilt(db, tmp_path)


def test_re_extracted_files_are_indexed_again(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kind's new version re-extracts its files from their stored pages:
    their search rows go with their old records and come back with the new."""
    from test_incremental import bumped

    db = tmp_path / "d.db"
    ingest([folder], str(db))
    bumped(monkeypatch)
    assert counts(ingest([folder], str(db)))[:3] == (0, 1, 3)
    assert consistent(db)
    assert rows(db, SEARCH_ROWS) == rebuilt(db, tmp_path)


def test_another_stemmer_version_builds_the_whole_index(
    folder: Path, tmp_path: Path
) -> None:
    """Rows stemmed by another version of the Snowball stemmer are stemmed
    again, all of them, at the next run that changes anything."""
    db = tmp_path / "d.db"
    ingest([folder], str(db))
    (built,) = rows(db, "select value from analysis where key = ?", SEARCH_KEY)[0]
    code, stemmer = str(built).split("/", 1)
    assert stemmer.startswith("snowballstemmer ")
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "update analysis set value = ? where key = ?",
            [f"{code}/snowballstemmer 0.0", SEARCH_KEY],
        )
        conn.execute("update search_index set stemmed = 'stale'")
    conn.close()
    shutil.copy(corpus_files()[4], folder)
    assert counts(ingest([folder], str(db)))[:3] == (1, 0, 4)
    assert rows(db, "select count(*) from search_index where stemmed = 'stale'") == [
        (0,)
    ]
    assert rows(db, "select value from analysis where key = ?", SEARCH_KEY) == [
        (built,)
    ]
    assert consistent(db)
