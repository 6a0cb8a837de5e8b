"""Incremental re-runs (issue 14): nothing derived is touched when nothing
changed, and a kind's new version re-extracts only the files with documents
of that kind, from their stored pages, giving the database a fresh ingest gives.
"""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CORPUS, counts, rows
from test_structure import dump

from extractors.core.spec import KindSpec
from extractors.core.tables import Rows, Source
from extractors.kinds import REGISTRY
from pipeline.ingest import ingest

#: The corpus file holding the only audit report (with four other kinds).
AUDITED = "granvik_an_kallelse_2024-03-12.pdf"
#: What the tests write into derived tables, to see whether a run rebuilt them.
SENTINEL = "written by the test"


def mark_derived(db: Path) -> None:
    """Write a sentinel into the search index and the analysis settings."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "update search_index set title = ? "
            "where rowid = (select min(rowid) from search_index)",
            [SENTINEL],
        )
        conn.execute("update analysis set note = ? where key = 'as_of'", [SENTINEL])
    conn.close()


def sentinels(db: Path) -> list[tuple[object, ...]]:
    """Return the sentinels still in the derived tables."""
    return rows(
        db,
        "select 'search', kind from search_index where title = ? union all "
        "select 'analysis', key from analysis where note = ?",
        SENTINEL,
        SENTINEL,
    )


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """The corpus with one file that is no PDF (a failure every run)."""
    folder = tmp_path / "in"
    shutil.copytree(CORPUS, folder, ignore=shutil.ignore_patterns("*.py", "*.json"))
    (folder / "trasig.pdf").write_bytes(b"%PDF-1.4\nnot really a PDF\n")
    return folder


def test_unchanged_rerun_touches_nothing_derived(inputs: Path, tmp_path: Path) -> None:
    """Same files, same failure, same date: derived tables stay as they are."""
    db = tmp_path / "d.db"
    assert counts(ingest([inputs], str(db))) == (9, 0, 0, 1, True)
    mark_derived(db)
    before = dump(db)
    again = ingest([inputs], str(db))
    assert counts(again) == (0, 0, 9, 1, False)
    assert again.as_of == "2025-03-18"
    assert sentinels(db) == [("search", "dokument"), ("analysis", "as_of")]
    assert dump(db) == before
    assert rows(db, "pragma user_version") == [(0,)]


def test_what_must_still_rebuild(inputs: Path, tmp_path: Path) -> None:
    """A new --as-of, a changed municipality setting, an unfinished run: the
    analysis is rebuilt; the search index only where a file was read again."""
    db = tmp_path / "d.db"
    ingest([inputs], str(db))
    mark_derived(db)
    assert counts(ingest([inputs], str(db), as_of="2030-01-01")) == (
        0,
        0,
        9,
        1,
        True,
    )
    assert sentinels(db) == [
        ("search", "dokument")
    ]  # no search row depends on the date
    assert rows(db, "select value, note from analysis where key = 'as_of'") == [
        ("2030-01-01", "given")
    ]
    mark_derived(db)
    assert counts(ingest([inputs], str(db), as_of="2030-01-01"))[4] is False
    assert counts(ingest([inputs], str(db)))[4] is True  # back to the default
    mark_derived(db)
    assert counts(ingest([inputs], str(db), municipality="Kungsbacka")) == (
        9,
        0,
        0,
        1,
        True,
    )
    assert sentinels(db) == []
    assert rows(db, "select distinct municipality from search_index") == [
        ("Kungsbacka",)
    ]
    mark_derived(db)
    conn = sqlite3.connect(db)
    conn.execute("pragma user_version = 1")  # as a run killed mid-way leaves it
    conn.close()
    rerun = ingest([inputs], str(db), municipality="Kungsbacka")
    assert (counts(rerun), rerun.repaired) == ((0, 0, 9, 1, True), True)
    assert sentinels(db) == [("search", "dokument")]  # saved with its file's rows


def first_rows(extract: Callable[[Source], Rows]) -> Callable[[Source], Rows]:
    """Return ``extract`` changed to keep the first row of every table."""

    def changed(source: Source) -> Rows:
        return {table: found[:1] for table, found in extract(source).items()}

    return changed


def bumped(monkeypatch: pytest.MonkeyPatch) -> KindSpec:
    """Give revisionsrapport a new version whose extractor keeps fewer rows."""
    spec = REGISTRY["revisionsrapport"]
    new = dataclasses.replace(spec, version="v99", extract=first_rows(spec.extract))
    monkeypatch.setitem(REGISTRY, "revisionsrapport", new)
    return new


def by_file(db: Path, table: str) -> dict[str, list[tuple[object, ...]]]:
    """Return the rows (with rowids) of ``table`` per file name."""
    found: dict[str, list[tuple[object, ...]]] = {}
    for row in rows(
        db,
        f"select f.path, t.rowid, t.* from [{table}] t "
        "join files f on f.sha256 = t.file_sha256 order by t.rowid",
    ):
        found.setdefault(Path(str(row[0])).name, []).append(row[1:])
    return found


#: The documents of the audited file, with their common fields.
AUDITED_DOCUMENTS = (
    "select d.position, d.kind, d.title, d.date, d.dnr, d.page_start, d.page_end, "
    "d.extractor from documents d join files f on f.sha256 = d.file_sha256 "
    "where f.path like ? order by d.position"
)
#: How many case mentions each extractor made.
MENTIONS = (
    "select extractor, count(*) from recommendation_mentions "
    "group by extractor order by extractor"
)


def test_version_bump_reextracts_one_kind_as_a_fresh_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the file with an audit report is redone; the database equals a fresh one."""
    db, fresh = tmp_path / "d.db", tmp_path / "fresh.db"
    ingest([CORPUS], str(db))
    documents, pages = by_file(db, "documents"), by_file(db, "pages")
    audited = rows(db, AUDITED_DOCUMENTS, f"%{AUDITED}")
    assert rows(db, MENTIONS) == [("revisionsrapport.v3", 6), ("uppfoljning.v3", 3)]
    bumped(monkeypatch)
    run = ingest([CORPUS], str(db), workers=2)
    assert counts(run) == (0, 1, 8, 0, True)
    assert run.pages == 0
    after = by_file(db, "documents")
    assert {n: r for n, r in after.items() if n != AUDITED} == {
        n: r for n, r in documents.items() if n != AUDITED
    }
    assert by_file(db, "pages") == pages  # the stored pages are kept, not re-read
    assert rows(db, AUDITED_DOCUMENTS, f"%{AUDITED}") == [
        row[:-1] + ("revisionsrapport.v99",) if row[1] == "revisionsrapport" else row
        for row in audited
    ]
    assert rows(db, MENTIONS) == [("revisionsrapport.v99", 1), ("uppfoljning.v3", 3)]
    ingest([CORPUS], str(fresh))
    assert dump(db) == dump(fresh)


