"""Measure the Dask executor against local workers, on the same batch in one run.

A scheduler and ``workers`` worker processes (one thread each) are started
on loopback as on a real cluster: ``dask scheduler`` and ``dask worker``,
each its own process, the workers allowed to fork. ``diarium ingest`` then
loads the batch twice into fresh databases: with ``--workers`` local
workers, and with ``--executor dask --scheduler`` on that cluster. For each
it reports the wall time and the ingest process's own CPU time (its
threads, not its children: read at its exit), a page; for the cluster also
the scheduler's CPU time and the ingest process's peak memory. The ingest
process's share is what bounds how many workers one ingest keeps busy
(:mod:`bench.writer`).

``measure`` returns None when Dask distributed is not installed.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench import runs

#: Runs ``diarium`` and prints the process's own CPU seconds when it exits
#: (``-P``: the checkout on ``PYTHONPATH`` is imported, not the current folder).
SELF_TIMED = [
    sys.executable,
    "-P",
    "-c",
    "import atexit, resource, sys\n"
    "def cpu():\n"
    "    used = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    print(f'ingest process cpu {used.ru_utime + used.ru_stime:.3f}')\n"
    "atexit.register(cpu)\n"
    "sys.argv[0] = 'diarium'\n"
    "from pipeline.cli import cli\n"
    "cli()\n",
]
#: Seconds the cluster may take to start, and each of its processes to stop.
START_SECONDS = 60.0
STOP_SECONDS = 15.0


def measure(files: list[Path], work: Path, workers: int) -> dict | None:
    """Return both runs' times and the ingest process's CPU a page."""
    try:
        from distributed import Client
    except ImportError:
        return None
    work.mkdir(parents=True, exist_ok=True)
    local = runs.ingest(files, work / "local.db", workers, command=SELF_TIMED)
    started: list[subprocess.Popen] = []
    try:  # every process started is killed, however this ends
        address = _start(work / "scheduler.json", workers, started)
        with Client(address, timeout=START_SECONDS) as client:
            client.wait_for_workers(workers, timeout=START_SECONDS)
        options = ["--executor", "dask", "--scheduler", address]
        dask = runs.ingest(
            files, work / "dask.db", workers, command=SELF_TIMED, options=options
        )
        scheduler = _cpu(started[0].pid)
    finally:
        for process in reversed(started):  # workers first: their readers end too
            _stop(process)
    if dask.pages != local.pages:  # a fast run that failed files is no measure
        raise RuntimeError(
            f"the cluster loaded {dask.pages} pages, local workers {local.pages}:\n"
            + dask.sampled.output
        )
    pages = local.pages
    return {
        "files": len(files),
        "pages": pages,
        "workers": workers,
        "local": _run(local),
        "dask": _run(dask)
        | {
            "scheduler_cpu_s": scheduler,
            # the cluster is no child of the ingest: its tree is itself
            "ingest_process_peak_mib": dask.sampled.peak_process_mib,
        },
        "dask_seconds_over_local": round(
            dask.sampled.seconds / local.sampled.seconds, 3
        ),
    }


def _start(address: Path, workers: int, started: list[subprocess.Popen]) -> str:
    """Start a scheduler and the workers, each added to ``started`` at once;
    return the scheduler's address (written by it to the file ``address``)."""
    address.unlink(missing_ok=True)
    env = runs.environment() | {"DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    started.append(launch("scheduler", address, env))
    deadline = time.monotonic() + START_SECONDS
    while not address.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    options = ["--nworkers", str(workers), "--nthreads", "1"]
    started.append(launch("worker", address, env, options))
    return str(json.loads(address.read_text())["address"])


def launch(
    role: str, address: Path, env: dict[str, str], options: Sequence[str] = ()
) -> subprocess.Popen:
    """Start a Dask ``scheduler`` (on loopback, writing its address to the
    file ``address``) or ``worker`` (reading it there), in its own session
    and quiet. ``-P``: the code on ``env``'s ``PYTHONPATH`` is imported, not
    the current folder's."""
    command = [sys.executable, "-P", "-m", f"distributed.cli.dask_{role}"]
    command += ["--scheduler-file", str(address), "--dashboard-address", ":0"]
    if role == "scheduler":
        command += ["--host", "127.0.0.1", "--port", "0"]
    return subprocess.Popen(
        [*command, *options],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(process: subprocess.Popen) -> None:
    """Stop a process started in its own session as Ctrl-C would (a Dask
    worker then ends the reading processes it kept); kill what is left."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:  # the whole group has ended
        pass
    process.wait(timeout=30)


def _cpu(pid: int) -> float:
    """Return a living process's own CPU seconds (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 2)


def _run(run: runs.Run) -> dict:
    """Return a run's pages, seconds, rate and its ingest process's CPU a page."""
    found = re.search(r"ingest process cpu ([\d.]+)", run.sampled.output)
    if found is None:
        raise RuntimeError(f"no CPU time in the ingest's output:\n{run.sampled.output}")
    cpu = float(found.group(1))
    return run.rate() | {
        "ingest_process_cpu_s": cpu,
        "ingest_process_ms_per_page": round(1000 * cpu / run.pages, 3),
    }
