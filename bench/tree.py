"""Run a command and sample the memory of its whole process tree.

Linux only (reads ``/proc``). Every ``interval`` seconds the resident memory
of the command and all its descendants (worker processes included) is
summed; the peak of that sum and the peak of any single process are kept.
"""

from __future__ import annotations

import functools
import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024


@dataclass
class Sampled:
    """Wall time and peak memory of one command."""

    seconds: float
    returncode: int
    peak_tree_mib: float
    """Peak of the summed resident memory of the process and its descendants."""
    peak_process_mib: float
    """Peak resident memory of any one process of the tree."""
    processes: int
    """Most processes alive at once in the tree."""
    output: str


def _parents() -> dict[int, int]:
    """Return {pid: parent pid} of every process."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        found[int(entry.name)] = int(fields[1])
    return found


def tree(root: int) -> list[int]:
    """Return ``root`` and every process descending from it."""
    children: dict[int, list[int]] = {}
    for pid, parent in _parents().items():
        children.setdefault(parent, []).append(pid)
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def pin(cores: int) -> None:
    """Keep this process, and what it forks, on its first ``cores`` allowed cores."""
    if hasattr(os, "sched_setaffinity"):
        allowed = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, allowed[: max(1, cores)])


def resident_mib(pid: int) -> float:
    """Return the resident memory of one process, 0 when it has ended."""
    try:
        fields = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return 0.0
    return int(fields[1]) * PAGE / MIB


def run_sampled(
    command: list[str],
    interval: float = 0.05,
    env: dict[str, str] | None = None,
    cores: int | None = None,
) -> Sampled:
    """Run ``command`` to its end; return its time and peak tree memory.

    ``cores`` pins the command and every process it starts to that many
    cores (Linux), so "one core" means one core and not one worker.
    """
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        preexec_fn=None if cores is None else functools.partial(pin, cores),
    )
    peaks = {"tree": 0.0, "one": 0.0, "count": 0.0}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            sizes = [resident_mib(pid) for pid in tree(process.pid)]
            peaks["tree"] = max(peaks["tree"], sum(sizes))
            peaks["one"] = max([peaks["one"], *sizes])
            peaks["count"] = max(peaks["count"], sum(1 for s in sizes if s))
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return Sampled(
        seconds,
        process.returncode,
        round(peaks["tree"], 1),
        round(peaks["one"], 1),
        int(peaks["count"]),
        output,
    )
