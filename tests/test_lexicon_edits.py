"""An edited lexicon file reads every file again at the next ingest.

Conventions are data (``extractors/lexicon/*.toml``): a clerk who adds a
body, a party or a layout for their municipality must see it in the
database after the next ``diarium ingest``, without a flag. The lexicon is
read while a PDF is read (furniture, masking, municipalities), so what it
says is part of the reading version; how it is written (comments, blank
lines) is not.

The tests run ``diarium ingest`` in a subprocess on a copy of the code
whose lexicon they edit, never on the checkout's own files.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

#: The corpus PDFs (every one is read by a first ingest).
PDFS = len(list(CORPUS.glob("*.pdf")))
#: An audit firm entry as a clerk would add it (a firm no record names).
NEW_FIRM = """
[[firm]]
name = "Revisionsbyrån Norrsken"
example = "Revisionsbyrån Norrsken har på uppdrag av revisorerna granskat nämnden."
"""


def copy_code(root: Path) -> Path:
    """Copy diarium's packages into ``root`` (run with ``PYTHONPATH=root``);
    return ``root``."""
    for package in ("pipeline", "extractors"):
        shutil.copytree(
            ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return root


@pytest.fixture(scope="module")
def code(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of diarium's code whose lexicon the tests may edit."""
    return copy_code(tmp_path_factory.mktemp("code"))


def ingest(code: Path, db: Path) -> tuple[int, int]:
    """Run the copy's ``diarium ingest`` of the corpus: (files read, unchanged)."""
    env = {**os.environ, "PYTHONPATH": str(code), "DIARIUM_OCR": "off"}
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "ingest", str(CORPUS), "--db", str(db)],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    found = re.search(r"(\d+) files? loaded, (\d+) unchanged", done.stdout)
    assert found, done.stdout
    return int(found[1]), int(found[2])


def reading_versions(db: Path) -> set[str]:
    """Return the reading versions the database's files were read by."""
    conn = sqlite3.connect(db)
    try:
        return {v for (v,) in conn.execute("select pipeline_version from files")}
    finally:
        conn.close()


def test_an_added_entry_reads_every_file_again_and_a_comment_does_not(
    code: Path, tmp_path: Path
) -> None:
    db = tmp_path / "lexicon.db"
    assert ingest(code, db) == (PDFS, 0)
    (before,) = reading_versions(db)
    firms = code / "extractors" / "lexicon" / "firms.toml"
    firms.write_text(firms.read_text("utf-8") + "\n# a note\n\n", "utf-8")
    assert ingest(code, db) == (0, PDFS)
    firms.write_text(firms.read_text("utf-8") + NEW_FIRM, "utf-8")
    assert ingest(code, db) == (PDFS, 0)
    (after,) = reading_versions(db)
    assert before.rsplit("/lexicon.", 1)[0] == after.rsplit("/lexicon.", 1)[0]
    assert before != after
    assert ingest(code, db) == (0, PDFS)
