"""Memory a batch costs a file: the ingest process on N files and on 10 N.

Usage: python bench/many_files.py [--files 10000] [--workers N] [--json OUT.json]
                                  [--work DIR]

A newsroom or an archive gives one run hundreds of thousands of files; the
ingest process holds a little of each for the whole run (its path, hash and
municipality setting). This builds ``--files`` and ten times as many
distinct one-page PDFs (one generated page, each file ending in its own
comment, in folders of 1,000) and loads each set into a new database, then
runs again unchanged. It reports the wall time and the peak resident memory
of the largest process (the ingest process) of each run, and what one more
file costs each: the difference in peaks over the difference in files.

The first run's peak is that of the analysis at its end when every file is
of one municipality, as here (one run's documents of a municipality are
analysed together); an unchanged re-run reads no file and analyses nothing,
so its peak is the batch's own cost. Machines are noisy: compare the costs
a file, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import runs  # noqa: E402
from pipeline.read.render import sample_pdf  # noqa: E402

#: Files a folder of the generated batch holds.
FOLDER_FILES = 1000

#: The generated page (a tjänsteskrivelse of one case).
LINES = [
    "Kommunstyrelsen",
    "Dnr KS 2024/0001",
    "2024-04-02",
    "Tjänsteskrivelse",
    "Nämnden beslutar att godkänna.",
]


def make(folder: Path, files: int) -> Path:
    """Write ``files`` distinct one-page PDFs under ``folder`` (kept when
    already there); return ``folder``."""
    done = folder / "complete"
    if done.exists():
        return folder
    page = sample_pdf(LINES)
    for k in range(files):
        sub = folder / f"d{k // FOLDER_FILES:04d}"
        if k % FOLDER_FILES == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"f{k:07d}.pdf").write_bytes(page + b"% " + str(k).encode() + b"\n")
    done.write_text(str(files))
    return folder


def measure(files: int, work: Path, workers: int) -> dict:
    """Return the two sizes' runs (``workers`` workers, OCR off) and the cost
    of one more file."""
    sizes = {"small": files, "large": 10 * files}
    found: dict = {}
    for name, count in sizes.items():
        folder = make(work / f"files_{count}", count)
        db = work / f"files_{count}.db"
        options = ["--no-ocr"]
        first = runs.ingest([folder], db, workers, options=options)
        again = runs.ingest([folder], db, workers, fresh=False, options=options)
        found[name] = {
            "files": count,
            "first": _run(first),
            "unchanged": _run(again),
        }
    extra = sizes["large"] - sizes["small"]
    for run in ("first", "unchanged"):
        grown = found["large"][run]["peak_mib"] - found["small"][run]["peak_mib"]
        found[f"{run}_kib_per_file"] = round(grown * 1024 / extra, 3)
    return found


def _run(run: runs.Run) -> dict:
    """Return a run's pages, seconds and largest process."""
    return {
        "pages": run.pages,
        "seconds": round(run.sampled.seconds, 2),
        "peak_mib": run.sampled.peak_process_mib,
    }


def main() -> None:
    """Build the inputs, measure and print (and write) the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--work", type=Path, help="keep inputs in this folder")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as temporary:
        work = args.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        results = measure(args.files, work, args.workers)
    results["seconds"] = round(time.perf_counter() - started, 1)
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()
