"""Run ``diarium`` as if one kind's extractor version had been raised.

Usage: python bench/bump_run.py KIND ingest PATHS... --db DB [options]

The benchmark's hook for "a re-run after an extractor version bump": the
kind's ``version`` gets a suffix in this process only (worker processes
are forked from it and inherit it), then the command line runs as
``diarium`` would. Whatever an ingest does when a kind's version changes
(read the PDFs again, or re-extract from the stored page text) is what the
benchmark measures; nothing in the code under test knows of this hook.
"""

from __future__ import annotations

import dataclasses
import sys

from extractors.kinds import REGISTRY


def bump(kind: str) -> None:
    """Raise ``kind``'s extractor version in this process."""
    spec = REGISTRY[kind]
    REGISTRY[kind] = dataclasses.replace(spec, version=f"{spec.version}+bench")


if __name__ == "__main__":
    bump(sys.argv[1])
    from pipeline.cli import cli

    cli(sys.argv[2:])
