"""One ingest over a folder of hostile and odd inputs mixed with good files.

The folder and what must become of each entry are declared in
``bench/hostile.py``; this test runs the real command once over all of them
with two workers and small limits, and holds the database to that table.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, rows

from bench.hostile import MEMORY_MB, TIMEOUT, make_folder
from bench.hostile_files import CANARY, LOOKALIKES, PERSONAL_FORMS
from pipeline.ingest import ingest

#: Seconds the whole run may take before the test fails (a generous bound: the
#: run takes about 25 s on two busy cores, most of it the file that times out).
RUN_LIMIT = 150

#: Marks the line with the peak memory in the child's stderr.
PEAK_MARK = "peak-kb-of-the-run:"

#: Runs the command in a child and prints the peak memory (KB) of every
#: process below it, ingest and its workers alike, on a marked line (a
#: process that outlived the run may still write to stderr after it).
PEAK = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    f"print('\\n{PEAK_MARK}', peak, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def run_ingest(
    folder: Path, db: Path, executor: str = "local"
) -> tuple[int, str, str, int]:
    """Run ``diarium ingest`` over ``folder``; return status, out, err, peak KB."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8:strict")
    command = [sys.executable, "-m", "pipeline.cli", "ingest", str(folder)]
    command += ["--db", str(db), "--workers", "2", "--timeout", str(TIMEOUT)]
    command += ["--memory-limit", str(MEMORY_MB), "--executor", executor]
    run = subprocess.run(
        [sys.executable, "-c", PEAK, *command],
        capture_output=True,
        env=env,
        timeout=RUN_LIMIT,
        check=False,
    )
    err = run.stderr.decode("utf-8")
    peaks = re.findall(rf"^{PEAK_MARK} (\d+)$", err, re.MULTILINE)
    assert len(peaks) == 1, err
    err = err.replace(f"\n{PEAK_MARK} {peaks[0]}\n", "\n")
    return run.returncode, run.stdout.decode("utf-8"), err, int(peaks[0])


def outcomes(db: Path) -> dict[str, tuple[str, str | None, int, int, int]]:
    """Return ``path: (status, error, documents, masked, withheld)`` per file."""
    conn = sqlite3.connect(db)
    try:
        found = conn.execute(
            "select f.path, f.status, f.error, "
            "(select count(*) from documents d where d.file_sha256 = f.sha256), "
            "(select coalesce(sum(masked), 0) from pages p "
            " where p.file_sha256 = f.sha256), "
            "(select count(*) from pages p "
            " where p.file_sha256 = f.sha256 and p.withheld is not null) "
            "from files f"
        ).fetchall()
    finally:
        conn.close()
    return {path: tuple(rest) for path, *rest in found}


def dump(db: Path) -> str:
    """Return every statement of the database as one text."""
    conn = sqlite3.connect(db)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


@pytest.mark.parametrize("executor", ["local", "dask"])
def test_hostile_batch(tmp_path: Path, executor: str) -> None:
    """Every entry is recorded once, as declared; good files load whole; no
    error quotes a file; no personal or secret text is stored; bounded time
    and memory. The same on a local Dask cluster of two workers, whose kept
    reading processes meet the slow file, the memory bomb and the rest."""
    if executor == "dask":
        pytest.importorskip("distributed")
    folder = tmp_path / "in"
    made = make_folder(folder)
    assert len(made) >= 50
    db = tmp_path / "d.db"
    code, out, err, peak_kb = run_ingest(folder, db, executor)
    assert code == 1, err[-2000:]
    found = outcomes(db)
    assert sorted(found) == sorted(made)  # nothing lost, nothing extra
    wrong = []
    for path, case in made.items():
        status, error, documents, masked, withheld = found[path]
        if case.status != "loaded":
            ok = status == case.status and case.reason in (error or "")
        else:
            ok = (status, error, documents, masked, withheld) == (
                "loaded",
                None,
                case.documents,
                case.masked,
                case.withheld,
            )
        if not ok:
            wrong.append((Path(path).name, case, found[path]))
    assert wrong == []
    count = Counter(c.status for c in made.values())
    assert (
        f"{count['loaded']} files loaded, {count['duplicate']} unchanged, "
        f"{count['failed']} failed"
    ) in out
    assert CANARY not in out + err
    assert len(re.findall(r"^FAILED ", err, re.MULTILINE)) == count["failed"]
    assert "Traceback" not in err
    stored = dump(db)
    assert CANARY not in stored  # error texts, attachment, script, secret page
    assert not [form for form in PERSONAL_FORMS if form in stored]
    assert [line for line in LOOKALIKES if line in stored] == LOOKALIKES
    assert peak_kb < (MEMORY_MB + 700) * 1024, peak_kb


def test_a_copy_is_read_once_and_recorded_as_a_duplicate(tmp_path: Path) -> None:
    """The same bytes under a second name: read once, the copy recorded with
    the name it repeats, no failure; once the first name is gone, the copy's
    row goes too."""
    folder = tmp_path / "in"
    folder.mkdir()
    first, copy = folder / "a.pdf", folder / "b kopia.pdf"
    shutil.copy(CORPUS / "granvik_ks_kallelse_2024-04-02.pdf", first)
    shutil.copy(first, copy)
    db = tmp_path / "d.db"
    summary = ingest([folder], str(db))
    assert (summary.loaded, summary.unchanged, summary.failed) == (1, 1, 0)
    assert rows(db, "select path, status, error from files order by path") == [
        (str(first), "loaded", None),
        (str(copy), "duplicate", f"the same content as {first}"),
    ]
    assert rows(db, "select count(*) from documents") == [(1,)]
    first.unlink()
    summary = ingest([folder], str(db))
    assert (summary.loaded, summary.unchanged, summary.failed) == (0, 1, 0)
    assert rows(db, "select status from files") == [("loaded",)]
