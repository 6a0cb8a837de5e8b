"""The OCR cache: a scanned page read again is not read by tesseract again.

Real tesseract (Swedish) and a real corpus PDF whose page 6 is a scan.
tesseract runs through a script that logs its arguments before running the
real one, so that a test counts the pages it read (``stdin stdout ...``) apart
from the questions asked of it (``--list-langs``, ``--version``). Tests that
need tesseract skip when it is absent; the others run everywhere.
"""

from __future__ import annotations

import gzip
import logging
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import CORPUS

from pipeline import ocr_switch
from pipeline.cli import cli
from pipeline.read import ocr_cache
from pipeline.read.ocr_cache import OcrCache

#: The corpus notice whose page 6 is a scanned protocol extract.
NOTICE = CORPUS / "granvik_an_kallelse_2024-03-12.pdf"
#: Every stored column of the pages, in page order.
PAGES = "select * from pages order by file_sha256, page"
#: The summary line of a cold and of a warm run.
COLD = "OCR: 1 page read with tesseract, 0 from the OCR cache ({})"
WARM = "OCR: 0 pages read with tesseract, 1 from the OCR cache ({})"


def _need_ocr() -> None:
    """Skip the test when tesseract cannot read Swedish here."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(ocr_switch.OFF_VARIABLE, raising=False)
        reason = ocr_switch.unavailable()
    if reason is not None:
        pytest.skip(f"OCR cannot run: {reason}")


def counting_tesseract(folder: Path, version: str | None = None) -> Path:
    """Write a tesseract that logs its arguments to ``folder/runs`` and runs the
    real one; with ``version``, it says that version to ``--version``."""
    real = shutil.which("tesseract")
    assert real is not None
    script = folder / ("tesseract" if version is None else "tesseract-other")
    other = (
        f'if [ "$1" = "--version" ]; then echo "{version}"; exit 0; fi\n'
        if version
        else ""
    )
    script.write_text(
        f'#!/bin/sh\necho "$*" >> "{folder / "runs"}"\n{other}exec "{real}" "$@"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def pages_read(folder: Path) -> int:
    """Return how many pages the counting tesseract in ``folder`` read."""
    runs = folder / "runs"
    lines = runs.read_text().splitlines() if runs.exists() else []
    return sum(line.startswith("stdin stdout") for line in lines)


def ingest(mp: pytest.MonkeyPatch, script: Path, db: Path, *options: str) -> Result:
    """Ingest the notice with OCR on, tesseract being ``script``."""
    mp.delenv(ocr_switch.OFF_VARIABLE, raising=False)
    mp.setenv(ocr_switch.COMMAND_VARIABLE, str(script))
    args = ["ingest", str(NOTICE), "--db", str(db), "--workers", "1", *options]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result


def entries(cache: Path) -> dict[str, bytes]:
    """Return every entry of the cache at ``cache`` (name: TSV)."""
    return {
        path.name: gzip.decompress(path.read_bytes())
        for path in sorted(cache.glob("*/*.tsv.gz"))
    }


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    """Return every row of ``sql``."""
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture(scope="module")
def cold(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The notice ingested once with an empty cache: (database, cache, output)."""
    _need_ocr()
    folder = tmp_path_factory.mktemp("cold")
    cache, db = folder / "cache", folder / "cold.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(ocr_switch.CACHE_VARIABLE, str(cache))
        result = ingest(mp, counting_tesseract(folder), db)
    assert pages_read(folder) == 1
    return db, cache, result.output


def warm_copy(cold: tuple[Path, Path, str], folder: Path) -> Path:
    """Return a copy of the cold run's cache in ``folder``."""
    return Path(shutil.copytree(cold[1], folder / "cache"))


def test_first_run_fills_the_cache_with_private_entries(
    cold: tuple[Path, Path, str],
) -> None:
    """One entry per page read with tesseract, its TSV as tesseract wrote it;
    the folders are the owner's only (0700), so are the files (0600)."""
    db, cache, output = cold
    assert COLD.format(cache) in output.splitlines()
    tsvs = entries(cache)
    assert len(tsvs) == 1
    tsv = next(iter(tsvs.values())).decode()
    assert tsv.startswith("level\tpage_num\tblock_num\tpar_num\tline_num\t")
    assert "\tPROTOKOLLSUTDRAG\n" in tsv
    entry = next(cache.glob("*/*.tsv.gz"))
    modes = [stat.S_IMODE(p.stat().st_mode) for p in (cache, entry.parent, entry)]
    assert modes == [0o700, 0o700, 0o600]
    assert entry.parent.name == entry.name[:2]
    assert rows(db, "select quality from pages where page = 6") == [("ocr",)]


