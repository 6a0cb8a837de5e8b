"""Workers read one file after another, and are replaced when they must be.

The work functions here name the worker that ran them (its process id, in
the result's ``municipality``), so a test can see which files shared one.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from conftest import CORPUS

from bench.pdfbytes import assemble
from extractors.core.models import Failure, FileResult, SourceFile
from pipeline import workers
from pipeline.isolate import Limits, run_isolated

_HELD: list[bytes] = []


def _source(name: str) -> SourceFile:
    """A file named ``name``: 10 MiB when the name says large, else 1 byte."""
    size = 10 * 2**20 if name.startswith("large") else 1
    return SourceFile(path=name, sha256=name * 4, bytes=size)


def pid_of_worker(path: str, hint: str | None) -> FileResult | Failure:
    """Return which worker read ``path``; fail a file named bad, sleep on slow."""
    name = Path(path).name
    if name == "bad":
        return Failure(_source(path), "bad file")
    if name == "refused":
        return Failure(_source(path), "not a PDF", refused=True)
    if name == "slow":
        time.sleep(30)
    if name.startswith("large"):
        time.sleep(1.0)
    if name == "dies":  # the kernel's OOM killer, say; each reading noted
        with open(f"{path}.read", "a", encoding="ascii") as note:
            note.write("read\n")
        os.kill(os.getpid(), signal.SIGKILL)
    if name == "grows":
        _HELD.append(bytearray(100 * 2**20))  # kept: the worker grows 100 MiB
    if name.startswith("timed"):  # when it started, after a fifth of a second
        started = time.monotonic()
        time.sleep(0.2)
        return FileResult(_source(path), [], [], [], f"{os.getpid()} {started}")
    return FileResult(_source(path), [], [], [], str(os.getpid()))


def _pids(names: list[str], workers_: int = 1, seconds: float = 60) -> list[str]:
    sources = [_source(name) for name in names]
    results = run_isolated(
        sources,
        [None] * len(names),
        pid_of_worker,
        workers_,
        Limits(seconds=seconds),
    )
    return [
        r.municipality or "" if isinstance(r, FileResult) else r.reason for r in results
    ]


def test_one_worker_reads_every_file_of_a_batch() -> None:
    """Five files, one worker: one process read them all, not this one."""
    pids = _pids(["a", "b", "c", "d", "e"])
    assert len(set(pids)) == 1
    assert pids[0] != str(os.getpid())


def test_a_worker_that_failed_a_file_is_replaced() -> None:
    """After a failed file the next file is read by a fresh worker."""
    pids = _pids(["a", "b", "bad", "c", "d"])
    assert pids[2] == "bad file"
    assert pids[0] == pids[1]
    assert pids[3] == pids[4]
    assert pids[1] != pids[3]


def test_a_worker_that_refused_a_file_goes_on() -> None:
    """A file refused for what it is (not a PDF, damaged) leaves the worker
    as it was: it reads the next file too (a fork a file cost a folder of
    1,000 such files 24 s instead of 2.4 s)."""
    pids = _pids(["a", "refused", "b", "refused", "c"])
    assert pids[1] == pids[3] == "not a PDF"
    assert pids[0] == pids[2] == pids[4]


def test_refused_files_and_their_reasons_in_one_process(tmp_path: Path) -> None:
    """Files refused for what they are, read one after another in one
    process as a worker reads them, each with its own reason: the engine
    keeps the last error code of a failed load, and a page-less PDF read
    after a damaged one was reported with that one's error."""
    from pipeline.process import process_path

    text = tmp_path / "sida.pdf"
    text.write_text("<html>404</html>", "utf-8")
    empty = tmp_path / "tom.pdf"
    empty.write_bytes(b"")
    cut = tmp_path / "avklippt.pdf"
    cut.write_bytes(next(CORPUS.glob("*.pdf")).read_bytes()[:1500])
    pageless = tmp_path / "noll_sidor.pdf"
    pageless.write_bytes(  # a page tree with no page
        assemble(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [] /Count 0 >>",
            ]
        )
    )
    files = (text, empty, tmp_path / "borta.pdf", cut, pageless, cut)
    found = [process_path(str(p)) for p in files]
    assert [(f.reason, f.refused) for f in found if isinstance(f, Failure)] == [
        ("not a PDF (no %PDF header in its first 1024 bytes)", True),
        ("empty file (0 bytes)", True),
        ("cannot read file: No such file or directory", True),
        ("damaged or truncated PDF (data format error)", True),
        ("PDF has no pages (no readable page tree)", False),  # pypdfium2 leaks it
        ("damaged or truncated PDF (data format error)", True),
    ]
    assert Failure(_source("x"), "internal error: KeyError: 'x'").refused is False


