"""Ingest killed at random moments, again and again, ends as a clean run does."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import CORPUS, ROOT
from test_structure import dump

#: Killed runs, and the seed of the moments they are killed at.
KILLS, SEED = 5, 20261123

#: Corpus files of the batch: one long, some short, a vote table.
FILES = [
    "granvik_an_kallelse_2024-03-12.pdf",
    "granvik_ks_protokoll_2024-04-02.pdf",
    "granvik_tn_protokoll_2024-11-05.pdf",
]


def command(folder: Path, db: Path, workers: int) -> list[str]:
    """Return the ingest command line."""
    return [
        *(sys.executable, "-m", "pipeline.cli", "ingest", str(folder)),
        *("--db", str(db), "--workers", str(workers)),
    ]


def run(folder: Path, db: Path, kill_after: float | None, workers: int = 1) -> int:
    """Run ingest; SIGKILL it and its workers after ``kill_after`` seconds.

    Return its exit status (``-SIGKILL`` when it was killed while running).
    """
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        command(folder, db, workers),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        return process.wait(timeout=kill_after if kill_after is not None else 120)
    except subprocess.TimeoutExpired:
        if kill_after is None:
            raise
        os.killpg(process.pid, signal.SIGKILL)
        return process.wait(timeout=10)


def integrity(db: Path) -> str:
    """Return SQLite's integrity verdict on ``db`` ("ok" for a sound file)."""
    if not db.exists():
        return "ok"
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("pragma integrity_check").fetchone()[0])
    finally:
        conn.close()


def write_round(folder: Path, round_: int) -> None:
    """Write the batch with bytes of its own for ``round_`` (a trailing
    comment), so every run has every file to read again and replace."""
    for name in FILES:
        data = (CORPUS / name).read_bytes() + f"% round {round_}\n".encode()
        (folder / name).write_bytes(data)


def test_killed_runs_then_one_whole_run_equal_a_clean_run(tmp_path: Path) -> None:
    """Five runs killed with SIGKILL at seeded random moments (one or two
    workers), each replacing every file with new bytes, then one whole run,
    give every table of a clean run's database."""
    folder = tmp_path / "in"
    folder.mkdir()
    write_round(folder, KILLS - 1)
    clean = tmp_path / "clean.db"
    started = time.monotonic()
    assert run(folder, clean, None) == 0
    whole = time.monotonic() - started
    rng = random.Random(SEED)
    killed = tmp_path / "killed.db"
    statuses = []
    for round_ in range(KILLS):
        write_round(folder, round_)
        moment = rng.uniform(0.2, 1.0) * whole
        statuses.append(run(folder, killed, moment, workers=rng.choice([1, 2])))
        assert integrity(killed) == "ok"
    assert statuses.count(-signal.SIGKILL) >= 3, statuses
    assert run(folder, killed, None) == 0
    assert dump(killed) == dump(clean)
