"""One ingest of a database at a time: a second one stops at once with a
clear message, and ``diarium serve`` leaves a running ingest's state alone.

The first ingest is played by a real second process that holds the lock
(as a running ingest does) until the test closes its input.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS

from pipeline.cli import cli
from pipeline.finish import repair_derived
from pipeline.ingest import ingest
from pipeline.writer_lock import IngestRunning, ingest_running

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="no lockf on Windows: nothing is locked"
)

HOLDER = """
import sys
from pipeline.writer_lock import writing
with writing(sys.argv[1], sys.argv[2] or None):
    print("held", flush=True)
    sys.stdin.read()
"""


@contextmanager
def held(db: Path, name: str = "ingest") -> Iterator[None]:
    """Hold ``db``'s writer lock in another process for the block, as
    ``name`` (no name when empty)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), name],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield
    finally:
        holder.communicate(timeout=30)  # closes its input: it lets go and ends
        assert holder.returncode == 0


def test_a_second_ingest_stops_at_once_and_the_first_keeps_its_run(
    tmp_path: Path,
) -> None:
    """While another process writes, ingest raises (the CLI exits 2 with the
    reason) and changes nothing; serve's repair leaves the unfinished mark;
    once the lock is let go both work."""
    db = tmp_path / "d.db"
    ingest([CORPUS], str(db))
    with sqlite3.connect(db) as conn:
        conn.execute("pragma user_version = 1")  # as a running ingest marks it
    conn.close()
    with held(db):
        assert ingest_running(str(db)) is True
        with pytest.raises(IngestRunning) as raised:
            ingest([CORPUS], str(db))
        assert str(raised.value) == (
            f"another diarium ingest is writing to {db}: wait until it finishes"
        )
        done = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", str(db)])
        assert done.exit_code == 2
        assert "another diarium ingest is writing to" in done.output
        assert repair_derived(str(db)) is False
        with sqlite3.connect(db) as conn:
            assert conn.execute("pragma user_version").fetchone() == (1,)
        conn.close()
    assert ingest_running(str(db)) is False
    assert repair_derived(str(db)) is True  # the stopped run, repaired now
    summary = ingest([CORPUS], str(db))
    files = len(list(CORPUS.glob("*.pdf")))
    assert (summary.loaded, summary.unchanged, summary.failed) == (0, files, 0)


def test_one_lock_however_the_database_is_named(tmp_path: Path) -> None:
    """A link to the database, or another spelling of its path, names the
    same lock: the second ingest stops."""
    db = tmp_path / "d.db"
    ingest([CORPUS], str(db))
    (tmp_path / "link.db").symlink_to(db)
    with held(db):
        for other in (tmp_path / "link.db", tmp_path / "." / "d.db"):
            assert ingest_running(str(other)) is True
            with pytest.raises(IngestRunning):
                ingest([CORPUS], str(other))


def test_a_correction_waits_for_the_ingest(tmp_path: Path) -> None:
    """``diarium track set`` while an ingest writes says so (exit 1) and
    records nothing; once the ingest has let go it is recorded."""
    db = tmp_path / "d.db"
    ingest([CORPUS], str(db))
    with sqlite3.connect(db) as conn:
        (rec,) = conn.execute("select min(id) from recommendations").fetchone()
    conn.close()
    command = ["track", "set", str(rec), "implemented", "--db", str(db)]
    with held(db):
        refused = CliRunner().invoke(cli, command)
    assert refused.exit_code == 1
    assert refused.output == (
        f"Error: another diarium ingest is writing to {db}: wait until it finishes\n"
    )
    assert rows_of(db, "select count(*) from corrections") == [(0,)]
    done = CliRunner().invoke(cli, command)
    assert (done.exit_code, done.output) == (
        0,
        f"recommendation {rec} set to implemented\n",
    )
    assert rows_of(db, "select target, target_id, status from corrections") == [
        ("recommendation", str(rec), "implemented")
    ]


