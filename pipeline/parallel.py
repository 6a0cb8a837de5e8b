"""All cores on one file: read a large file in page ranges, extract its documents apart.

A file's worker (:mod:`pipeline.isolate`) that is granted spare cores
(:class:`Share`) works on the file with forked helpers, round by round
(:func:`shared_map`): it and its helpers read page ranges, then the pages
pdfplumber must read, then set each range's furniture apart and mask it
(contacts too, in a further round; :mod:`pipeline.pages`); after
segmentation over the joined pages they extract the documents, each taking
the next one (:mod:`pipeline.documents`).
Whatever must see the whole file (running headers, the municipality, case
prefixes) is added up from the parts in the worker. Every page and every
document is computed exactly as in one process, and results are put back in
order, so the database is the same with any number of workers. Helpers are
forked children of the worker: they share its memory limit and its process
group, so a timed-out worker takes them with it.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Fewest pages in a range. Each range opens the PDF with the engine again,
#: which costs little (twenty ranges of 50 pages of a 1,000-page file took
#: within 3% of the CPU of one pass); the pages pdfplumber must read are
#: shared out afterwards, one open per process (:mod:`pipeline.pages`). A
#: file is cut into two ranges per process, for balance, never shorter than
#: this. Each round forks helpers, so a file of fewer than twice this many
#: pages stays in its worker: on a loaded machine a 150-page file gained
#: nothing from a second core.
CHUNK_PAGES = 100


@dataclass(frozen=True)
class Share:
    """What one file may use beyond its own worker process."""

    helpers: int = 0
    """Extra processes the file may fork (0: read it in its worker alone)."""
    chunk: int = CHUNK_PAGES
    """Fewest pages per range; a file is split when it has more than twice as many."""

    @property
    def processes(self) -> int:
        """Return the number of processes working at once on the file."""
        return 1 + max(0, self.helpers)

    def splits(self, pages: int) -> bool:
        """Return True when a file of ``pages`` pages is read in ranges."""
        return self.helpers > 0 and pages > 2 * self.chunk

    def ranges(self, pages: int) -> list[range]:
        """Return the 1-based page ranges a file of ``pages`` pages is read in."""
        parts = max(1, min(pages // self.chunk, 2 * self.processes))
        return page_ranges(pages, parts)


def usable_cores() -> int:
    """Return the number of CPUs this process may run on (at least 1)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def page_ranges(pages: int, parts: int) -> list[range]:
    """Return ``parts`` consecutive 1-based page ranges of even length covering
    ``pages`` pages."""
    bounds = [1 + pages * i // parts for i in range(parts + 1)]
    return [range(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def shared_map(
    fn: Callable[[int], R],
    count: int,
    processes: int,
    order: Sequence[int] | None = None,
) -> list[R]:
    """Return ``[fn(i) for i in range(count)]``, computed by ``processes`` processes.

    This process and ``processes - 1`` forked children each take the next
    index (in ``order``, else ascending) until none is left, so one that drew
    quick items takes more of them; putting the costliest first keeps them
    ending together. This process's own results are not sent anywhere. An
    exception in a child is raised here; a child killed by a signal (its
    memory limit) kills this process with the same signal, so the file fails
    as it would in one process.
    """
    order = range(count) if order is None else order
    taken = multiprocessing.get_context("fork").Value("l", 0)

    def drain(_: int = 0) -> list[tuple[int, R]]:
        done: list[tuple[int, R]] = []
        while True:
            with taken.get_lock():
                k = taken.value
                taken.value = k + 1
            if k >= len(order):
                return done
            done.append((order[k], fn(order[k])))

    children = max(0, min(processes, len(order)) - 1)
    context = multiprocessing.get_context("fork")
    running: list[tuple[Connection, Any]] = []
    try:
        for _ in range(children):
            receive, send = context.Pipe(duplex=False)
            child = context.Process(target=_child, args=(send, drain, 0))
            child.start()
            send.close()
            running.append((receive, child))
        done = drain()
        while running:
            conn, child = running.pop()
            done += _result(conn, child)
    finally:
        for conn, child in running:
            child.kill()
            child.join()
            conn.close()
    results = dict(done)
    return [results[i] for i in range(count)]


def _child(conn: Connection, fn: Callable[[Any], Any], item: Any) -> None:
    """Helper body: compute one item, send ``(ok, value or exception)``."""
    try:
        outcome: tuple[bool, Any] = (True, fn(item))
    except BaseException as exc:  # noqa: BLE001 - raised again in the worker
        outcome = (False, exc)
    try:
        conn.send(outcome)
    except Exception as exc:  # noqa: BLE001 - an exception that does not pickle
        conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
    conn.close()


def _result(conn: Connection, child: Any) -> Any:
    """Return what a finished helper sent; raise its exception or its crash."""
    try:
        ok, value = conn.recv()
    except (EOFError, OSError):
        child.join()
        code = child.exitcode or 0
        if code < 0:  # killed: end this worker the same way
            signal.signal(-code, signal.SIG_DFL)
            os.kill(os.getpid(), -code)
        raise RuntimeError(f"a helper process stopped with status {code}") from None
    finally:
        conn.close()
    child.join()
    if not ok:
        raise value
    return value
