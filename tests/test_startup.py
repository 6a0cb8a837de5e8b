"""Start-up paid once: ``diarium --help`` imports none of the heavy libraries.

The commands import spaCy, dateparser, the PDF readers, sqlite-utils and
Datasette when they run; asking for help must not. Speed itself is measured
by the benchmarks (``bench/``), not by a timed test: this test inspects what
a child Python imported (``-X importtime``).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT

#: Libraries that cost start-up time; none may be imported to print help.
HEAVY = {"spacy", "dateparser", "pdfplumber", "pypdfium2", "sqlite_utils", "datasette"}


def imported(*args: str) -> tuple[set[str], str]:
    """Run ``python -X importtime ARGS``; return top-level packages and stdout."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        capture_output=True,
        env=env,
        text=True,
        timeout=300,
        check=True,
    )
    names = {
        line.split("|")[-1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return names, done.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["--help"],
        ["ingest", "--help"],
        ["serve", "--help"],
        ["inspect", "--help"],
        ["track", "set", "--help"],
        ["recommendations", "--help"],
    ],
)
def test_help_imports_no_heavy_library(command: list[str]) -> None:
    """Help of every command comes without spaCy, PDF readers or the store."""
    names, out = imported("-m", "pipeline.cli", *command)
    assert "pipeline" in names and "click" in names
    assert HEAVY & names == set()
    assert out.startswith("Usage: ")


def test_the_library_still_imports_them() -> None:
    """The check above can fail: importing the ingest step loads the readers,
    dateparser and the store; spaCy comes with the first text analysed (an
    unchanged re-run analyses none), Datasette only with serve."""
    names, _ = imported("-c", "import pipeline.ingest")
    assert HEAVY & names == HEAVY - {"datasette", "spacy"}
    analysed = "from extractors.lang.nlp import analyse; analyse('Ja.')"
    names, _ = imported("-c", f"import pipeline.ingest; {analysed}")
    assert HEAVY & names == HEAVY - {"datasette"}
