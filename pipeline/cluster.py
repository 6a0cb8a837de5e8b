"""Run the per-file work on Dask distributed; load the results here.

``diarium ingest --executor dask --scheduler tcp://host:port`` sends every
file's bytes to the cluster (the workers need diarium installed, not the
files) and gets each file's records back, in input order, to the one loader
in this process: the database stays one SQLite file written by one process.
Without ``--scheduler`` a local cluster of ``--workers`` processes is started
on the loopback interface and shut down at the end of the run.

Consecutive files go to the cluster in one task (up to :data:`GROUP_FILES`
files and :data:`GROUP_BYTES` bytes): a task costs the ingest process a few
milliseconds. On a worker each file is read within the same limits as
locally, by a process that each worker thread forks once and keeps from
file to file (:class:`pipeline.reader.Reader`): a file that is too slow,
too large or crashes becomes a failure with the reason, and the next file
is read by a fresh process.
Dask is imported only here, and only when this executor runs (the optional
``dask`` extra: ``pip install 'diarium[dask]'``).
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.core.errors import DiariumError
from extractors.core.models import Failure, FileResult, SourceFile
from pipeline.cluster_local import hush_workers, start_local
from pipeline.isolate import Limits, Results
from pipeline.process import process_data, warm_up
from pipeline.reader import Reader

#: Tasks sent ahead per worker thread of the cluster (bounds the bytes in flight).
AHEAD = 2
#: Most files, and most bytes, sent to the cluster in one task: each task
#: costs the ingest process a few milliseconds of Dask's work (sending,
#: waiting, receiving), as much as reading a file of a few pages on a worker.
GROUP_FILES = 16
GROUP_BYTES = 2 * 2**20
#: How long (seconds) a run waits while the cluster has no worker at all;
#: then the file waited for and every file not yet read fail, and the run ends.
NO_WORKER_SECONDS = 120.0

_warming = threading.Lock()
_kept = threading.local()

log = logging.getLogger(__name__)


class NoDask(DiariumError):
    """The dask executor was asked for but Dask distributed is not installed."""


@dataclass(frozen=True)
class DaskExecutor:
    """Dask distributed: a scheduler's cluster, or a local one started for the run."""

    scheduler: str | None = None
    """Address of a running scheduler (``tcp://host:port``); None: a local cluster."""
    workers: int = 1
    """Worker processes of the local cluster."""
    limits: Limits = Limits()
    """Time and memory each file may take on a worker."""
    idle_seconds: float = NO_WORKER_SECONDS
    """How long the run waits while the cluster has no worker (see
    :data:`NO_WORKER_SECONDS`)."""

    def __post_init__(self) -> None:
        try:
            import distributed  # noqa: F401
        except ImportError as exc:
            raise NoDask(
                "--executor dask needs Dask distributed: pip install 'diarium[dask]'"
            ) from exc

    def run(
        self,
        todo: list[SourceFile],
        hints: list[str | None],
        contacts: bool = False,
        reading: str | None = None,
    ) -> Results:
        """Yield the result of every file of ``todo`` from the cluster, in order.

        Consecutive files go in one task (:func:`groups`). When the cluster
        has had no worker for :attr:`idle_seconds`, the file waited for and
        every later one fail with the reason. A worker whose reading version
        is not ``reading`` reads no file (see :func:`read_files`).
        """
        if len(hints) != len(todo):
            raise ValueError(f"{len(todo)} files but {len(hints)} hints")
        client, cluster = self._connect()
        pending: deque[_Sent] = deque()
        gone: list[str] = []  # why every file left fails, once the workers are gone
        try:
            ahead = AHEAD * max(1, sum(client.nthreads().values()))
            parts = groups(todo)
            parts.reverse()
            while parts or pending:
                while parts and len(pending) < ahead:
                    part = parts.pop()
                    sources, given = [todo[i] for i in part], [hints[i] for i in part]
                    pending.append(
                        self._submit(client, sources, given, contacts, reading, gone)
                    )
                yield from self._results(client, pending.popleft(), gone)
        finally:
            client.cancel([sent.future for sent in pending if sent.future is not None])
            if cluster is not None:
                hush_workers(client)
            client.close()
            if cluster is not None:
                cluster.close()

    def _connect(self) -> tuple[Any, Any]:
        """Return a client, and the local cluster it talks to (None if remote)."""
        from distributed import Client

        logging.getLogger("distributed").setLevel(logging.WARNING)

        if self.scheduler:
            return Client(self.scheduler), None
        cluster = start_local(self.workers)
        return Client(cluster), cluster

    def _submit(
        self,
        client: Any,
        sources: list[SourceFile],
        hints: list[str | None],
        contacts: bool,
        reading: str | None,
        gone: list[str],
    ) -> _Sent:
        """Send a group of files' bytes to the cluster as one task.

        A file whose bytes cannot be read, and every file once the cluster
        has had no worker, gets its :class:`Failure` here.
        """
        sent = _Sent(sources)
        if gone:
            sent.failures = {
                i: Failure(s, gone[0], unread=True) for i, s in enumerate(sources)
            }
            return sent
        data: list[bytes] = []
        for i, source in enumerate(sources):
            try:
                data.append(Path(source.path).read_bytes())
            except OSError as exc:
                unreadable = SourceFile(source.path, f"unreadable:{source.path}", 0)
                sent.failures[i] = Failure(
                    unreadable, f"cannot read file: {exc.strerror}"
                )
        read = [i for i in range(len(sources)) if i not in sent.failures]
        if not read:
            return sent
        try:  # the bytes go to a worker: none there, none within the wait
            (scattered,) = client.scatter([data], hash=False, timeout=self.idle_seconds)
        except TimeoutError:
            gone.append(self._no_worker())
            sent.failures |= {
                i: Failure(sources[i], gone[0], unread=True) for i in read
            }
            return sent
        sent.future = client.submit(
            read_files,
            scattered,
            [sources[i] for i in read],
            [hints[i] for i in read],
            self.limits,
            contacts,
            reading,
            pure=False,
        )
        return sent

    def _results(
        self, client: Any, sent: _Sent, gone: list[str]
    ) -> Iterator[FileResult | Failure]:
        """Yield the results of a group of files, in order; a file the
        cluster gave no result for fails with the reason."""
        from distributed import wait

        results: list[FileResult | Failure] = []
        idle, poll = 0.0, min(5.0, self.idle_seconds)
        future, why = sent.future, ""
        while future is not None and not gone:
            try:
                wait([future], timeout=poll)  # raises only when the wait ends
            except TimeoutError:  # still running, or no worker to run it
                idle = 0.0 if _workers(client) else idle + poll
                if idle >= self.idle_seconds:
                    gone.append(self._no_worker())
                continue
            try:
                results = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker, a broken link
                why = f"the cluster gave no result: {type(exc).__name__}"
            break
        else:
            if future is not None:
                future.cancel()
        given = iter(results)
        for i, source in enumerate(sent.sources):
            if i in sent.failures:
                yield sent.failures[i]
            elif results:
                yield next(given)
            elif why:
                yield Failure(source, why)
            else:
                yield Failure(source, gone[0], unread=True)

    def _no_worker(self) -> str:
        """Return why files fail when the cluster has no worker."""
        return (
            f"the cluster had no worker for {self.idle_seconds:g} s; "
            "the file was not read"
        )


