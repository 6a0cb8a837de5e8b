"""Per-file isolation: each file is read in its own worker process, with limits.

A file that takes longer than ``Limits.seconds``, needs more memory than
``Limits.memory_mb`` (an address-space limit on the worker), or crashes or
kills its worker becomes a :class:`Failure` with the reason; the batch goes
on. A worker whose file has scanned pages asks for more time before it
reads them with OCR (:class:`MoreTime`,
:data:`pipeline.read.ocr.SECONDS_PER_PAGE` a page), so its limit is
``Limits.seconds`` plus that. Results come back in input order, so one or
many workers give the same database. Workers are forked from the ingest
process, which has already loaded the extractors, so a worker starts in
milliseconds.

Each worker leads its own process group, with the helpers it forks to read
a large file on spare cores (:mod:`pipeline.parallel`): a timed-out worker
is killed with its helpers, and a run that is stopped (an exception, Ctrl-C,
SIGTERM) kills every worker it started before it returns.
"""

from __future__ import annotations

import faulthandler
import functools
import inspect
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Protocol

from extractors.core.models import Failure, FileResult, SourceFile
from pipeline.parallel import CHUNK_PAGES, Share
from pipeline.stop import deferred

#: What a file is read with: (path, municipality hint) → result; called with
#: a third argument, a :class:`Share` of spare cores, when there are any.
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
        self, todo: list[SourceFile], hints: list[str | None], contacts: bool = False
    ) -> Results:
        """Yield the result of every file of ``todo``, in input order.

        ``contacts`` masks private persons' e-mail addresses and phone numbers.
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
        self, todo: list[SourceFile], hints: list[str | None], contacts: bool = False
    ) -> Results:
        """Yield the result of every file of ``todo``, each in a worker, in order."""
        from pipeline.process import process_path  # not at import: --help light

        work = functools.partial(process_path, contacts=contacts)
        return run_isolated(todo, hints, work, self.workers, self.limits, self.chunk)


@dataclass
class _Running:
    """A worker reading one file."""

    index: int
    process: Any
    conn: Connection
    deadline: float
    granted: float = 0.0
    """Seconds added to the time limit at the worker's request (OCR pages)."""


@dataclass(frozen=True)
class MoreTime:
    """A worker's request for more time: its file has pages to read with OCR."""

    seconds: float


def run_isolated(
    todo: list[SourceFile],
    hints: list[str | None],
    work: Work,
    workers: int = 1,
    limits: Limits = Limits(),
    chunk: int = CHUNK_PAGES,
) -> Results:
    """Yield ``work(path, hint)`` of every file, in input order, each in a worker.

    When no file waits, a file started on idle cores gets them as helpers
    (``work(path, hint, Share(helpers, chunk))``): one large file, or the last
    ones of a batch, then use all ``workers`` cores. A ``work`` that takes
    no third argument is never given one.
    """
    shares = accepts_share(work)
    if todo:
        from pipeline.process import warm_up  # not at import: keeps --help light

        warm_up()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    waiting = list(range(len(todo)))[::-1]
    running: list[_Running] = []
    done: dict[int, FileResult | Failure] = {}
    next_out = 0
    try:
        while next_out < len(todo):
            while waiting and len(running) < max(1, workers):
                i = waiting.pop()
                spare = 0 if waiting or not shares else workers - len(running) - 1
                share = Share(spare, chunk) if spare > 0 else None
                with deferred():  # a stop never leaves an untracked worker
                    running.append(
                        _start(context, work, i, todo[i], hints[i], limits, share)
                    )
            _collect(running, done, todo, limits)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        _stop_all(running)


def isolated(
    work: Work, source: SourceFile, hint: str | None, limits: Limits
) -> FileResult | Failure:
    """Return ``work(path, hint)`` of one file, computed in a worker within ``limits``.

    For a process that serves files one by one (a Dask worker); the caller
    has warmed up (:func:`pipeline.process.warm_up`).
    """
    context = multiprocessing.get_context("fork")
    done: dict[int, FileResult | Failure] = {}
    running = [_start(context, work, 0, source, hint, limits)]
    try:
        while running:
            _collect(running, done, [source], limits)
    finally:
        _stop_all(running)
    return done[0]


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


