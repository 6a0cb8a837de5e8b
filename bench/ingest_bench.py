"""Measure ingest speed and memory against the raw text-extraction floor.

Usage: python bench/ingest_bench.py [PDF_OR_FOLDER ...] [--workers N]

Runs, in one process and one go (machines are noisy; compare ratios, not
seconds): (1) pypdfium2 text extraction alone, the floor; (2) diarium's
per-file work (read, segment, classify, extract) inline; (3) a full ingest
into a fresh database with 1 and with N workers. Prints pages per second for
each and the ratios to the floor, plus peak resident memory.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from extractors.core.errors import DiariumError
from extractors.core.models import FileResult
from pipeline.discover import find_pdfs
from pipeline.ingest import ingest
from pipeline.process import process_path
from pipeline.read import pdf


def main() -> None:
    """Run the benchmark and print a table of rates and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["corpus"])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    files = find_pdfs(args.paths)
    pages, floor = timed_floor(files)
    started = time.perf_counter()
    results = [process_path(str(f)) for f in files]
    extract = time.perf_counter() - started
    loaded = sum(len(r.pages) for r in results if isinstance(r, FileResult))
    rows = [
        ("pypdfium2 text only", pages, floor),
        ("diarium per-file work", loaded, extract),
    ]
    for workers in sorted({1, args.workers}):
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            summary = ingest(args.paths, str(Path(tmp) / "b.db"), workers=workers)
            rows.append(
                (
                    f"ingest, {workers} worker(s)",
                    summary.pages,
                    time.perf_counter() - started,
                )
            )
    print(f"{len(files)} files, {pages} pages")
    print(f"{'step':28} {'pages/s':>9} {'vs floor':>9}")
    for name, n, seconds in rows:
        rate = n / seconds if seconds else 0.0
        print(f"{name:28} {rate:9.1f} {rate / (pages / floor):9.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MiB")


def timed_floor(files: list[Path]) -> tuple[int, float]:
    """Return (pages, seconds) for extracting text with pypdfium2 alone."""
    started = time.perf_counter()
    pages = 0
    for path in files:
        try:
            pages += len(pdf.read_pages(path.read_bytes()))
        except DiariumError:
            continue  # a bad file counts no pages; ingest reports it
    return pages, time.perf_counter() - started


if __name__ == "__main__":
    main()
