"""The Dask executor: the same database as a local ingest, and nothing left running."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, rows
from test_stop import descendants, workers_left
from test_structure import dump

from pipeline.cli import cli
from pipeline.ingest import ingest
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


def test_local_cluster_gives_the_database_of_a_local_ingest(tmp_path: Path) -> None:
    """Two Dask workers on loopback read the corpus (and a broken file) from
    bytes; every table equals a default ingest's; the cluster is shut down."""
    pytest.importorskip("distributed")
    from pipeline.cluster import DaskExecutor

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
    deadline = time.monotonic() + 30
    while (left := workers_left(before)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert left == {}
