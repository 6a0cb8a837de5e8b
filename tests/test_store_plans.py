"""Queries that run per file or per case use indexes, so cost stays linear.

A first run of 6,200 pages spent 5.2 s looking up each file's earlier rows
without an index and 13.9 s in a cases query that scanned every document of
the municipality for every case; these tests read SQLite's query plans.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import corpus_pdfs

from pipeline.analysis.dates import NEWEST_SQL
from pipeline.analysis.derived import CASES_SQL, OF_NONE, OF_PLACE
from pipeline.ingest import ingest
from pipeline.store.save import open_db


def _plan(conn: sqlite3.Connection, sql: str, args: list[str]) -> list[str]:
    return [row[3] for row in conn.execute(f"explain query plan {sql}", args)]


def test_a_new_database_has_its_lookup_indexes_before_loading(tmp_path: Path) -> None:
    """The loader's per-file look-ups are indexed as soon as the database opens."""
    db = open_db(str(tmp_path / "d.db"))
    try:
        plan = _plan(
            db.conn,
            "select d.id from documents d join files f on f.sha256 = d.file_sha256 "
            "where f.sha256 = ? or f.path = ?",
            ["x", "y"],
        )
    finally:
        db.close()
    used = " | ".join(plan)
    assert "idx_files_path (path=?)" in used
    assert "idx_documents_file_sha256 (file_sha256=?)" in used
    assert [step for step in plan if step.startswith("SCAN")] == []


def test_cases_find_their_papers_by_case_number(tmp_path: Path) -> None:
    """Each case's title is looked up by case number, never by municipality;
    one municipality's cases start from its documents, by index."""
    db = tmp_path / "d.db"
    ingest(corpus_pdfs(), str(db))
    conn = sqlite3.connect(db)
    try:
        whole = CASES_SQL.format(where="")
        plan = _plan(conn, whole[whole.index("select") :], [])
        mine = [
            _plan(conn, sql[sql.index("select") :], args)
            for sql, args in (
                (CASES_SQL.format(where=OF_PLACE), ["Granvik"]),
                (CASES_SQL.format(where=OF_NONE), []),
            )
        ]
    finally:
        conn.close()
    used = " | ".join(plan)
    for index in ("idx_documents_dnr", "idx_paragraphs_dnr", "idx_agenda_items_dnr"):
        assert f"{index} (dnr=?)" in used
    assert "municipality" not in used
    scans = [step for step in plan if step.startswith("SCAN")]
    assert [step.split()[-1] for step in scans] == ["m"]  # the mentions, once
    for steps in mine:  # one municipality's cases: its documents, by index
        assert [s for s in steps if s.startswith("SCAN")] == []
        assert "idx_documents_municipality (municipality=?)" in " | ".join(steps)


def test_the_newest_date_of_each_municipality_is_read_from_an_index(
    tmp_path: Path,
) -> None:
    """Asked at every run (unchanged ones too): the documents' rows, which hold
    their text, are never read for it."""
    db = open_db(str(tmp_path / "d.db"))
    try:
        plan = _plan(db.conn, NEWEST_SQL, [])
    finally:
        db.close()
    assert plan == [
        "SCAN documents USING COVERING INDEX idx_documents_municipality_date"
    ]
