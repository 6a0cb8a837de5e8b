"""Worker processes that read one file after another, each within the limits.

Forking a worker for every file cost about 11 ms a file (the fork, the
copy-on-write faults of a child that touches the parent's memory, the exit),
measured on 120 benchmark files: 39% more CPU than reading them in one
process, more than the reading itself once tables were read from the
engine's page objects. A :class:`Worker` is forked once and then served
files one at a time over its pipe, so a file costs a message each way.
While many files wait, a busy worker is also sent the file it reads next
(:attr:`Worker.queued`), so it does not wait for the parent, which may be
saving another file, between two files.

A file keeps every guarantee of a worker of its own:

- its time limit is a deadline the parent holds; a worker past it is killed
  with its process group (the helpers it forked) and replaced;
- its memory limit is the worker's size when the file starts plus
  ``memory_mb`` (the soft address-space limit is set again before each file);
- a worker that crashes fails its file alone and is replaced;
- a worker is retired after a failed file (not one refused for what it is:
  empty, not a PDF, damaged, encrypted; one it could not open for a fault
  of its own, no descriptor or memory left, goes once more to a fresh
  worker), after :data:`MAX_FILES` files, or
  when it has grown :data:`MAX_GROWTH_MB` past its start (Python seldom gives
  freed memory back), so memory does not grow with the batch. The worker
  itself checks its growth before each file (it may have started the next
  one before the parent could look): it answers :class:`Grown` and ends,
  and the parent gives that file to a fresh worker.
"""

from __future__ import annotations

import faulthandler
import os
import resource
import signal
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from typing import Any

from extractors.core.models import Failure, FileResult, SourceFile
from pipeline.parallel import Share, Slots
from pipeline.parts import split

#: Files one worker reads before it is replaced by a fresh one.
MAX_FILES = 200
#: Growth of a worker's address space (MiB) after which it is replaced. On
#: the 348-file benchmark batch a worker grew 3 MiB over 175 files; a file
#: that needs much more memory mostly gives it back (large blocks are
#: unmapped), so this catches fragmentation that stays.
MAX_GROWTH_MB = 128

#: Largest file (bytes) behind which a worker is sent its next file: a
#: 1,000-page file of the benchmark has 15 MiB and takes seconds, a file of
#: a few pages tens of KiB.
QUEUE_BEHIND_BYTES = 4 * 2**20

#: Seconds an idle worker waits for a job before it checks its parent lives.
PARENT_CHECK = 1.0

#: A job sent to a worker: (path, municipality hint, share of spare cores,
#: the file's bytes when the worker is to read them instead of the path,
#: the parts of the file read ahead, pickled, :mod:`pipeline.ahead`).
Job = tuple[str, str | None, Share | None, bytes | None, tuple[bytes, ...]]


@dataclass(frozen=True)
class MoreTime:
    """A worker's request for more time: its file has pages to read with OCR."""

    seconds: float


@dataclass(frozen=True)
class Grown:
    """A worker's answer to a file it will not read: it has grown more than
    :data:`MAX_GROWTH_MB` past its start, and ends."""


@dataclass
class Worker:
    """One worker process, the leader of its own process group."""

    process: Any
    conn: Connection
    index: int | None = None
    """The batch index of the file it reads, None while idle."""
    queued: int | None = None
    """The batch index of the file it was sent to read next, if any."""
    seconds: float = 0.0
    """The time limit of a file."""
    deadline: float = 0.0
    granted: float = 0.0
    """Seconds added to the current file's limit at the worker's request."""
    served: int = 0
    """Files it has read."""
    retired: bool = False
    killed: bool = False
    """The parent killed it (and its helpers)."""
    slot: int = 0
    """Its slot in the pool's :class:`Slots` (where its claims are kept)."""

    @property
    def busy(self) -> bool:
        """Return True while the worker reads a file."""
        return self.index is not None

    def give(
        self,
        index: int,
        source: SourceFile,
        hint: str | None,
        seconds: float,
        share: Share | None = None,
        data: bytes | None = None,
        ahead: tuple[bytes, ...] = (),
    ) -> None:
        """Send the worker one file to read within ``seconds``: at once when
        it is idle, else after its current file (:attr:`queued`). With
        ``data``, the worker reads those bytes (``work(path, hint, data=data)``)
        instead of the file at the path; with ``ahead``, it takes the file's
        pages read ahead (``work(path, hint, share, ahead=ahead)``)."""
        self.conn.send((source.path, hint, share, data, ahead))
        self.seconds = seconds
        if self.index is None:
            self._begin(index)
        else:
            self.queued = index

    def takes_more(self, reading: SourceFile) -> bool:
        """Return True when the worker, ``reading`` its current file, may be
        sent the file it reads next: it is busy, has none queued, goes on
        after its current file unless that one fails or leaves it too large,
        and that file is not large (another worker may be idle long before
        it ends)."""
        return (
            self.busy
            and self.queued is None
            and not self.retired
            and self.served + 1 < MAX_FILES
            and reading.bytes <= QUEUE_BEHIND_BYTES
        )

    def done(self, failed: bool) -> int | None:
        """Mark the current file finished; retire a worker that should not go
        on (it failed the file, or has read :data:`MAX_FILES`). Its queued
        file becomes its current one; return that file's index when the
        worker is retired instead (it must be killed, the file read by
        another)."""
        self.served += 1
        self.retired = failed or self.served >= MAX_FILES
        self.index, queued, self.queued = None, self.queued, None
        if queued is None or self.retired:
            return queued
        self._begin(queued)  # the worker started it as it sent the last result
        return None

    def _begin(self, index: int) -> None:
        """Make ``index`` the current file, its time limit counted from now."""
        self.index, self.granted = index, 0.0
        self.deadline = time.monotonic() + self.seconds

    def kill(self) -> None:
        """Kill the worker and every helper it forked (its process group)."""
        self.killed = True
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except OSError:  # no group (not yet made, or gone): the worker alone
            self.process.kill()
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        """Let an idle worker end on its own; kill it if it does not at once."""
        try:
            self.conn.send(None)
        except OSError:  # already gone
            pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.kill()
        else:
            self.conn.close()


