"""All cores on one file: read a large file in page ranges, extract its documents apart.

A file's worker (:mod:`pipeline.isolate`) in a pool of several works on a
large file (:class:`Share`) in rounds (:meth:`Share.map`): it and the
helpers it forks for the round read page ranges, then the pages pdfplumber
must read, then set each range's furniture apart and mask it (contacts
too, in a further round; :mod:`pipeline.pages`); after segmentation over
the joined pages they extract the documents, each taking the next one
(:mod:`pipeline.documents`). Each round claims its helpers from the pool's
idle worker slots (:class:`Slots`) and gives them back when it ends, so a
file started beside a busy worker takes the cores that worker leaves at
the end of a batch, from its next round on.
Whatever must see the whole file (running headers, the municipality, case
prefixes) is added up from the parts in the worker. Every page and every
document is computed exactly as in one process, and results are put back in
order, so the database is the same with any number of workers. Helpers are
forked children of the worker: they share its memory limit and its process
group, so a timed-out worker takes them with it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger(__name__)

#: Fewest pages in a range. Each range opens the PDF with the engine again,
#: which costs little: the four ranges of a 1,000-page file (two workers)
#: read in one process took the CPU of one pass (4.75 s and 4.78 s, mean of
#: four runs of time.process_time), so in a pool every file this long is
#: read in ranges, and a round takes the cores that become idle as it runs.
#: The pages pdfplumber must read are cut in one part per process the round
#: has when it starts (each part opens the file: 0.17 s for that file). A
#: file is cut into two ranges per process, for balance, never shorter than
#: this. Each round forks helpers, so a file of fewer than twice this many
#: pages stays in its worker: on a loaded machine a 150-page file gained
#: nothing from a second core.
CHUNK_PAGES = 100


#: Seconds a process waits for the lock of :class:`Slots`. A worker killed
#: while it held the lock (its time limit, in the microseconds a claim
#: takes) would hold it for good: a process that waited this long once
#: takes the lock no more, so its files claim nothing and work alone, and
#: the pool writes its offers without it.
LOCK_WAIT = 1.0


class Slots:
    """A pool's idle worker slots, which its running files claim for helpers.

    Made by the pool before it forks its workers, which inherit it (shared
    memory goes to a child when it is forked, not over a pipe). Cell 0 holds
    the slots the pool offers (its size less its busy workers); cell
    ``1 + k`` what the worker in slot ``k`` has claimed. A claim takes at
    most what is offered less every claim, under one lock, so busy workers
    and their helpers never outnumber the pool when a round starts. The
    pool clears a worker's claims when the worker ends (killed mid-round:
    its helpers end with it).
    """

    def __init__(self, size: int, context: Any = None) -> None:
        context = context or multiprocessing.get_context("fork")
        self.size = size
        self._cells = context.Array("i", size + 1)
        self._raw = self._cells.get_obj()  # written under _locked, or by a cell's owner
        self._lost = False
        """The lock was not had in time once (in this process)."""

    def offer(self, idle: int) -> None:
        """Set the number of idle worker slots (the pool's count)."""
        with self._locked():  # written even so: a lock left held is dead
            self._raw[0] = idle

    def clear(self, slot: int) -> None:
        """Give back every claim of the worker in ``slot`` (it has ended)."""
        with self._locked():
            self._raw[1 + slot] = 0

    def claim(self, slot: int, most: int) -> int:
        """Claim up to ``most`` idle slots for the worker in ``slot``; return
        how many it got."""
        if most <= 0 or self._unclaimed() <= 0:  # at a glance, unlocked
            return 0
        with self._locked() as held:
            if not held:
                return 0
            got = max(0, min(most, self._unclaimed()))
            self._raw[1 + slot] += got
            return got

    def release(self, slot: int, count: int) -> None:
        """Give back ``count`` slots the worker in ``slot`` claimed.

        Without the lock: only that worker writes its cell while it lives (the
        pool clears it once the worker has ended), so a claim is given back
        even after a wait for the lock timed out.
        """
        self._raw[1 + slot] -= count

    def retry(self) -> None:
        """Ask for the lock again, however a wait went in the process this one
        was forked from (a new worker)."""
        self._lost = False

    def free(self) -> int:
        """Return the idle slots nobody has claimed."""
        with self._locked():
            return self._unclaimed()

    def claimed(self, slot: int) -> int:
        """Return what the worker in ``slot`` holds."""
        return int(self._raw[1 + slot])

    def _unclaimed(self) -> int:
        """Return the slots offered less every claim."""
        return int(self._raw[0]) - sum(self._raw[1:])

    @contextmanager
    def _locked(self) -> Iterator[bool]:
        """Hold the lock while the block runs; yield False if it is not had
        in time, now or once before."""
        lock = self._cells.get_lock()
        held = not self._lost and lock.acquire(timeout=LOCK_WAIT)
        self._lost = not held
        try:
            yield held
        finally:
            if held:
                lock.release()


@dataclass(frozen=True)
class Share:
    """What one file may use beyond its own worker process."""

    helpers: int = 0
    """Most extra processes the file may fork at once (0: it works alone)."""
    chunk: int = CHUNK_PAGES
    """Fewest pages per range; a file is split when it has more than twice as many."""
    slots: Slots | None = field(default=None, compare=False, repr=False)
    """The pool's idle slots, each round's helpers claimed from them (its
    worker sets them); None: ``helpers`` are the file's for good."""
    slot: int = 0
    """The worker's own slot in ``slots``."""

    @property
    def processes(self) -> int:
        """Return the most processes working at once on the file."""
        return 1 + max(0, self.helpers)

    def splits(self, pages: int) -> bool:
        """Return True when a file of ``pages`` pages is read in ranges."""
        return self.helpers > 0 and pages > 2 * self.chunk

    def ranges(self, pages: int) -> list[range]:
        """Return the 1-based page ranges a file of ``pages`` pages is read in."""
        parts = max(1, min(pages // self.chunk, 2 * self.processes))
        return page_ranges(pages, parts)

    @contextmanager
    def claimed(self, most: int) -> Iterator[int]:
        """Claim up to ``most`` helpers for one round; yield the processes
        that work (this one too); give the helpers back when the round ends."""
        most = max(0, min(self.helpers, most))
        if self.slots is None or most == 0:
            yield 1 + most
            return
        got = self.slots.claim(self.slot, most)
        try:
            yield 1 + got
        finally:
            self.slots.release(self.slot, got)

    def map(
        self, fn: Callable[[int], R], count: int, order: Sequence[int] | None = None
    ) -> list[R]:
        """Return :func:`shared_map` of ``fn``, by this process and the
        helpers claimed for the round, one an item at most: those idle when
        it starts, and those that become idle while it runs. A round of
        several items is logged (debug) with its processes at its start and
        at its end."""
        with self.claimed(count - 1) as processes:
            joined = 0

            def more() -> bool:
                nonlocal joined
                if self.slots is None or processes + joined >= self.processes:
                    return False
                if self.slots.claim(self.slot, 1) == 0:
                    return False
                joined += 1
                return True

            try:
                join = more if self.slots is not None else None
                return shared_map(fn, count, processes, order, join)
            finally:
                if joined and self.slots is not None:
                    self.slots.release(self.slot, joined)
                if count > 1:
                    log.debug(
                        "a round of %d items on %d to %d processes",
                        count,
                        processes,
                        processes + joined,
                    )

    def map_parts(self, fn: Callable[[list[T]], R], items: list[T]) -> list[R]:
        """Return ``fn`` of each part of ``items`` cut in as many even parts
        as processes the round claims when it starts: for work that costs
        more in more parts (each opens the file again)."""
        with self.claimed(len(items) - 1) as processes:
            cut = page_ranges(len(items), processes)
            parts = [items[r.start - 1 : r.stop - 1] for r in cut]
            done = shared_map(lambda i: fn(parts[i]), len(parts), processes)
        if len(items) > 1:
            log.debug(
                "a round of %d items on %d to %d processes",
                len(items),
                processes,
                processes,
            )
        return done


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
    more: Callable[[], bool] | None = None,
) -> list[R]:
    """Return ``[fn(i) for i in range(count)]``, computed by ``processes`` processes.

    This process and ``processes - 1`` forked children each take the next
    index (in ``order``, else ascending) until none is left, so one that drew
    quick items takes more of them; putting the costliest first keeps them
    ending together. ``more``, when given, is asked before each item this
    process takes, while two are left at least, whether one more child may
    join (a core has become idle). This process's own results are not sent
    anywhere. An exception in a child is raised here; a child killed by a
    signal (its memory limit) kills this process with the same signal, so
    the file fails as it would in one process.
    """
    order = range(count) if order is None else order
    if len(order) <= 1 or (processes <= 1 and more is None):
        alone = {i: fn(i) for i in order}
        return [alone[i] for i in range(count)]
    results = dict(_Round(fn, order, more).run(min(processes, len(order)) - 1))
    return [results[i] for i in range(count)]


class _Round:
    """This process and its helpers taking a round's items from a shared counter."""

    def __init__(
        self,
        fn: Callable[[int], Any],
        order: Sequence[int],
        more: Callable[[], bool] | None,
    ) -> None:
        self.fn, self.order, self.more = fn, order, more
        self.context = multiprocessing.get_context("fork")
        self.taken = self.context.Value("l", 0)
        self.running: list[tuple[Connection, Any]] = []

    def run(self, children: int) -> list[tuple[int, Any]]:
        """Return every ``(index, result)``, ``children`` helpers from the start."""
        try:
            for _ in range(children):
                self.fork()
            done = self.drain(joins=True)
            while self.running:
                conn, child = self.running.pop()
                done += _result(conn, child)
        finally:
            for conn, child in self.running:
                child.kill()
                child.join()
                conn.close()
        return done

    def drain(self, joins: bool = False) -> list[tuple[int, Any]]:
        """Take the next item until none is left; before each (``joins``:
        in this process), let one more helper join when ``more`` says so."""
        done: list[tuple[int, Any]] = []
        while True:
            left = len(self.order) - self.taken.value
            if joins and self.more is not None and left >= 2 and self.more():
                self.fork()
            with self.taken.get_lock():
                k = self.taken.value
                self.taken.value = k + 1
            if k >= len(self.order):
                return done
            done.append((self.order[k], self.fn(self.order[k])))

    def fork(self) -> None:
        """Start one helper taking items too."""
        receive, send = self.context.Pipe(duplex=False)
        child = self.context.Process(target=_child, args=(send, self.drain, False))
        child.start()
        send.close()
        self.running.append((receive, child))


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
