"""Measure ingest speed and memory against the raw text-extraction floor.

Usage: python bench/ingest_bench.py [PDF_OR_FOLDER ...] [--workers N]
       python bench/ingest_bench.py --scaling 50,200,600

Runs, in one process and one go (machines are noisy; compare ratios, not
seconds): (1) pypdfium2 text extraction alone, the floor; (2) diarium's
per-file work (read, segment, classify, extract) inline; (3) a full ingest
into a fresh database with 1 and with N workers. Prints pages per second for
each and the ratios to the floor, plus peak resident memory.

``--scaling`` instead writes one long synthetic protokoll per size
(:mod:`bench.long_protocol`: ruled vote tables on two pages of three) and
prints the time per page of reading and of extracting at each size and
their ratios to the smallest: flat (≈1.0) means linear time in pages. Each
size runs in a fresh process, which also reports its start-up
(``warm_up()``, as before workers fork) and its peak memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from extractors.core.errors import DiariumError
from extractors.core.models import FileResult
from pipeline.discover import find_pdfs
from pipeline.ingest import ingest
from pipeline.process import documents_of, process_path, warm_up
from pipeline.read import pdf, read_pdf


def main() -> None:
    """Run the benchmark and print a table of rates and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["corpus"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scaling", help="page counts, e.g. 50,200,600")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(Path(args.one))))
        return
    if args.scaling:
        scaling([int(n) for n in args.scaling.split(",")])
        return
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
    main()
