"""A run checks again only the files whose records it wrote or deleted, and
the ``checks`` table ends as checking every file would leave it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import corpus_folder, corpus_pdfs

import pipeline.analysis.run as analysis_run
from pipeline.analysis.checks import run_checks
from pipeline.analysis.places import Scope
from pipeline.ingest import ingest
from pipeline.store.db import Store

CHECKS = "select * from checks order by [table], record_id, rule"


def _miscount(store: Store, sha: str, key: str, yes: int, named: int) -> None:
    """Add to file ``sha`` a vote counted ``yes`` to nothing with ``named``
    members named on the yes side (a vote_count_mismatch unless equal)."""
    store.insert(
        "votes",
        [{"id": key, "yes": yes, "no": 0, "page": 1, "file_sha256": sha}],
    )
    store.insert(
        "vote_records",
        [
            {"id": f"{key}/{n}", "vote_id": key, "name": f"Ledamot {n}", "vote": "ja"}
            | {"file_sha256": sha}
            for n in range(named)
        ],
    )


def _drop_file(store: Store, sha: str) -> None:
    """Delete every row of file ``sha`` from the tables the checks read."""
    for table in ("documents", "votes", "vote_records", "paragraphs", "reservations"):
        store.execute(f"delete from [{table}] where file_sha256 = ?", [sha])


def test_checking_the_changed_files_equals_checking_all(tmp_path: Path) -> None:
    """A file whose votes changed gets its new flags, a file that is gone
    loses its flags, and an unchanged file keeps its own: as a whole check."""
    db = tmp_path / "d.db"
    ingest([corpus_folder(tmp_path / "in")], str(db))
    store = Store.open(str(db))
    kept, changed, gone = [
        row["sha256"] for row in store.query("select sha256 from files order by 1")
    ][:3]
    places = [None]
    with store.transaction():
        _miscount(store, kept, "v-kept", 3, 2)
        _miscount(store, changed, "v-old", 4, 1)
        _miscount(store, gone, "v-gone", 2, 5)
    run_checks(store, Scope(places, True))
    before = store.query(CHECKS)
    with store.transaction():
        store.execute("delete from votes where id = 'v-old'")
        store.execute("delete from vote_records where vote_id = 'v-old'")
        _miscount(store, changed, "v-new", 6, 2)
        _drop_file(store, gone)
    run_checks(store, Scope(places, False), {changed, gone})
    after = store.query(CHECKS)
    run_checks(store, Scope(places, True))
    whole = store.query(CHECKS)
    store.close()
    assert [(r["record_id"], r["rule"]) for r in before] == [
        ("v-gone", "vote_count_mismatch"),
        ("v-kept", "vote_count_mismatch"),
        ("v-old", "vote_count_mismatch"),
    ]
    assert after == whole
    assert [(r["record_id"], r["detail"]) for r in after] == [
        ("v-kept", "ja 3 counted, 2 named"),
        ("v-new", "ja 6 counted, 2 named"),
    ]


def test_a_run_checks_the_files_it_wrote_or_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files handed to the checks are those the run saved and the one
    whose bytes it replaced; a first run and a run of other code check all."""
    folder = corpus_folder(tmp_path / "in")
    db = tmp_path / "d.db"
    handed: list[set[str] | None] = []

    def spy(store: Store, scope: Scope, files: set[str] | None = None) -> None:
        handed.append(files)
        run_checks(store, scope, files)

    monkeypatch.setattr(analysis_run, "run_checks", spy)
    ingest([folder], str(db))
    store = Store.open(str(db))
    replaced = store.query(
        "select sha256 from files where path like ?", ["%" + corpus_pdfs()[0].name]
    )
    store.close()
    shutil.copy(corpus_pdfs()[4], folder)  # a new file
    shutil.copy(corpus_pdfs()[5], folder / corpus_pdfs()[0].name)  # other bytes
    ingest([folder], str(db))
    store = Store.open(str(db))
    shas = {
        row["sha256"]
        for row in store.query(
            "select sha256 from files where path like ? or path like ?",
            ["%" + corpus_pdfs()[4].name, "%" + corpus_pdfs()[0].name],
        )
    }
    store.close()
    assert handed[0] is None
    assert handed[1] == shas | {replaced[0]["sha256"]}
    assert len(handed[1]) == 3
