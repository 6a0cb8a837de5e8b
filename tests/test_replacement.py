"""Replacement never loses good data; a killed run leaves a database that serves."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import yaml
from click.testing import CliRunner
from conftest import CORPUS, ROOT, rows
from test_serve import get_json, site
from test_structure import dump

from pipeline.cli import cli

#: The corpus file holding a kallelse with an audit report (five documents).
AUDIT = CORPUS / "granvik_an_kallelse_2024-03-12.pdf"


def ingest(*args: str) -> tuple[int, str]:
    """Run ``diarium ingest``; return (exit code, output)."""
    result = CliRunner().invoke(cli, ["ingest", *args])
    return result.exit_code, result.output


def canned(name: str) -> str:
    """Return the SQL of one canned query of the project's metadata."""
    meta = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    (database,) = meta["databases"].values()
    return str(database["queries"][name]["sql"])


def test_failed_new_version_keeps_the_good_one(tmp_path: Path) -> None:
    """A truncated re-download is recorded as a failed newer version; the good
    rows stay; the good bytes back clear the failure."""
    pdf = tmp_path / "in" / AUDIT.name
    pdf.parent.mkdir()
    shutil.copy(AUDIT, pdf)
    db = tmp_path / "r.db"
    assert ingest(str(pdf), "--db", str(db))[0] == 0
    [(good,)] = rows(db, "select sha256 from files")
    searchable = rows(db, "select count(*) from search_index")
    assert rows(db, "select count(*) from documents") == [(5,)]
    data = AUDIT.read_bytes()
    pdf.write_bytes(data[: len(data) // 3])
    code, output = ingest(str(pdf), "--db", str(db))
    assert code == 1
    assert "0 files loaded, 0 unchanged, 1 failed" in output
    versions = rows(db, "select sha256, status, error from files order by status")
    assert [v[:2] for v in versions] == [
        (versions[0][0], "failed"),
        (good, "loaded"),
    ]
    assert str(versions[0][2]).startswith("damaged or truncated PDF")
    assert str(versions[0][2]).endswith(
        f"; the earlier version {good[:12]} stays loaded"
    )
    assert rows(db, "select count(*) from documents where file_sha256 = ?", good) == [
        (5,)
    ]
    assert rows(db, "select count(*) from search_index") == searchable
    assert rows(db, "select distinct path from files") == [(str(pdf),)]
    pdf.write_bytes(data)
    code, output = ingest(str(pdf), "--db", str(db))
    assert (code, "0 files loaded, 1 unchanged, 0 failed" in output) == (0, True)
    assert rows(db, "select sha256, status from files") == [(good, "loaded")]


def loaded_count(db: Path) -> int:
    """Return the number of loaded files, 0 while the database is not there."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(
                conn.execute(
                    "select count(*) from files where status = 'loaded'"
                ).fetchone()[0]
            )
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def copy_corpus(folder: Path, copies: tuple[str, ...]) -> None:
    """Copy the corpus PDFs into a subfolder per copy, each copy with other
    bytes (a trailing comment), so every copy is read (not a duplicate)."""
    for copy in copies:
        (folder / copy).mkdir(parents=True)
        for pdf in sorted(CORPUS.glob("*.pdf")):
            data = pdf.read_bytes() + f"% copy {copy}\n".encode()
            (folder / copy / pdf.name).write_bytes(data)


def kill_after_two_files(folder: Path, db: Path) -> None:
    """Start an ingest of ``folder``; SIGKILL it once two files are loaded.

    One worker and a folder of several corpus copies keep the run going long
    after its second file, so the kill lands before the run finishes even on
    a loaded machine (with every core the corpus loads in about a second).
    """
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    argv = ["ingest", str(folder), "--db", str(db), "--workers", "1"]
    run = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", *argv],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while loaded_count(db) < 2 and time.monotonic() < deadline:
            assert run.poll() is None, "ingest ended before it was killed"
            time.sleep(0.02)
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=10)
    assert run.returncode == -signal.SIGKILL


def test_killed_ingest_is_made_whole_by_serve(tmp_path: Path) -> None:
    """SIGKILL after some files leaves a marked database whose saved files
    are in the search index (written with each commit) but with no derived
    tables; serve rebuilds its views and derived tables to exactly a clean
    run's."""
    folder = tmp_path / "in"
    copy_corpus(folder, tuple("abcdefghijkl"))
    killed = tmp_path / "killed.db"
    kill_after_two_files(folder, killed)
    assert rows(killed, "pragma user_version") == [(1,)]
    paths = [str(p) for (p,) in rows(killed, "select path from files order by path")]
    assert len(paths) >= 2
    assert rows(killed, "select count(*) from documents")[0][0] > 0
    indexed = "select distinct file_sha256 from search_index order by 1"
    saved = "select distinct file_sha256 from documents order by 1"
    assert rows(killed, indexed) == rows(killed, saved)
    derived = "select count(*) from search_index where kind = 'rekommendation'"
    assert rows(killed, derived) == [(0,)]
    assert rows(killed, "select count(*) from analysis where key = 'as_of'") == [(0,)]
    with site(killed) as base:
        query = urllib.parse.quote("select count(*) as n from search_index")
        found = get_json(f"{base}/killed.json?_shape=array&sql={query}")
    assert isinstance(found, list) and found[0]["n"] > 0
    assert rows(killed, "pragma user_version") == [(0,)]
    clean = tmp_path / "clean.db"
    assert ingest(*paths, "--db", str(clean))[0] == 0
    assert dump(killed) == dump(clean)


def test_next_ingest_says_it_repairs(tmp_path: Path) -> None:
    """The next ingest after a killed one says so and leaves a whole database."""
    folder = tmp_path / "in"
    copy_corpus(folder, tuple("abcdefgh"))
    db = tmp_path / "k.db"
    kill_after_two_files(folder, db)
    code, output = ingest(str(folder / "a"), "--db", str(db))
    assert code == 0, output
    assert "the previous run did not finish; derived tables were rebuilt" in output
    assert rows(db, "pragma user_version") == [(0,)]
    code, output = ingest(str(folder / "a"), "--db", str(db))
    assert "did not finish" not in output
