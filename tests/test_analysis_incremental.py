"""The analysis per municipality: each as of its own newest paper, and a run
analyses again only the municipalities whose documents, date or corrections
changed, giving the database a single run (or a whole analysis) gives.

The corpus is split into two municipalities by folder settings
(``diarium.toml``): Granvik, and "Vallby" holding the municipal board's
protocol of 2024-04-02, whose commission is due 2024-09-30.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import CORPUS, rows
from test_structure import dump

from pipeline.analysis import analyse
from pipeline.console import analysed_line, as_of_line
from pipeline.ingest import IngestSummary, ingest
from pipeline.report import correct
from pipeline.store.db import Store

#: The protocol moved to "Vallby", and its commission (due 2024-09-30).
BOARD = "granvik_ks_protokoll_2024-04-02.pdf"
COMMISSION = "protokoll_2024-04-02_kommunstyrelsen_b779d4/p46/u0"
#: A file kept out at first, whose bytes later replace another file's.
LATER = "granvik_tn_protokoll_2024-11-05.pdf"
#: The file those bytes replace, and a file that moves to Vallby.
REPLACED, MOVED = (
    "granvik_sbn_protokoll_2024-09-10.pdf",
    "granvik_kfn_protokoll_2024-10-15.pdf",
)
#: Written into derived rows, to see whether a run analysed them again.
SENTINEL = "written by the test"


def folder(root: Path, name: str, files: list[str]) -> Path:
    """Return a folder of ``files`` from the corpus, set to municipality ``name``."""
    path = root / name
    path.mkdir(parents=True, exist_ok=True)
    (path / "diarium.toml").write_text(f'municipality = "{name}"\n', encoding="utf-8")
    for file in files:
        shutil.copy(CORPUS / file, path / file)
    return path


@pytest.fixture
def split(tmp_path: Path) -> tuple[Path, Path]:
    """The corpus but two files in Granvik's folder, and the board's protocol
    in Vallby's."""
    kept = {BOARD, LATER}
    rest = sorted(p.name for p in CORPUS.glob("*.pdf") if p.name not in kept)
    return folder(tmp_path / "in", "Granvik", rest), folder(
        tmp_path / "in", "Vallby", [BOARD]
    )


def mark(db: Path, place: str) -> None:
    """Write the sentinel into derived rows of one municipality."""
    with sqlite3.connect(db) as conn:
        conn.execute(
            "update cases set title = ? where municipality = ?", [SENTINEL, place]
        )
        conn.execute(
            "update analysis set note = ? where key = ?", [SENTINEL, f"as_of:{place}"]
        )
    conn.close()


def marked(db: Path) -> list[tuple[object, ...]]:
    """Return the municipalities whose sentinels are still there."""
    return rows(
        db,
        "select distinct 'cases', municipality from cases where title = ? union all "
        "select 'analysis', key from analysis where note = ? order by 1, 2",
        SENTINEL,
        SENTINEL,
    )


def test_each_municipality_as_of_its_newest_paper(
    split: tuple[Path, Path], tmp_path: Path
) -> None:
    """Vallby's papers end on 2024-04-02: its commission due 2024-09-30 is
    open, not overdue as of Granvik's newest paper; a given date applies to all."""
    db = tmp_path / "d.db"
    summary = ingest(list(split), str(db))
    assert (summary.as_of, summary.dates) == (
        "2025-03-18",
        {"Granvik": "2025-03-18", "Vallby": "2024-04-02"},
    )
    assert rows(
        db, "select key, value, note from analysis where key like 'as_of%' order by key"
    ) == [
        ("as_of", "2025-03-18", "newest document date"),
        ("as_of:Granvik", "2025-03-18", "newest document date"),
        ("as_of:Vallby", "2024-04-02", "newest document date"),
    ]
    status = "select status, status_date from commissions where id = ?"
    assert rows(db, status, COMMISSION) == [("open", None)]
    assert rows(db, "select count(*) from commissions where status = 'overdue'") == [
        (1,)
    ]
    again = ingest(list(split), str(db), as_of="2030-01-01")
    assert again.analysed == ["Granvik", "Vallby"]
    assert again.dates == {"Granvik": "2030-01-01", "Vallby": "2030-01-01"}
    assert rows(db, status, COMMISSION) == [("overdue", "2024-09-30")]


def test_adding_a_municipality_leaves_the_others_untouched(
    split: tuple[Path, Path], tmp_path: Path
) -> None:
    """A run adding Vallby's file analyses Vallby only; one changing a file
    of Granvik analyses Granvik only; a correction typed into the table
    analyses its municipality again."""
    granvik, vallby = split
    db = tmp_path / "d.db"
    first = ingest([granvik], str(db))
    assert (first.analysed, first.analysed_all) == (["Granvik"], True)
    mark(db, "Granvik")
    added = ingest([granvik, vallby], str(db))
    assert (added.loaded, added.analysed, added.analysed_all) == (1, ["Vallby"], False)
    assert marked(db) == [("analysis", "as_of:Granvik"), ("cases", "Granvik")]
    mark(db, "Vallby")
    shutil.copy(CORPUS / LATER, granvik / REPLACED)  # other bytes, same name
    replaced = ingest([granvik, vallby], str(db))
    assert (replaced.loaded, replaced.analysed) == (1, ["Granvik"])
    assert marked(db) == [("analysis", "as_of:Vallby"), ("cases", "Vallby")]
    unchanged = ingest([granvik, vallby], str(db))
    assert (unchanged.analysed, unchanged.rebuilt) == ([], False)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "insert into corrections (target, target_id, status, note, created_at) "
            "values ('commission', ?, 'reported', 'typed in', '2025-01-02T10:00:00')",
            [COMMISSION],
        )
    conn.close()
    corrected = ingest([granvik, vallby], str(db))
    assert (corrected.analysed, corrected.rebuilt) == (["Vallby"], True)
    status = "select status, status_date from commissions where id = ?"
    assert rows(db, status, COMMISSION) == [("reported", "2025-01-02")]


