"""Discover stage: paths given by the user → PDF files with their hashes.

A file is hashed unless its size and modification time are those stored
with its hash by an earlier run (:func:`describe_all`).

Every entry whose name ends in ``.pdf`` is accounted for: a regular file is
an input; a folder, named pipe, socket or device so named, a symbolic link to
nothing, a link that loops and a link pointing outside the input folders are
rejected with a reason (and recorded as failed files). A second copy of the
same bytes under another name is read once and recorded as a duplicate of
the first. Nothing is opened
before it is known to be a regular file, so a named pipe never blocks the run
and no error message quotes the bytes of a file that is not an input.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from extractors.core.errors import NoInputFiles
from extractors.core.models import SourceFile
from pipeline.store.connect import parts, path_text
from pipeline.store.hashes import RACY_NS, Hashed

#: Files at least this large are hashed ahead of their turn on threads
#: (:class:`_Ahead`), by at most this many threads.
AHEAD_BYTES = 1 << 20
HASH_THREADS = min(4, os.cpu_count() or 1)

#: The stored hashes of the paths asked for (``{path: hash}``, as stored).
Stored = Callable[[list[str]], Mapping[str, Hashed]]

#: Reasons given for entries that are not readable PDF files.
FOLDER = "a folder, not a file"
DANGLING = "symbolic link to nothing (its target is missing)"
LOOP = "symbolic link that loops"
OUTSIDE = "symbolic link pointing outside the input folders; not followed"
DUPLICATE = "the same content as"

#: The real paths of the paths given (worked out on first use).
Roots = Callable[[], list[Path]]


@dataclass
class Found:
    """What the given paths hold: PDF files, and entries rejected with a reason."""

    files: list[str] = field(default_factory=list)
    """Paths as text: a run over a million files holds no ``Path`` of each."""
    rejected: list[tuple[Path, str]] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)
    """The folders given (or given through a link), as given."""


def find_inputs(paths: Iterable[str | Path]) -> Found:
    """Return the PDF files and the rejected ``*.pdf`` entries under ``paths``.

    Files named explicitly are taken whatever their suffix (a link named
    explicitly is followed); inside folders, names ending in ``.pdf`` in any
    case. Links inside folders are followed only to files within the given
    folders. Raises :class:`NoInputFiles` for a path that does not exist or
    when nothing at all is found.
    """
    given = [Path(p) for p in paths]
    # The real paths of what was given, asked for by links only (resolving
    # 2,178 files named one by one took 0.06 s of an unchanged re-run).
    roots = cache(lambda: [Path(os.path.realpath(p)) for p in given])
    found = Found()
    for path in given:
        _take_given(path, roots, found)
    if not found.files and not found.rejected:
        names = ", ".join(shown(str(p)) for p in given)
        raise NoInputFiles("no PDF files found in " + names)
    if len(given) > 1:  # each folder's walk is in order already
        found.files = sorted(dict.fromkeys(found.files), key=_in_order)
    found.rejected = sorted(dict(found.rejected).items())
    return found


def _take_given(path: Path, roots: Roots, found: Found) -> None:
    """Add one path named by the user: a file, a folder or a link to either."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        raise NoInputFiles(f"no such file or folder: {shown(str(path))}") from None
    if stat.S_ISLNK(mode):
        target = _link_target(path)
        if isinstance(target, str):
            found.rejected.append((path, target))
            return
        mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        found.folders.append(path)
        _walk(path, roots, found)
    elif stat.S_ISREG(mode):
        found.files.append(str(path))
    else:
        found.rejected.append((path, _not_regular(mode)))


def _in_order(path: str) -> str:
    """Return the key that sorts paths as ``Path`` sorts them, part by part:
    the separator sorts before every other character."""
    inner = path.lstrip(os.sep)
    root = path[: len(path) - len(inner)]  # a part of its own ("/" or "//")
    return (root + "\0" if root else "") + inner.replace(os.sep, "\0")


