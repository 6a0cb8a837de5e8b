"""The Dask executor: the same database as a local ingest, and nothing left running."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import CORPUS, rows, stop_at
from test_lexicon_edits import NEW_FIRM, copy_code
from test_stop import descendants, workers_left
from test_structure import dump

from bench.cluster import launch
from pipeline.cli import cli
from pipeline.cluster_local import HEARTBEAT_LOST, hush_workers, start_local
from pipeline.ingest import IngestSummary, ingest
from pipeline.isolate import Limits


def test_scheduler_needs_the_dask_executor(tmp_path: Path) -> None:
    """--scheduler with the local executor is a usage error (exit 2)."""
    result = CliRunner().invoke(
        cli,
        ["ingest", str(CORPUS), "--db", str(tmp_path / "d.db")]
        + ["--scheduler", "tcp://127.0.0.1:8786"],
    )
    assert result.exit_code == 2
    assert "--scheduler needs --executor dask" in result.output


def test_local_cluster_gives_the_database_of_a_local_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two Dask workers on loopback read the corpus (and a broken file) from
    bytes; every table equals a default ingest's; the workers are hushed
    once, just before the cluster is shut down."""
    pytest.importorskip("distributed")
    from pipeline import cluster
    from pipeline.cluster import DaskExecutor

    hushed: list[int] = []
    really = cluster.hush_workers

    def hush_workers(client: Any) -> None:
        hushed.append(len(client.scheduler_info()["workers"]))
        really(client)

    monkeypatch.setattr(cluster, "hush_workers", hush_workers)

    folder = tmp_path / "in"
    shutil.copytree(CORPUS, folder, ignore=shutil.ignore_patterns("*.py", "*.json"))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\n")
    before = descendants(os.getpid())
    local, dask = tmp_path / "local.db", tmp_path / "dask.db"
    expected = ingest([folder], str(local))
    got = ingest([folder], str(dask), executor=DaskExecutor(None, 2, Limits()))
    assert (got.loaded, got.failed) == (expected.loaded, expected.failed) == (9, 1)
    assert rows(dask, "select error from files where status = 'failed'") == rows(
        local, "select error from files where status = 'failed'"
    )
    assert dump(dask) == dump(local)
    assert hushed == [2]
    deadline = time.monotonic() + 30
    while (left := workers_left(before)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert left == {}


def test_hushed_workers_drop_only_the_lost_heartbeat(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """After :func:`hush_workers` each worker drops the message Dask logs
    when a heartbeat meets a closed scheduler, and nothing else."""
    pytest.importorskip("distributed")
    from distributed import Client

    lost = f"{HEARTBEAT_LOST}."
    other = "Some other error of a worker."
    log = logging.getLogger("distributed.worker")  # pickled by its name
    with (
        start_local(2) as local,
        Client(local) as client,
    ):
        client.run(log.error, lost)
        client.run(log.error, other)
        hush_workers(client)
        hush_workers(client)  # once is enough; twice changes nothing
        client.run(log.error, lost)
        client.run(log.error, other)
    err = capfd.readouterr().err
    assert (err.count(lost), err.count(other)) == (2, 4)


def test_a_stopped_run_logs_no_error_and_keeps_its_files(tmp_path: Path) -> None:
    """A run stopped (as Ctrl-C does) while groups of files are on the
    cluster: Dask logs no error in the ingest process (where the local
    scheduler runs), the file finished before the stop is kept, and the
    next run loads the other 35."""
    pytest.importorskip("distributed")
    from pipeline.cluster import DaskExecutor

    folder = tmp_path / "in"
    folder.mkdir()
    for copy in range(4):  # 36 files: three groups, all sent at once
        for pdf in sorted(CORPUS.glob("*.pdf")):
            data = pdf.read_bytes() + f"\n% copy {copy}\n".encode()
            (folder / f"{copy}_{pdf.name}").write_bytes(data)
    errors: list[str] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = lambda record: errors.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("distributed").addHandler(handler)
    db = tmp_path / "d.db"
    try:
        with pytest.raises(KeyboardInterrupt):
            ingest(
                [folder],
                str(db),
                executor=DaskExecutor(None, 2, Limits()),
                on_progress=stop_at(1),
            )
    finally:
        logging.getLogger("distributed").removeHandler(handler)
    assert errors == []
    again = ingest([folder], str(db))
    assert (again.unchanged, again.loaded, again.failed) == (1, 35, 0)


def test_a_cluster_without_workers_fails_its_files_and_the_run_ends(
    tmp_path: Path,
) -> None:
    """A scheduler with no worker: after the wait every file is reported with
    the reason and the run ends. Nothing is recorded: files loaded before
    (here read again for a new municipality setting) keep their rows, and
    the next run reads them."""
    pytest.importorskip("distributed")
    from pipeline.cluster import DaskExecutor

    folder = tmp_path / "in"
    folder.mkdir()
    for pdf in sorted(CORPUS.glob("*.pdf"))[:3]:
        shutil.copy(pdf, folder)
    db = tmp_path / "d.db"
    assert ingest([folder], str(db)).loaded == 3
    before = dump(db)
    with start_local(0) as empty:
        executor = DaskExecutor(empty.scheduler_address, 1, Limits(), idle_seconds=1)
        done: list[IngestSummary] = []
        run = threading.Thread(
            target=lambda: done.append(
                ingest([folder], str(db), municipality="Kungsbacka", executor=executor)
            ),
            daemon=True,
        )
        run.start()
        run.join(timeout=120)  # it would wait for ever on a worker without the limit
        assert not run.is_alive()
    (summary,) = done
    assert (summary.loaded, summary.failed) == (0, 3)
    reason = "the cluster had no worker for 1 s; the file was not read"
    assert [f.reason for f in summary.failures] == [reason] * 3
    assert dump(db) == before  # not even the failures are written
    again = ingest([folder], str(db), municipality="Kungsbacka")
    assert (again.loaded, again.failed) == (3, 0)


def test_a_sent_file_waits_no_longer_than_the_limit_without_workers(
    tmp_path: Path,
) -> None:
    """Files already sent, whose worker is gone (here: none at all), are
    given up after the wait: each reported unread, their task cancelled."""
    pytest.importorskip("distributed")
    from distributed import Client

    from extractors.core.models import SourceFile
    from pipeline.cluster import DaskExecutor, _Sent

    with (
        start_local(0) as empty,
        Client(empty.scheduler_address) as client,
    ):
        executor = DaskExecutor(empty.scheduler_address, 1, Limits(), idle_seconds=1)
        future = client.submit(len, b"bytes of two files", pure=False)
        sources = [SourceFile(f"{n}.pdf", f"{n}" * 64, 15) for n in (1, 2)]
        gone: list[str] = []
        failures = list(executor._results(client, _Sent(sources, future=future), gone))
        reason = "the cluster had no worker for 1 s; the file was not read"
        assert [(f.source, f.reason, f.unread) for f in failures] == [
            (source, reason, True) for source in sources
        ]
        assert gone == [reason]
        deadline = time.monotonic() + 10
        while future.status != "cancelled" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert future.status == "cancelled"


def test_a_worker_with_another_lexicon_reads_no_file(tmp_path: Path) -> None:
    """A cluster started before the lexicon was edited reads with the old one:
    its files would be stamped with the new reading version and never read
    again. Here a real scheduler and worker run a copy of the code with one
    lexicon entry more; every file is reported unread with the reason,
    nothing is written, and a local run then reads them."""
    pytest.importorskip("distributed")
    from pipeline.cluster import DaskExecutor

    code = copy_code(tmp_path / "code")
    firms = code / "extractors" / "lexicon" / "firms.toml"
    firms.write_text(firms.read_text("utf-8") + NEW_FIRM, "utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    for pdf in sorted(CORPUS.glob("*.pdf"))[:2]:
        shutil.copy(pdf, folder)
    db, address = tmp_path / "d.db", tmp_path / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": str(code), "DIARIUM_OCR": "off"}
    started = [launch("scheduler", address, env)]
    try:
        deadline = time.monotonic() + 60
        while not address.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        options = ["--no-nanny", "--nthreads", "1"]
        started.append(launch("worker", address, env, options))
        scheduler = json.loads(address.read_text())["address"]
        summary = ingest([folder], str(db), executor=DaskExecutor(scheduler, 1))
    finally:
        for process in started:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
    assert (summary.loaded, summary.failed) == (0, 2)
    assert {f.reason.split(" (")[0] for f in summary.failures} == {
        "the worker reads with other diarium code or lexicon"
    }
    assert all(
        f.reason.endswith("restart the cluster's workers") for f in summary.failures
    )
    assert rows(db, "select count(*) from files") == [(0,)]
    again = ingest([folder], str(db))
    assert (again.loaded, again.failed) == (2, 0)
