"""A loaded file moved or renamed keeps its rows, and its path follows it.

Real corpus PDFs, real SQLite, a real Datasette server for the PDF link.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, counts, rows
from test_serve import fetch, site
from test_structure import dump

from pipeline.ingest import Progress, ingest

#: Every test runs with the batch in one part and in parts of one file.
pytestmark = pytest.mark.usefixtures("parts")

#: A protocol whose documents are listed under their cases, and a second file.
PROTOCOL = "granvik_ks_protokoll_2024-04-02.pdf"
MOTIONS = "granvik_kf_motioner_2023.pdf"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder holding two corpus PDFs (and the corpus' municipality setting)."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in (PROTOCOL, MOTIONS, "diarium.toml"):
        shutil.copy(CORPUS / name, inputs)
    return inputs


def sha_of(db: Path, name: str) -> str:
    """Return the SHA-256 of the loaded file ``name``."""
    [(sha,)] = rows(db, "select sha256 from files where path like ?", f"%/{name}")
    return str(sha)


def paths(db: Path, table: str) -> list[object]:
    """Return the paths in ``files`` or ``path_hashes``, sorted."""
    return [p for (p,) in rows(db, f"select path from {table} order by path")]


def test_a_moved_file_is_served_from_its_new_path(folder: Path, tmp_path: Path) -> None:
    """Moved and renamed: nothing read or rebuilt, ``files.path`` follows, the
    old path's hash is forgotten, the site serves the PDF; a re-run changes
    nothing."""
    db = tmp_path / "d.db"
    assert counts(ingest([folder], str(db))) == (2, 0, 0, 0, True)
    sha = sha_of(db, PROTOCOL)
    before = dump(db)
    (folder / "2024").mkdir()
    moved = folder / "2024" / "ks-protokoll.pdf"
    os.replace(folder / PROTOCOL, moved)
    seen: list[tuple[str, str]] = []

    def progress(p: Progress) -> None:
        seen.append((Path(p.path).name, p.status))

    run = ingest([folder], str(db), on_progress=progress)
    assert counts(run) == (0, 0, 2, 0, False)
    assert sorted(seen) == [(MOTIONS, "unchanged"), ("ks-protokoll.pdf", "unchanged")]
    assert paths(db, "files") == [str(moved), str(folder / MOTIONS)]
    assert paths(db, "path_hashes") == [str(moved), str(folder / MOTIONS)]
    after = dump(db)
    assert {t for t in after if after[t] != before[t]} == {"files"}
    assert after["files"] == sorted(
        (tuple(str(moved) if v == str(folder / PROTOCOL) else v for v in row))
        for row in before["files"]
    )
    listed = (
        "select distinct c.path from case_documents c "
        "join documents d on d.id = c.document_id where d.file_sha256 = ?"
    )
    assert rows(db, listed, sha) == [(str(moved),)]
    with site(db) as base:
        assert fetch(f"{base}/-/pdf/{sha}.pdf") == (200, moved.read_bytes())
    again = ingest([folder], str(db))
    assert counts(again) == (0, 0, 2, 0, False)
    assert dump(db) == after
    assert paths(db, "path_hashes") == [str(moved), str(folder / MOTIONS)]


def test_a_copy_elsewhere_keeps_the_stored_path(folder: Path, tmp_path: Path) -> None:
    """A second copy of loaded bytes, ingested alone: the original still exists,
    so ``files.path`` stays; nothing is written but the copy's hash."""
    db = tmp_path / "d.db"
    ingest([folder], str(db))
    before = dump(db)
    other = tmp_path / "other"
    other.mkdir()
    copy = Path(shutil.copy(folder / PROTOCOL, other / "kopia.pdf"))
    assert counts(ingest([other], str(db))) == (0, 0, 1, 0, False)
    assert paths(db, "files") == [str(folder / MOTIONS), str(folder / PROTOCOL)]
    assert dump(db) == before
    assert str(copy) in paths(db, "path_hashes")


def test_a_move_out_of_the_given_folders_forgets_the_old_hash(
    folder: Path, tmp_path: Path
) -> None:
    """Moved to a folder ingested alone: the path follows, and the old path's
    hash is forgotten although its folder was not given to the run."""
    db = tmp_path / "d.db"
    ingest([folder], str(db))
    other = tmp_path / "other"
    other.mkdir()
    moved = other / MOTIONS
    os.replace(folder / MOTIONS, moved)
    assert counts(ingest([other], str(db))) == (0, 0, 1, 0, False)
    assert paths(db, "files") == [str(folder / PROTOCOL), str(moved)]
    assert paths(db, "path_hashes") == [str(folder / PROTOCOL), str(moved)]


def test_a_file_moved_onto_another_files_old_path(folder: Path, tmp_path: Path) -> None:
    """The protocol moved away and the motions moved onto its old path: each
    row names the path its own bytes are at (not both the same path), the
    hashes are those of the paths as they are, and a re-run changes nothing."""
    db = tmp_path / "d.db"
    ingest([folder], str(db))
    protocol, motions = sha_of(db, PROTOCOL), sha_of(db, MOTIONS)
    away = folder / "arkiv.pdf"
    os.replace(folder / PROTOCOL, away)
    os.replace(folder / MOTIONS, folder / PROTOCOL)
    assert counts(ingest([folder], str(db))) == (0, 0, 2, 0, False)
    named = "select sha256, path from files order by path"
    expected = [(protocol, str(away)), (motions, str(folder / PROTOCOL))]
    assert rows(db, named) == expected
    assert rows(db, "select path, sha256 from path_hashes order by path") == [
        (str(away), protocol),
        (str(folder / PROTOCOL), motions),
    ]
    assert counts(ingest([folder], str(db))) == (0, 0, 2, 0, False)
    assert rows(db, named) == expected


def test_a_file_moved_onto_an_old_path_spelt_otherwise(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loaded from a relative path, then the protocol moved away and the
    motions moved onto its old path, ingested by the absolute path: the
    stored path names the same file as this run's, so each row still
    follows its own bytes."""
    db = tmp_path / "d.db"
    monkeypatch.chdir(tmp_path)
    ingest([Path("in")], str(db))
    protocol, motions = sha_of(db, PROTOCOL), sha_of(db, MOTIONS)
    away = folder / "arkiv.pdf"
    os.replace(folder / PROTOCOL, away)
    os.replace(folder / MOTIONS, folder / PROTOCOL)
    assert counts(ingest([folder], str(db))) == (0, 0, 2, 0, False)
    assert rows(db, "select sha256, path from files order by path") == [
        (protocol, str(away)),
        (motions, str(folder / PROTOCOL)),
    ]
