"""The local Dask cluster of one run (``--executor dask`` without ``--scheduler``).

Started on the loopback interface with the run's ``--workers`` processes
and closed at the end of the run. Closing it closes the scheduler without
waiting for its workers, and a worker whose heartbeat was on its way then
logs "Failed to communicate with scheduler during heartbeat" with a
traceback: a known race of Dask's shutdown (one run in 40 of two workers
on a busy machine; closing the workers first, while the scheduler still
answers, left it as often). So just before it closes, every worker is told
to drop that one message (:func:`hush_workers`); a heartbeat lost during
the run is still logged. Dask is imported only when a cluster is started.
"""

from __future__ import annotations

import logging
from typing import Any

#: The start of what a worker logs when its heartbeat meets a closed scheduler.
HEARTBEAT_LOST = "Failed to communicate with scheduler during heartbeat"


def start_local(workers: int) -> Any:
    """Start a local cluster of ``workers`` processes, a thread each."""
    import dask
    from distributed import LocalCluster

    # Workers that are no daemons may fork the process that reads a file.
    dask.config.set({"distributed.worker.daemon": False})
    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )


def hush_workers(client: Any) -> None:
    """Have every worker of the cluster drop :data:`HEARTBEAT_LOST` from now on."""
    try:
        client.run(_drop_heartbeat_lost, on_error="ignore")
    except (OSError, TimeoutError):  # no scheduler to ask: nothing to hush
        pass


class _HeartbeatLost(logging.Filter):
    """Drop the record a worker logs when its heartbeat meets a closed scheduler."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(HEARTBEAT_LOST)


def _drop_heartbeat_lost() -> None:
    """On a worker: drop :data:`HEARTBEAT_LOST` (once a process)."""
    logger = logging.getLogger("distributed.worker")
    if not any(isinstance(f, _HeartbeatLost) for f in logger.filters):
        logger.addFilter(_HeartbeatLost())
