"""A file refused for what it is fails again unread; other failures are read again.

Real corpus PDFs, a truncated copy and a text file named ``.pdf``; real
worker processes and real SQLite. The executor below is the real local
one; it only notes which files it was given to read.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS
from test_structure import dump

from extractors.core.models import SourceFile
from pipeline.ingest import IngestSummary, StrictStop, ingest
from pipeline.isolate import Limits, LocalExecutor, Results

GOOD = "granvik_ks_kallelse_2024-04-02.pdf"

#: The bad files and what they are refused for.
REFUSED = {
    "halv.pdf": "damaged or truncated PDF (data format error)",
    "text.pdf": "not a PDF (no %PDF header in its first 1024 bytes)",
}


@dataclass
class Noted:
    """The local executor, noting the names of the files it is given."""

    limits: Limits = Limits()
    read: list[list[str]] = field(default_factory=list)

    def run(self, todo: list[SourceFile], *rest: Any) -> Results:
        """Note ``todo``'s names, then read it with two local workers (the
        other arguments of ``Executor.run`` passed on as they are)."""
        self.read.append(sorted(Path(s.path).name for s in todo))
        return LocalExecutor(2, self.limits).run(todo, *rest)


def folder_of_bad_files(base: Path) -> Path:
    """Return a folder of a good PDF, a truncated copy and a text file."""
    folder = base / "in"
    folder.mkdir()
    shutil.copy(CORPUS / GOOD, folder)
    data = (CORPUS / GOOD).read_bytes()
    (folder / "halv.pdf").write_bytes(data[: len(data) // 2])
    (folder / "text.pdf").write_text("Inte en PDF\n", encoding="utf-8")
    return folder


def failures(summary: IngestSummary) -> dict[str, str]:
    """Return each failed file's name and reason."""
    return {Path(f.source.path).name: f.reason for f in summary.failures}


def test_a_refused_file_fails_again_unread(tmp_path: Path) -> None:
    """The second run reads nothing: the refused files fail with their stored
    reasons and nothing derived changes; ``strict`` (which stops where a
    file fails) and ``rehash`` read them again."""
    folder, db = folder_of_bad_files(tmp_path), tmp_path / "d.db"
    noted = Noted()
    first = ingest([folder], str(db), executor=noted)
    assert noted.read == [sorted([GOOD, *REFUSED])]
    assert failures(first) == REFUSED
    assert (first.refused_before, first.loaded) == (0, 1)
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select path, status, refused from files order by path")
        assert [(Path(p).name, s, r) for p, s, r in rows] == [
            (GOOD, "loaded", None),
            ("halv.pdf", "failed", 1),
            ("text.pdf", "failed", 1),
        ]
    before = dump(db)

    again = ingest([folder], str(db), executor=noted)
    assert noted.read[1:] == []  # nothing to read: no executor run at all
    assert failures(again) == REFUSED
    assert all(f.refused for f in again.failures)
    assert (again.refused_before, again.unchanged, again.loaded) == (2, 1, 0)
    assert again.rebuilt is False
    assert dump(db) == before

    with pytest.raises(StrictStop, match="halv.pdf: damaged"):  # read, as before
        ingest([folder], str(db), executor=noted, strict=True)
    assert noted.read[1:] == [sorted(REFUSED)]
    forced = ingest([folder], str(db), executor=noted, rehash=True)
    assert noted.read[2:] == [sorted(REFUSED)]
    assert failures(forced) == REFUSED
    assert (forced.refused_before, forced.unchanged) == (0, 1)
    assert dump(db) == before


def test_a_file_refused_under_another_path_is_read_again(tmp_path: Path) -> None:
    """Moved, the same refused bytes are read again, and their row takes the
    new path."""
    folder, db = folder_of_bad_files(tmp_path), tmp_path / "d.db"
    ingest([folder], str(db))
    (folder / "halv.pdf").rename(folder / "flyttad.pdf")
    noted = Noted()
    again = ingest([folder], str(db), executor=noted)
    assert noted.read == [["flyttad.pdf"]]
    assert failures(again) == {
        "flyttad.pdf": REFUSED["halv.pdf"],
        "text.pdf": REFUSED["text.pdf"],
    }
    assert again.refused_before == 1
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select path from files where status = 'failed'")
        assert sorted(Path(p).name for (p,) in rows) == ["flyttad.pdf", "text.pdf"]


def test_a_file_past_its_time_limit_is_read_again(tmp_path: Path) -> None:
    """A failure that is not the file's own (its time limit here) is not
    remembered: the next run reads the file, and loads it."""
    db = tmp_path / "d.db"
    good = shutil.copy(CORPUS / GOOD, tmp_path / GOOD)
    first = ingest([good], str(db), limits=Limits(seconds=0.001))
    assert failures(first) == {GOOD: "took longer than 0.001 s"}
    with sqlite3.connect(db) as conn:
        row = conn.execute("select status, refused from files").fetchall()
        assert row == [("failed", None)]
    noted = Noted()
    again = ingest([good], str(db), executor=noted)
    assert noted.read == [[GOOD]]
    assert (again.loaded, again.failed, again.refused_before) == (1, 0, 0)