def _stop_all(running: list[_Running]) -> None:
    """Kill the workers still running (a stopped run leaves none behind)."""
    for worker in running:
        _kill(worker.process)
        worker.process.join()
        worker.conn.close()


def _start(
    context: Any,
    work: Work,
    index: int,
    source: SourceFile,
    hint: str | None,
    limits: Limits,
    share: Share | None = None,
) -> _Running:
    """Fork a worker for one file, as the leader of its own process group."""
    receive, send = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(send, work, source.path, hint, limits.memory_mb, share)
    )
    process.start()
    try:
        os.setpgid(process.pid, process.pid)
    except OSError:  # the worker did it first, or has already ended
        pass
    send.close()
    return _Running(index, process, receive, time.monotonic() + limits.seconds)


def _kill(process: Any) -> None:
    """Kill a worker and every helper it forked (its process group)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:  # no group (not yet made, or gone): the worker alone
        process.kill()


def _collect(
    running: list[_Running],
    done: dict[int, FileResult | Failure],
    todo: list[SourceFile],
    limits: Limits,
) -> None:
    """Wait for the next worker to finish or time out; record its result."""
    timeout = max(0.0, min(w.deadline for w in running) - time.monotonic())
    ready = wait([w.conn for w in running], timeout=timeout)
    now = time.monotonic()
    for worker in list(running):
        source = todo[worker.index]
        if worker.conn in ready:
            result = _receive(worker, source, limits)
            if isinstance(result, MoreTime):
                worker.deadline += result.seconds
                worker.granted += result.seconds
                continue
            done[worker.index] = result
        elif now >= worker.deadline:
            _kill(worker.process)
            reason = f"took longer than {limits.seconds + worker.granted:g} s"
            done[worker.index] = Failure(source, reason)
        else:
            continue
        worker.process.join()
        worker.conn.close()
        running.remove(worker)


def _receive(
    worker: _Running, source: SourceFile, limits: Limits
) -> FileResult | Failure | MoreTime:
    """Return what a worker sent, or why it sent nothing."""
    try:
        result: FileResult | Failure | MoreTime = worker.conn.recv()
    except (EOFError, OSError):
        _kill(worker.process)  # its helpers too; its pid is held until joined
        worker.process.join()
        code = worker.process.exitcode
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            return Failure(
                source,
                f"the reader crashed ({name}); a file that needs more than "
                f"{limits.memory_mb} MB ends so",
            )
        return Failure(source, f"the reader stopped with status {code}")
    from pipeline.process import OUT_OF_MEMORY

    if isinstance(result, Failure) and result.reason == OUT_OF_MEMORY:
        return Failure(result.source, f"needed more than {limits.memory_mb} MB")
    return result


def _child(
    conn: Connection,
    work: Work,
    path: str,
    hint: str | None,
    memory_mb: int,
    share: Share | None,
) -> None:
    """Worker body: limit memory, read the file, send the result."""
    os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    faulthandler.disable()  # a crash is reported by the parent, in one line
    _limit_memory(memory_mb)
    from pipeline.read import ocr  # not at import: keeps --help light

    ocr.ask_for_time = lambda seconds: conn.send(MoreTime(seconds))
    result = work(path, hint) if share is None else work(path, hint, share)
    try:
        conn.send(result)
    except MemoryError:
        from pipeline.process import OUT_OF_MEMORY

        conn.send(Failure(result.source, OUT_OF_MEMORY))
    conn.close()


def _limit_memory(memory_mb: int) -> None:
    """Cap the worker's address space at its current size plus ``memory_mb``."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
    except OSError:  # no /proc (not Linux): no memory limit
        return
    current = pages * resource.getpagesize()
    cap = current + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
