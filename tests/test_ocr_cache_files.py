"""``diarium ocr-cache``: the cache's size, and removing all or the unused entries.

Entries are written by the real cache (:class:`OcrCache`) into a temporary
folder that also holds files of someone else's, which must never be counted
or removed; modification times are set to known days.
"""

from __future__ import annotations

import calendar
import os
import time
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.ocr_cache_files import (
    STALE_TEMPORARY,
    Survey,
    index_path,
    prune,
    survey,
)
from pipeline.read.ocr_cache import OcrCache

#: A TSV as tesseract starts one (the cache keeps nothing else).
TSV = b"level\tpage_num\tblock_num\n1\t1\t0\n"
#: Noon UTC of a day long past: the same date in every time zone within 11 h.
LONG_AGO = calendar.timegm((2020, 5, 8, 12, 0, 0))
DAY = 86400


def fill(folder: Path, used: list[float]) -> list[Path]:
    """Write one entry per time in ``used`` (each last used then); return them."""
    cache = OcrCache(folder, "context")
    entries = []
    for n, when in enumerate(used):
        key = cache.key(f"image {n}".encode())
        cache.put(key, TSV + b"x" * n)
        entry = cache.entry(key)
        os.utime(entry, (when, when))
        entries.append(entry)
    return entries


def foreign(folder: Path) -> set[Path]:
    """Write files that are not the cache's into ``folder``; return them."""
    shard = next(p for p in folder.iterdir() if p.is_dir())
    other = folder / "zz"  # not an entry folder (not hex)
    other.mkdir()
    files = {
        folder / "notes.txt",
        shard / "readme.txt",
        other / ("a" * 64 + ".tsv.gz"),
        folder / ("b" * 64 + ".tsv.gz"),  # an entry's name outside an entry folder
    }
    for path in files:
        path.write_bytes(TSV)
    return files


def every_file(folder: Path) -> set[Path]:
    """Return every file under ``folder``."""
    return {path for path in folder.rglob("*") if path.is_file()}


def day(when: float) -> str:
    """Return the local date of ``when`` as the command prints it."""
    return time.strftime("%Y-%m-%d", time.localtime(when))


def run(*args: str) -> tuple[int, str]:
    """Run ``diarium ocr-cache`` with ``args``; return its status and output."""
    done = CliRunner().invoke(cli, ["ocr-cache", *args])
    return done.exit_code, done.output


def test_unused_days_removes_only_entries_unused_that_long(tmp_path: Path) -> None:
    """An entry last used before the limit goes, with a half-written file an
    hour old; newer entries, a file being written now and every foreign file
    stay."""
    now = time.time()
    old, recent, fresh = fill(tmp_path, [LONG_AGO, now - 10 * DAY, now])
    others = foreign(tmp_path)
    stale = recent.parent / ".diarium-abc123.tmp"
    writing = recent.parent / ".diarium-def456.tmp"
    draft = recent.parent / ".draft.tmp"  # someone else's, as old
    for path, when in (
        (stale, now - STALE_TEMPORARY - 60),
        (writing, now),
        (draft, now - STALE_TEMPORARY - 60),
    ):
        path.write_bytes(b"half")
        os.utime(path, (when, when))
    empty = tmp_path / "db"  # an empty folder of two hex digits, not ours
    if not empty.exists():
        empty.mkdir()
    kept = {recent, fresh, writing, draft} | others

    status, output = run("--ocr-cache", str(tmp_path), "--unused-days", "30")

    assert status == 0
    sizes = recent.stat().st_size + fresh.stat().st_size
    assert output.splitlines() == [
        f"OCR cache {tmp_path}: removed 1 entry, 0.0 MB, least recently used "
        "2020-05-08",
        f"OCR cache {tmp_path}: 2 entries, 0.0 MB, least recently used "
        f"{day(now - 10 * DAY)}",
    ]
    assert every_file(tmp_path) == kept
    assert empty.is_dir()
    assert survey(tmp_path) == Survey(2, sizes, recent.stat().st_mtime)
    assert old.parent.is_dir() == any(p.parent == old.parent for p in kept)


def test_clear_removes_every_entry_and_nothing_else(tmp_path: Path) -> None:
    """``--clear`` removes all entries and their emptied folders, and says
    how many and how large they were."""
    entries = fill(tmp_path, [LONG_AGO, LONG_AGO + DAY, time.time()])
    size = sum(entry.stat().st_size for entry in entries)
    others = foreign(tmp_path)
    assert survey(tmp_path) == Survey(3, size, LONG_AGO)

    status, output = run("--ocr-cache", str(tmp_path), "--clear")

    assert status == 0
    assert output.splitlines() == [
        f"OCR cache {tmp_path}: removed 3 entries, 0.0 MB, least recently used "
        "2020-05-08",
        f"OCR cache {tmp_path}: no entry",
    ]
    assert every_file(tmp_path) == others
    emptied = {entry.parent for entry in entries} - {p.parent for p in others}
    assert [folder for folder in emptied if folder.exists()] == []
    assert prune(tmp_path, None, time.time()) == Survey()


