"""Run ``diarium`` as a user does (a child process) and time it.

Each run is a fresh process with the worktree first on the path, so the
times include start-up, and memory is sampled over the whole process tree
(:mod:`bench.tree`).
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.tree import Sampled, run_sampled

ROOT = Path(__file__).resolve().parent.parent
#: The kind whose version the re-run after a bump raises (the commonest one).
BUMPED_KIND = "protokoll"


def diarium() -> list[str]:
    """Return the command that runs ``diarium`` from this checkout."""
    script = Path(sys.executable).with_name("diarium")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from pipeline.cli import cli; cli()"]


def environment() -> dict[str, str]:
    """Return the environment with this checkout first on the Python path.

    Bytecode is written and reused, as on a normal install: an environment
    with ``PYTHONDONTWRITEBYTECODE`` (some containers set it) would make
    every run compile the project's modules again (about 0.1 s a process).
    """
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_project() -> None:
    """Write the project's bytecode before anything is timed."""
    folders = [str(ROOT / name) for name in ("pipeline", "extractors")]
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", *folders],
        check=True,
        env=environment(),
        capture_output=True,
    )


@dataclass
class Run:
    """One ingest run: what it loaded and what it took."""

    pages: int
    sampled: Sampled

    def rate(self) -> dict:
        """Return pages, seconds and pages per second."""
        seconds = self.sampled.seconds
        return {
            "pages": self.pages,
            "seconds": round(seconds, 3),
            "pages_per_s": round(self.pages / seconds, 1),
        }

    def memory(self) -> dict:
        """Return pages, seconds and the peak memory of the process tree."""
        return self.rate() | {
            "peak_tree_mib": self.sampled.peak_tree_mib,
            "peak_process_mib": self.sampled.peak_process_mib,
            "processes": self.sampled.processes,
        }


def ingest(
    files: list[Path],
    db: Path,
    workers: int,
    command: list[str] | None = None,
    cores: int | None = None,
    fresh: bool = True,
    options: list[str] | None = None,
) -> Run:
    """Ingest ``files`` into ``db`` with ``workers`` workers (on ``cores``
    cores, else on every core) and any other ``options``; return the run.

    ``fresh`` first removes ``db`` (a database left by an earlier run in a
    kept ``--work`` folder would make this a re-run); re-runs pass False.
    """
    if fresh:
        for path in (
            db,
            db.with_name(db.name + "-wal"),
            db.with_name(db.name + "-shm"),
        ):
            path.unlink(missing_ok=True)
    argv = (command or diarium()) + ["ingest", *map(str, files)]
    sampled = run_sampled(
        argv + ["--db", str(db), "--workers", str(workers), *(options or [])],
        env=environment(),
        cores=cores,
    )
    if sampled.returncode not in (0, 1):  # 1: some file failed, still a run
        raise RuntimeError(f"ingest failed ({sampled.returncode}):\n{sampled.output}")
    return Run(stored_pages(db), sampled)


def stored_pages(db: Path) -> int:
    """Return the number of pages stored in ``db``."""
    with sqlite3.connect(db) as conn:
        return int(conn.execute("select count(*) from pages").fetchone()[0])


def scaling(first: Run, middle: Run, last: Run, workers: int) -> dict:
    """Return ms per page of a small, a middle and a large batch's runs, and
    the large one's over each (the small one is mostly start-up)."""
    small_ms = first.sampled.seconds / first.pages * 1000
    mid_ms = middle.sampled.seconds / middle.pages * 1000
    big_ms = last.sampled.seconds / last.pages * 1000
    return {
        "workers": workers,
        "small_pages": first.pages,
        "mid_pages": middle.pages,
        "big_pages": last.pages,
        "small_ms_per_page": round(small_ms, 2),
        "mid_ms_per_page": round(mid_ms, 2),
        "big_ms_per_page": round(big_ms, 2),
        "big_vs_small": round(big_ms / small_ms, 4),
        "big_vs_mid": round(big_ms / mid_ms, 4),
    }


