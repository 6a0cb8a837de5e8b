"""Files are committed in groups: all or nothing each, none lost at a stop."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from extractors.core.models import Failure, SourceFile
from pipeline.store.save import open_db, save_failure
from pipeline.store.transactions import Group, one_file


def _failure(n: int) -> Failure:
    return Failure(SourceFile(f"/in/{n}.pdf", f"{n:064x}", 10 + n), "damaged PDF")


def _stored_paths(path: Path) -> list[str]:
    """Return the file paths another connection sees committed."""
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("select path from files order by path")]


def test_a_group_commits_when_it_ends(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    db = open_db(str(path))
    with Group(db, seconds=3600) as group:
        for n in (1, 2):
            save_failure(db, _failure(n), "v1")
            group.tick()
        assert _stored_paths(path) == []  # not yet committed
    assert _stored_paths(path) == ["/in/1.pdf", "/in/2.pdf"]
    db.close()


def test_a_group_older_than_its_seconds_commits_at_the_next_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "g.db"
    db = open_db(str(path))
    with Group(db, seconds=0) as group:
        save_failure(db, _failure(1), "v1")
        group.tick()
        assert _stored_paths(path) == ["/in/1.pdf"]
        save_failure(db, _failure(2), "v1")
        assert _stored_paths(path) == ["/in/1.pdf"]
    db.close()


def test_a_file_that_fails_midway_leaves_nothing_and_the_group_keeps_the_rest(
    tmp_path: Path,
) -> None:
    path = tmp_path / "g.db"
    db = open_db(str(path))
    with pytest.raises(KeyboardInterrupt), Group(db, seconds=3600):
        save_failure(db, _failure(1), "v1")
        with one_file(db):
            save_failure(db, _failure(2), "v1")
            raise KeyboardInterrupt  # a stop in the middle of file 2
    assert _stored_paths(path) == ["/in/1.pdf"]
    db.close()


def test_outside_a_group_each_file_commits(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    db = open_db(str(path))
    save_failure(db, _failure(3), "v1")
    assert _stored_paths(path) == ["/in/3.pdf"]
    db.close()


def test_a_stop_while_the_search_rows_are_written_keeps_the_files(
    tmp_path: Path,
) -> None:
    """A stop inside ``before_commit`` at the group's end (the loader writes
    the group's search rows there) still commits the group's files."""
    path = tmp_path / "g.db"
    db = open_db(str(path))

    def stopped() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), Group(db, 3600, before_commit=stopped):
        for n in (1, 2):
            save_failure(db, _failure(n), "v1")
    assert _stored_paths(path) == ["/in/1.pdf", "/in/2.pdf"]
    db.close()
