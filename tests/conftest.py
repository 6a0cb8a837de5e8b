"""Shared fixtures: paths to real PDFs, bad input files, temporary databases."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from pipeline.ingest import IngestSummary, Progress

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
GOLDEN = Path(__file__).resolve().parent / "golden"
SHARED_REASON = (
    "../shared (seed and real records) is not beside this clone; "
    "the corpus/ tests still run"
)

# OCR is off in every test that does not turn it on (tests/test_ocr.py), so
# that goldens and databases do not depend on whether (or which) tesseract is
# installed. Workers forked by ingest inherit the setting.
os.environ["DIARIUM_OCR"] = "off"

# Property tests draw the same examples on every run, so that CI passes or
# fails for the code and not for the draw; HYPOTHESIS_PROFILE=explore draws
# fresh, and ten times as many, examples when hunting for new failures.
settings.register_profile("diarium", derandomize=True, database=None)
settings.register_profile("explore", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "diarium"))


@pytest.fixture(scope="session", autouse=True)
def ocr_cache_folder(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Path]:
    """Keep the OCR cache of every test in a temporary folder, never in the
    user's cache directory (a test that needs its own sets its own)."""
    folder = tmp_path_factory.mktemp("ocr-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DIARIUM_OCR_CACHE", str(folder))
        yield folder


