"""One file that is too slow, too large or crashes never stops the batch."""

from __future__ import annotations

import functools
import os
import resource
import signal
import sqlite3
import zlib
from pathlib import Path

from conftest import CORPUS

from extractors.core.models import Failure, FileResult
from pipeline.discover import describe
from pipeline.ingest import ingest
from pipeline.isolate import Limits, accepts_share, run_isolated
from pipeline.process import process_path

GOOD = CORPUS / "granvik_ks_kallelse_2024-04-02.pdf"


def write_bomb(path: Path, expanded: int) -> None:
    """Write a one-page PDF whose content stream inflates to ``expanded`` bytes."""
    packer = zlib.compressobj(1)
    chunk = b"0 0 m 1 1 l S\n" * 65536
    stream = (
        b"".join(packer.compress(chunk) for _ in range(expanded // len(chunk)))
        + packer.flush()
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
        + stream
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))


def test_memory_bomb_fails_alone(tmp_path: Path) -> None:
    """A stream inflating to 512 MiB under a 200 MB limit fails; the rest loads."""
    folder = tmp_path / "batch"
    folder.mkdir()
    write_bomb(folder / "a_bomb.pdf", 512 * 1024 * 1024)
    (folder / "b_good.pdf").write_bytes(GOOD.read_bytes())
    db = tmp_path / "d.db"
    summary = ingest([folder], str(db), limits=Limits(seconds=60, memory_mb=200))
    assert [(Path(f.source.path).name, f.reason) for f in summary.failures] == [
        (
            "a_bomb.pdf",
            "the reader crashed (SIGABRT); a file that needs more than 200 MB ends so",
        )
    ]
    assert summary.loaded == 1
    conn = sqlite3.connect(db)
    try:
        assert conn.execute(
            "select path like '%b_good.pdf', status from files order by path"
        ).fetchall() == [(0, "failed"), (1, "loaded")]
        assert conn.execute("select count(*) from search_index").fetchone() == (1,)
    finally:
        conn.close()


def test_slow_file_is_a_failure_with_the_limit(tmp_path: Path) -> None:
    """A file that takes longer than the time limit is recorded as failed."""
    summary = ingest([GOOD], str(tmp_path / "d.db"), limits=Limits(seconds=0.001))
    assert [f.reason for f in summary.failures] == ["took longer than 0.001 s"]
    assert summary.loaded == 0


def crash_on_first(path: str, hint: str | None) -> FileResult | Failure:
    """Read a file like ingest does, but kill the worker on a file named crash."""
    if Path(path).stem == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    return process_path(path, hint)


def test_crashed_worker_is_a_failure_and_order_is_kept(tmp_path: Path) -> None:
    """A worker killed by a signal gives a failure; results keep input order."""
    crash = tmp_path / "crash.pdf"
    crash.write_bytes(GOOD.read_bytes() + b"\n")
    sources = [describe(GOOD), describe(crash), describe(GOOD)]
    results = list(
        run_isolated(sources, [None] * 3, crash_on_first, workers=2, limits=Limits())
    )
    assert [type(r).__name__ for r in results] == [
        "FileResult",
        "Failure",
        "FileResult",
    ]
    failure = results[1]
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("the reader crashed (SIGSEGV)")
    assert [r.source.path for r in results] == [s.path for s in sources]


def test_only_a_work_that_takes_a_share_is_given_one() -> None:
    """Spare cores go only to a work with a third parameter: a two-argument
    work (like crash_on_first) is never called with three, however idle the
    cores are when its file starts."""
    assert accepts_share(crash_on_first) is False
    assert accepts_share(process_path) is True
    assert accepts_share(functools.partial(process_path, contacts=True)) is True
    assert accepts_share(len) is False


def _no_descriptors_first(marker: Path, path: str, hint: str | None) -> object:
    """Read ``path``; the first worker to read (``marker`` not yet there) has
    no file descriptor left, as a worker that leaked them would."""
    if not marker.exists():
        marker.touch()
        resource.setrlimit(
            resource.RLIMIT_NOFILE, (0, resource.getrlimit(resource.RLIMIT_NOFILE)[1])
        )
    return process_path(path, hint)


def test_a_file_a_worker_could_not_open_is_read_again_by_a_fresh_worker(
    tmp_path: Path,
) -> None:
    """No descriptor left is the worker's fault, not the file's: the file is
    not recorded as failed but read once more, by a new worker."""
    marker = tmp_path / "first"
    work = functools.partial(_no_descriptors_first, marker)
    source = describe(GOOD)
    got = list(run_isolated([source], [None], work))
    assert marker.exists()
    assert got == [process_path(str(GOOD))]


def test_a_worker_without_descriptors_says_so_once_tried_twice(
    tmp_path: Path,
) -> None:
    """A worker that never can open the file fails it after the second try
    with the reason, not a refusal: the next run reads it again."""
    source = describe(GOOD)
    got = list(run_isolated([source], [None], _never_a_descriptor))
    assert [(type(r).__name__, getattr(r, "reason", None)) for r in got] == [
        ("Failure", "cannot read file: Too many open files")
    ]
    assert isinstance(got[0], Failure) and got[0].refused is False


def _never_a_descriptor(path: str, hint: str | None) -> object:
    """Read ``path`` in a worker that has no file descriptor left."""
    resource.setrlimit(
        resource.RLIMIT_NOFILE, (0, resource.getrlimit(resource.RLIMIT_NOFILE)[1])
    )
    return process_path(path, hint)
