"""Measure ingest speed, memory and start-up against plain text extraction.

Usage: python bench/ingest_bench.py [--full | --quick] [--json OUT.json]
                                    [--pages N] [--single N] [--big N]
                                    [--workers N] [PDF_OR_FOLDER ...]
       python bench/ingest_bench.py --scaling 50,200,600

One command builds its inputs (:mod:`bench.inputs`: varied copies of the
sample corpus, about ``--pages`` pages, and one long file of real records)
and measures, in one run and on the same files (machines are noisy: compare
the ratios, not the seconds):

- pages per second of pypdfium2's raw text, pdfplumber's ``extract_text``,
  poppler's ``pdftotext`` (when installed) and ``diarium ingest`` with one
  worker pinned to one core (the engines run on one core too) and with
  ``--workers`` (default: every core), and their ratios; the same engines
  and the same two ingests over the long file alone (real records, which
  hold more text a page than the generated batch; all cores on one file),
  and the two ingests of the large batch (where start-up is a smaller
  share);
- peak memory of the whole process tree (all workers summed, and the
  largest single process) ingesting the long file and a large batch;
- per-page cost of a small and of the large batch (flat means linear),
  and on one core the cost a page adds beyond a one-file run (start-up and
  the end of a run subtracted), and the speed-up of ``--workers`` over
  each one-core run that Amdahl's law predicts with that one-file run
  serial (``amdahl``, beside each measured ratio); the time a
  page of reading and of extracting one generated protokoll of 250 and of
  2,500 pages, each in a fresh process (:mod:`bench.scaling`: one long
  document, where a cost that grows with the square of its length shows);
- an unchanged re-run and a re-run after an extractor version bump
  (:mod:`bench.bump_run`), as a share of the first run, and one more file
  added to the large batch's database;
- ``diarium --help`` and ``diarium serve`` start-up (until HTTP 200);
- how many worker cores one ingest process (the only writer) keeps up
  with, from what a page of the large batch costs each on one core
  (:mod:`bench.writer`);
- the large batch on a Dask cluster of ``--workers`` processes on loopback
  (its own scheduler and worker processes) against as many local workers:
  times, and the ingest process's CPU a page (:mod:`bench.cluster`; left
  out without Dask distributed).

``--full`` (the default) uses 1,000 pages, a 1,000-page file and a
5,000-page batch; ``--quick`` uses a few dozen pages (a test runs it).
PDF paths given on the command line replace the generated batch.
``--scaling`` instead times one long synthetic protokoll per size
(:mod:`bench.scaling`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import cluster, engines, inputs, runs, scaling, writer  # noqa: E402
from bench.report import markdown  # noqa: E402


@dataclass(frozen=True)
class Sizes:
    """Pages of each input."""

    batch: int
    small: int
    single: int
    big: int
    protokoll: tuple[int, int] = (250, 2500)
    """Pages of the short and the long generated protokoll (:mod:`bench.scaling`)."""


FULL = Sizes(batch=1000, small=100, single=1000, big=5000)
QUICK = Sizes(batch=27, small=27, single=12, big=54, protokoll=(12, 48))


def main() -> None:
    """Parse the command line and run the benchmark (or the scaling table)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="PDFs to use as the batch")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--full", action="store_true", help="the default sizes")
    mode.add_argument("--quick", action="store_true", help="tiny inputs (< 1 min)")
    mode.add_argument("--scaling", help="page counts of one long file, e.g. 50,200")
    parser.add_argument("--pages", type=int, help="pages of the generated batch")
    parser.add_argument("--single", type=int, help="pages of the long file")
    parser.add_argument("--big", type=int, help="pages of the large batch")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--work", type=Path, help="keep inputs in this folder")
    parser.add_argument(
        "--ocr",
        action="store_true",
        help="read scanned pages with tesseract too (default: off, so every "
        "reader is timed on the same text layers)",
    )
    args = parser.parse_args()
    if not args.ocr:  # the ingest subprocesses inherit it
        os.environ["DIARIUM_OCR"] = "off"
    if args.scaling:
        scaling.scaling([int(n) for n in args.scaling.split(",")])
        return
    sizes = QUICK if args.quick else FULL
    sizes = Sizes(
        args.pages or sizes.batch,
        sizes.small,
        args.single or sizes.single,
        args.big or sizes.big,
        sizes.protokoll,
    )
    with tempfile.TemporaryDirectory(prefix="diarium-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        results = run(sizes, args.workers, work, [Path(p) for p in args.paths])
    results["mode"] = "quick" if args.quick else "full"
    results["machine"]["ocr"] = bool(args.ocr)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(markdown(results))


def run(sizes: Sizes, workers: int, work: Path, given: list[Path]) -> dict:
    """Build the inputs and take every measurement; return the results."""
    started = time.perf_counter()
    load_before = os.getloadavg()
    files = given or inputs.batch(work / "batch", sizes.batch)
    reuse = not given and sizes.small == sizes.batch  # the batch is the small one
    small = files if reuse else inputs.batch(work / "small", sizes.small)
    single, made_of = inputs.long_file(work, sizes.single)
    big = inputs.batch(work / "big", sizes.big)
    runs.compile_project()
    rates = engines.measure(files)
    rates |= {f"single_{k}": v for k, v in engines.measure([single]).items()}
    one = runs.ingest(files, work / "one.db", 1, cores=1)
    smallest = min(files, key=lambda f: (inputs.page_count(f), f.name))
    fixed = runs.ingest([smallest], work / "fixed.db", 1, cores=1)
    small_one = one if reuse else runs.ingest(small, work / "small_1.db", 1, cores=1)
    every = runs.ingest(files, work / "all.db", workers)
    rates["ingest_1"] = one.rate()
    rates["ingest_all"] = every.rate() | {"workers": workers}
    single_one = runs.ingest([single], work / "single_1.db", 1, cores=1)
    single_all = runs.ingest([single], work / "single.db", workers)
    rates["single_1"] = single_one.rate()
    rates["single_all"] = single_all.rate() | {"workers": workers}
    small_run = every if reuse else runs.ingest(small, work / "small.db", workers)
    big_run = runs.ingest(big, work / "big.db", workers)
    big_again = runs.ingest(big, work / "big.db", workers, fresh=False)
    added = inputs.one_more(files[0], work / "added" / "one_more.pdf")
    big_added = runs.ingest(big + [added], work / "big.db", workers, fresh=False)
    copies = [inputs.one_more(f, work / "copies" / f.name, "a copy") for f in files]
    batch_added = runs.ingest(copies, work / "big.db", workers, fresh=False)
    big_one = runs.ingest(big, work / "big_1.db", 1, cores=1)
    rates["big_1"] = big_one.rate()
    rates["big_all"] = big_run.rate() | {"workers": workers}
    results = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "inputs": {
            "batch": _describe(files),
            "small": _describe(small),
            "single": _describe([single]) | {"made_of": made_of},
            "big": _describe(big),
        },
        "rates": rates,
        "ratios": _ratios(rates),
        "memory": {
            "batch_1_worker": one.memory(),
            "batch_all_workers": every.memory(),
            "single_file": single_all.memory(),
            "big_batch": big_run.memory(),
        },
        "scaling": runs.scaling(small_run, every, big_run, workers),
        "marginal": runs.marginal(
            fixed, {"small": small_one, "mid": one, "big": big_one}
        ),
        "amdahl": runs.amdahl(
            fixed,
            {
                "ingest_all_vs_ingest_1": one,
                "single_all_vs_single_1": single_one,
                "big_all_vs_big_1": big_one,
            },
            workers,
        ),
        "reruns": runs.reruns(files, work / "one.db", one)
        | {
            "unchanged_big": runs.share_of(big_again, big_run),
            "one_added_big": runs.share_of(big_added, big_run),
            "batch_added_big": runs.added_batch(batch_added, big_added.pages, every),
        },
        "startup": runs.startup(work / "one.db", 3 if sizes.big >= FULL.big else 1),
        "long_protokoll": scaling.measure(list(sizes.protokoll)),
        "writer": writer.measure(big, work),
        "cluster": cluster.measure(big, work / "cluster", workers),
    }
    results["machine"]["seconds"] = round(time.perf_counter() - started, 1)
    return results


