"""Time one long synthetic protokoll per size: is reading linear in pages?

Usage: python bench/ingest_bench.py --scaling 50,200,600

Writes one long protokoll per size (:mod:`bench.long_protocol`: ruled vote
tables on two pages of three) and prints the time per page of reading and of
extracting at each size and their ratios to the smallest: flat (≈1.0) means
linear time in pages. Each size runs in a fresh process, which also reports
its start-up (``warm_up()``, as before workers fork) and its peak memory.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.process import documents_of, warm_up  # noqa: E402
from pipeline.read import read_pdf  # noqa: E402


def scaling(sizes: list[int]) -> None:
    """Print time per page of one long protokoll per size, each in a fresh process.

    The PDFs are written by a child process too: a child inherits the peak
    memory of its parent, and writing 600 pages takes more than reading them.
    """
    writer = Path(__file__).with_name("long_protocol.py")
    print(
        f"{'pages':>6} {'start s':>8} {'read ms/p':>10} {'extract ms/p':>13} "
        f"{'read ×':>7} {'extract ×':>10} {'peak MiB':>9}"
    )
    first: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"long_{size}.pdf"
            subprocess.run([sys.executable, writer, str(size), path], check=True)
            done = subprocess.run(
                [sys.executable, __file__, "--one", str(path)],
                check=True,
                capture_output=True,
                text=True,
            )
            one = json.loads(done.stdout.splitlines()[-1])
            read, extract = (one[k] / size * 1000 for k in ("read", "extract"))
            first = first or {"read": read, "extract": extract}
            print(
                f"{size:6d} {one['start']:8.2f} {read:10.1f} {extract:13.1f} "
                f"{read / first['read']:7.2f} {extract / first['extract']:10.2f} "
                f"{one['peak']:9.0f}"
            )


def measure_one(path: Path) -> dict[str, float]:
    """Return start-up, read and extract seconds, and peak MiB of this process."""
    started = time.perf_counter()
    warm_up()
    start = time.perf_counter() - started
    started = time.perf_counter()
    pages = read_pdf(path.read_bytes())
    read = time.perf_counter() - started
    started = time.perf_counter()
    documents_of(pages)
    extract = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"start": start, "read": read, "extract": extract, "peak": peak}


if __name__ == "__main__":
    print(json.dumps(measure_one(Path(sys.argv[2]))))
