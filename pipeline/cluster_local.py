"""The local Dask cluster of one run (``--executor dask`` without ``--scheduler``).

Started on the loopback interface with the run's ``--workers`` processes,
and closed at the end of the run: its workers first, then its scheduler.
Closing the cluster alone closes the scheduler without waiting for the
workers, and a worker whose heartbeat was on its way then logs "Failed to
communicate with scheduler during heartbeat" with a traceback (a known race
of Dask's shutdown: one run in 40 of two workers on a busy machine).
Dask is imported only when a cluster is started.
"""

from __future__ import annotations

import logging
import time
from typing import Any

#: How long (seconds) the end of a run waits for the local cluster's
#: workers to close before it closes the scheduler.
CLOSING_SECONDS = 10.0


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


def close_workers(client: Any, cluster: Any, wait: float = CLOSING_SECONDS) -> bool:
    """Close ``cluster``'s workers while its scheduler still answers; return
    True when the scheduler lists none within ``wait`` seconds."""
    cluster.scale(0)
    deadline = time.monotonic() + wait
    try:
        while client.scheduler_info()["workers"]:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
    except (OSError, TimeoutError):  # the scheduler is gone: nothing to wait for
        return False
    return True
