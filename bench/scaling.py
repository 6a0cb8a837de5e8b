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
    """Print time per page of one long protokoll per size (:func:`measure`)."""
    print(
        f"{'pages':>6} {'start s':>8} {'read ms/p':>10} {'extract ms/p':>13} "
        f"{'read ×':>7} {'extract ×':>10} {'peak MiB':>9}"
    )
    for row in measure(sizes):
        print(
            f"{row['pages']:6d} {row['start_seconds']:8.2f} "
            f"{row['read_ms_per_page']:10.1f} {row['extract_ms_per_page']:13.1f} "
            f"{row['read_vs_first']:7.2f} {row['extract_vs_first']:10.2f} "
            f"{row['peak_mib']:9.0f}"
        )


def measure(sizes: list[int]) -> list[dict]:
    """Return, for one long protokoll of each size (written and read in fresh
    processes), its start-up, the time a page of reading and of extracting,
    their ratios to the first size's (flat, ≈ 1.0, is linear time in
    pages) and the peak memory of the reading process.

    The PDFs are written by a child process too: a child inherits the peak
    memory of its parent, and writing 600 pages takes more than reading them.
    """
    writer = Path(__file__).with_name("long_protocol.py")
    rows: list[dict] = []
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
            first = rows[0] if rows else None
            rows.append(
                {
                    "pages": size,
                    "start_seconds": round(one["start"], 3),
                    "read_ms_per_page": round(read, 3),
                    "extract_ms_per_page": round(extract, 3),
                    "read_vs_first": _over(read, first, "read_ms_per_page"),
                    "extract_vs_first": _over(extract, first, "extract_ms_per_page"),
                    "peak_mib": round(one["peak"], 1),
                }
            )
    return rows


def _over(value: float, first: dict | None, key: str) -> float:
    """Return ``value`` over the first size's ``key`` (1.0 for the first)."""
    if first is None:
        return 1.0
    return round(value / first[key], 3) if first[key] else 0.0


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