def _workers(client: Any) -> int:
    """Return the number of workers the scheduler knows (0 when it cannot say)."""
    try:
        return len(client.nthreads())
    except Exception:  # noqa: BLE001 - a lost scheduler is a cluster without workers
        return 0


def groups(
    todo: list[SourceFile], files: int = GROUP_FILES, size: int = GROUP_BYTES
) -> list[range]:
    """Return ``todo``'s indexes cut into consecutive groups, each of at most
    ``files`` files and, unless a file alone is larger, ``size`` bytes."""
    cut: list[range] = []
    start, total = 0, 0
    for i, source in enumerate(todo):
        if i > start and (i - start >= files or total + source.bytes > size):
            cut.append(range(start, i))
            start, total = i, 0
        total += source.bytes
    if todo:
        cut.append(range(start, len(todo)))
    return cut


@dataclass
class _Sent:
    """A group of files sent as one task: its future, and the files that
    already failed here (by their place in the group)."""

    sources: list[SourceFile]
    failures: dict[int, Failure] = field(default_factory=dict)
    future: Any = None


def read_files(
    data: list[bytes],
    sources: list[SourceFile],
    hints: list[str | None],
    limits: Limits,
    contacts: bool = False,
    reading: str | None = None,
) -> list[FileResult | Failure]:
    """Cluster task: process each file's bytes, in order, within ``limits``.

    The files are read one after another by a worker process that this
    thread keeps from task to task (:class:`pipeline.reader.Reader`), so a
    file that is too slow, too large or crashes fails alone.

    A worker started before the code or the lexicon changed reads with what
    it loaded then: when its reading version is not the run's ``reading``,
    no file is read (nor recorded, so the next run reads them).
    """
    _warm()
    if reading is not None and _reading() != reading:
        return [Failure(s, _stale(_reading(), reading), unread=True) for s in sources]
    if multiprocessing.current_process().daemon:
        _no_limits()
        return [
            _work(source.path, hint, data=bytes_, contacts=contacts)
            for bytes_, source, hint in zip(data, sources, hints, strict=True)
        ]
    reader = _reader(limits, contacts)
    return [
        _read(reader, source, hint, bytes_)
        for bytes_, source, hint in zip(data, sources, hints, strict=True)
    ]


