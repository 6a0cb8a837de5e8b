"""Read scanned pages: tesseract, Swedish, on pages that have no text layer.

A page whose text layer is (almost) empty but which carries images is
rendered in grayscale at :data:`DPI` (:func:`pipeline.read.render.render_pages`)
and read by the ``tesseract`` command with the Swedish model: one page per
tesseract process, ``OMP_THREAD_LIMIT=1``, several pages of one file at once
(at most one per CPU). Its TSV output gives every word with its confidence;
a page whose mean word confidence is under :data:`LOW_CONFIDENCE` is marked
so. The result is a pure function of the PDF's bytes (and of the installed
tesseract), so it runs inside the file's worker process.

Time: OCR takes seconds a page where the text layer takes milliseconds, so
a file's time limit grows by :data:`SECONDS_PER_PAGE` for every page it
reads with OCR (the worker asks its parent through :data:`ask_for_time`,
see :mod:`pipeline.isolate`); at most :data:`MAX_PAGES` pages of one file
are read, the rest keep ``needs_ocr``. One tesseract run is stopped after
:data:`PAGE_SECONDS`; its page keeps ``needs_ocr``.

Without tesseract or its Swedish data (Debian: ``tesseract-ocr-swe``), or
with ``DIARIUM_OCR=off`` (``diarium ingest --no-ocr``), nothing is read: the
pages keep ``needs_ocr`` and the ingest summary counts them.
``DIARIUM_TESSERACT`` names another tesseract command. Both are environment
variables so that worker processes inherit them.

tesseract's output is kept in the OCR cache (:mod:`pipeline.read.ocr_cache`,
``DIARIUM_OCR_CACHE``): a page whose rendered image was read before by the
same tesseract, model and command line is not read again; its kept output
is parsed as a new one would be. A page of the same file read before with
the same PDFium and settings is not even rendered again: the cache's index
names its entry.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import (
    ALL_COMPLETED,
    FIRST_COMPLETED,
    Future,
    ThreadPoolExecutor,
    wait,
)
from dataclasses import dataclass, replace

from pipeline.ocr_switch import COMMAND_VARIABLE, LANGUAGE, unavailable
from pipeline.parallel import usable_cores
from pipeline.read import render
from pipeline.read.margin import Box, margin_rows, margin_text, rows_of
from pipeline.read.ocr_cache import OcrCache, open_cache

log = logging.getLogger(__name__)

#: Rendering resolution for OCR.
DPI = 300
#: Longest side of a rendered page in pixels (A3 at 300 dpi is 4961).
MAX_SIDE = 7000
#: Mean word confidence (0–100) under which a page is ``ocr-low-confidence``.
LOW_CONFIDENCE = 70.0
#: Seconds one tesseract run may take before it is stopped.
PAGE_SECONDS = 90.0
#: Seconds a file's time limit grows by for every page read with OCR.
SECONDS_PER_PAGE = 10.0
#: Pages of one file read with OCR at most.
MAX_PAGES = 300
#: What tesseract reads a list bullet (•) as: "e", "°", "«", "*".
BULLET_LOOKALIKES = frozenset({"e", "°", "«", "*", "•", "¢", "©"})
#: What it reads the gap after a bullet as: a dash of low confidence.
GAP_MARKS = frozenset({"-", "–", "—"})
#: Word confidence under which such a dash is dropped as noise.
DOUBTFUL = 50.0
#: What tesseract reads a section sign (§) before a paragraph number as.
SECTION_LOOKALIKES = frozenset({"8", "$", "S"})
#: Page width (points) the label column is judged against: A4.
PAGE_WIDTH = 595.0

#: Called with the seconds a file's OCR adds to its time limit; set in a
#: worker process by :mod:`pipeline.isolate`, ``None`` elsewhere.
ask_for_time: Callable[[float], None] | None = None


@dataclass(frozen=True)
class Scan:
    """The text tesseract read on one page."""

    text: str
    """Lines of words as read, one line per printed line."""
    confidence: float
    """Mean word confidence, 0–100 (0 when no word was read)."""
    words: int
    """Number of words read."""
    cached: bool = False
    """tesseract's output for the same image came from the OCR cache; it was
    not run now."""

    @property
    def quality(self) -> str:
        """Return the page quality: ``ocr``, ``ocr-low-confidence`` or ``empty``."""
        if not self.words:
            return "empty"
        return "ocr" if self.confidence >= LOW_CONFIDENCE else "ocr-low-confidence"


def read_scans(
    data: bytes, numbers: list[int], threads: int | None = None
) -> dict[int, Scan]:
    """Return tesseract's reading of pages ``numbers`` of the PDF in ``data``.

    Empty when OCR cannot run; a page tesseract failed on is left out.
    ``threads`` tesseract processes run at once. By default one in a
    worker of a batch (its neighbours keep the other cores busy; a file
    given spare cores passes their number) and one per CPU elsewhere.
    """
    todo = sorted(set(numbers))[:MAX_PAGES]
    if not todo or unavailable() is not None:
        return {}
    command = shutil.which(os.environ.get(COMMAND_VARIABLE) or "tesseract") or ""
    cache = open_cache(command, tesseract_args())
    pages = page_keys(cache, data, todo)
    scans = {n: s for n in todo if (s := indexed(cache, pages.get(n))) is not None}
    todo = [number for number in todo if number not in scans]
    if not todo:
        return scans
    if ask_for_time is not None:
        ask_for_time(len(todo) * SECONDS_PER_PAGE)
    default = 1 if ask_for_time is not None else usable_cores()
    workers = max(1, min(threads or default, len(todo)))
    pending: dict[Future[Scan | None], int] = {}
    with ThreadPoolExecutor(workers) as pool:
        for number, image in render.render_pages(data, todo, DPI, MAX_SIDE):
            key = cache.key(image) if cache is not None else None
            if (kept := by_image(cache, key, pages.get(number))) is not None:
                scans[number] = kept
                continue
            job = pool.submit(tesseract, command, image, cache, key, pages.get(number))
            pending[job] = number
            if len(pending) >= 2 * workers:  # bounded: images are megabytes
                _collect(pending, scans, FIRST_COMPLETED)
        _collect(pending, scans, ALL_COMPLETED)
    return scans


def page_keys(
    cache: OcrCache | None, data: bytes, numbers: list[int]
) -> dict[int, str]:
    """Return the cache's key (:meth:`OcrCache.page_key`) of each page in
    ``numbers`` of the PDF in ``data``, by page number (none without a cache)."""
    if cache is None:
        return {}
    digest = hashlib.sha256(data).hexdigest()
    rendering = render.rendering(DPI, MAX_SIDE)
    return {n: cache.page_key(digest, n, rendering) for n in numbers}


def indexed(cache: OcrCache | None, page_key: str | None) -> Scan | None:
    """Return the reading kept in ``cache`` for the page ``page_key``, found
    without rendering it: by the entry its index file names."""
    if cache is None or page_key is None:
        return None
    key = cache.indexed(page_key)
    return cached(cache, key) if key is not None else None


def _collect(
    pending: dict[Future[Scan | None], int], scans: dict[int, Scan], until: str
) -> None:
    """Move finished readings from ``pending`` into ``scans``."""
    done, _ = wait(list(pending), return_when=until)
    for future in done:
        number = pending.pop(future)
        scan = future.result()
        if scan is not None:
            scans[number] = scan


def by_image(
    cache: OcrCache | None, key: str | None, page_key: str | None
) -> Scan | None:
    """Return the reading kept in ``cache`` under ``key`` (a rendered image's)
    and index the page ``page_key`` to it, when there is one."""
    if cache is None or key is None:
        return None
    kept = cached(cache, key)
    if kept is not None and page_key is not None:
        cache.link(page_key, key)
    return kept


def tesseract_args() -> list[str]:
    """Return the options tesseract reads a page with (after its input and output)."""
    return ["-l", LANGUAGE, "--dpi", str(DPI), "tsv"]


def cached(cache: OcrCache | None, key: str) -> Scan | None:
    """Return the reading kept in ``cache`` under ``key`` (an image's
    :meth:`OcrCache.key`), if there is one."""
    tsv = cache.get(key) if cache is not None else None
    if tsv is None:
        return None
    return replace(parse_tsv(tsv.decode("utf-8", "replace")), cached=True)


def tesseract(
    command: str,
    image: bytes,
    cache: OcrCache | None = None,
    key: str | None = None,
    page_key: str | None = None,
) -> Scan | None:
    """Return what tesseract reads in one PGM ``image``; None when it fails.

    Its output is kept in ``cache`` under ``key`` (the image's, computed once
    by the caller that looked it up), when given, and the page ``page_key``
    indexed to it.
    """
    tsv = run_tesseract(command, image)
    if tsv is None:
        return None
    if cache is not None:
        key = key or cache.key(image)
        if cache.put(key, tsv) and page_key is not None:
            cache.link(page_key, key)
    return parse_tsv(tsv.decode("utf-8", "replace"))


def run_tesseract(command: str, image: bytes) -> bytes | None:
    """Return tesseract's TSV output on one PGM ``image``; None when it fails."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    args = [command, "stdin", "stdout", *tesseract_args()]
    try:
        done = subprocess.run(
            args, input=image, capture_output=True, timeout=PAGE_SECONDS, env=env
        )
    except subprocess.TimeoutExpired:
        log.warning("tesseract took longer than %g s on a page", PAGE_SECONDS)
        return None
    except OSError as exc:
        log.warning("tesseract could not run: %s", exc)
        return None
    if done.returncode != 0:
        log.warning("tesseract failed on a page (status %d)", done.returncode)
        return None
    return done.stdout


def parse_tsv(tsv: str, dpi: int = DPI) -> Scan:
    """Return the text and mean confidence of tesseract's TSV output.

    Words are grouped into printed lines by position (so that a running
    footer reads the same on every page), and a left-margin label column
    is written as on a text page (:mod:`pipeline.read.margin`).
    """
    words: list[tuple[Box, float]] = []
    for row in tsv.split("\n")[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        left, top, width, height = (int(c) * 72 / dpi for c in cells[6:10])
        box = Box(left, left + width, top, top + height, cells[11].strip())
        words.append((box, float(cells[10])))
    confidence = sum(c for _, c in words) / len(words) if words else 0.0
    kept = [b for b, c in words if not (b.text in GAP_MARKS and c < DOUBTFUL)]
    lines = [_section_sign(_bulleted(line)) for line in rows_of(kept)]
    rows = margin_rows([b for line in lines for b in line], PAGE_WIDTH)
    text = margin_text(rows) if rows else "\n".join(_joined(x) for x in lines)
    return Scan(text, round(confidence, 1), len(words))


def _bulleted(line: list[Box]) -> list[Box]:
    """Return a line whose first mark is a list bullet read as a letter with "•".

    A bullet is one mark (:data:`BULLET_LOOKALIKES`) before a gap wider than
    twice its height.
    """
    first = line[0]
    height = max(first.bottom - first.top, 0.1)
    if (
        len(line) > 1
        and first.text in BULLET_LOOKALIKES
        and line[1].x0 - first.x1 > 2 * height
    ):
        return [replace(first, text="•"), *line[1:]]
    return line


def _joined(line: list[Box]) -> str:
    """Return a line's words separated by spaces."""
    return " ".join(box.text for box in line)


def _section_sign(line: list[Box]) -> list[Box]:
    """Return a line whose first mark is a § read as "8", "$" or "S" with "§".

    Only a paragraph heading: the mark, a number of at most three digits and
    a capitalised word ("8 5 Val av ersättare" is "§ 5 Val av ersättare").
    """
    if (
        len(line) > 2
        and line[0].text in SECTION_LOOKALIKES
        and line[1].text.isdigit()
        and len(line[1].text) <= 3
        and line[2].text[:1].isupper()
    ):
        return [replace(line[0], text="§"), *line[1:]]
    return line
