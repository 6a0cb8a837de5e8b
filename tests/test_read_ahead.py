"""Pages read ahead while the language tools load (:mod:`pipeline.ahead`).

A read-ahead process reads the first files' pages while the ingest process
warms up; each file's worker takes them instead of reading those pages
again. The records must be those of reading the file, the parts must be
taken only for the bytes they were read from, and nothing may be left
behind: no process, no folder.
"""

from __future__ import annotations

import functools
import math
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT
from test_structure import dump

from pipeline import ahead as ahead_
from pipeline import isolate, pages, process
from pipeline.ahead import DONE, PART, RUN_PAGES, ReadAhead, load, read_ahead
from pipeline.ingest import ingest
from pipeline.parallel import Share
from pipeline.process import process_path, source_of
from pipeline.read import page_count

#: A file of more than twice this many pages is read in page ranges.
CHUNK = 10
#: The share of idle cores a file of a pool of two workers is given.
SHARE = Share(helpers=1, chunk=CHUNK)


def read_to_the_end(reader: ReadAhead) -> None:
    """Wait until ``reader`` has read every file it was given."""
    deadline = time.monotonic() + 120
    while not Path(reader.folder, DONE).exists() and time.monotonic() < deadline:
        assert reader.process.exitcode is None  # it waits to be killed
        time.sleep(0.01)
    assert reader.process.exitcode is None


def read_all(paths: list[Path]) -> tuple[ReadAhead, dict[int, tuple[bytes, ...]]]:
    """Read ``paths`` ahead to the end; return the reader and its parts."""
    reader = ReadAhead([str(p) for p in paths], SHARE, 1536)
    read_to_the_end(reader)
    parts = reader.stop()
    assert reader.process.exitcode == -signal.SIGKILL
    assert not Path(reader.folder).exists()  # the parts are in memory
    return reader, parts


@pytest.fixture
def files(long_protocol: Path) -> list[Path]:
    """The corpus protocols (a few pages) and a 60-page one (read in ranges)."""
    return sorted(CORPUS.glob("*protokoll*.pdf")) + [long_protocol]


def test_a_part_a_small_file_a_run_of_pages_a_large_one(files: list[Path]) -> None:
    """A file read in one part is one part; one read in ranges is a part for
    every RUN_PAGES pages from its first."""
    counts = [page_count(p.read_bytes()) for p in files]
    _, parts = read_all(files)
    expected = {
        i: math.ceil(n / RUN_PAGES) if n > 2 * CHUNK else 1
        for i, n in enumerate(counts)
    }
    assert {i: len(found) for i, found in parts.items()} == expected
    assert counts[-1] == 60 and expected[len(files) - 1] == 3


