"""Run the per-file work on Dask distributed; load the results here.

``diarium ingest --executor dask --scheduler tcp://host:port`` sends every
file's bytes to the cluster (the workers need diarium installed, not the
files) and gets each file's records back, in input order, to the one loader
in this process: the database stays one SQLite file written by one process.
Without ``--scheduler`` a local cluster of ``--workers`` processes is started
on the loopback interface and shut down at the end of the run.

On a worker each file is read in a forked process within the same limits as
locally (:func:`pipeline.isolate.isolated`): a file that is too slow, too
large or crashes becomes a failure with the reason and the worker lives on.
Dask is imported only here, and only when this executor runs (the optional
``dask`` extra: ``pip install 'diarium[dask]'``).
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors.core.errors import DiariumError
from extractors.core.models import Failure, FileResult, SourceFile
from pipeline.isolate import Limits, Results, isolated
from pipeline.process import process_data, warm_up

#: Files sent ahead per worker thread of the cluster (bounds the bytes in flight).
AHEAD = 2
#: How long (seconds) a run waits while the cluster has no worker at all;
#: then the file waited for and every file not yet read fail, and the run ends.
NO_WORKER_SECONDS = 120.0

_warming = threading.Lock()

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

        When the cluster has had no worker for :attr:`idle_seconds`, the
        file waited for and every later one fail with the reason. A worker
        whose reading version is not ``reading`` reads no file (see
        :func:`read_file`).
        """
        client, cluster = self._connect()
        pending: deque[tuple[SourceFile, Any]] = deque()
        gone: list[str] = []  # why every file left fails, once the workers are gone
        try:
            ahead = AHEAD * max(1, sum(client.nthreads().values()))
            items = list(zip(todo, hints, strict=True))
            items.reverse()
            while items or pending:
                while items and len(pending) < ahead:
                    source, hint = items.pop()
                    sent = self._submit(client, source, hint, contacts, reading, gone)
                    pending.append((source, sent))
                source, future = pending.popleft()
                yield self._result(client, source, future, gone)
        finally:
            client.cancel([f for _, f in pending if not isinstance(f, Failure)])
            client.close()
            if cluster is not None:
                cluster.close()

    def _connect(self) -> tuple[Any, Any]:
        """Return a client, and the local cluster it talks to (None if remote)."""
        import dask
        from distributed import Client, LocalCluster

        logging.getLogger("distributed").setLevel(logging.WARNING)

        if self.scheduler:
            return Client(self.scheduler), None
        # Workers that are no daemons may fork the process that reads a file.
        dask.config.set({"distributed.worker.daemon": False})
        cluster = LocalCluster(
            n_workers=self.workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        return Client(cluster), cluster

    def _submit(
        self,
        client: Any,
        source: SourceFile,
        hint: str | None,
        contacts: bool,
        reading: str | None,
        gone: list[str],
    ) -> Any:
        """Send one file's bytes to the cluster; return its result's future.

        A :class:`Failure` when the bytes cannot be read or sent.
        """
        if gone:
            return Failure(source, gone[0], unread=True)
        try:
            data = Path(source.path).read_bytes()
        except OSError as exc:
            unreadable = SourceFile(source.path, f"unreadable:{source.path}", 0)
            return Failure(unreadable, f"cannot read file: {exc.strerror}")
        try:  # the bytes go to a worker: none there, none within the wait
            sent = client.scatter(data, hash=False, timeout=self.idle_seconds)
        except TimeoutError:
            gone.append(self._no_worker())
            return Failure(source, gone[0], unread=True)
        return client.submit(
            read_file, sent, source, hint, self.limits, contacts, reading, pure=False
        )

    def _result(
        self, client: Any, source: SourceFile, future: Any, gone: list[str]
    ) -> FileResult | Failure:
        """Return a file's result, or why the cluster gave none."""
        from distributed import wait

        if isinstance(future, Failure):
            return future
        idle, poll = 0.0, min(5.0, self.idle_seconds)
        while not gone:
            try:
                wait([future], timeout=poll)  # raises only when the wait ends
            except TimeoutError:  # still running, or no worker to run it
                idle = 0.0 if _workers(client) else idle + poll
                if idle >= self.idle_seconds:
                    gone.append(self._no_worker())
                continue
            try:
                result: FileResult | Failure = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker, a broken link
                return Failure(
                    source, f"the cluster gave no result: {type(exc).__name__}"
                )
            return result
        future.cancel()
        return Failure(source, gone[0], unread=True)

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


def read_file(
    data: bytes,
    source: SourceFile,
    hint: str | None,
    limits: Limits,
    contacts: bool = False,
    reading: str | None = None,
) -> FileResult | Failure:
    """Cluster task: process one file's bytes in a forked process within ``limits``.

    A worker started before the code or the lexicon changed reads with what
    it loaded then: when its reading version is not the run's ``reading``,
    the file is not read (and not recorded, so the next run reads it).
    """
    _warm()
    if reading is not None and _reading() != reading:
        return Failure(source, _stale(_reading(), reading), unread=True)
    if multiprocessing.current_process().daemon:
        _no_limits()
        return _work(data, source.path, hint, contacts=contacts)
    work = functools.partial(_work, data, contacts=contacts)
    return isolated(work, source, hint, limits)


def _work(
    data: bytes, path: str, hint: str | None, contacts: bool = False
) -> FileResult | Failure:
    """Worker body of :func:`read_file`: the pure per-file function."""
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
