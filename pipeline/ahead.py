"""Read ahead: the first files' pages read while the language tools load.

Before it forks its workers the ingest process loads spaCy, dateparser and
every pattern (:func:`pipeline.process.warm_up`, about 0.7 s), so that each
worker starts with them loaded; meanwhile one core works and the others
wait. With several workers on several cores a read-ahead process, forked
before that, reads the first files' pages in the meantime with the PDF
engine alone (it needs none of the language tools): a file its worker reads
in one part whole (:func:`pipeline.pages.read_whole`), a file its worker
reads in page ranges (:meth:`pipeline.parallel.Share.splits`) in runs of
:data:`RUN_PAGES` pages from its first (:func:`pipeline.pages.read_range`).

Each part is pickled into a private folder (written, then renamed: a part
is there whole or not at all). When the warm-up ends the process is killed
(the part it was reading is lost; it was read on a core that would have
idled) and each file's worker is sent the names of its file's parts
(:func:`load` reads them), which it takes instead of reading those pages
again. A part read from other bytes (the file changed since) is not taken.
The pages are read by the same code as in the worker, and a page is read
alike in any range, so the database is the same; the folder is removed
when the batch ends.
"""

from __future__ import annotations

import faulthandler
import hashlib
import logging
import multiprocessing
import os
import pickle
import shutil
import signal
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.parallel import Share, usable_cores
from pipeline.workers import limit_memory

if TYPE_CHECKING:
    from pipeline.pages import Lined, PageRange

log = logging.getLogger(__name__)

#: Pages of a file read in page ranges that one part holds: a part takes
#: some 50 ms to read, so the part lost when the process is killed is small.
RUN_PAGES = 25
#: The ending of a part's file (one being written ends ``.tmp``).
PART = ".part"


@dataclass(frozen=True)
class Early:
    """The pages of one file read ahead, as :func:`load` found them."""

    whole: Lined | None = None
    """The whole file as its worker reads a file in one part."""
    ranges: list[PageRange] = field(default_factory=list)
    """Its first pages, in runs from page 1, as a file read in page ranges."""


class ReadAhead:
    """A process reading the pages of ``paths`` ahead, into a private folder.

    ``share`` is the share of idle cores each file will be given (it tells
    which files are read in page ranges); ``memory_mb`` caps the process's
    growth as a worker's (:func:`pipeline.workers.limit_memory`).
    """

    def __init__(self, paths: Sequence[str], share: Share, memory_mb: int) -> None:
        self.folder = tempfile.mkdtemp(prefix="diarium-ahead-")
        context = multiprocessing.get_context("fork")
        self.process = context.Process(
            target=_read_ahead,
            args=(self.folder, list(paths), share, memory_mb, os.getpid()),
            daemon=True,
        )
        try:
            self.process.start()
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    def stop(self) -> dict[int, tuple[str, ...]]:
        """Kill the process; return the parts of each file it read, by the
        file's index in ``paths`` (a file's parts consecutive from its first)."""
        self._end()
        found: dict[int, list[tuple[int, str]]] = {}
        for name in os.listdir(self.folder):
            if name.endswith(PART):
                index, order = (int(n) for n in name[: -len(PART)].split("-"))
                found.setdefault(index, []).append((order, name))
        parts: dict[int, tuple[str, ...]] = {}
        for index, named in found.items():
            named.sort()
            run = [n for k, (order, n) in enumerate(named) if order == k]
            parts[index] = tuple(os.path.join(self.folder, n) for n in run)
        return parts

    def close(self) -> None:
        """End the process if it runs; remove the folder and its parts."""
        self._end()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _end(self) -> None:
        if self.process.pid is not None and self.process.exitcode is None:
            self.process.kill()
            self.process.join()


def read_ahead(
    paths: Sequence[str], workers: int, chunk: int, memory_mb: int
) -> ReadAhead | None:
    """Start reading ``paths`` ahead, or return None: with one worker, or one
    usable core, nothing would read while the ingest process warms up; and
    where no folder can be made or no process started, the workers read."""
    if not paths or workers < 2 or usable_cores() < 2:
        return None
    try:
        return ReadAhead(paths, Share(workers - 1, chunk), memory_mb)
    except OSError as exc:
        log.debug("no read-ahead: %s", exc)
        return None


def load(parts: Sequence[str], sha256: str) -> Early | None:
    """Return the pages read ahead in ``parts``, or None when a part cannot
    be read or was read from other bytes than the file's (``sha256``)."""
    whole: Lined | None = None
    ranges: list[PageRange] = []
    for name in parts:
        try:
            with open(name, "rb") as kept:
                sha, part = pickle.load(kept)  # our own process wrote it
        except Exception:  # gone, or cut short: the worker reads the pages
            return None
        if sha != sha256:
            return None
        if isinstance(part, tuple):
            whole = part
        else:
            ranges.append(part)
    return Early(whole, ranges)


def _read_ahead(
    folder: str, paths: list[str], share: Share, memory_mb: int, parent: int
) -> None:
    """Process body: read each file's pages into parts, until killed (or
    until the ingest process is gone: it was killed, so the parts go too)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the ingest process stops it
    faulthandler.disable()  # a crash here is the worker's to find and report
    limit_memory(memory_mb)
    from pipeline.pages import read_range, read_whole
    from pipeline.read import page_count

    for index, path in enumerate(paths):
        try:
            data = Path(path).read_bytes()
            sha = hashlib.sha256(data).hexdigest()
            count = page_count(data)
            if not share.splits(count):
                _keep(folder, index, 0, (sha, read_whole(data)), parent)
                continue
            for order, first in enumerate(range(1, count + 1, RUN_PAGES)):
                numbers = range(first, min(first + RUN_PAGES, count + 1))
                _keep(folder, index, order, (sha, read_range(data, numbers)), parent)
        except _Orphaned:
            shutil.rmtree(folder, ignore_errors=True)
            return
        except Exception:  # its worker reads it again, and says what is wrong
            continue


class _Orphaned(Exception):
    """The ingest process that forked the read-ahead process is gone."""


def _keep(
    folder: str, index: int, order: int, part: tuple[str, Any], parent: int
) -> None:
    """Write one part: under a temporary name, then renamed."""
    if os.getppid() != parent:
        raise _Orphaned
    name = os.path.join(folder, f"{index}-{order}")
    with open(name + ".tmp", "wb") as out:
        pickle.dump(part, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.rename(name + ".tmp", name + PART)