def start(
    context: Any,
    work: Any,
    memory_mb: int,
    others: Sequence[Connection] = (),
    slots: Slots | None = None,
    slot: int = 0,
) -> Worker:
    """Fork a worker that reads the files it is sent with ``work``.

    ``others`` are the parent's ends of the other workers' pipes: the new
    worker closes its copies of them (and of its own parent end), so that
    when the parent dies every worker sees its pipe end and stops.
    ``slots`` are the pool's idle slots, which each :class:`Share` the
    worker is sent claims from as the worker in ``slot``.
    """
    ours, theirs = context.Pipe(duplex=True)
    seat = (slots, slot) if slots is not None else None
    process = context.Process(
        target=_serve,
        args=(theirs, work, memory_mb, [ours, *others], os.getpid(), seat),
    )
    process.start()
    try:
        os.setpgid(process.pid, process.pid)
    except OSError:  # the worker did it first, or has already ended
        pass
    theirs.close()
    return Worker(process, ours, slot=slot)


def _serve(
    conn: Connection,
    work: Any,
    memory_mb: int,
    inherited: list[Connection],
    parent: int,
    seat: tuple[Slots, int] | None = None,
) -> None:
    """Worker body: read each file sent until told to stop (``None``), or
    until the parent is gone (killed: its pipe ends, or this worker is
    handed to another parent)."""
    for copy in inherited:
        copy.close()
    os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    faulthandler.disable()  # a crash is reported by the parent, in one line
    if seat is not None:
        seat[0].retry()  # a wait that timed out in the pool says nothing here
    from pipeline.read import ocr  # not at import: keeps --help light

    ocr.ask_for_time = lambda seconds: conn.send(MoreTime(seconds))
    started = _size(os.getpid())
    while (job := _next_job(conn, parent)) is not None:
        if started and _size(os.getpid()) - started > MAX_GROWTH_MB * 2**20:
            conn.send(Grown())  # the parent gives the file to a fresh worker
            break
        path, hint, share, data, ahead = job
        if share is not None and seat is not None:  # shared memory: inherited
            share = replace(share, slots=seat[0], slot=seat[1])
        limit_memory(memory_mb)
        given = (path, hint) if share is None else (path, hint, share)
        extra: dict[str, Any] = {}
        if data is not None:
            extra["data"] = data
        if ahead:
            extra["ahead"] = ahead
        result = work(*given, **extra)
        del data, job, extra  # the bytes are not held while the worker waits
        _send(conn, result)
    conn.close()


def _next_job(conn: Connection, parent: int) -> Job | None:
    """Return the next job, or None when the parent is done or gone."""
    try:
        while not conn.poll(PARENT_CHECK):
            if os.getppid() != parent:  # the parent died (a SIGKILL)
                return None
        job: Job | None = conn.recv()
    except (EOFError, OSError):
        return None
    return job


def _send(conn: Connection, result: FileResult | Failure) -> None:
    """Send a result, a long one in parts (:mod:`pipeline.parts`); one too
    large for the memory left is a failure. A parent gone meanwhile gets
    nothing (the next wait for a job ends)."""
    try:
        for message in split(result):
            conn.send(message)
    except MemoryError:
        from pipeline.process import OUT_OF_MEMORY

        conn.send(Failure(result.source, OUT_OF_MEMORY))
    except OSError:  # the parent was killed while this file was read
        return


def limit_memory(memory_mb: int) -> None:
    """Cap the address space at its current size plus ``memory_mb`` (soft limit)."""
    current = _size(os.getpid())
    if not current:  # no /proc (not Linux): no memory limit
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = current + memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _size(pid: int) -> int:
    """Return a process's address space in bytes (0 where /proc is missing)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * resource.getpagesize()
