"""Publish a real database with a real Datasette server on loopback."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner
from conftest import CORPUS

from pipeline.cli import cli


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get_json(url: str, timeout: float = 30.0) -> object:
    """GET ``url`` as JSON, retrying while the server starts."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.loads(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_serve_publishes_cases_with_metadata(tmp_path: Path) -> None:
    """``diarium serve`` answers on 127.0.0.1 with the tables and descriptions."""
    db = tmp_path / "diarium.db"
    assert (
        CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", str(db)]).exit_code == 0
    )
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        tables = get_json(f"{base}/diarium.json")
        assert isinstance(tables, dict)
        names = {t["name"] for t in tables["tables"]}
        assert {"files", "pages", "documents", "dnr_mentions", "cases"} <= names
        assert "case_documents" in {v["name"] for v in tables["views"]}
        meta = get_json(f"{base}/-/metadata.json")
        assert isinstance(meta, dict)
        described = meta["databases"]["diarium"]["tables"]["cases"]["description"]
        assert described.startswith("One row per municipality and case number")
        rows = get_json(
            f"{base}/diarium/cases.json?_shape=array&_sort=dnr&prefix=%C3%84N"
        )
        assert isinstance(rows, list)
        expected = sqlite_rows(
            db, "select dnr from cases where prefix = 'ÄN' order by dnr"
        )
        assert [r["dnr"] for r in rows] == expected
        assert len(expected) >= 2
    finally:
        server.terminate()
        server.wait(timeout=10)
        # serve stops Datasette on SIGTERM; nothing of the group may be left.
        left = processes_in_group(server.pid)
        if left:
            os.killpg(server.pid, signal.SIGKILL)
        assert left == []


def processes_in_group(group: int) -> list[int]:
    """Return the live processes of process group ``group`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == group:
            found.append(int(stat.parent.name))
    return found


def sqlite_rows(db: Path, sql: str) -> list[object]:
    """Return the first column of ``sql`` run directly on ``db``."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute(sql)]
    finally:
        conn.close()
