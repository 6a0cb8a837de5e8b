"""End-to-end ingest through the real CLI into real SQLite files."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import CORPUS, SHARED, corpus_pdfs, make_pdf

from pipeline.cli import cli
from pipeline.incremental import pipeline_version

CONTRACT_TABLES = "files,pages,documents,dnr_mentions,cases"


def run_ingest(*args: str) -> tuple[int, str]:
    """Run ``diarium ingest`` and return (exit code, combined output)."""
    result = CliRunner().invoke(cli, ["ingest", *args])
    return result.exit_code, result.output


def table_dump(db_path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Return every row of the public tables, sorted, without timestamps."""
    conn = sqlite3.connect(db_path)
    dump = {}
    for table in CONTRACT_TABLES.split(","):
        columns = [
            r[1]
            for r in conn.execute(f"pragma table_info([{table}])")
            if r[1] not in ("ingested_at", "seconds")
        ]
        rows = conn.execute(f"select {', '.join(columns)} from [{table}]").fetchall()
        dump[table] = sorted(rows, key=repr)
    conn.close()
    return dump


def test_bad_files_are_reported_and_good_files_load(
    tmp_path: Path, bad_pdfs: dict[str, Path]
) -> None:
    """Each bad file gets a failed row with a one-line reason; the rest load."""
    good = tmp_path / "good"
    shutil.copytree(CORPUS, good, ignore=shutil.ignore_patterns("bulk", "*.py"))
    db = tmp_path / "d.db"
    code, output = run_ingest(str(good), str(bad_pdfs["empty"].parent), "--db", str(db))
    assert code == 1
    n_good = len(corpus_pdfs())
    assert f"{n_good} files loaded, 0 unchanged, 4 failed" in output
    conn = sqlite3.connect(db)
    failed = dict(
        conn.execute(
            "select path, error from files where status = 'failed' order by path"
        ).fetchall()
    )
    assert failed == {
        str(bad_pdfs["text"]): "not a PDF (no %PDF header in its first 1024 bytes)",
        str(bad_pdfs["truncated"]): "damaged or truncated PDF (data format error)",
        str(bad_pdfs["encrypted"]): "encrypted PDF (password required)",
        str(bad_pdfs["empty"]): "empty file (0 bytes)",
    }
    loaded = conn.execute(
        "select count(*), sum(pages) from files where status = 'loaded'"
    ).fetchone()
    assert loaded[0] == n_good
    # A failed file leaves no partial rows behind.
    orphan = conn.execute(
        "select count(*) from pages where file_sha256 in "
        "(select sha256 from files where status = 'failed')"
    ).fetchone()[0]
    assert orphan == 0


def test_strict_stops_at_first_failure(
    tmp_path: Path, bad_pdfs: dict[str, Path]
) -> None:
    """--strict stops with exit 1 and names the file and the reason."""
    code, output = run_ingest(
        str(bad_pdfs["empty"]), "--strict", "--db", str(tmp_path / "s.db")
    )
    assert code == 1
    assert f"Error: {bad_pdfs['empty']}: empty file (0 bytes)" in output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    """A missing path or no path at all is a usage error (exit 2)."""
    code, output = run_ingest("--db", str(tmp_path / "u.db"))
    assert code == 2
    assert "Missing argument 'PATHS...'" in output
    empty_folder = tmp_path / "tom"
    empty_folder.mkdir()
    code, output = run_ingest(str(empty_folder), "--db", str(tmp_path / "u.db"))
    assert code == 2
    assert f"Error: no PDF files found in {empty_folder}" in output
    code, output = run_ingest(str(tmp_path / "saknas"), "--db", str(tmp_path / "u.db"))
    assert code == 2
    assert f"Error: no such file or folder: {tmp_path / 'saknas'}" in output


def test_rerun_changes_nothing(tmp_path: Path) -> None:
    """Ingesting the same files twice gives the same rows, and skips them."""
    db = tmp_path / "r.db"
    code, first_output = run_ingest(str(CORPUS), "--db", str(db))
    assert code == 0, first_output
    first = table_dump(db)
    code, output = run_ingest(str(CORPUS), "--db", str(db), "--workers", "2")
    assert code == 0
    n = len(corpus_pdfs())
    assert f"0 files loaded, {n} unchanged, 0 failed" in output
    assert table_dump(db) == first


def test_workers_give_the_same_rows(tmp_path: Path) -> None:
    """Two worker processes produce exactly the rows one process does."""
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    assert run_ingest(str(CORPUS), "--db", str(one))[0] == 0
    assert run_ingest(str(CORPUS), "--db", str(two), "--workers", "2")[0] == 0
    assert table_dump(one) == table_dump(two)


