"""Per-file isolation: every file is read in a worker process, within limits.

A file that takes longer than ``Limits.seconds``, needs more memory than
``Limits.memory_mb`` (an address-space limit on its worker), or crashes or
kills its worker becomes a :class:`Failure` with the reason; the batch goes
on. A worker whose file has scanned pages asks for more time before it
reads them with OCR (:class:`MoreTime`,
:data:`pipeline.read.ocr.SECONDS_PER_PAGE` a page), so its limit is
``Limits.seconds`` plus that. Results come back in input order, so one or
many workers give the same database. Workers are forked from the ingest
process, which has already loaded the extractors, and each reads one file
after another (:mod:`pipeline.workers`: a worker that failed a file, timed
out or crashed is replaced), so a file costs a message, not a process.

Each worker leads its own process group, with the helpers it forks to read
a large file on idle cores (:mod:`pipeline.parallel`): in a pool of several
workers every file may claim, round by round, the worker slots left idle
(:class:`Slots`: a worker with no file when none waits, or a worker not
started); a worker that ends gives its claims back. A timed-out worker
is killed with its helpers, and a run that is stopped (an exception, Ctrl-C,
SIGTERM) kills every worker it started before it returns.
"""

from __future__ import annotations

import functools
import inspect
import multiprocessing
import signal
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Protocol

from extractors.core.models import Failure, FileResult, SourceFile
from pipeline.ahead import read_ahead
from pipeline.parallel import CHUNK_PAGES, Share, Slots
from pipeline.parts import Head, join
from pipeline.stop import deferred
from pipeline.workers import Grown, MoreTime, Worker, start

__all__ = ["Executor", "Limits", "LocalExecutor", "MoreTime", "Pool", "run_isolated"]

#: What a file is read with: (path, municipality hint) → result; called with
#: a third argument, a :class:`Share` of idle cores, in a pool of several.
Work = Callable[..., FileResult | Failure]


@dataclass(frozen=True)
class Limits:
    """Per-file limits of a worker."""

    seconds: float = 120.0
    """Wall time one file may take."""
    memory_mb: int = 1536
    """Memory one file may take, on top of what the worker starts with."""


#: Results of a batch, in input order; closing it stops the work still running.
Results = Generator[FileResult | Failure, None, None]


class Executor(Protocol):
    """Where the per-file work of a batch runs."""

    def run(
        self,
        todo: list[SourceFile],
        hints: list[str | None],
        contacts: bool = False,
        reading: str | None = None,
    ) -> Results:
        """Yield the result of every file of ``todo``, in input order.

        ``contacts`` masks private persons' e-mail addresses and phone
        numbers; ``reading`` is the reading version the files are stamped
        with (:func:`pipeline.incremental.pipeline_version`).
        """
        ...


@dataclass(frozen=True)
class LocalExecutor:
    """Worker processes on this machine (the default executor)."""

    workers: int = 1
    limits: Limits = Limits()
    chunk: int = CHUNK_PAGES
    """Fewest pages per range when a large file is read on spare cores."""

    def run(
        self,
        todo: list[SourceFile],
        hints: list[str | None],
        contacts: bool = False,
        reading: str | None = None,
    ) -> Results:
        """Yield the result of every file of ``todo``, each in a worker, in order.

        The workers are forked from this process, so they read with its
        code and lexicon: ``reading`` needs no check here.
        """
        from pipeline.process import process_path  # not at import: --help light

        work = functools.partial(process_path, contacts=contacts)
        return run_isolated(
            todo, hints, work, self.workers, self.limits, self.chunk, ahead=True
        )


