"""A first load makes its indexes at its end: the same database, the same indexes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import CORPUS, rows, stop_at
from test_structure import dump

from pipeline.ingest import ingest
from pipeline.store import first_load


def indexes(db: Path) -> list[tuple[object, ...]]:
    """Return the name, table and SQL of every index of ``db``."""
    return rows(
        db,
        "select name, tbl_name, sql from sqlite_master where type = 'index' "
        "order by name",
    )


def index_names(db: Path) -> set[str]:
    """Return the index names of ``db``, read through a connection of its own."""
    conn = sqlite3.connect(db)
    try:
        found = conn.execute("select name from sqlite_master where type = 'index'")
        return {name for (name,) in found}
    finally:
        conn.close()


def test_a_first_load_gives_the_database_and_indexes_of_a_kept_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Indexes dropped while an empty database loads (fewer during the load)
    are all there after it, and every row is as when they are kept."""
    kept, first = tmp_path / "kept.db", tmp_path / "first.db"
    monkeypatch.setattr(first_load, "FIRST_LOAD_FILES", 10**6)
    seen: dict[str, set[str]] = {}
    ingest(
        [CORPUS],
        str(kept),
        on_progress=lambda p: seen.setdefault("kept", index_names(kept)),
    )
    monkeypatch.setattr(first_load, "FIRST_LOAD_FILES", 1)
    ingest(
        [CORPUS],
        str(first),
        on_progress=lambda p: seen.setdefault("first", index_names(first)),
    )
    assert indexes(first) == indexes(kept)
    assert dump(first) == dump(kept)
    assert seen["kept"] == {str(name) for name, _, _ in indexes(kept)}
    dropped = seen["kept"] - seen["first"]
    assert "idx_documents_dnr" in dropped and "idx_paragraphs_document_id" in dropped
    assert "idx_files_path" in seen["first"]
    assert "idx_documents_file_sha256" in seen["first"]


def test_a_stopped_first_load_has_its_indexes_before_the_next_run_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first load stopped after two files leaves indexes missing and the run
    unfinished; the next run makes them before its first file, and ends with
    the database of a clean run."""
    db, clean = tmp_path / "stopped.db", tmp_path / "clean.db"
    monkeypatch.setattr(first_load, "FIRST_LOAD_FILES", 1)
    with pytest.raises(KeyboardInterrupt):
        ingest([CORPUS], str(db), on_progress=stop_at(2))
    assert rows(db, "pragma user_version") == [(1,)]
    assert "idx_documents_dnr" not in index_names(db)
    seen: list[set[str]] = []
    ingest([CORPUS], str(db), on_progress=lambda p: seen.append(index_names(db)))
    ingest([CORPUS], str(clean))
    assert seen[0] == {str(name) for name, _, _ in indexes(clean)}
    assert indexes(db) == indexes(clean)
    assert dump(db) == dump(clean)