def test_pages_read_ahead_give_the_records_of_reading_the_file(
    files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every page read ahead no page is read again, and the result is
    that of reading the file; with a large file's first pages read ahead,
    only the pages after them are read."""
    alone = [process_path(str(p), None, SHARE) for p in files]
    _, parts = read_all(files)

    def unread(*args: object) -> None:
        raise AssertionError("a page read ahead was read again")

    with monkeypatch.context() as patched:
        patched.setattr(pages, "read_whole", unread)
        patched.setattr(pages, "read_range", unread)
        got = [
            process_path(str(p), None, SHARE, ahead=parts[i])
            for i, p in enumerate(files)
        ]
    assert got == alone
    long = len(files) - 1
    asked: list[range] = []
    real = pages.read_range

    def after_the_first_50(data: bytes, numbers: range) -> pages.PageRange:
        assert numbers.start > 2 * RUN_PAGES  # forked helpers raise it back
        asked.append(numbers)
        return real(data, numbers)

    monkeypatch.setattr(pages, "read_range", after_the_first_50)
    got_long = process_path(str(files[long]), None, SHARE, ahead=parts[long][:2])
    assert got_long == alone[long]
    assert asked == [range(51, 61)]  # ten pages: one range, read here


def test_parts_are_taken_only_whole_in_order_and_of_the_same_bytes(
    files: list[Path], tmp_path: Path
) -> None:
    """A part of other bytes, cut short, or after a missing one is not taken;
    a part still being written is not listed."""
    copy = tmp_path / "long.pdf"
    shutil.copy(files[-1], copy)
    data = copy.read_bytes()
    _, parts = read_all([copy])
    (kept,) = parts.values()
    sha = source_of(copy, data).sha256
    early = load(kept, sha)
    assert early is not None and early.whole is None
    numbers = [page.number for part in early.ranges for page in part.raw]
    assert numbers == list(range(1, 61))
    changed = source_of(copy, data + b"\n% changed\n").sha256
    assert load(kept, changed) is None
    assert load((kept[0][:100],), sha) is None  # cut short
    last_sha, last = pickle.loads(kept[2])
    assert last_sha == sha
    assert [page.number for page in last.raw] == list(range(51, 61))
    reader = ReadAhead([str(copy)], SHARE, 1536)
    try:
        read_to_the_end(reader)
        Path(reader.folder, "0-9.tmp").write_bytes(b"half")
        Path(reader.folder, f"0-1{PART}").unlink()  # the second of three parts
        assert reader.stop() == {0: kept[:1]}
    finally:
        reader.close()


def test_a_first_part_of_later_pages_is_not_taken(files: list[Path]) -> None:
    """Parts that do not start at page 1 are read again, not taken."""
    long = files[-1]
    _, parts = read_all([long])
    sha = source_of(long, long.read_bytes()).sha256
    early = load(parts[0][1:], sha)
    assert early is not None
    assert pages._first_pages(early.ranges) == []
    result = process_path(str(long), None, SHARE, ahead=parts[0][1:])
    assert result == process_path(str(long), None, SHARE)


def test_nothing_is_read_ahead_without_a_core_or_a_worker_to_spare(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One worker, one usable core, or no file: no read-ahead process."""
    assert read_ahead(["a.pdf"], 1, CHUNK, 100) is None
    assert read_ahead([], 2, CHUNK, 100) is None
    monkeypatch.setattr(ahead_, "usable_cores", lambda: 1)
    assert read_ahead(["a.pdf"], 2, CHUNK, 100) is None


def test_no_folder_for_the_parts_means_no_read_ahead(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A temporary folder that cannot be made leaves the reading to the workers."""

    def unwritable(**kwargs: object) -> str:
        raise PermissionError(13, "Permission denied", "/tmp")

    monkeypatch.setattr(ahead_, "usable_cores", lambda: 2)
    monkeypatch.setattr(ahead_.tempfile, "mkdtemp", unwritable)
    assert read_ahead(["a.pdf"], 2, CHUNK, 100) is None


def test_no_process_for_the_reading_means_no_read_ahead_and_no_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A process that cannot be started leaves the reading to the workers,
    and the folder made for its parts is removed."""

    class Unstartable:
        def __init__(self, **kwargs: object) -> None:
            pass

        def start(self) -> None:
            raise BlockingIOError(11, "Resource temporarily unavailable")

    class Context:
        Process = Unstartable

    monkeypatch.setattr(ahead_, "usable_cores", lambda: 2)
    monkeypatch.setattr(ahead_.multiprocessing, "get_context", lambda kind: Context)
    monkeypatch.setattr(ahead_.tempfile, "tempdir", str(tmp_path))
    assert read_ahead(["a.pdf"], 2, CHUNK, 100) is None
    assert list(tmp_path.iterdir()) == []


def test_an_ingest_with_files_read_ahead_equals_one_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers given every corpus file read ahead write the database one
    worker writes, reading no file themselves; the process has ended and
    its folder is gone."""
    started: list[ReadAhead] = []
    real = read_ahead

    def unread(*args: object) -> None:
        raise AssertionError("a file read ahead was read again")

    def read_everything(*args: object) -> ReadAhead | None:
        reader = real(*args)  # type: ignore[arg-type]
        if reader is not None:  # every file read before the workers start
            read_to_the_end(reader)
            started.append(reader)
            monkeypatch.setattr(pages, "read_whole", unread)  # in the workers
        return reader

    monkeypatch.setattr(ahead_, "usable_cores", lambda: 2)
    monkeypatch.setattr(isolate, "read_ahead", read_everything)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    ingest([CORPUS], str(one))
    assert started == []  # one worker reads nothing ahead
    summary = ingest([CORPUS], str(two), workers=2)
    assert (summary.loaded, summary.failed) == (9, 0)
    (reader,) = started
    assert reader.process.exitcode == -signal.SIGKILL
    assert not Path(reader.folder).exists()
    assert dump(one) == dump(two)


ORPHAN = """
import os, sys
from pipeline.ahead import ReadAhead
from pipeline.parallel import Share
copies, wanted, how = int(sys.argv[2]), sys.argv[3], sys.argv[4]
reader = ReadAhead([sys.argv[1]] * copies, Share(helpers=1, chunk=10), 1536)
while not any(n.endswith(wanted) for n in os.listdir(reader.folder)):
    pass
print(reader.folder, reader.process.pid, flush=True)
if how == "group":  # as a shell's kill -9 -PGID, or a hang-up, does
    os.killpg(os.getpgrp(), 9)
os._exit(0)  # as if killed: nothing of this process's own clean-up runs
"""


@pytest.mark.parametrize(
    ("copies", "wanted", "how"),
    [(1000, PART, "exit"), (1, DONE, "exit"), (1, DONE, "group")],
    ids=["while it reads", "when it has read everything", "its group killed"],
)  # reading every copy would take a minute
def test_a_read_ahead_left_by_a_killed_ingest_ends_and_removes_its_parts(
    long_protocol: Path, copies: int, wanted: str, how: str
) -> None:
    """The ingest process gone (its process group too), the process ends
    (at its next part, or waiting once it has read everything) and takes
    its folder with it."""
    with subprocess.Popen(
        [sys.executable, "-c", ORPHAN, str(long_protocol), str(copies), wanted, how],
        stdout=subprocess.PIPE,  # the read-ahead process holds it open too
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        start_new_session=True,  # a group of its own, not this test's
    ) as script:
        assert script.stdout is not None
        folder, pid = script.stdout.readline().split()
        assert script.wait(timeout=60) == (-signal.SIGKILL if how == "group" else 0)
    deadline = time.monotonic() + 15
    while (Path(folder).exists() or running(int(pid))) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(folder).exists()
    assert not running(int(pid))


def running(pid: int) -> bool:
    """Return True while process ``pid`` runs (a zombie has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    state = next(line for line in status.splitlines() if line.startswith("State:"))
    return "zombie" not in state


def test_a_run_stopped_while_the_tools_load_ends_the_read_ahead(
    monkeypatch: pytest.MonkeyPatch, long_protocol: Path
) -> None:
    """Ctrl-C during the warm-up: the process is killed and its folder gone."""
    started: list[ReadAhead] = []
    real = read_ahead

    def kept(*args: object) -> ReadAhead | None:
        reader = real(*args)  # type: ignore[arg-type]
        assert reader is not None
        started.append(reader)
        return reader

    def interrupted() -> None:
        while not any(Path(started[0].folder).glob(f"*{PART}")):
            time.sleep(0.01)  # it has read a part
        raise KeyboardInterrupt

    monkeypatch.setattr(ahead_, "usable_cores", lambda: 2)
    monkeypatch.setattr(isolate, "read_ahead", kept)
    monkeypatch.setattr(process, "warm_up", interrupted)
    todo = [source_of(long_protocol, long_protocol.read_bytes())] * 50  # seconds
    work = functools.partial(process_path, contacts=False)
    with pytest.raises(KeyboardInterrupt):
        list(isolate.run_isolated(todo, [None] * 50, work, 2, ahead=True))
    (reader,) = started
    assert reader.process.exitcode == -signal.SIGKILL
    assert not Path(reader.folder).exists()