def run_isolated(
    todo: list[SourceFile],
    hints: list[str | None],
    work: Work,
    workers: int = 1,
    limits: Limits = Limits(),
    chunk: int = CHUNK_PAGES,
    ahead: bool = False,
) -> Results:
    """Yield ``work(path, hint)`` of every file, in input order, in workers.

    With several ``workers``, every file may claim idle worker slots for
    helpers, round by round (``work(path, hint, Share(workers - 1, chunk))``):
    one large file, or the last ones of a batch, then use all ``workers``
    cores. A ``work`` that takes no third argument is never given one. A
    worker is given its next file before the finished one is yielded, so
    loading overlaps reading. With ``ahead`` (a ``work`` that takes the
    keyword), the first files are read ahead while the language tools load
    (:mod:`pipeline.ahead`).
    """
    pool = Pool(work, max(1, workers), limits, chunk)
    early = None
    waiting = list(range(len(todo)))[::-1]
    done: dict[int, FileResult | Failure] = {}
    next_out = 0
    try:
        if todo:
            from pipeline.process import warm_up  # not at import: --help light

            paths = [source.path for source in todo] if ahead else []
            early = read_ahead(paths, pool.size, chunk, limits.memory_mb)
            warm_up()
            pool.ahead = early.stop() if early is not None else {}
        while next_out < len(todo):
            pool.fill(waiting, todo, hints)
            pool.collect(done, todo, waiting)
            pool.fill(waiting, todo, hints)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        pool.close()
        if early is not None:
            early.close()


def accepts_share(work: Work) -> bool:
    """Return True when ``work`` accepts a third argument (a :class:`Share`)."""
    try:
        signature = inspect.signature(work)
    except (TypeError, ValueError):  # a callable Python cannot inspect
        return False
    try:
        signature.bind("path", None, None)
    except TypeError:
        return False
    return True