def test_changed_file_replaces_its_rows(tmp_path: Path) -> None:
    """A file whose content changed replaces its old rows in one go."""
    pdf = make_pdf(
        tmp_path / "protokoll.pdf",
        [
            "TJÄNSTESKRIVELSE",
            "2024-01-10",
            "Dnr: KS 2024/0012",
            "Ny förskola i Granvik",
            "Förslag till beslut",
        ],
    )
    db = tmp_path / "c.db"
    assert run_ingest(str(pdf), "--db", str(db))[0] == 0
    make_pdf(
        pdf,
        [
            "TJÄNSTESKRIVELSE",
            "2024-02-20",
            "Dnr: KS 2024/0031",
            "Ändrad taxa för bygglov",
            "Förslag till beslut",
        ],
    )
    code, output = run_ingest(str(pdf), "--db", str(db))
    assert code == 0
    assert "1 files loaded, 0 unchanged, 0 failed" in output
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from files").fetchone()[0] == 1
    assert conn.execute("select kind, title, date, dnr from documents").fetchall() == [
        ("tjansteskrivelse", "Ändrad taxa för bygglov", "2024-02-20", "KS 2024/31")
    ]
    assert conn.execute("select dnr, raw, page from dnr_mentions").fetchall() == [
        ("KS 2024/31", "Dnr: KS 2024/0031", 1)
    ]
    assert conn.execute("select dnr from cases").fetchall() == [("KS 2024/31",)]


def test_contract_and_provenance(tmp_path: Path) -> None:
    """The database passes the shared contract check; rows carry provenance."""
    db = tmp_path / "p.db"
    assert run_ingest(str(CORPUS), "--db", str(db))[0] == 0
    if SHARED.is_dir():
        checker = SHARED / "tools" / "check_contract.py"
        done = subprocess.run(
            [sys.executable, str(checker), str(db), "--only", CONTRACT_TABLES],
            capture_output=True,
            text=True,
            check=False,
        )
        assert (done.returncode, done.stdout.strip()) == (0, "contract ok")
    conn = sqlite3.connect(db)
    versions = conn.execute("select distinct pipeline_version from files").fetchall()
    assert versions == [(pipeline_version(),)]
    missing = conn.execute(
        "select count(*) from documents where file_sha256 is null or page_start is null"
        " or extractor is null"
    ).fetchone()[0]
    assert missing == 0
    assert conn.execute("pragma journal_mode").fetchone() == ("wal",)


def test_swedish_full_text_search_keeps_diacritics(tmp_path: Path) -> None:
    """FTS tells "får" from "far": å, ä and ö are not folded away."""
    make_pdf(tmp_path / "a.pdf", ["YTTRANDE", "2024-03-01", "Nämnden får svar"])
    make_pdf(tmp_path / "b.pdf", ["YTTRANDE", "2024-03-02", "Min far svarar"])
    db = tmp_path / "f.db"
    assert run_ingest(str(tmp_path), "--db", str(db))[0] == 0
    conn = sqlite3.connect(db)

    def hits(word: str) -> int:
        return conn.execute(
            "select count(*) from documents_fts where documents_fts match ?", [word]
        ).fetchone()[0]

    assert (hits("får"), hits("far"), hits("svar"), hits("fär")) == (1, 1, 1, 0)


def test_database_is_written_in_wal_mode_without_a_sync_per_commit(
    tmp_path: Path,
) -> None:
    """The loader's connection: WAL journal, synchronous NORMAL (1), not FULL (2),
    and a 16 MiB page cache (SQLite's default is 2 MiB: -2000)."""
    from pipeline.store.save import open_db

    db = open_db(str(tmp_path / "d.db"))
    try:
        assert db.execute("pragma journal_mode").fetchone() == ("wal",)
        assert db.execute("pragma synchronous").fetchone() == (1,)
        assert db.execute("pragma cache_size").fetchone() == (-16384,)
    finally:
        db.close()


def test_workers_default_to_every_usable_core(tmp_path: Path) -> None:
    """Without --workers an ingest uses every core it may run on; the
    summary line says how many."""
    import os

    from pipeline.parallel import usable_cores

    pdf = corpus_pdfs()[0]
    code, output = run_ingest(str(pdf), "--db", str(tmp_path / "d.db"))
    assert code == 0
    cores = len(os.sched_getaffinity(0))
    assert usable_cores() == cores
    expected = "1 worker" if cores == 1 else f"{cores} workers"
    assert f" s ({expected}) into " in output
    code, output = run_ingest(
        str(pdf), "--db", str(tmp_path / "e.db"), "--workers", "1"
    )
    assert " s (1 worker) into " in output


def test_debug_logs_each_file_and_only_with_the_option(tmp_path: Path) -> None:
    """``--debug`` logs how long each file took, from the worker that read it;
    without it, and from the libraries, nothing is logged at debug level."""
    pdf = CORPUS / "granvik_kf_motioner_2023.pdf"

    def debug_lines(*options: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-m", "pipeline.cli", "ingest", str(pdf)]
            + ["--db", str(tmp_path / f"d{len(options)}.db"), "--no-ocr", *options],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        lines = done.stderr.splitlines()
        return [re.sub(r"\d+\.\d\d s$", "N s", x) for x in lines if x[:5] == "DEBUG"]

    assert debug_lines() == []
    assert debug_lines("--debug") == [f"DEBUG {pdf} read in N s"]