def test_incremental_runs_equal_one_run(
    split: tuple[Path, Path], tmp_path: Path
) -> None:
    """Two municipalities added in turn, a file moved to the other, a file
    replaced, a correction: every table equals a single run's (and, with the
    correction, a whole analysis's)."""
    granvik, vallby = split
    db, fresh = tmp_path / "steps.db", tmp_path / "fresh.db"
    ingest([granvik], str(db))
    ingest([granvik, vallby], str(db))
    shutil.move(granvik / MOVED, vallby / MOVED)  # from Granvik to Vallby
    moved = ingest([granvik, vallby], str(db))
    assert moved.analysed == ["Granvik", "Vallby"]
    shutil.copy(CORPUS / LATER, granvik / REPLACED)
    assert ingest([granvik, vallby], str(db)).analysed == ["Granvik"]
    ingest([granvik, vallby], str(fresh))
    assert dump(db) == dump(fresh)
    recommendation = str(rows(db, "select min(id) from recommendations")[0][0])
    correct(str(db), recommendation, "implemented", "checked", "test")
    assert ingest([granvik, vallby], str(db)).rebuilt is False  # done by track set
    whole = tmp_path / "whole.db"
    shutil.copy(db, whole)
    store = Store.open(str(whole))
    assert analyse(store).whole is True
    store.close()
    assert dump(db) == dump(whole)
    assert rows(
        db, "select status from recommendations where id = ?", recommendation
    ) == [("implemented",)]


def test_shared_records_in_turns_equal_one_run(
    need_shared: Path, tmp_path: Path
) -> None:
    """The real records of several municipalities, then the corpus, then the
    seeds, each run analysing only what it added: the same database as one run."""
    inputs = [need_shared / "real", CORPUS, need_shared / "seeds"]
    db, fresh = tmp_path / "steps.db", tmp_path / "fresh.db"
    analysed = [ingest(inputs[: n + 1], str(db)).analysed for n in range(len(inputs))]
    assert analysed[1] == ["Granvik"]
    assert "Göteborg" in analysed[0] and "Göteborg" not in analysed[2]
    one = ingest(inputs, str(fresh))
    assert len(one.dates) == len(set(one.dates.values())) > 3  # each its own date
    assert dump(db) == dump(fresh)


def test_summary_lines_name_dates_and_municipalities() -> None:
    """The summary names the municipalities behind the newest date, the
    earliest first and at most four, and those analysed."""
    dates: dict[str | None, str] = {
        "Granvik": "2025-03-18",
        "Vallby": "2024-04-02",
        None: "2024-09-24",
    }
    assert as_of_line("2025-03-18", dates) == (
        "statuses as of 2025-03-18 (each municipality as of its newest paper: "
        "Vallby 2024-04-02, no municipality 2024-09-24)"
    )
    assert as_of_line("2030-01-01", dict.fromkeys(dates, "2030-01-01")) == (
        "statuses as of 2030-01-01"
    )
    many = {f"M{n}": f"2024-01-{n:02}" for n in range(1, 8)} | {"N": "2025-01-01"}
    assert as_of_line("2025-01-01", many) == (
        "statuses as of 2025-01-01 (each municipality as of its newest paper: "
        "M1 2024-01-01, M2 2024-01-02, M3 2024-01-03, M4 2024-01-04, "
        "and 3 more (table analysis))"
    )
    assert analysed_line(["Vallby"], 3) == (
        "analysis: 1 of 3 municipalities analysed (Vallby); "
        "the others' derived rows kept"
    )
    assert (
        analysed_line([], 3) == "analysis: no municipality changed; derived rows kept"
    )
    assert analysed_line(["Granvik", "Vallby", None], 3) == (
        "analysis: all 3 municipalities analysed (Granvik, Vallby, no municipality)"
    )
    assert IngestSummary().analysed == []


#: The corpus's motions, and the council protocol deciding them.
MOTIONS, COUNCIL = "granvik_kf_motioner_2023.pdf", "granvik_kf_protokoll_2024-06-17.pdf"


@pytest.mark.parametrize(
    ("shared", "cases"), [(False, 2), (True, 1)], ids=["corpus", "seeds"]
)
def test_a_municipality_analysed_twice_equals_one_analysis(
    shared: bool, cases: int, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Motions in one run, the protocol deciding them in the next: the
    motions' case numbers the analysis works out (``case_dnr``) never feed
    the next analysis's links, so the database equals a single run's."""
    if shared:
        seeds = request.getfixturevalue("need_shared") / "seeds"
        first = [seeds / "000_68e0a5f7ae573d9f.pdf"]
        second = first + [seeds / "001_66066440b49f5e90.pdf"]
    else:
        first, second = [CORPUS / MOTIONS], [CORPUS / MOTIONS, CORPUS / COUNCIL]
    db, fresh = tmp_path / "steps.db", tmp_path / "fresh.db"
    ingest([str(p) for p in first], str(db))
    assert ingest([str(p) for p in second], str(db)).analysed_all is False
    ingest([str(p) for p in second], str(fresh))
    assert dump(db) == dump(fresh)
    counts = "select count(dnr), count(case_dnr) from motions"
    assert rows(db, counts) == [(0, cases)]  # none printed, found by the analysis