def _read(
    reader: Reader, source: SourceFile, hint: str | None, data: bytes
) -> FileResult | Failure:
    """Return one file's result; an error of this worker (a fork that
    failed) fails that file alone, not the other files of its task."""
    try:
        return reader.read(source, hint, data)
    except Exception as exc:  # noqa: BLE001 - reported as the task's error was
        return Failure(source, f"the cluster gave no result: {type(exc).__name__}")


def _reader(limits: Limits, contacts: bool) -> Reader:
    """Return this thread's kept reader for these settings (one kept for
    other settings is ended)."""
    key = (limits, contacts)
    kept = getattr(_kept, "reader", None)
    if kept is not None and kept[0] == key:
        return kept[1]
    if kept is not None:
        kept[1].close()
    reader = Reader(functools.partial(_work, contacts=contacts), limits)
    _kept.reader = (key, reader)
    return reader


def _work(
    path: str, hint: str | None, data: bytes, contacts: bool = False
) -> FileResult | Failure:
    """A file's work on a worker: the pure per-file function of its bytes."""
    return process_data(path, data, hint, contacts=contacts)


@functools.cache
def _reading() -> str:
    """Return the reading version of the code and lexicon this worker loaded."""
    from pipeline.incremental import pipeline_version

    return pipeline_version()


def _stale(mine: str, wanted: str) -> str:
    """Return why a worker with other code or lexicon reads no file."""
    return (
        f"the worker reads with other diarium code or lexicon (reading version "
        f"{mine}, this run's {wanted}); restart the cluster's workers"
    )


@functools.cache
def _no_limits() -> None:
    """Warn once that this worker reads files without per-file limits."""
    log.warning(
        "this Dask worker is a daemon process and cannot fork: files are read "
        "without time and memory limits (start workers with "
        "DASK_DISTRIBUTED__WORKER__DAEMON=False)"
    )


@functools.cache
def _warmed() -> bool:
    """Load the language tools once per cluster worker (see ``warm_up``)."""
    warm_up()
    return True


def _warm() -> None:
    """Warm this worker up once, whatever its number of threads."""
    with _warming:
        _warmed()