def marginal(fixed: Run, sized: dict[str, Run]) -> dict:
    """Return each run's cost per page beyond ``fixed``, a one-file run, all
    on one core.

    The one-file run is start-up (imports, warm-up) and the end of a run;
    what a larger batch takes beyond it, per page beyond its pages, is the
    cost a page adds. Flat (big over small near 1) means linear in pages.
    """
    out: dict = {
        "fixed_pages": fixed.pages,
        "fixed_seconds": round(fixed.sampled.seconds, 3),
    }
    for name, run in sized.items():
        extra = run.pages - fixed.pages
        seconds = run.sampled.seconds - fixed.sampled.seconds
        out[f"{name}_pages"] = run.pages
        out[f"{name}_ms_per_page"] = (
            round(seconds / extra * 1000, 3) if extra > 0 else None
        )
    for name in ("small", "mid"):
        low, high = out.get(f"{name}_ms_per_page"), out.get("big_ms_per_page")
        out[f"big_vs_{name}"] = (
            round(high / low, 4) if low and low > 0 and high else None
        )
    return out


def amdahl(fixed: Run, one_core: dict[str, Run], workers: int) -> dict:
    """Return the speed-up of ``workers`` over each one-core run that
    Amdahl's law predicts with the one-file run's time serial.

    The one-file run is what every run pays in one process: start-up before
    the workers fork and the end of the run. A run of ``T`` seconds on one
    core, ``S`` of them serial, would take ``S + (T - S) / workers`` on
    ``workers`` cores; the prediction is ``T`` over that. It is an estimate,
    not a bound: what else only one process does (segmenting a file,
    saving it) lowers the speed-up, while a one-core run also pays for its
    processes sharing one core, and part of the one-file run (a worker's
    own start) overlaps in a run of several (measured ratios have been up
    to 0.1 above it).
    """
    serial = fixed.sampled.seconds
    out: dict = {"serial_seconds": round(serial, 3), "workers": workers}
    for name, run in one_core.items():
        total = run.sampled.seconds
        parallel = max(total - serial, 0.0)
        out[name] = round(total / (min(serial, total) + parallel / workers), 3)
    return out


def share_of(run: Run, first: Run) -> dict:
    """Return a re-run's pages and seconds, and its share of the first run."""
    return {
        "pages": run.pages,
        "seconds": round(run.sampled.seconds, 3),
        "percent_of_first": round(100 * run.sampled.seconds / first.sampled.seconds, 1),
    }


def added_batch(run: Run, before: int, first: Run) -> dict:
    """Return a batch added to a database of ``before`` pages against the
    same pages loaded first (``first``): seconds and their ratio."""
    seconds = round(run.sampled.seconds, 3)
    first_load = round(first.sampled.seconds, 3)
    return {
        "pages": run.pages - before,
        "database_pages": before,
        "seconds": seconds,
        "first_load_seconds": first_load,
        "vs_first_load": round(seconds / first_load, 3),  # of the numbers shown
    }


def reruns(files: list[Path], db: Path, first: Run) -> dict:
    """Return an unchanged re-run and one after a version bump, vs the first run
    (all three with one worker on one core)."""
    same = ingest(files, db, 1, cores=1, fresh=False)
    bump = [sys.executable, str(Path(__file__).with_name("bump_run.py")), BUMPED_KIND]
    bumped = ingest(files, db, 1, bump, cores=1, fresh=False)
    return {
        "unchanged": share_of(same, first),
        "version_bump": share_of(bumped, first) | {"kind": BUMPED_KIND},
    }


def startup(db: Path, tries: int = 3) -> dict:
    """Return ``diarium --help`` time (median of ``tries``) and ``serve`` start-up."""
    helps = []
    for _ in range(tries):
        started = time.perf_counter()
        subprocess.run(
            diarium() + ["--help"], check=True, capture_output=True, env=environment()
        )
        helps.append(time.perf_counter() - started)
    return {
        "help_seconds": round(statistics.median(helps), 3),
        "serve_seconds": round(serve_startup(db), 3),
    }


def serve_startup(db: Path, limit: float = 120.0) -> float:
    """Return seconds until ``diarium serve`` answers HTTP 200; then stop it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.perf_counter()
    server = subprocess.Popen(
        diarium() + ["serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment(),
        start_new_session=True,  # its own group: stopped with its children
    )
    try:
        while time.perf_counter() - started < limit:
            if server.poll() is not None:
                raise RuntimeError(f"serve exited with {server.returncode}")
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/", timeout=2
                ) as r:
                    if r.status == 200:
                        return time.perf_counter() - started
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.05)
        raise RuntimeError(f"serve gave no HTTP 200 within {limit:.0f} s")
    finally:
        _stop(server)


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Stop the server's process group, harder if it does not end."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    except ProcessLookupError:
        pass
