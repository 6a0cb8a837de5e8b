"""One ingest at a time per database: a lock on ``<database>.lock``.

An ingest holds an exclusive lock (a POSIX record lock, ``lockf``: its
worker processes, forked, do not share it, so a run killed outright lets
go at once even while its workers wind down) on a file beside the database
for the whole run, so a second ingest of the same database stops at once
with a clear message, instead of failing on SQLite's "database is locked"
part way or interleaving its writes with the first run's. ``diarium serve``
asks the lock without waiting before it repairs a stopped run: while an
ingest runs, the run is not stopped, and the ingest rebuilds the derived
tables itself when it ends. ``diarium track set`` holds it while it records
a correction and recomputes statuses.

The lock goes with the process (a run killed outright holds it no more);
the file stays. Its holder writes its name in it (for others' messages)
and empties it before it lets go; a process taking the lock empties it
first, so a name left by a killed run is never taken for a later holder's.
Where ``fcntl`` is missing (Windows) nothing is locked.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from extractors.core.errors import DiariumError

try:
    import fcntl
except ImportError:  # Windows: no lockf
    fcntl = None  # type: ignore[assignment]


class IngestRunning(DiariumError):
    """Another process is writing to the database (an ingest, mostly)."""

    def __init__(self, message: str, holder: str = "ingest") -> None:
        super().__init__(message)
        self.holder = holder
        """The command holding the lock, as it wrote it in the lock file."""


#: The commands that take the lock, as the lock file names its holder.
HOLDERS = ("ingest", "track set", "serve")


class LockUnavailable(DiariumError):
    """The lock file beside the database cannot be made or opened."""


def lock_path(db_path: str) -> str:
    """Return the lock file of the database at ``db_path`` (beside the file
    it is, through links and however the path is spelt)."""
    return os.path.realpath(db_path) + ".lock"


@contextmanager
def writing(db_path: str, holder: str | None = "ingest") -> Iterator[None]:
    """Hold the database's writer lock for the block, as ``holder`` (one of
    :data:`HOLDERS`, written in the lock file for the message others get;
    None writes nothing: a process only asking whether the lock is free).

    Raise :class:`IngestRunning` at once when another process holds it.
    """
    if fcntl is None:
        yield
        return
    path = lock_path(db_path)
    try:  # as writable as the database is (SQLite makes its -wal file so)
        mode: int | None = os.stat(path.removesuffix(".lock")).st_mode & 0o666
    except OSError:
        mode = None  # a new database: the umask decides, as for it
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise LockUnavailable(
            f"cannot write beside {db_path} ({path}): {exc.strerror}"
        ) from None
    locked = False
    try:
        if mode is not None and os.fstat(handle).st_uid == os.geteuid():
            with suppress(OSError):  # a file system without modes: as it is
                os.fchmod(handle, mode)
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            other = _holder(handle)
            raise IngestRunning(
                f"another diarium {other} is writing to {db_path}: wait until it "
                "finishes",
                other,
            ) from None
        locked = True
        with suppress(OSError):  # a name for others' messages, nothing more
            os.ftruncate(handle, 0)  # a probe (None) names no earlier holder
            if holder is not None:
                os.pwrite(handle, holder.encode(), 0)
        yield
    finally:
        if locked:  # still held: the next holder's name is its own or none
            with suppress(OSError):
                os.ftruncate(handle, 0)
        os.close(handle)  # releases the lock


def _holder(handle: int) -> str:
    """Return the holder the lock file names ("ingest" when it names none:
    a holder that has not written its name yet, or older code)."""
    try:
        said = os.pread(handle, 32, 0).decode("ascii", "replace")
    except OSError:
        return "ingest"
    return said if said in HOLDERS else "ingest"


def ingest_running(db_path: str) -> bool:
    """Return True when another process holds the writer lock of ``db_path``
    now (an ingest, mostly; :func:`writing` names the holder).

    Ask from another process than the ingest's: a process that closes the
    lock file lets go of its own record lock.
    """
    if fcntl is None or not os.path.exists(lock_path(db_path)):
        return False
    try:
        with writing(db_path, holder=None):
            return False
    except IngestRunning:
        return True
    except LockUnavailable:  # a read-only folder: no ingest can write there
        return False