def test_reading_an_entry_marks_it_used(tmp_path: Path) -> None:
    """A run that reads an entry sets its modification time to now, so that
    ``--unused-days`` keeps what is still read."""
    (entry,) = fill(tmp_path, [LONG_AGO])
    cache = OcrCache(tmp_path, "context")
    key = entry.name.removesuffix(".tsv.gz")
    before = time.time()
    assert cache.get(key) == TSV
    assert entry.stat().st_mtime >= before - 1
    assert prune(tmp_path, 30 * DAY, time.time()) == Survey()
    assert every_file(tmp_path) == {entry}


def test_a_missing_or_turned_off_cache_is_said_so(tmp_path: Path) -> None:
    """No folder yet is no entry; ``off`` is a cache turned off; both options
    at once are refused."""
    missing = tmp_path / "not-yet"
    assert run("--ocr-cache", str(missing)) == (
        0,
        f"OCR cache {missing}: no entry\n",
    )
    assert not missing.exists()
    assert run("--ocr-cache", "off") == (
        0,
        "the OCR cache is turned off (DIARIUM_OCR_CACHE=off)\n",
    )
    status, output = run("--ocr-cache", str(tmp_path), "--clear", "--unused-days", "1")
    assert status == 2
    assert "give --clear or --unused-days, not both" in output


def index(folder: Path, name: str, key: str, when: float) -> Path:
    """Write the index file of page ``name`` naming the entry ``key``, last used
    at ``when``; return it."""
    cache = OcrCache(folder, "context")
    page = cache.page_key("f" * 64, 1, name)
    cache.link(page, key)
    path = index_path(folder, page)
    os.utime(path, (when, when))
    return path


def test_index_files_are_counted_and_pruned_apart_from_entries(
    tmp_path: Path,
) -> None:
    """Index files (``<2 hex>/<64 hex>.page``) are counted apart and removed
    by when they were last used like entries (one naming no entry too); a
    file or folder of another name, or outside an entry folder, stays."""
    now = time.time()
    old, fresh = fill(tmp_path, [LONG_AGO, now])
    keys = [entry.name.removesuffix(".tsv.gz") for entry in (old, fresh)]
    stale = index(tmp_path, "old", keys[0], LONG_AGO)
    unused = index(tmp_path, "gone", "0" * 64, now - 40 * DAY)
    used = index(tmp_path, "fresh", keys[1], now)
    shard = used.parent
    others = foreign(tmp_path) | {
        shard / ("C" * 64 + ".page"),
        shard / ("c" * 63 + ".page"),
        shard / ("c" * 64 + ".page.gz"),
        tmp_path / "zz" / ("d" * 64 + ".page"),
        tmp_path / ("e" * 64 + ".page"),
    }
    for path in others:
        path.write_bytes(keys[0].encode())
    (shard / ("f" * 64 + ".page")).mkdir()  # a folder so named is not ours
    sizes = [path.stat().st_size for path in (old, fresh, stale, unused, used)]
    assert survey(tmp_path) == Survey(2, sum(sizes), LONG_AGO, 3)

    status, output = run("--ocr-cache", str(tmp_path), "--unused-days", "30")

    assert status == 0
    assert output.splitlines() == [
        f"OCR cache {tmp_path}: removed 1 entry, 2 index files, 0.0 MB, "
        "least recently used 2020-05-08",
        f"OCR cache {tmp_path}: 1 entry, 1 index file, 0.0 MB, "
        f"least recently used {day(now)}",
    ]
    assert every_file(tmp_path) == others | {fresh, used}
    fresh.unlink()
    assert run("--ocr-cache", str(tmp_path)) == (
        0,
        f"OCR cache {tmp_path}: no entry, 1 index file, 0.0 MB, "
        f"least recently used {day(now)}\n",
    )
    assert run("--ocr-cache", str(tmp_path), "--clear")[1].splitlines() == [
        f"OCR cache {tmp_path}: removed no entry, 1 index file, 0.0 MB, "
        f"least recently used {day(now)}",
        f"OCR cache {tmp_path}: no entry",
    ]
    assert every_file(tmp_path) == others
    assert (shard / ("f" * 64 + ".page")).is_dir()


def test_reading_an_index_file_marks_it_used(tmp_path: Path) -> None:
    """A run that finds a page by its index file sets the file's modification
    time to now, so that ``--unused-days`` keeps it with its entry."""
    (entry,) = fill(tmp_path, [LONG_AGO])
    key = entry.name.removesuffix(".tsv.gz")
    path = index(tmp_path, "page", key, LONG_AGO)
    cache = OcrCache(tmp_path, "context")
    before = time.time()
    assert cache.indexed(path.name.removesuffix(".page")) == key
    assert path.stat().st_mtime >= before - 1
    assert entry.stat().st_mtime == LONG_AGO
    size = entry.stat().st_size
    assert prune(tmp_path, 30 * DAY, time.time()) == Survey(1, size, LONG_AGO)
    assert every_file(tmp_path) == {path}
