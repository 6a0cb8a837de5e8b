"""SIGTERM during ingest: workers end, loaded files stay, the next start repairs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import ROOT, rows
from test_replacement import copy_corpus, loaded_count
from test_structure import dump

from pipeline.finish import repair_derived
from pipeline.ingest import ingest


def descendants(pid: int) -> set[int]:
    """Return the living processes below ``pid`` (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


class Watch:
    """Collect, in a thread, every process seen below this one while a block runs."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self._before = descendants(os.getpid())
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> Watch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _poll(self) -> None:
        while not self._done.wait(0.005):
            self.seen |= descendants(os.getpid()) - self._before

    def left(self, grace: float = 0.15) -> list[int]:
        """Return the processes seen still alive after ``grace`` seconds (a
        killed process takes a moment to go)."""
        deadline = time.monotonic() + grace
        while (found := sorted(p for p in self.seen if alive(p))) and (
            time.monotonic() < deadline
        ):
            time.sleep(0.01)
        return found


def alive(pid: int) -> bool:
    """Return True when ``pid`` is a process that has not ended (nor a zombie)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def workers_left(before: set[int]) -> dict[int, bytes]:
    """Return the command lines of processes started since ``before`` still alive.

    multiprocessing's resource tracker is left out: Python starts one per
    process and it ends with it.
    """
    left = {}
    for pid in descendants(os.getpid()) - before:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if alive(pid) and b"multiprocessing.resource_tracker" not in command:
            left[pid] = command
    return left


def test_sigterm_stops_workers_keeps_files_and_is_repaired(tmp_path: Path) -> None:
    """SIGTERM mid-run: exit 143, no worker left, loaded files kept, the run
    marked; repairing gives exactly the database of a clean run."""
    db = tmp_path / "stopped.db"
    run = start_ingest(tmp_path / "in", db, subprocess.PIPE)
    try:
        workers = running_workers(run, db, 1)
        run.send_signal(signal.SIGTERM)
        _, err = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert run.returncode == 143, err
    assert b"stopped; the next ingest or serve rebuilds derived tables" in err
    assert workers and not [pid for pid in workers if alive(pid)]
    assert rows(db, "pragma user_version") == [(1,)]
    loaded = [str(p) for (p,) in rows(db, "select path from files order by path")]
    assert 2 <= len(loaded) < 9 * len(COPIES)
    assert rows(db, "select count(*) from files where status != 'loaded'") == [(0,)]
    assert repair_derived(str(db)) is True
    assert rows(db, "pragma user_version") == [(0,)]
    clean = tmp_path / "clean.db"
    assert ingest(loaded, str(clean)).failed == 0
    assert dump(db) == dump(clean)


def test_workers_end_when_ingest_is_killed(tmp_path: Path) -> None:
    """SIGKILL gives the ingest no chance to stop its workers: each sees its
    parent gone (its pipe ends) and exits by itself, idle or not."""
    db = tmp_path / "killed.db"
    run = start_ingest(tmp_path / "in", db, subprocess.DEVNULL)
    try:
        workers = running_workers(run, db, 2)
    finally:
        run.kill()
        run.wait()
    assert len(workers) >= 2
    deadline = time.monotonic() + 10
    while [pid for pid in workers if alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in workers if alive(pid)] == []


#: Corpus copies an interrupted ingest reads: enough that it is stopped mid-run.
#: Enough copies that the run is still reading when the test has seen two
#: files committed (files are committed a second at a time).
COPIES = tuple("abcdefghijklmnop")


def start_ingest(folder: Path, db: Path, stderr: int) -> subprocess.Popen[bytes]:
    """Start a 2-worker ingest of :data:`COPIES` of the corpus in ``folder``."""
    copy_corpus(folder, COPIES)
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "ingest", str(folder)]
        + ["--db", str(db), "--workers", "2"],
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )


def running_workers(run: subprocess.Popen[bytes], db: Path, count: int) -> set[int]:
    """Wait until two files are loaded and ``count`` processes run below ``run``;
    return every process seen below it."""
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while (
        loaded_count(db) < 2 or len(workers) < count
    ) and time.monotonic() < deadline:
        assert run.poll() is None, "ingest ended before it was stopped"
        workers |= descendants(run.pid)
        time.sleep(0.01)
    return workers
