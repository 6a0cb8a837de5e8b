"""An ingest writes the search rows of the files it saves as it goes, at each
commit, numbered file by file however the files fall into commits."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import CORPUS, counts, rows, stop_at
from test_search_per_file import SEARCH_ROWS, consistent, corpus_files, rebuilt

from pipeline.ingest import Progress, ingest
from pipeline.store import transactions

#: Each search row's number and file, in the order rows were written.
NUMBERED = "select rowid, id, file_sha256 from search_index order by rowid"


def _committed_files(db: Path) -> int:
    """Return the files with search rows that another connection sees."""
    conn = sqlite3.connect(db)
    try:
        sql = "select count(distinct file_sha256) from search_index"
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def test_each_commit_holds_the_search_rows_of_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit after every file: when a file is reported, every file before
    it can already be found by another connection (the run has not ended)."""
    monkeypatch.setattr(transactions, "GROUP_SECONDS", 0.0)
    db = tmp_path / "d.db"
    seen: list[tuple[int, int]] = []

    def progress(p: Progress) -> None:
        seen.append((p.done, _committed_files(db)))

    summary = ingest([CORPUS], str(db), on_progress=progress)
    files = len(corpus_files())
    assert counts(summary)[:4] == (files, 0, 0, 0)
    assert seen == [(k, k - 1) for k in range(1, files + 1)]


def test_rows_are_numbered_by_file_however_commits_group_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit after every file, or one for the whole run: the same rows with
    the same numbers, each file's rows together, files in the order read, and
    the index is what building it whole gives."""
    numbered = []
    for seconds in (0.0, 3600.0):
        monkeypatch.setattr(transactions, "GROUP_SECONDS", seconds)
        db = tmp_path / f"g{seconds:g}.db"
        ingest([CORPUS], str(db))
        numbered.append(rows(db, NUMBERED))
        assert consistent(db)
        assert rows(db, SEARCH_ROWS) == rebuilt(db, tmp_path)
    assert numbered[0] == numbered[1]
    loaded = rows(db, "select sha256 from files order by rowid")
    files = [sha for _, id_, sha in numbered[0] if not id_.startswith("rekommendation")]
    in_order = [sha for i, sha in enumerate(files) if i == 0 or files[i - 1] != sha]
    assert in_order == [sha for (sha,) in loaded]  # each file once: rows together
    derived = [id_.split(":")[0] for _, id_, _ in numbered[0][len(files) :]]
    assert set(derived) == {"rekommendation"}


def test_a_stopped_run_leaves_its_open_commit_unindexed_and_the_next_indexes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped at the third file inside one long commit: the files saved are
    kept without search rows; the next run finds them and the index is whole."""
    monkeypatch.setattr(transactions, "GROUP_SECONDS", 3600.0)
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CORPUS / "diarium.toml", folder)
    for pdf in corpus_files()[:5]:
        shutil.copy(pdf, folder)
    db = tmp_path / "d.db"
    with pytest.raises(KeyboardInterrupt):
        ingest([folder], str(db), on_progress=stop_at(3))
    assert rows(db, "select count(*) from files") == [(3,)]
    assert rows(db, "select count(*) from search_index") == [(0,)]
    summary = ingest([folder], str(db))
    assert (summary.repaired, summary.loaded, summary.unchanged) == (True, 2, 3)
    assert consistent(db)
    assert rows(db, SEARCH_ROWS) == rebuilt(db, tmp_path)
    assert _committed_files(db) == 5