@pytest.fixture(params=["one part", "parts of 1"])
def parts(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Run a test with its batch asked about in one part, then a file at a
    time (``PART_FILES``), so that every file is at a part's boundary."""
    import pipeline.store.connect as connect

    size = 1 if request.param == "parts of 1" else connect.PART_FILES
    monkeypatch.setattr(connect, "PART_FILES", size)
    return size


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--update-golden`` to rewrite golden files after a reviewed change."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="write tests/golden/*.json from the current output instead of comparing",
    )


def shared_pdfs() -> list[Path]:
    """Return the seed and real PDFs, or an empty list without ../shared."""
    if not SHARED.is_dir():
        return []
    return sorted(SHARED.glob("seeds/*.pdf")) + sorted(SHARED.glob("real/*.pdf"))


def corpus_pdfs() -> list[Path]:
    """Return the bundled sample corpus PDFs."""
    return sorted(CORPUS.glob("*.pdf"))


def corpus_folder(target: Path, count: int = 4) -> Path:
    """Return ``target`` made a folder of the first ``count`` corpus PDFs and
    the corpus's folder setting (``diarium.toml``)."""
    target.mkdir(parents=True)
    shutil.copy(CORPUS / "diarium.toml", target)
    for pdf in corpus_pdfs()[:count]:
        shutil.copy(pdf, target)
    return target


@pytest.fixture
def need_shared() -> Path:
    """Skip the test with a clear reason when ../shared is absent."""
    if not SHARED.is_dir():
        pytest.skip(SHARED_REASON)
    return SHARED


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Return True when golden files are to be rewritten."""
    return bool(request.config.getoption("--update-golden"))


def compare_golden(name: str, actual: object, update: bool) -> None:
    """Assert ``actual`` equals the golden JSON ``name`` (or rewrite it)."""
    path = GOLDEN / f"{name}.json"
    text = json.dumps(actual, ensure_ascii=False, indent=2) + "\n"
    if update or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not update:
            pytest.fail(f"golden file {path.name} was missing and has been written")
    assert json.loads(path.read_text(encoding="utf-8")) == actual


@pytest.fixture
def bad_pdfs(tmp_path: Path) -> dict[str, Path]:
    """Write one of each kind of bad input: empty, text, truncated, encrypted."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    folder = tmp_path / "bad"
    folder.mkdir()
    empty = folder / "tom.pdf"
    empty.write_bytes(b"")
    text = folder / "anteckningar.PDF"
    text.write_text("Detta är ingen PDF utan en textfil.\n", encoding="utf-8")
    good = make_pdf(folder / "hel.pdf", ["Protokoll", "§ 1 Upprop"])
    truncated = folder / "avbruten.pdf"
    truncated.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 3])
    good.unlink()
    encrypted = folder / "lösenord.pdf"
    pdf = canvas.Canvas(
        str(encrypted), encrypt=StandardEncryption("hemligt", ownerPassword="ägare")
    )
    pdf.drawString(72, 720, "Sekretessbelagt protokoll")
    pdf.save()
    return {
        "empty": empty,
        "text": text,
        "truncated": truncated,
        "encrypted": encrypted,
    }


def make_pdf(path: Path, lines: list[str]) -> Path:
    """Write a one-page PDF with ``lines`` of text (for small synthetic cases)."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), invariant=1)
    y = 780
    for line in lines:
        pdf.drawString(72, y, line)
        y -= 16
    pdf.save()
    return path


@pytest.fixture(scope="session")
def long_protocol(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated 60-page protocol (a vote table on two pages of three)."""
    path = tmp_path_factory.mktemp("long") / "long.pdf"
    script = ROOT / "bench" / "long_protocol.py"
    subprocess.run([sys.executable, str(script), "60", str(path)], check=True)
    return path


@pytest.fixture(scope="session")
def shared_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ingest the seeds and the real records once into a real SQLite file."""
    if not SHARED.is_dir():
        pytest.skip(SHARED_REASON)
    from pipeline.ingest import ingest

    db = tmp_path_factory.mktemp("shared") / "diarium.db"
    summary = ingest([SHARED / "seeds", SHARED / "real"], str(db))
    assert summary.failed == 0
    return db


def rows(db: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    """Return all rows of ``sql`` on ``db`` as tuples."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return [tuple(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def doc_of(db: Path, file_prefix: str, kind: str) -> str:
    """Return the id of the first document of ``kind`` in the file named so."""
    found = rows(
        db,
        "select d.id from documents d join files f on f.sha256 = d.file_sha256 "
        "where f.path like ? and d.kind = ? order by d.position limit 1",
        f"%{file_prefix}%",
        kind,
    )
    assert found, (file_prefix, kind)
    return str(found[0][0])


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ingest the bundled corpus once into a real SQLite file."""
    from pipeline.ingest import ingest

    db = tmp_path_factory.mktemp("corpus") / "diarium.db"
    summary = ingest([CORPUS], str(db))
    assert summary.failed == 0
    return db


def lexicon_tables(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Return ``(key, table)`` for every table and array-of-tables entry."""
    found = []
    for key, value in data.items():
        if isinstance(value, dict):
            found.append((key, value))
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
            found += [(key, v) for v in value]
    return found


def table_names(db: Path, types: tuple[str, ...] = ("table",)) -> list[str]:
    """Return the public tables (and views) of ``db``, FTS shadow tables aside."""
    marks = ", ".join("?" for _ in types)
    return [
        str(r[0])
        for r in rows(
            db,
            f"select name from sqlite_master where type in ({marks}) "
            "and name not like '%_fts%' and name not like 'sqlite_%' order by name",
            *types,
        )
    ]


def counts(summary: IngestSummary) -> tuple[int, int, int, int, bool]:
    """Return (loaded, re-extracted, unchanged, failed, rebuilt) of a run."""
    return (
        summary.loaded,
        summary.reextracted,
        summary.unchanged,
        summary.failed,
        summary.rebuilt,
    )


def stop_at(done: int) -> Callable[[Progress], None]:
    """Return a progress callback that stops the run as Ctrl-C does once
    ``done`` files are finished."""

    def stop(progress: Progress) -> None:
        if progress.done == done:
            raise KeyboardInterrupt

    return stop


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    """Make ``path`` (a file, or a folder where nothing may be made) unwritable
    even by root (``chattr +i``) while the block runs; skip where that is not
    allowed (the test needs it: root ignores file modes)."""
    import subprocess

    try:
        made = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    except FileNotFoundError:
        pytest.skip("chattr is not installed (Debian: e2fsprogs)")
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not allowed here: {made.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
