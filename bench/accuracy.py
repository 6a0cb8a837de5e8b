"""Measure extraction accuracy against the hand-made gold annotations.

Usage: python bench/accuracy.py [--shared DIR] [--db PATH] [--verbose]
                                [--check] [--write-baseline]

Ingests ``DIR/seeds`` and ``DIR/real`` into a fresh database, runs the
independent scorer ``DIR/tools/score.py`` over ``DIR/gold`` and prints its
per-category precision, recall and F1 (with ``--verbose``, every miss).

``--check`` compares the F1 of each category with the committed baseline
``tests/baseline/score.txt`` and exits 1 when any is lower. ``--write-baseline``
replaces the baseline with this run's output (do it when a change raises a
score, in the same commit as the change).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from pipeline.ingest import ingest

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "tests" / "baseline" / "score.txt"
SCORE_LINE = re.compile(r"^(\w+)\s+P=([\d.]+) R=([\d.]+) F1=([\d.]+)", re.M)


def main() -> None:
    """Ingest, score, print; compare with or write the baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--db", help="database to write (default: a temporary one)")
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    parser.add_argument("--check", action="store_true", help="fail if worse")
    parser.add_argument("--write-baseline", action="store_true")
    args = parser.parse_args()
    shared = Path(args.shared)
    if not (shared / "tools" / "score.py").is_file():
        sys.exit(f"error: no scorer at {shared / 'tools' / 'score.py'}")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "accuracy.db")
        Path(db).unlink(missing_ok=True)
        summary = ingest([shared / "seeds", shared / "real"], db)
        if summary.failed:
            print(f"warning: {summary.failed} files failed to load", file=sys.stderr)
        out = score(shared, db, args.verbose)
    print(out, end="")
    if args.write_baseline:
        BASELINE.write_text(score_lines(out), encoding="utf-8")
        print(f"baseline written to {BASELINE.relative_to(ROOT)}")
    if args.check:
        worse = compare(scores(BASELINE.read_text(encoding="utf-8")), scores(out))
        for category, (before, now) in sorted(worse.items()):
            print(f"WORSE {category}: F1 {before:.2f} -> {now:.2f}", file=sys.stderr)
        sys.exit(1 if worse else 0)


def score(shared: Path, db: str, verbose: bool) -> str:
    """Return the scorer's output for ``db``."""
    command = [
        sys.executable,
        str(shared / "tools" / "score.py"),
        db,
        str(shared / "gold"),
        "--pdf-dirs",
        f"{shared / 'seeds'},{shared / 'real'}",
        "--min-f1",
        "0",
    ]
    if verbose:
        command.append("--verbose")
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def score_lines(out: str) -> str:
    """Return the per-category and micro-F1 lines of the scorer's output."""
    keep = [
        line
        for line in out.splitlines()
        if SCORE_LINE.match(line) or line.startswith("micro-F1")
    ]
    return "\n".join(keep) + "\n"


def scores(text: str) -> dict[str, float]:
    """Return ``{category: F1}`` from the scorer's output."""
    return {m[0]: float(m[3]) for m in SCORE_LINE.findall(text)}


def compare(
    before: dict[str, float], now: dict[str, float]
) -> dict[str, tuple[float, float]]:
    """Return the categories whose F1 fell (or vanished) since the baseline."""
    return {
        category: (f1, now.get(category, 0.0))
        for category, f1 in before.items()
        if now.get(category, 0.0) < f1
    }


if __name__ == "__main__":
    main()