def _walk(folder: Path, roots: Roots, found: Found) -> None:
    """Add the ``*.pdf`` entries under ``folder``, in ``Path`` order (entries
    sorted by name, depth first); links stay inside ``roots``."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        found.rejected.append((folder, f"cannot read folder: {exc.strerror}"))
        return
    here = str(folder) == os.curdir  # "./x" is "x", as a Path spells it
    for entry in entries:
        named_pdf = entry.name.lower().endswith(".pdf")
        if entry.is_symlink():
            if named_pdf:
                _take_link(Path(entry.path), roots, found)
        elif entry.is_dir(follow_symlinks=False):
            if named_pdf:
                found.rejected.append((Path(entry.path), FOLDER))
            _walk(Path(entry.path), roots, found)
        elif named_pdf:
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISREG(mode):  # as text: a run makes no Path a file
                found.files.append(entry.name if here else entry.path)
            else:
                found.rejected.append((Path(entry.path), _not_regular(mode)))


def _take_link(path: Path, roots: Roots, found: Found) -> None:
    """Add a ``*.pdf`` link found in a folder when it leads into ``roots``."""
    target = _link_target(path)
    if isinstance(target, str):
        found.rejected.append((path, target))
    elif not any(target.is_relative_to(root) for root in roots()):
        found.rejected.append((path, OUTSIDE))
    else:
        mode = os.stat(target).st_mode
        if stat.S_ISREG(mode):
            found.files.append(str(path))
        elif stat.S_ISDIR(mode):
            found.rejected.append((path, FOLDER))
        else:
            found.rejected.append((path, _not_regular(mode)))


def _link_target(path: Path) -> Path | str:
    """Return where the link ``path`` leads, or why it leads nowhere."""
    try:
        os.stat(path)
    except OSError as exc:
        return LOOP if exc.errno == errno.ELOOP else DANGLING
    return Path(os.path.realpath(path))


def _not_regular(mode: int) -> str:
    """Return the reason for an entry that is neither a file nor a folder."""
    if stat.S_ISFIFO(mode):
        kind = "a named pipe"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    else:
        kind = "an unknown kind of entry"
    return f"not a regular file ({kind})"


def describe(path: str | Path) -> SourceFile:
    """Return the :class:`SourceFile` of ``path``: its SHA-256 and size.

    The file is opened without blocking, so a named pipe that replaced a
    file since discovery is refused instead of waited on.
    """
    return _hash(path)[0]


def _hash(path: str | Path) -> tuple[SourceFile, os.stat_result]:
    """Return the :class:`SourceFile` of ``path`` and its status before reading."""
    digest = hashlib.sha256()
    size = 0
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return SourceFile(str(path), digest.hexdigest(), size), status


@dataclass
class Described:
    """The files of a batch with their hashes, and what hashing changed."""

    files: list[SourceFile] = field(default_factory=list)
    """Every readable file, in the order given."""
    unreadable: list[tuple[str | Path, str]] = field(default_factory=list)
    """Files that could not be read, with the reason."""
    hashed: dict[str, Hashed] = field(default_factory=dict)
    """Paths (as stored) whose stored hash is new or changed."""


def describe_all(
    paths: Sequence[str | Path],
    stored: Stored,
    rehash: bool = False,
    save: Callable[[dict[str, Hashed]], None] | None = None,
) -> Described:
    """Return the :class:`SourceFile` of every path, reading only changed files.

    A path whose size and modification time are those ``stored`` with its
    hash is taken to hold the same bytes, unread (as git's index does);
    every other path (every path with ``rehash``) is read and hashed. The
    paths are taken a part at a time (:func:`pipeline.store.connect.parts`),
    each part's stored hashes asked for together, so that a run of a million
    files never holds every stored hash at once. ``save``, when given, is
    handed each part's new hashes (:attr:`Described.hashed` then stays
    empty).
    """
    found = Described()
    for part in parts(paths):
        keys = [path_text(str(path)) for path in part]
        before = stored(keys)
        new = [
            p for p, key in zip(part, keys, strict=True) if rehash or key not in before
        ]
        with _Ahead(new) as ahead:
            for path, key in zip(part, keys, strict=True):
                _describe(found, path, key, before.get(key), rehash, ahead)
        if save is not None:
            save(found.hashed)
            found.hashed = {}
    return found


def _describe(
    found: Described,
    path: str | Path,
    key: str,
    before: Hashed | None,
    rehash: bool,
    ahead: _Ahead,
) -> None:
    """Add one path to ``found``: as stored (``before``) when its size and
    time are those stored, unless ``rehash``; else hashed (:class:`_Ahead`
    may have begun it)."""
    try:
        if before is not None and not rehash:
            status = os.stat(path)
            if stat.S_ISREG(status.st_mode) and before[:2] == (
                status.st_size,
                status.st_mtime_ns,
            ):
                found.files.append(SourceFile(str(path), before[2], before[0]))
                return
        source, status = ahead.hash(path)
    except OSError as exc:
        found.unreadable.append((path, f"cannot read file: {exc.strerror}"))
        return
    found.files.append(source)
    mtime: int | None = status.st_mtime_ns
    if time.time_ns() - status.st_mtime_ns < RACY_NS:
        mtime = None  # changed again within the same tick: unseen
    if before != (source.bytes, mtime, source.sha256):
        found.hashed[key] = (source.bytes, mtime, source.sha256)


class _Ahead:
    """The large files of a batch hashed on threads ahead of their turn.

    hashlib lets other threads run while it hashes a block, so files of at
    least :data:`AHEAD_BYTES` are hashed on :data:`HASH_THREADS` threads
    while the files before them are described: 40 files of 20 MB took
    0.28–0.31 s on 2 threads against 0.59 s one after another. Small files
    are hashed in turn, as handing each to a thread costs more than hashing
    it (6,956 files of about 16 KB: 0.35 s on threads, 0.13 s in turn).
    """

    def __init__(self, paths: list[str | Path]) -> None:
        self.large = deque(path for path in paths if _size(path) >= AHEAD_BYTES)
        threads = min(HASH_THREADS, len(self.large))
        self.pool = ThreadPoolExecutor(threads) if threads > 1 else None
        self.room = 2 * threads  # begun and not yet taken, at most
        self.begun: dict[str | Path, Future[tuple[SourceFile, os.stat_result]]] = {}
        self._begin()

    def hash(self, path: str | Path) -> tuple[SourceFile, os.stat_result]:
        """Return :func:`_hash` of ``path`` (raising its ``OSError``); the
        paths are asked for in their order."""
        begun = self.begun.pop(path, None)
        self._begin()
        return begun.result() if begun is not None else _hash(path)

    def _begin(self) -> None:
        """Begin hashing the next large files, up to :attr:`room` of them (a
        batch of a million large files holds no million hashes begun)."""
        while self.pool is not None and self.large and len(self.begun) < self.room:
            path = self.large.popleft()
            self.begun[path] = self.pool.submit(_hash, path)

    def __enter__(self) -> _Ahead:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:  # a stop: hashes not yet begun are dropped
            self.pool.shutdown(cancel_futures=True)


def _size(path: str | Path) -> int:
    """Return a file's size, 0 when it cannot be found out (hashing says why)."""
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def split_duplicates(
    sources: list[SourceFile],
) -> tuple[list[SourceFile], list[tuple[SourceFile, str]]]:
    """Return the first file of each content, and the later copies with a reason.

    The same bytes under a second name (a copy in another folder) are read
    once; the copy is accounted for under a key of its own, so it neither
    replaces nor hides the row of the file it repeats.
    """
    first: dict[str, str] = {}
    unique, copies = [], []
    for source in sources:
        if source.sha256 in first:
            key = SourceFile(source.path, f"duplicate:{source.path}", source.bytes)
            copies.append((key, f"{DUPLICATE} {shown(first[source.sha256])}"))
        else:
            first[source.sha256] = source.path
            unique.append(source)
    return unique, copies


def shown(path: str) -> str:
    """Return ``path`` safe to print: bytes that are no UTF-8 and control
    characters written as escapes (``\\xe9``, ``\\n``)."""
    text = path_text(path)
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
        for c in text
    )