def test_a_worker_out_of_descriptors_is_not_refused(tmp_path: Path) -> None:
    """A file that cannot be opened because the process has no descriptor
    left is the worker's fault, not the file's: it is not refused (its
    worker is replaced)."""
    import resource

    from pipeline.process import process_path

    pdf = next(CORPUS.glob("*.pdf"))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    held = []
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, hard))
        while True:
            try:
                held.append(os.open(os.devnull, os.O_RDONLY))
            except OSError:
                break
        found = process_path(str(pdf))
    finally:
        for handle in held:
            os.close(handle)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert isinstance(found, Failure)
    assert (found.reason, found.refused) == (
        "cannot read file: Too many open files",
        False,
    )


def test_a_timed_out_worker_is_killed_and_the_batch_goes_on() -> None:
    """A file past its limit fails with the limit; the files after it load."""
    pids = _pids(["a", "slow", "b"], seconds=2)
    assert pids[1] == "took longer than 2 s"
    assert pids[0] != pids[2]
    assert pids[0].isdigit() and pids[2].isdigit()


def test_a_worker_that_grew_too_much_is_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Files that leave the worker larger than MAX_GROWTH_MB move to a new one."""
    monkeypatch.setattr(workers, "MAX_GROWTH_MB", 64)
    pids = _pids(["a", "grows", "b", "c"])
    assert pids[0] == pids[1]
    assert pids[2] == pids[3]
    assert pids[1] != pids[2]


def test_a_worker_is_replaced_after_max_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker reads at most MAX_FILES files."""
    monkeypatch.setattr(workers, "MAX_FILES", 2)
    pids = _pids(["a", "b", "c", "d", "e"])
    assert [pids.index(p) for p in pids] == [0, 0, 2, 2, 4]


def test_a_busy_worker_has_its_next_file_before_the_parent_asks() -> None:
    """While more files wait than there are workers, a busy worker is sent
    the file after its current one: the third file starts while the parent
    is still busy with the first (here, asleep for a second)."""
    names = ["timed_a", "timed_b", "timed_c", "timed_d"]
    results = run_isolated(
        [_source(n) for n in names], [None] * 4, pid_of_worker, 1, Limits()
    )
    first = next(results)
    time.sleep(1.0)
    asked = time.monotonic()
    rest = list(results)
    assert [r.source.path for r in [first, *rest]] == names
    found = [str(r.municipality).split() for r in [first, *rest]]
    assert len({pid for pid, _ in found}) == 1
    started = [float(at) for _, at in found]
    assert started[2] < asked  # sent ahead: no wait for the parent
    assert started[3] >= asked  # the last files go to the first idle worker


def test_a_file_sent_ahead_to_a_worker_that_ends_is_read_by_another() -> None:
    """A worker retired by a failed file, or killed at its time limit, with
    the next file already sent to it: that file is read by a fresh worker,
    once, and nothing is lost or repeated."""
    pids = _pids(["a", "b", "bad", "c", "d", "e"])
    assert pids[2] == "bad file"
    assert pids[0] == pids[1]
    assert pids[3] == pids[4] == pids[5] != pids[0]
    pids = _pids(["a", "slow", "b", "c", "d"], seconds=2)
    assert pids[1] == "took longer than 2 s"
    assert pids[2] == pids[3] == pids[4] != pids[0]
    assert all(p.isdigit() for p in pids[:1] + pids[2:])