class Pool:
    """Up to ``size`` workers (:mod:`pipeline.workers`), started as files wait."""

    def __init__(self, work: Work, size: int, limits: Limits, chunk: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context(
            "fork" if "fork" in methods else "spawn"
        )
        self.work, self.size, self.limits, self.chunk = work, size, limits, chunk
        self.workers: list[Worker] = []
        shares = size > 1 and accepts_share(work)
        self.slots = Slots(size, self.context) if shares else None
        self.again: set[int] = set()
        """Files sent back once for a worker's own fault."""
        self.ahead: dict[int, tuple[bytes, ...]] = {}
        """The parts of files read ahead, by index (:mod:`pipeline.ahead`)."""

    def fill(
        self,
        waiting: list[int],
        todo: list[SourceFile],
        hints: list[str | None],
        data: bytes | None = None,
    ) -> None:
        """Give every idle worker, and every worker slot still free, a file;
        while more files wait than there are workers, send each busy worker
        the file it reads next (:attr:`Worker.queued`; at the end of a batch
        the last files go to whichever worker is idle first); offer the
        slots left idle to the files running. ``data``: the bytes of a
        batch's only file (:class:`pipeline.reader.Reader`)."""
        for worker in [w for w in self.workers if w.retired]:
            self._drop(worker)
            worker.stop()
        share = Share(self.size - 1, self.chunk) if self.slots is not None else None
        while waiting:
            idle = next((w for w in self.workers if not w.busy), None)
            if idle is None and len(self.workers) >= self.size:
                break
            i = waiting.pop()
            with deferred():  # a stop never leaves an untracked worker
                if idle is None:
                    idle = self._start()
                seconds, ahead = self.limits.seconds, self.ahead.get(i, ())
                try:
                    idle.give(i, todo[i], hints[i], seconds, share, data, ahead)
                except OSError:  # it died while idle: the file goes to another
                    self._drop(idle)
                    idle.kill()
                    waiting.append(i)
        for worker in self.workers:
            if len(waiting) <= self.size:
                break
            if worker.index is not None and worker.takes_more(todo[worker.index]):
                i = waiting.pop()
                with deferred():
                    seconds, ahead = self.limits.seconds, self.ahead.get(i, ())
                    try:
                        worker.give(i, todo[i], hints[i], seconds, share, None, ahead)
                    except OSError:  # it died: collect() finds out
                        waiting.append(i)
        if self.slots is not None:
            busy = sum(w.busy for w in self.workers)
            self.slots.offer(0 if waiting else self.size - busy)

    def _start(self) -> Worker:
        """Start a worker in the first free slot (its claims cleared)."""
        taken = {w.slot for w in self.workers}
        slot = min(set(range(self.size)) - taken)
        if self.slots is not None:
            self.slots.clear(slot)
        others = [w.conn for w in self.workers]
        worker = start(
            self.context, self.work, self.limits.memory_mb, others, self.slots, slot
        )
        self.workers.append(worker)
        return worker

    def _drop(self, worker: Worker) -> None:
        """Forget a worker that has ended or ends; give its claims back."""
        self.workers.remove(worker)
        if self.slots is not None:
            self.slots.clear(worker.slot)

    def collect(
        self,
        done: dict[int, FileResult | Failure],
        todo: list[SourceFile],
        waiting: list[int],
    ) -> None:
        """Wait for the next file to finish or time out; record its result
        (a file its worker could not read for a fault of its own goes back to
        ``waiting`` once, for a fresh worker)."""
        busy = [w for w in self.workers if w.busy]
        if not busy:
            return
        timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
        ready = wait([w.conn for w in busy], timeout=timeout)
        now = time.monotonic()
        for worker in busy:
            index = worker.index
            assert index is not None
            if worker.conn in ready:
                result = self._receive(worker, todo[index])
                if isinstance(result, MoreTime):
                    worker.deadline += result.seconds
                    worker.granted += result.seconds
                    continue
                if isinstance(result, Grown):  # it ends: a fresh worker reads
                    worker.kill()
                    self._drop(worker)
                    waiting += [i for i in (worker.queued, index) if i is not None]
                    continue
            elif now >= worker.deadline:
                worker.kill()
                reason = f"took longer than {self.limits.seconds + worker.granted:g} s"
                result = Failure(todo[index], reason)
            else:
                continue
            again = isinstance(result, Failure) and result.again
            if again and index not in self.again:
                self.again.add(index)
                waiting.append(index)
            else:
                done[index] = result
            if worker.killed:  # its time limit, or no whole result
                self._drop(worker)
                if worker.queued is not None:  # sent, not read: another reads it
                    waiting.append(worker.queued)
                continue
            failed = isinstance(result, Failure) and not result.refused
            unread = worker.done(failed=failed)  # a refused file leaves it as it was
            if unread is not None:  # retired with a file sent: another reads it
                worker.kill()
                self._drop(worker)
                waiting.append(unread)
            elif not worker.busy and not worker.process.is_alive():
                worker.kill()  # ended after its result: reaped, helpers too
                self._drop(worker)
            # Ended while reading the file it was sent next: the next collect
            # finds its pipe closed and records that file as crashed, once.

    def _receive(
        self, worker: Worker, source: SourceFile
    ) -> FileResult | Failure | MoreTime | Grown:
        """Return what a worker sent, or why it sent nothing."""
        try:
            result: FileResult | Failure | MoreTime | Grown = worker.conn.recv()
            if isinstance(result, Head):  # a long file's result, in parts
                result = join(result, functools.partial(_in_time, worker))
        except _Late:  # the file's limit passed between two parts
            worker.kill()
            seconds = self.limits.seconds + worker.granted
            return Failure(source, f"took longer than {seconds:g} s")
        except (EOFError, OSError):
            worker.kill()  # its helpers too; its pid is held until joined
            code = worker.process.exitcode
            if code is not None and code < 0:
                name = signal.Signals(-code).name
                return Failure(
                    source,
                    f"the reader crashed ({name}); a file that needs more than "
                    f"{self.limits.memory_mb} MB ends so",
                )
            return Failure(source, f"the reader stopped with status {code}")
        from pipeline.process import OUT_OF_MEMORY

        if isinstance(result, Failure) and result.reason == OUT_OF_MEMORY:
            return Failure(
                result.source, f"needed more than {self.limits.memory_mb} MB"
            )
        return result

    def close(self) -> None:
        """Stop every worker: idle ones end, busy ones (a stopped run) are killed."""
        for worker in self.workers:
            if worker.busy:
                worker.kill()
            else:
                worker.stop()
        self.workers.clear()


class _Late(Exception):
    """A worker's file reached its time limit while its result came in parts."""


#: Seconds a worker whose file's limit has passed may still take to send
#: the next part of its result: the parent may have been busy joining
#: another file's parts when the limit passed (pickling a part takes well
#: under a second).
PART_WAIT = 10.0


def _in_time(worker: Worker) -> object:
    """Return the next part ``worker`` sends; raise :class:`_Late` when it
    comes neither before its file's deadline nor within :data:`PART_WAIT`
    (a worker that stalls between parts would otherwise hold the parent,
    and every other worker's limit, for good)."""
    left = max(worker.deadline - time.monotonic(), PART_WAIT)
    if not worker.conn.poll(left):
        raise _Late
    return worker.conn.recv()