def _describe(files: list[Path]) -> dict:
    """Return the file and page counts of some inputs."""
    return {"files": len(files), "pages": sum(inputs.page_count(f) for f in files)}


def _ratios(rates: dict) -> dict:
    """Return diarium's rates over the others' (``None`` where one is missing)."""

    def over(a: str, b: str) -> float | None:
        if rates.get(a) is None or rates.get(b) is None:
            return None
        return float(f"{rates[a]['pages_per_s'] / rates[b]['pages_per_s']:.4g}")

    return {
        "ingest_1_vs_pypdfium2": over("ingest_1", "pypdfium2"),
        "ingest_1_vs_pdfplumber": over("ingest_1", "pdfplumber"),
        "ingest_1_vs_pdftotext": over("ingest_1", "pdftotext"),
        "ingest_all_vs_ingest_1": over("ingest_all", "ingest_1"),
        "single_all_vs_single_1": over("single_all", "single_1"),
        "single_1_vs_pypdfium2": over("single_1", "single_pypdfium2"),
        "single_1_vs_pdfplumber": over("single_1", "single_pdfplumber"),
        "single_1_vs_pdftotext": over("single_1", "single_pdftotext"),
        "big_all_vs_big_1": over("big_all", "big_1"),
    }


if __name__ == "__main__":
    main()