def test_a_worker_that_dies_on_the_file_sent_ahead_fails_it_once(
    tmp_path: Path,
) -> None:
    """A worker that sent its result and then died on the file it was sent
    next (while the parent was busy with an earlier result): that file is
    recorded as crashed, read once, not again; the files after it load."""
    names = [str(tmp_path / n) for n in ("a", "b", "dies", "c", "d")]
    results = run_isolated(
        [_source(n) for n in names], [None] * 5, pid_of_worker, 1, Limits()
    )
    first = next(results)
    time.sleep(1.0)  # meanwhile the worker sends b and dies on the next file
    rest = list(results)
    assert [r.source.path for r in [first, *rest]] == names
    crashed = rest[1]
    assert isinstance(crashed, Failure)
    assert crashed.reason.startswith("the reader crashed (SIGKILL)")
    pids = [r.municipality for r in [first, *rest] if isinstance(r, FileResult)]
    assert pids[0] == pids[1] != pids[2] == pids[3]
    assert (tmp_path / "dies.read").read_text(encoding="ascii") == "read\n"


def test_no_file_is_sent_ahead_to_a_worker_reading_a_large_file() -> None:
    """Behind a large file (a second here) nothing waits: the other worker
    reads every small file while the large one is read."""
    names = ["large", "a", "b", "c", "d", "e"]
    pids = _pids(names, workers_=2)
    assert pids[0] not in pids[1:]
    assert len(set(pids[1:])) == 1


def test_two_workers_share_a_batch_and_keep_its_order() -> None:
    """Two workers, six files: two processes, results in input order."""
    sources = [_source(name) for name in "abcdef"]
    results = list(run_isolated(sources, [None] * 6, pid_of_worker, 2, Limits()))
    assert [r.source.path for r in results] == list("abcdef")
    assert len({r.municipality for r in results if isinstance(r, FileResult)}) == 2


def test_no_worker_outlives_the_batch() -> None:
    """When the results are all read, every worker process has ended."""
    pids = set(_pids(["a", "b", "c"], workers_=2))
    assert len(pids) == 2
    assert pids & set(os.listdir("/proc")) == set()


def test_warm_up_runs_once_a_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """A second warm-up (a Dask worker warms up before every file) reads nothing."""
    from pipeline import process

    process.warm_up()

    def must_not_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("warm-up read its sample PDF again")

    monkeypatch.setattr(process, "process_bytes", must_not_read)
    process.warm_up()
    assert process.warm_up.cache_info().hits >= 1


def _wait_until_dead(pid: int, seconds: float = 10) -> None:
    """Wait until the kernel has ended ``pid`` (a zombie not yet reaped).

    A SIGKILL is delivered asynchronously: under load the worker could still
    look alive when the pool hands it the next file, which then dies with it.
    """
    deadline = time.monotonic() + seconds
    status = Path(f"/proc/{pid}/status")
    while time.monotonic() < deadline:
        try:
            if "State:\tZ" in status.read_text(encoding="ascii"):
                return
        except FileNotFoundError:
            return
        time.sleep(0.005)
    raise AssertionError(f"process {pid} still runs {seconds} s after SIGKILL")


def test_a_worker_killed_between_files_is_replaced() -> None:
    """A worker killed after its first file (say by the kernel's OOM killer)
    is replaced: the file it was given next is either read or failed with
    the crash, and the file after is read by a new worker; nothing is lost."""
    sources = [_source(name) for name in "abc"]
    results = run_isolated(sources, [None] * 3, pid_of_worker, 1, Limits())
    first = next(results)
    assert isinstance(first, FileResult) and first.municipality
    os.kill(int(first.municipality), signal.SIGKILL)  # reading b, or done with it
    _wait_until_dead(int(first.municipality))  # killed between files, not later
    second, third = list(results)
    assert [second.source.path, third.source.path] == ["b", "c"]
    if isinstance(second, Failure):
        assert second.reason.startswith("the reader crashed (SIGKILL)")
    else:
        assert second.municipality == first.municipality
    assert isinstance(third, FileResult)
    assert third.municipality not in (None, first.municipality)
