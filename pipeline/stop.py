"""Stopping a run on SIGTERM or Ctrl-C without losing what was loaded.

:func:`stop_on_signals` turns SIGTERM (and SIGINT) into :class:`Stopped`, an
exception raised where the main thread is, which ends the workers (see
:func:`pipeline.isolate.run_isolated`) and leaves the database marked as not
finished: the next ``ingest`` or ``serve`` rebuilds its derived state. A file
being written is never cut: :func:`deferred` holds the signals until its
transaction is committed.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

#: The signals that stop a run.
STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


class Stopped(KeyboardInterrupt):
    """The run was asked to stop by a signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        """Return the shell's status for death by this signal (128 + number)."""
        return 128 + self.signum


def _raise(signum: int, frame: FrameType | None) -> None:
    """Signal handler: stop the run where it is."""
    raise Stopped(signum)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGTERM and SIGINT raise :class:`Stopped` (main thread)."""
    before = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    for signum in STOP_SIGNALS:
        signal.signal(signum, _raise)
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


@contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGTERM and SIGINT for the block; a stop asked meanwhile follows it."""
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
