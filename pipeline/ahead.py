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
idled), the parts are taken into memory and the folder is removed, so an
ingest process killed later leaves nothing behind; one killed before that
leaves the process, which sees it is gone and removes the folder itself.
Each file's worker is sent its file's parts (:func:`load` reads them) and
takes them instead of reading those pages again. A part read from other
bytes (the file changed since) is not taken. The pages are read by the
same code as in the worker, and a page is read alike in any range, so the
database is the same.
"""

from __future__ import annotations

import contextlib
import faulthandler
import hashlib
import logging
import multiprocessing
import os
import pickle
import shutil
import signal
import tempfile
import time
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
#: The file the process writes when it has read every file it was given;
#: it then waits, until it is killed or the ingest process is gone.
DONE = "done"
#: Seconds between two looks at whether the ingest process is still there.
PARENT_CHECK = 0.1


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
        pid = self.process.pid
        if pid is not None:
            with contextlib.suppress(OSError):  # or the process did it first
                os.setpgid(pid, pid)

    def stop(self) -> dict[int, tuple[bytes, ...]]:
        """Kill the process and remove the folder; return the parts of each
        file it read (pickled), by the file's index in ``paths``, a file's
        parts consecutive from its first (none that cannot be read)."""
        self._end()
        try:
            names = sorted(
                (int(index), int(order), name)
                for name in os.listdir(self.folder)
                if name.endswith(PART)
                for index, order in [name[: -len(PART)].split("-")]
            )
            parts: dict[int, list[bytes]] = {}
            for index, order, name in names:
                kept = parts.setdefault(index, [])
                if order == len(kept) and (part := _bytes(self.folder, name)):
                    kept.append(part)
            return {index: tuple(kept) for index, kept in parts.items() if kept}
        except OSError:  # the folder is gone: the workers read every page
            return {}
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

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


def load(parts: Sequence[bytes], sha256: str) -> Early | None:
    """Return the pages read ahead in ``parts``, or None when a part cannot
    be read or was read from other bytes than the file's (``sha256``)."""
    whole: Lined | None = None
    ranges: list[PageRange] = []
    for kept in parts:
        try:
            sha, part = pickle.loads(kept)  # our own process wrote it
        except Exception:  # cut short: the worker reads the pages
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
    """Process body: read each file's pages into parts, then wait; until
    killed, or until the ingest process is gone (killed: then this process
    removes the folder)."""
    # A group of its own, as a worker's: a signal to the ingest process's
    # group (a kill, a hang-up) does not end it before it removes the folder.
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
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
            break
        except Exception:  # its worker reads it again, and says what is wrong
            continue
    else:
        with contextlib.suppress(OSError):
            Path(folder, DONE).touch()
        while os.getppid() == parent:  # until killed, or the parent is gone
            time.sleep(PARENT_CHECK)
    shutil.rmtree(folder, ignore_errors=True)  # the ingest process is gone


class _Orphaned(Exception):
    """The ingest process that forked the read-ahead process is gone."""


def _bytes(folder: str, name: str) -> bytes:
    """Return the bytes of one part (none if it cannot be read)."""
    try:
        with open(os.path.join(folder, name), "rb") as kept:
            return kept.read()
    except OSError:
        return b""


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