def test_second_run_reads_the_scan_from_the_cache(
    cold: tuple[Path, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new database, the same cache: tesseract reads no page, the summary
    says where the page came from and the pages are stored as the first
    run stored them."""
    cache = warm_copy(cold, tmp_path)
    monkeypatch.setenv(ocr_switch.CACHE_VARIABLE, str(cache))
    db = tmp_path / "warm.db"
    result = ingest(monkeypatch, counting_tesseract(tmp_path), db)
    assert pages_read(tmp_path) == 0
    assert WARM.format(cache) in result.output.splitlines()
    assert rows(db, PAGES) == rows(cold[0], PAGES)
    assert entries(cache) == entries(cold[1])


def test_the_option_chooses_the_folder(
    cold: tuple[Path, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--ocr-cache DIR`` is used instead of ``DIARIUM_OCR_CACHE``."""
    cache = warm_copy(cold, tmp_path)
    monkeypatch.setenv(ocr_switch.CACHE_VARIABLE, str(tmp_path / "elsewhere"))
    script = counting_tesseract(tmp_path)
    result = ingest(monkeypatch, script, tmp_path / "o.db", "--ocr-cache", str(cache))
    assert pages_read(tmp_path) == 0
    assert WARM.format(cache) in result.output.splitlines()
    assert not (tmp_path / "elsewhere").exists()


def test_a_damaged_entry_is_read_again_and_rewritten(
    cold: tuple[Path, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A truncated entry fails no file: tesseract reads the page again and
    the entry is written whole again."""
    cache = warm_copy(cold, tmp_path)
    entry = next(cache.glob("*/*.tsv.gz"))
    entry.write_bytes(entry.read_bytes()[:200])
    monkeypatch.setenv(ocr_switch.CACHE_VARIABLE, str(cache))
    db = tmp_path / "again.db"
    result = ingest(monkeypatch, counting_tesseract(tmp_path), db)
    assert pages_read(tmp_path) == 1
    assert COLD.format(cache) in result.output.splitlines()
    assert entries(cache) == entries(cold[1])
    assert rows(db, PAGES) == rows(cold[0], PAGES)


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--ocr-cache off`` (``DIARIUM_OCR_CACHE=off``): tesseract reads the page
    and nothing is kept, neither where the variable pointed."""
    _need_ocr()
    cache = tmp_path / "cache"
    monkeypatch.setenv(ocr_switch.CACHE_VARIABLE, str(cache))
    script = counting_tesseract(tmp_path)
    result = ingest(monkeypatch, script, tmp_path / "off.db", "--ocr-cache", "off")
    assert pages_read(tmp_path) == 1
    assert "OCR: 1 page read with tesseract (OCR cache off)" in result.output
    assert not cache.exists()
    monkeypatch.setenv(ocr_switch.CACHE_VARIABLE, "off")
    ingest(monkeypatch, script, tmp_path / "off2.db")
    assert pages_read(tmp_path) == 2
    assert not cache.exists()


def test_another_tesseract_version_misses(
    cold: tuple[Path, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same image read by a tesseract that says another version is read
    again, and kept under another key beside the first."""
    cache = warm_copy(cold, tmp_path)
    monkeypatch.setenv(ocr_switch.CACHE_VARIABLE, str(cache))
    script = counting_tesseract(tmp_path, version="tesseract 9.9.9")
    result = ingest(monkeypatch, script, tmp_path / "other.db")
    assert pages_read(tmp_path) == 1
    assert COLD.format(cache) in result.output.splitlines()
    kept = entries(cache)
    assert len(kept) == 2
    assert set(entries(cold[1])) < set(kept)


def test_cache_folder_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The variable names the folder or turns the cache off; by default it is
    in the user's cache directory (``XDG_CACHE_HOME`` when absolute)."""
    found = []
    settings = [
        ("/srv/ocr", "/xdg"),
        ("~/ocr", None),
        ("off", "/xdg"),
        ("OFF", None),
        ("", "/xdg"),
        ("", "relative"),
        ("", None),
    ]
    monkeypatch.setenv("HOME", "/home/clerk")
    for value, xdg in settings:
        monkeypatch.setenv(ocr_switch.CACHE_VARIABLE, value)
        if xdg is None:
            monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_CACHE_HOME", xdg)
        found.append(ocr_switch.cache_folder())
    assert found == [
        Path("/srv/ocr"),
        Path("/home/clerk/ocr"),
        None,
        None,
        Path("/xdg/diarium/ocr"),
        Path("/home/clerk/.cache/diarium/ocr"),
        Path("/home/clerk/.cache/diarium/ocr"),
    ]


def test_a_cache_that_cannot_be_used_is_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache folder under a file: nothing is kept, nothing is raised, and
    each problem is logged once however many pages meet it."""
    monkeypatch.setattr(ocr_cache, "_logged", set())  # a fresh process
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    cache = OcrCache(blocker / "ocr", "context")
    tsv = b"level\tpage_num\n1\t1\n"
    images = (b"P5 one", b"P5 two")
    with caplog.at_level(logging.WARNING, logger="pipeline.read.ocr_cache"):
        for image in images:
            cache.put(cache.key(image), tsv)
        kept = [cache.get(cache.key(image)) for image in images]
    assert kept == [None, None]
    said = [r.getMessage().split(": ")[0] for r in caplog.records]
    assert said == [
        "OCR cache could not be written",
        "OCR cache entry could not be read",
    ]
