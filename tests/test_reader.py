"""A cluster worker's kept reader, and the groups of files sent as one task."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import CORPUS, ROOT
from test_stop import alive, descendants
from test_workers import _wait_until_dead

from extractors.core.models import Failure, FileResult, SourceFile
from pipeline.cluster import _work, groups
from pipeline.discover import describe
from pipeline.isolate import Limits
from pipeline.process import process_path, warm_up
from pipeline.reader import Reader

GOOD = CORPUS / "granvik_ks_kallelse_2024-04-02.pdf"


def _answer(path: str, hint: str | None, data: bytes) -> FileResult | Failure:
    """Answer with the reading process's pid and the bytes it was given (a
    refusal, so that the worker goes on); stall on ``slow``, crash on ``crash``."""
    if data == b"slow":
        time.sleep(30)
    if data == b"crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    source = SourceFile(path, "0" * 64, len(data))
    return Failure(source, f"{os.getpid()} {data.decode()} {hint}", refused=True)


def _read(reader: Reader, data: bytes, hint: str | None = None) -> str:
    """Return the reason the reader's worker gave for ``data``."""
    result = reader.read(SourceFile(f"{data!r}.pdf", "0" * 64, len(data)), hint, data)
    assert isinstance(result, Failure)
    return result.reason


def test_one_worker_reads_every_file_it_is_given_as_bytes() -> None:
    """Three files, each read from the bytes given, by one forked process."""
    reader = Reader(_answer, Limits())
    try:
        answers = [
            _read(reader, data, hint)
            for data, hint in ((b"a", "Ale"), (b"b", None), (b"c", "Bjuv"))
        ]
    finally:
        reader.close()
    pids = {answer.split()[0] for answer in answers}
    assert len(pids) == 1 and pids != {str(os.getpid())}
    assert [answer.split(" ", 1)[1] for answer in answers] == [
        "a Ale",
        "b None",
        "c Bjuv",
    ]


def test_a_slow_or_crashing_file_fails_alone_and_a_fresh_worker_reads_on() -> None:
    """Past its limit, or killed by a signal, a file fails with the reason;
    the next file is read by a new process; closing leaves none behind."""
    before = descendants(os.getpid())
    reader = Reader(_answer, Limits(seconds=2.0))
    try:
        first = _read(reader, b"a")
        slow = reader.read(SourceFile("slow.pdf", "1" * 64, 4), None, b"slow")
        second = _read(reader, b"b")
        crash = reader.read(SourceFile("crash.pdf", "2" * 64, 5), None, b"crash")
        third = _read(reader, b"c")
    finally:
        reader.close()
    assert isinstance(slow, Failure) and slow.reason == "took longer than 2 s"
    assert isinstance(crash, Failure)
    assert crash.reason.startswith("the reader crashed (SIGSEGV)")
    pids = [answer.split()[0] for answer in (first, second, third)]
    assert len(set(pids)) == 3
    assert descendants(os.getpid()) - before == set()


def test_a_worker_killed_while_idle_is_replaced_before_the_next_file() -> None:
    """A kept worker killed between two files (from outside) cannot take the
    next one (its pipe is closed): a fresh worker reads it, and it does not
    fail."""
    reader = Reader(_answer, Limits())
    try:
        first = _read(reader, b"a")
        pid = int(first.split()[0])
        os.kill(pid, signal.SIGKILL)
        _wait_until_dead(pid)  # its pipe closed, not yet reaped
        second = _read(reader, b"b")
    finally:
        reader.close()
    assert second.split()[0] != first.split()[0]
    assert second.split(" ", 1)[1] == "b None"


def test_a_kept_reader_gives_the_result_of_a_pdf_read_in_process() -> None:
    """The corpus file read from its bytes by the kept worker is the file
    read in this process, twice over (the worker is reused)."""
    warm_up()
    reader = Reader(_work, Limits())
    try:
        source, data = describe(GOOD), GOOD.read_bytes()
        got = [reader.read(source, None, data) for _ in range(2)]
    finally:
        reader.close()
    assert got == [process_path(str(GOOD))] * 2


def test_an_error_of_the_worker_fails_its_file_alone() -> None:
    """A task's files are read one by one: a file the worker cannot even
    send to its reading process (here "bytes" that cannot be pickled) fails
    alone, in its place; the files around it are read (here refused: not
    PDFs)."""
    from pipeline import cluster

    sources = [SourceFile(f"{n}.pdf", f"{n}" * 64, 1) for n in range(3)]
    data = [b"x", lambda: None, b"y"]
    try:
        got = cluster.read_files(data, sources, [None] * 3, Limits())  # type: ignore[list-item]
    finally:
        cluster._kept.reader[1].close()
    assert [(r.source.path, r.reason) for r in got] == [
        ("0.pdf", "not a PDF (no %PDF header in its first 1024 bytes)"),
        ("1.pdf", "the cluster gave no result: AttributeError"),
        ("2.pdf", "not a PDF (no %PDF header in its first 1024 bytes)"),
    ]


def _sized(*sizes: int) -> list[SourceFile]:
    """Return files of the given sizes."""
    return [SourceFile(f"{i}.pdf", f"{i:064d}", size) for i, size in enumerate(sizes)]


def test_files_are_grouped_by_count_and_bytes_in_their_order() -> None:
    """At most ``files`` files and ``size`` bytes a group; a larger file
    goes alone; the order is kept."""
    assert groups(_sized(*[10] * 20), files=16) == [range(0, 16), range(16, 20)]
    assert groups(_sized(150, 100, 50, 300, 10, 10), size=200) == [
        range(0, 1),
        range(1, 3),
        range(3, 4),
        range(4, 6),
    ]
    assert groups([]) == []
    assert groups(_sized(5)) == [range(0, 1)]


EXITING = """
import sys, threading
from test_reader import _answer
from extractors.core.models import SourceFile
from pipeline.isolate import Limits
from pipeline.reader import Reader
kept = threading.local()
read = threading.Semaphore(0)
printing = threading.Lock()  # print writes the text and its newline apart
def task():
    kept.reader = Reader(_answer, Limits())
    reason = kept.reader.read(SourceFile("a.pdf", "0" * 64, 1), None, b"a").reason
    with printing:
        print(reason, flush=True)
    read.release()
if sys.argv[1] == "main":
    task()
else:  # two threads, each with its reader, alive until the process ends
    def serve():
        task()
        threading.Event().wait()
    for _ in range(2):
        threading.Thread(target=serve, daemon=True).start()
    for _ in range(2):
        read.acquire(timeout=30)
print("exiting", flush=True)
"""


@pytest.mark.parametrize("threads", ["main", "two"])
def test_a_process_with_readers_left_open_exits_and_ends_them(threads: str) -> None:
    """A process that keeps readers (as a Dask worker's threads do) and never
    closes them exits, and its kept workers end with it (before, it waited
    at exit for workers that waited for a file: the run hit its timeout)."""
    env = os.environ | {"PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests'}"}
    done = subprocess.run(
        [sys.executable, "-P", "-c", EXITING, threads],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        start_new_session=True,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.split("\n")
    readers = {line.split()[0] for line in lines if line.endswith(" a None")}
    assert len(readers) == (1 if threads == "main" else 2)
    assert lines[-2:] == ["exiting", ""]
    for pid in readers:
        assert not alive(int(pid))