def test_reextraction_reads_the_stored_pages_not_the_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stored text changed behind the pipeline's back shows in the new rows."""
    db = tmp_path / "d.db"
    ingest([CORPUS], str(db))
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "update pages set text = replace(text, 'nämnd', 'nämnð') "
            "where file_sha256 in (select sha256 from files where path like ?)",
            [f"%{AUDITED}"],
        )
    conn.close()
    bumped(monkeypatch)
    assert counts(ingest([CORPUS], str(db))) == (0, 1, 8, 0, True)
    bodies = rows(
        db,
        "select d.extractor, instr(d.body, 'nämnð') > 0, instr(d.body, 'nämnd')"
        " from documents d join files f on f.sha256 = d.file_sha256"
        " where f.path like ? order by d.position",
        f"%{AUDITED}",
    )
    assert bodies == [
        ("kallelse.v1", 1, 0),
        ("tjansteskrivelse.v2", 1, 0),
        ("revisionsskrivelse.v3", 1, 0),
        ("revisionsrapport.v99", 1, 0),
        ("yttrande.v2", 1, 0),
    ]


def test_a_repaired_run_stamps_as_a_masked_run_does(tmp_path: Path) -> None:
    """Derived state is stamped with the reading version, not with the files'
    version (which --mask-contacts extends): after a repair, an unchanged
    --mask-contacts run rebuilds nothing."""
    from pipeline.finish import repair_derived

    db = tmp_path / "m.db"
    pdf = sorted(CORPUS.glob("*.pdf"))[0]
    assert counts(ingest([pdf], str(db), mask_contacts=True)) == (1, 0, 0, 0, True)
    with sqlite3.connect(db) as conn:
        conn.execute("pragma user_version = 1")  # as a stopped run leaves it
    assert repair_derived(str(db)) is True
    again = ingest([pdf], str(db), mask_contacts=True)
    assert counts(again) == (0, 0, 1, 0, False)
