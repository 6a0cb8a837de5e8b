"""Start-up paid once: ``diarium --help`` imports none of the heavy libraries.

The commands import spaCy, dateparser, the PDF readers, sqlite-utils and
Datasette when they run; asking for help must not, nor need an ingest that
finds nothing to read (an unchanged re-run) import any of them.
Speed itself is measured by the benchmarks (``bench/``), not by a timed
test: these tests inspect what a child Python imported (``-X importtime``)."""

from __future__ import annotations

import gc
import os
import shutil
import sqlite3
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

from pipeline.collector import loading
from pipeline.ingest import ingest

#: Libraries that cost start-up time; none may be imported to print help.
HEAVY = {"spacy", "dateparser", "pdfplumber", "pypdfium2", "sqlite_utils", "datasette"}


def imported(*args: str) -> tuple[set[str], str]:
    """Run ``python -X importtime ARGS``; return top-level packages and stdout."""
    modules, out = imported_modules(*args)
    return {name.split(".")[0] for name in modules}, out


def imported_modules(*args: str) -> tuple[set[str], str]:
    """Run ``python -X importtime ARGS``; return every module imported and stdout."""
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
        line.split("|")[-1].strip()
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
    assert "yaml" not in names  # read only to serve
    assert out.startswith("Usage: ")


#: What an ingest needs only to read or extract: the registry of kinds (every
#: extractor), the readers, the per-file steps.
READING = {"extractors.kinds", "pipeline.read", "pipeline.process"}
#: What only a run that analyses needs (0.03 s of a 0.2 s unchanged re-run).
STEPS = {"pipeline.analysis.run", "extractors.core.tables"}


def test_an_unchanged_rerun_imports_no_reader(tmp_path: Path) -> None:
    """A first ingest imports the engine reader, dateparser and spaCy (not
    pdfplumber, which no page of this file needs); an unchanged re-run of
    the same code imports none of them (nor the extractors, nor sqlite-utils,
    nor the analysis step)."""
    pdf = Path(shutil.copy(CORPUS / "granvik_kf_motioner_2023.pdf", tmp_path))
    ingest = ["-m", "pipeline.cli", "ingest", str(pdf), "--db", str(tmp_path / "d.db")]
    first, out = imported_modules(*ingest)
    assert out.startswith("1 files loaded, 0 unchanged, 0 failed")
    assert {m.split(".")[0] for m in first} & HEAVY == HEAVY - {
        "datasette",
        "pdfplumber",
    }
    assert READING <= first
    again, out = imported_modules(*ingest)
    assert out.startswith("0 files loaded, 1 unchanged, 0 failed")
    assert {m.split(".")[0] for m in again} & HEAVY == set()
    assert READING & again == set()
    assert STEPS & again == set()  # the analysis step, the table declarations
    conn = sqlite3.connect(tmp_path / "d.db")
    with conn:  # as if other code had recorded the versions
        conn.execute("update code_versions set code = 'other'")
    conn.close()
    other, out = imported_modules(*ingest)
    assert out.startswith("0 files loaded, 1 unchanged, 0 failed")
    assert READING & other == READING  # to ask the registry


def test_the_warm_up_reads_without_pdfplumber() -> None:
    """The warm-up's sample PDF goes through the engine's reading, which
    needs pdfplumber only for pages it declines: pdfplumber, pdfminer and
    cryptography are not imported before the workers fork."""
    names, out = imported(
        "-c", "from pipeline.process import warm_up; warm_up(); print('warm')"
    )
    assert out == "warm\n"
    assert {"pypdfium2", "spacy", "dateparser"} <= names
    assert names & {"pdfplumber", "pdfminer", "cryptography"} == set()


def test_loading_pauses_the_collector_and_freezes_what_it_made() -> None:
    """Inside :func:`loading` the collector is off; after it, it is on again
    (when it was before) and every object alive then is frozen."""
    assert gc.isenabled()
    before = gc.get_freeze_count()
    with loading():
        assert not gc.isenabled()
        made = [[] for _ in range(1000)]  # 1,001 lists the collector tracks
    assert gc.isenabled()
    assert gc.get_freeze_count() >= before + len(made) + 1
    gc.disable()
    try:
        with loading():
            assert not gc.isenabled()
        assert not gc.isenabled()  # as it was
    finally:
        gc.enable()


class _Node:
    """An object that can be in a reference cycle and be watched."""

    def __init__(self) -> None:
        self.me = self


def test_a_later_run_collects_what_an_earlier_one_froze(tmp_path: Path) -> None:
    """Cyclic garbage frozen by a run's loading is kept (the command line
    exits right after, and a thaw at its end cost 0.2 s then), and the next
    run in the same process collects it: nothing stays frozen for good."""
    with loading():
        cycle = _Node()
        watched = weakref.ref(cycle)
    del cycle
    gc.collect()
    assert watched() is not None  # frozen: no collection reaches it
    ingest([CORPUS / "diarium.toml"], str(tmp_path / "d.db"))
    assert watched() is None
