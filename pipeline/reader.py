"""A worker kept from file to file, for a process handed its files one at a time.

A Dask worker's thread is given one task at a time (:mod:`pipeline.cluster`);
forking a worker for each of its files, as :func:`pipeline.isolate.run_isolated`
does for a batch of one, cost 11–16 ms a file of the benchmark's batch
(measured twice), as much as reading a file of a few pages. A
:class:`Reader` keeps one worker of :mod:`pipeline.workers` between calls.
"""

from __future__ import annotations

import functools
import multiprocessing.util

from extractors.core.models import Failure, FileResult, SourceFile
from pipeline.isolate import Limits, Pool, Work
from pipeline.parallel import CHUNK_PAGES


class Reader:
    """One worker kept from file to file, for a process that is handed its
    files one at a time (each thread of a Dask worker, :mod:`pipeline.cluster`).

    Each file keeps the guarantees of :func:`pipeline.isolate.run_isolated`:
    its time and memory limits, a crash or failure that ends the worker
    alone (the next file gets a fresh one); but a file costs a message, not
    a fork. The caller has warmed
    up (:func:`pipeline.process.warm_up`); :meth:`close` ends the worker, and
    so does the end of this process (multiprocessing waits for its children
    when a process exits, and a kept worker would wait for its next file).
    """

    def __init__(self, work: Work, limits: Limits) -> None:
        self._pool = Pool(work, 1, limits, CHUNK_PAGES)
        _READERS.add(self)
        _close_at_exit()

    def read(
        self, source: SourceFile, hint: str | None, data: bytes | None = None
    ) -> FileResult | Failure:
        """Return ``work(path, hint)`` of one file, or of its bytes ``data``
        (``work(path, hint, data=data)``), read by the kept worker."""
        pool, waiting = self._pool, [0]
        done: dict[int, FileResult | Failure] = {}
        pool.again.clear()
        while 0 not in done:
            pool.fill(waiting, [source], [hint], data)
            pool.collect(done, [source], waiting)
        return done[0]

    def close(self) -> None:
        """End the worker (killed if it still reads)."""
        self._pool.close()
        _READERS.discard(self)


#: The readers not yet closed, closed when this process exits.
_READERS: set[Reader] = set()


@functools.cache
def _close_at_exit() -> None:
    """Close every reader left open when this process exits, before
    multiprocessing waits for its children (a finalizer with an exit
    priority runs first)."""
    multiprocessing.util.Finalize(None, _close_readers, exitpriority=10)


def _close_readers() -> None:
    """Close every reader not yet closed."""
    for reader in list(_READERS):
        reader.close()
