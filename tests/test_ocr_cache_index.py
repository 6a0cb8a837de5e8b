"""The OCR cache's index: a page read before is not even rendered again.

Real tesseract (Swedish), real PDFium and the corpus notice whose page 6 is a
scan, ingested into new databases with one cache. tesseract runs through the
counting script of :mod:`test_ocr_cache`; the pages rendered are counted by
the real renderer itself, wrapped so that it logs each page it yields to a
file (the ingest's worker is forked and inherits the wrapper).
"""

from __future__ import annotations

import gzip
import logging
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_ocr_cache import (
    COLD,
    PAGES,
    WARM,
    _need_ocr,
    counting_tesseract,
    entries,
    ingest,
    pages_read,
    rows,
)

from pipeline import ocr_switch
from pipeline.read import ocr, ocr_cache, render
from pipeline.read.ocr_cache import OcrCache

#: The scanned page of the notice.
SCANNED = 6


def counting_render(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Path:
    """Make the renderer log each page it renders to ``folder/rendered``
    (rendering it for real); return that log."""
    log = folder / "rendered"
    real = render.render_pages

    def logged(
        data: bytes, numbers: list[int], dpi: int, max_side: int
    ) -> Iterator[tuple[int, bytes]]:
        for number, image in real(data, numbers, dpi, max_side):
            with log.open("a", encoding="utf-8") as out:
                out.write(f"{number}\n")
            yield number, image

    monkeypatch.setattr(render, "render_pages", logged)
    return log


def rendered(log: Path) -> list[int]:
    """Return the pages rendered, as logged by :func:`counting_render`."""
    return [int(line) for line in log.read_text().split()] if log.exists() else []


def indexes(cache: Path) -> dict[str, bytes]:
    """Return every index file of the cache at ``cache`` (name: what it holds)."""
    return {path.name: path.read_bytes() for path in sorted(cache.glob("*/*.page"))}


def run(
    mp: pytest.MonkeyPatch, folder: Path, cache: Path, name: str
) -> tuple[Path, int, list[int], str]:
    """Ingest the notice into ``folder/name`` with ``cache``; return the
    database, the pages tesseract read, the pages rendered and the output."""
    mp.setenv(ocr_switch.CACHE_VARIABLE, str(cache))
    log = counting_render(mp, folder)
    db = folder / name
    result = ingest(mp, counting_tesseract(folder), db)
    return db, pages_read(folder), rendered(log), result.output


@pytest.fixture(scope="module")
def cold(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The notice ingested once with an empty cache: (database, cache)."""
    _need_ocr()
    folder = tmp_path_factory.mktemp("cold-index")
    cache = folder / "cache"
    with pytest.MonkeyPatch.context() as mp:
        db, read, pages, output = run(mp, folder, cache, "cold.db")
    assert (read, pages) == (1, [SCANNED])
    assert COLD.format(cache) in output.splitlines()
    return db, cache


@pytest.fixture
def warm(cold: tuple[Path, Path], tmp_path: Path) -> Path:
    """A copy of the cold run's cache (entries and index files)."""
    return Path(shutil.copytree(cold[1], tmp_path / "cache"))


def test_a_page_read_is_indexed_to_its_entry(cold: tuple[Path, Path]) -> None:
    """The cold run writes one entry and one index file holding the entry's
    key, both the owner's only (0600 in 0700 folders)."""
    _, cache = cold
    (entry_name,) = entries(cache)
    key = entry_name.removesuffix(".tsv.gz")
    assert list(indexes(cache).values()) == [key.encode()]
    (index,) = cache.glob("*/*.page")
    assert index.parent.name == index.name[:2]
    modes = [stat.S_IMODE(p.stat().st_mode) for p in (cache, index.parent, index)]
    assert modes == [0o700, 0o700, 0o600]
    assert [p.name for p in index.parent.iterdir()] == [index.name]


def test_a_warm_run_renders_nothing_and_reads_nothing(
    cold: tuple[Path, Path], warm: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new database, the same cache: no page rendered, none read by
    tesseract, the same pages stored and the cache's files unchanged."""
    db, read, pages, output = run(monkeypatch, tmp_path, warm, "warm.db")
    assert (read, pages) == (0, [])
    assert WARM.format(warm) in output.splitlines()
    assert rows(db, PAGES) == rows(cold[0], PAGES)
    assert (entries(warm), indexes(warm)) == (entries(cold[1]), indexes(cold[1]))


def test_a_cache_without_index_renders_once_and_is_indexed(
    cold: tuple[Path, Path], warm: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache written before index files (entries only): the page is rendered
    and found by its image, not read by tesseract, and its index file written."""
    for index in warm.glob("*/*.page"):
        index.unlink()
    db, read, pages, _ = run(monkeypatch, tmp_path, warm, "old.db")
    assert (read, pages) == (0, [SCANNED])
    assert rows(db, PAGES) == rows(cold[0], PAGES)
    assert indexes(warm) == indexes(cold[1])


@pytest.mark.parametrize("damage", ["missing", "truncated", "not-tsv"])
def test_an_index_to_a_bad_entry_reads_the_page_again(
    damage: str,
    cold: tuple[Path, Path],
    warm: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An index file naming an entry that is gone or damaged: the page is
    rendered and read by tesseract again, and the entry written whole again."""
    entry = next(warm.glob("*/*.tsv.gz"))
    if damage == "missing":
        entry.unlink()
    elif damage == "truncated":
        entry.write_bytes(entry.read_bytes()[:200])
    else:
        entry.write_bytes(gzip.compress(b"not what tesseract writes\n"))
    db, read, pages, output = run(monkeypatch, tmp_path, warm, "again.db")
    assert (read, pages) == (1, [SCANNED])
    assert COLD.format(warm) in output.splitlines()
    assert rows(db, PAGES) == rows(cold[0], PAGES)
    assert (entries(warm), indexes(warm)) == (entries(cold[1]), indexes(cold[1]))


@pytest.mark.parametrize("damage", [b"", b"0" * 63, b"A" * 64, b"0" * 64 + b"\n"])
def test_a_damaged_index_renders_the_page_and_is_rewritten(
    damage: bytes,
    cold: tuple[Path, Path],
    warm: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An index file that holds no entry's key is taken as none: the page is
    rendered, found by its image and the index file written again."""
    next(warm.glob("*/*.page")).write_bytes(damage)
    db, read, pages, _ = run(monkeypatch, tmp_path, warm, "index.db")
    assert (read, pages) == (0, [SCANNED])
    assert rows(db, PAGES) == rows(cold[0], PAGES)
    assert indexes(warm) == indexes(cold[1])


@pytest.mark.parametrize(
    ("module", "name", "value"),
    [
        (render, "pdfium_version", lambda: "pypdfium2 9.9.9, pdfium 999.0.0.0"),
        (render, "OPTIONS", {"grayscale": True, "draw_annots": True}),
        (ocr, "MAX_SIDE", 6999),
    ],
    ids=["pdfium-version", "render-options", "max-side"],
)
def test_another_pdfium_or_rendering_misses_the_index(
    module: object,
    name: str,
    value: object,
    cold: tuple[Path, Path],
    warm: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another PDFium (as it says its version) or other render settings render
    the page again; here the image is the same (draw_annots is PDFium's
    default, an A4 page is far under 6999 pixels), so the entry is found by
    it and tesseract reads nothing; a second index file is written beside the
    first."""
    monkeypatch.setattr(module, name, value)
    db, read, pages, _ = run(monkeypatch, tmp_path, warm, "other.db")
    assert (read, pages) == (0, [SCANNED])
    assert rows(db, PAGES) == rows(cold[0], PAGES)
    assert entries(warm) == entries(cold[1])
    kept = indexes(warm)
    assert len(kept) == 2
    assert set(kept.values()) == set(indexes(cold[1]).values())
    assert set(indexes(cold[1])) < set(kept)


def test_another_tesseract_renders_and_reads_again(
    cold: tuple[Path, Path], warm: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tesseract that says another version misses both the index and the
    entry: the page is rendered and read, kept under new keys beside the old."""
    monkeypatch.setenv(ocr_switch.CACHE_VARIABLE, str(warm))
    log = counting_render(monkeypatch, tmp_path)
    script = counting_tesseract(tmp_path, version="tesseract 9.9.9")
    ingest(monkeypatch, script, tmp_path / "tess.db")
    assert (pages_read(tmp_path), rendered(log)) == (1, [SCANNED])
    assert (len(entries(warm)), len(indexes(warm))) == (2, 2)
    assert set(indexes(cold[1])) < set(indexes(warm))


def test_index_files_that_cannot_be_used_are_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache folder under a file: index files are neither written nor read,
    nothing is raised, and each problem is logged once for entries and index
    files together."""
    monkeypatch.setattr(ocr_cache, "_logged", set())  # a fresh process
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    cache = OcrCache(blocker / "ocr", "context")
    tsv = b"level\tpage_num\n1\t1\n"
    pages = [cache.page_key("0" * 64, n, "rendering") for n in (1, 2)]
    with caplog.at_level(logging.WARNING, logger="pipeline.read.ocr_cache"):
        stored = [cache.put(cache.key(b"P5 one"), tsv)]
        for page in pages:
            cache.link(page, cache.key(b"P5 one"))
        found = [cache.indexed(page) for page in pages]
    assert (stored, found) == ([False], [None, None])
    said = [r.getMessage().split(": ")[0] for r in caplog.records]
    assert said == [
        "OCR cache could not be written",
        "OCR cache entry could not be read",
    ]


def test_page_keys_differ_by_file_page_rendering_and_context() -> None:
    """A page's key changes with each thing it is made of, and only with it."""
    cache = OcrCache(Path("/nowhere"), "context")
    base = ("a" * 64, 1, "rendering")
    variants = [("b" * 64, 1, "rendering"), ("a" * 64, 2, "rendering")]
    variants.append(("a" * 64, 1, "rendering 2"))
    keys = {cache.page_key(*parts) for parts in [base, *variants]}
    keys.add(OcrCache(Path("/nowhere"), "context 2").page_key(*base))
    assert len(keys) == 5
    assert cache.page_key(*base) == OcrCache(Path("/elsewhere"), "context").page_key(
        *base
    )