def test_a_correction_takes_the_lock_before_it_opens(tmp_path: Path) -> None:
    """Opening a database last written by other code adds what is missing
    (a column here): during an ingest ``track set`` is refused before it
    opens anything, so it neither changes the schema beside the ingest nor
    waits on SQLite's lock."""
    db = tmp_path / "d.db"
    ingest([CORPUS], str(db))
    with sqlite3.connect(db) as conn:
        (rec,) = conn.execute("select min(id) from recommendations").fetchone()
        conn.execute("update code_versions set code = 'older code'")
        conn.execute("alter table files drop column municipality_source")
    conn.close()
    columns = "select name from pragma_table_info('files') where name like 'muni%'"
    command = ["track", "set", str(rec), "implemented", "--db", str(db)]
    with held(db):
        refused = CliRunner().invoke(cli, command)
    assert refused.exit_code == 1
    assert "another diarium ingest is writing to" in refused.output
    assert rows_of(db, columns) == [("municipality",)]
    assert CliRunner().invoke(cli, command).exit_code == 0
    assert rows_of(db, columns) == [("municipality",), ("municipality_source",)]


def test_the_message_names_the_holder(tmp_path: Path) -> None:
    """While ``track set`` holds the lock an ingest names it, and serve's
    repair of a stopped run waits for the next start (the lock file names
    its holder); a probe names nobody."""
    db = tmp_path / "d.db"
    ingest([CORPUS], str(db))
    with held(db, "track set"):
        with pytest.raises(IngestRunning) as raised:
            ingest([CORPUS], str(db))
        assert str(raised.value) == (
            f"another diarium track set is writing to {db}: wait until it finishes"
        )
        assert raised.value.holder == "track set"
        assert ingest_running(str(db)) is True
        assert Path(str(db) + ".lock").read_text() == "track set"
    assert Path(str(db) + ".lock").read_text() == ""  # let go: named no more
    assert ingest_running(str(db)) is False
    assert Path(str(db) + ".lock").read_text() == ""


def test_a_holder_that_names_nobody_is_not_taken_for_the_last_one(
    tmp_path: Path,
) -> None:
    """After ``track set`` has let go, a process holding the lock without
    a name (older code, or one between taking the lock and naming itself)
    is reported as an ingest, not as the last holder."""
    db = tmp_path / "d.db"
    ingest([CORPUS], str(db))
    with held(db, "track set"):
        pass
    with held(db, ""):
        with pytest.raises(IngestRunning) as raised:
            ingest([CORPUS], str(db))
    assert raised.value.holder == "ingest"
    assert str(raised.value) == (
        f"another diarium ingest is writing to {db}: wait until it finishes"
    )


def rows_of(db: Path, sql: str) -> list[tuple[object, ...]]:
    """Return every row ``sql`` selects from ``db``."""
    with sqlite3.connect(db) as conn:
        found = conn.execute(sql).fetchall()
    conn.close()
    return found


PROBE = """
import sys
from pipeline.writer_lock import ingest_running
print(ingest_running(sys.argv[1]))
"""


def test_an_ingest_that_fails_before_it_loads_lets_go(tmp_path: Path) -> None:
    """A file that is no database fails the run at its start; the lock goes
    with the failure, not with the caller's process (seen from another)."""
    db = tmp_path / "d.db"
    db.write_bytes(b"this is not a database " * 100)
    with pytest.raises(Exception) as raised:
        ingest([CORPUS], str(db))
    assert not isinstance(raised.value, IngestRunning)
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert probe.stdout == "False\n"


def test_the_lock_is_as_writable_as_the_database(tmp_path: Path) -> None:
    """A database others may write (a shared folder) gets a lock file they
    may open too, as SQLite gives its -wal file the database's mode."""
    db = tmp_path / "d.db"
    ingest([CORPUS], str(db))
    db.chmod(0o666)
    Path(str(db) + ".lock").unlink()
    ingest([CORPUS], str(db))
    assert Path(str(db) + ".lock").stat().st_mode & 0o777 == 0o666


def test_a_lock_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    """Where the lock file cannot be opened, ingest says where and why (exit
    2), not "internal error"."""
    db = tmp_path / "d.db"
    Path(str(db) + ".lock").mkdir()  # a folder where the lock file would be
    done = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", str(db)])
    assert done.exit_code == 2
    assert f"cannot write beside {db} ({db}.lock): Is a directory" in done.output
    assert not db.exists()


def test_a_database_never_ingested_has_no_ingest_running(tmp_path: Path) -> None:
    """No lock file: nothing runs, and asking makes no file."""
    db = tmp_path / "none.db"
    assert ingest_running(str(db)) is False
    assert sorted(p.name for p in tmp_path.iterdir()) == []
