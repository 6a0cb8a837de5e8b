"""How many worker cores one database writer keeps up with.

Only the ingest process writes to the database; workers (on this machine or
a Dask cluster) only read files. On enough cores the writer sets the pace.
This measures both sides on one core, in child processes:

1. ``compute``: every file's result as a worker computes it (after its
   warm-up), timed, and kept (pickled) in the work folder;
2. ``replay``: :func:`pipeline.ingest.ingest` given those results by an
   executor that hands them over at once, so everything it does is the
   writer's: saving, committing, search rows and the analysis at the end.
   It runs twice, on every file and on the first fifth of them; the
   difference over the difference in pages is what a page costs the writer,
   start-up left out.

The ratio of the two costs a page is the number of worker cores one writer
keeps up with.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

from bench.runs import environment
from bench.tree import pin
from extractors.core.models import SourceFile
from pipeline.isolate import Results

#: Seconds the writer's two runs must differ by for a core count: below it,
#: the difference is the runs' noise more than the pages' cost.
NOISE_SECONDS = 0.01


def measure(files: list[Path], work: Path) -> dict:
    """Return the worker's and the writer's cost a page over ``files``."""
    every, fifth = work / "writer_files.txt", work / "writer_fifth.txt"
    _listing(every, files)
    _listing(fifth, files[: max(1, len(files) // 5)])
    kept = work / "writer_results.pkl"
    try:
        worker = _child("compute", every, kept)
        whole = _fastest(every, kept, work / "writer.db")
        part = _fastest(fifth, kept, work / "writer.db")
    finally:
        kept.unlink(missing_ok=True)
    pages, seconds = whole["pages"] - part["pages"], whole["seconds"] - part["seconds"]
    worker_ms = 1000 * worker["seconds"] / max(1, worker["pages"])
    writer_ms = 1000 * seconds / pages if pages > 0 else None
    # A few dozen pages can cost less than the runs' noise: nothing to tell.
    told = writer_ms is not None and seconds >= NOISE_SECONDS
    return {
        "pages": whole["pages"],
        "files": len(files),
        "worker_ms_per_page": round(worker_ms, 3),
        "writer_runs": {"all": whole, "fifth": part},
        "writer_ms_per_page": round(writer_ms, 3) if writer_ms is not None else None,
        "worker_cores_one_writer_feeds": (
            round(worker_ms / writer_ms, 1) if told and writer_ms else None
        ),
    }


def _fastest(listing: Path, kept: Path, db: Path, runs: int = 2) -> dict:
    """Return the fastest of ``runs`` replays of ``listing`` (less noise)."""
    tries = [_child("replay", listing, kept, db) for _ in range(runs)]
    return min(tries, key=lambda run: float(run["seconds"]))


def _listing(path: Path, files: list[Path]) -> None:
    """Write the paths of ``files`` into ``path``, one a line."""
    path.write_text("".join(f"{f}\n" for f in files), encoding="utf-8")


def _child(*args: str | Path) -> dict:
    """Run this module with ``args`` in a child pinned to one core; return its JSON."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.writer", *map(str, args)],
        check=True,
        capture_output=True,
        text=True,
        env=environment(),
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def compute(listing: Path, kept: Path) -> dict:
    """Compute every file's result on one core; keep them; return the time."""
    from pipeline.process import process_path, warm_up

    pin(1)
    warm_up()
    files = listing.read_text(encoding="utf-8").split("\n")[:-1]
    results, pages, seconds = {}, 0, 0.0
    for path in files:
        started = time.perf_counter()
        result = process_path(path)
        seconds += time.perf_counter() - started
        pages += len(getattr(result, "pages", []))
        results[os.path.realpath(path)] = pickle.dumps(result)
    kept.write_bytes(pickle.dumps(results))
    return {"pages": pages, "seconds": seconds}


class Replay:
    """An executor that hands over results computed before."""

    def __init__(self, kept: Path) -> None:
        self.results: dict[str, bytes] = pickle.loads(kept.read_bytes())

    def run(
        self,
        todo: list[SourceFile],
        hints: list[str | None],
        contacts: bool = False,
        reading: str | None = None,
    ) -> Results:
        """Yield the kept result of every file of ``todo``, in order."""
        for source in todo:
            yield pickle.loads(self.results[os.path.realpath(source.path)])


def replay(listing: Path, kept: Path, db: Path) -> dict:
    """Ingest the kept results into a new database ``db`` on one core."""
    from pipeline.ingest import ingest

    pin(1)
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        path.unlink(missing_ok=True)
    files = listing.read_text(encoding="utf-8").split("\n")[:-1]
    executor = Replay(kept)
    started = time.perf_counter()
    summary = ingest(files, str(db), executor=executor)
    return {"pages": summary.pages, "seconds": round(time.perf_counter() - started, 3)}


if __name__ == "__main__":
    step, *rest = sys.argv[1:]
    paths = [Path(p) for p in rest]
    answer = compute(*paths) if step == "compute" else replay(*paths)
    print(json.dumps(answer))
