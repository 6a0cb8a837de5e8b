"""Re-runs trust a file's size and modification time, as git's index does.

A path whose size and modification time are those stored with its hash is
not read; ``rehash`` reads every file. Real corpus PDFs, real SQLite.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, counts, rows
from test_structure import dump

import pipeline.console
from extractors.core.errors import NoInputFiles
from extractors.kinds import REGISTRY
from pipeline.cli import cli
from pipeline.discover import AHEAD_BYTES, describe_all
from pipeline.incremental import pipeline_version
from pipeline.ingest import Progress, ingest
from pipeline.store.connect import path_text
from pipeline.store.hashes import RACY_NS
from pipeline.store.versions import READING

#: Every test runs with the batch in one part and in parts of one file.
pytestmark = pytest.mark.usefixtures("parts")

#: A corpus file whose Info dictionary carries a creation date.
MOTIONS = "granvik_kf_motioner_2023.pdf"
#: The creation date as printed in it, and a date of the same length.
CREATED, OTHER_DAY = b"/CreationDate (D:20000101", b"/CreationDate (D:20010101"
#: Modification times (ns) set on the inputs: long past, so trusted.
JANUARY, FEBRUARY = 1_704_067_200_000_000_000, 1_706_745_600_000_000_000


def stamped(path: Path, mtime_ns: int) -> Path:
    """Set the modification (and access) time of ``path``."""
    os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder holding one corpus PDF, modified in January 2024."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    stamped(Path(shutil.copy(CORPUS / MOTIONS, inputs)), JANUARY)
    return inputs


def hashes(db: Path) -> list[tuple[object, ...]]:
    """Return the stored hashes: (file name, bytes, mtime_ns, sha256)."""
    return [
        (Path(str(path)).name, size, mtime, sha)
        for path, size, mtime, sha in rows(
            db, "select path, bytes, mtime_ns, sha256 from path_hashes order by path"
        )
    ]


def loaded(db: Path) -> list[tuple[object, ...]]:
    """Return (file name, sha256, status) of every files row."""
    return [
        (Path(str(path)).name, sha, status)
        for path, sha, status in rows(
            db, "select path, sha256, status from files order by path, sha256"
        )
    ]


def test_a_rewrite_that_keeps_size_and_time_is_read_only_with_rehash(
    folder: Path, tmp_path: Path
) -> None:
    """Other bytes, same size, time restored: trusted unchanged; --rehash reads."""
    db, pdf = tmp_path / "d.db", folder / MOTIONS
    assert counts(ingest([folder], str(db))) == (1, 0, 0, 0, True)
    first = loaded(db)
    sha = str(first[0][1])
    assert hashes(db) == [(MOTIONS, 5451, JANUARY, sha)]
    data = pdf.read_bytes()
    pdf.write_bytes(data.replace(CREATED, OTHER_DAY))
    stamped(pdf, JANUARY)
    assert pdf.stat().st_size == 5451
    assert counts(ingest([folder], str(db))) == (0, 0, 1, 0, False)
    assert loaded(db) == first  # the new bytes were never looked at
    again = ingest([folder], str(db), rehash=True)
    assert counts(again) == (1, 0, 0, 0, True)
    assert again.pages == 4
    new_sha = str(loaded(db)[0][1])
    assert new_sha != sha
    assert loaded(db) == [(MOTIONS, new_sha, "loaded")]
    assert hashes(db) == [(MOTIONS, 5451, JANUARY, new_sha)]


def test_a_touched_file_is_hashed_not_read_and_its_time_stored(
    folder: Path, tmp_path: Path
) -> None:
    """Same bytes, a new modification time: unchanged, derived state kept."""
    db = tmp_path / "d.db"
    ingest([folder], str(db))
    sha = str(loaded(db)[0][1])
    before = dump(db)
    stamped(folder / MOTIONS, FEBRUARY)
    assert counts(ingest([folder], str(db))) == (0, 0, 1, 0, False)
    assert hashes(db) == [(MOTIONS, 5451, FEBRUARY, sha)]
    assert dump(db) == before  # but for the hashes, above


def test_a_changed_file_with_a_new_time_is_read(folder: Path, tmp_path: Path) -> None:
    """Other bytes and another time: read again, as before the cache."""
    db, pdf = tmp_path / "d.db", folder / MOTIONS
    ingest([folder], str(db))
    pdf.write_bytes(pdf.read_bytes().replace(CREATED, OTHER_DAY))
    stamped(pdf, FEBRUARY)
    assert counts(ingest([folder], str(db))) == (1, 0, 0, 0, True)
    sha = str(loaded(db)[0][1])
    assert hashes(db) == [(MOTIONS, 5451, FEBRUARY, sha)]


def test_a_moved_file_and_a_copy_are_recognised(folder: Path, tmp_path: Path) -> None:
    """A renamed file is unchanged by content; a copy is still a duplicate."""
    db = tmp_path / "d.db"
    ingest([folder], str(db))
    first = loaded(db)
    (folder / "sub").mkdir()
    moved = folder / "sub" / "motioner.pdf"
    (folder / MOTIONS).rename(moved)
    stamped(Path(shutil.copy(moved, folder / "kopia.pdf")), JANUARY)
    seen: list[tuple[str, str]] = []

    def progress(p: Progress) -> None:
        seen.append((Path(p.path).name, p.status))

    for rebuilt in (True, False):  # the first records the duplicate
        seen.clear()
        run = ingest([folder], str(db), on_progress=progress)
        assert counts(run) == (0, 0, 2, 0, rebuilt)
        assert seen == [("motioner.pdf", "duplicate"), ("kopia.pdf", "unchanged")]
    sha = str(first[0][1])
    assert loaded(db) == [
        ("kopia.pdf", sha, "loaded"),  # its path was gone: it follows the bytes
        ("motioner.pdf", f"duplicate:{moved}", "duplicate"),
    ]
    assert hashes(db) == [  # the path it was moved from is gone: forgotten
        ("kopia.pdf", 5451, JANUARY, sha),
        ("motioner.pdf", 5451, JANUARY, sha),
    ]


def test_hashes_of_paths_gone_from_a_given_folder_are_forgotten(
    folder: Path, tmp_path: Path
) -> None:
    """A file removed from a folder the run is given loses its stored hash;
    a path outside the given folders keeps it, and so does a file named alone."""
    db = tmp_path / "d.db"
    other = tmp_path / "other"
    other.mkdir()
    alone = stamped(Path(shutil.copy(CORPUS / MOTIONS, other / "ensam.pdf")), JANUARY)
    second = stamped(Path(shutil.copy(alone, folder / "andra.pdf")), FEBRUARY)
    ingest([folder, alone], str(db))
    sha = str(loaded(db)[0][1])
    names = [name for name, *_ in hashes(db)]
    assert names == ["andra.pdf", MOTIONS, "ensam.pdf"]  # in/…, then other/…
    second.unlink()
    ingest([folder], str(db))
    assert hashes(db) == [
        (MOTIONS, 5451, JANUARY, sha),
        ("ensam.pdf", 5451, JANUARY, sha),
    ]
    (folder / MOTIONS).unlink()
    assert counts(ingest([alone], str(db)))[:3] == (0, 0, 1)  # a file, no folder
    # The loaded bytes' path was MOTIONS: gone, so it follows them to ensam.pdf
    # and its hash is forgotten (pipeline.store.moves), not the folder's doing.
    assert loaded(db) == [("ensam.pdf", sha, "loaded")]
    assert [name for name, *_ in hashes(db)] == ["ensam.pdf"]


def test_a_time_too_recent_is_not_trusted(folder: Path, tmp_path: Path) -> None:
    """A file modified within the last tick is hashed again next time."""
    db, pdf = tmp_path / "d.db", folder / MOTIONS
    now = stamped(pdf, 0).stat().st_ctime_ns  # the clock files are stamped by
    stamped(pdf, now)
    ingest([folder], str(db))
    sha = str(loaded(db)[0][1])
    assert hashes(db) == [(MOTIONS, 5451, None, sha)]
    stamped(pdf, now - RACY_NS)
    assert counts(ingest([folder], str(db))) == (0, 0, 1, 0, False)
    assert hashes(db) == [(MOTIONS, 5451, now - RACY_NS, sha)]


def test_an_older_database_gains_the_tables(folder: Path, tmp_path: Path) -> None:
    """A database made before the hash and version tables keeps working."""
    db = tmp_path / "d.db"
    ingest([folder], str(db))
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("drop table path_hashes")
        conn.execute("drop table code_versions")
    conn.close()
    assert counts(ingest([folder], str(db))) == (0, 0, 1, 0, False)
    sha = str(loaded(db)[0][1])
    assert hashes(db) == [(MOTIONS, 5451, JANUARY, sha)]
    kinds = {name: spec.label for name, spec in REGISTRY.items()}
    assert (
        dict(rows(db, "select name, version from code_versions"))
        == {READING: pipeline_version()} | kinds
    )


def test_the_rehash_option(folder: Path, tmp_path: Path) -> None:
    """``diarium ingest --rehash`` reads a file whose size and time are kept."""
    db, pdf = str(tmp_path / "d.db"), folder / MOTIONS
    command = ["ingest", str(folder), "--db", db, "--no-ocr"]
    assert CliRunner().invoke(cli, command).exit_code == 0
    pdf.write_bytes(pdf.read_bytes().replace(CREATED, OTHER_DAY))
    stamped(pdf, JANUARY)
    kept = CliRunner().invoke(cli, command).output.splitlines()
    assert kept[0] == f"[1/1] unchanged {pdf} (0 pages so far)"
    assert kept[1].startswith("0 files loaded, 1 unchanged, 0 failed; 0 pages")
    read = CliRunner().invoke(cli, [*command, "--rehash"]).output.splitlines()
    assert read[0] == f"[1/1] loaded    {pdf} (4 pages so far)"
    assert read[1].startswith("1 files loaded, 0 unchanged, 0 failed; 4 pages")
    assert "--rehash" in CliRunner().invoke(cli, ["ingest", "--help"]).output


def test_nothing_to_read_makes_no_database(tmp_path: Path) -> None:
    """The inputs are found before the database is opened (or created)."""
    db = tmp_path / "d.db"
    with pytest.raises(NoInputFiles, match="no such file or folder: "):
        ingest([tmp_path / "saknas"], str(db))
    assert not db.exists()


def test_a_relative_folder_forgets_only_paths_under_it(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given ".", a path given before as "../other/…" is not under it: its
    hash stays (paths are compared absolute, not as written)."""
    other = tmp_path / "other"
    other.mkdir()
    stamped(Path(shutil.copy(CORPUS / MOTIONS, other / "ensam.pdf")), JANUARY)
    db = tmp_path / "d.db"
    monkeypatch.chdir(folder)
    ingest([".", "../other/ensam.pdf"], str(db))
    paths = "select path from path_hashes order by path"
    assert rows(db, paths) == [("../other/ensam.pdf",), (MOTIONS,)]
    ingest(["."], str(db))
    assert rows(db, paths) == [("../other/ensam.pdf",), (MOTIONS,)]


def test_large_files_hashed_ahead_keep_their_place(tmp_path: Path) -> None:
    """Files of 1 MiB and more are hashed on threads ahead of their turn
    (:class:`pipeline.discover._Ahead`): every file keeps its place, its
    hash is its bytes' SHA-256, one that vanished before its turn is
    unreadable in its place, and one stored with its size and time is not
    hashed again (nor stored again)."""
    pdfs = sorted(CORPUS.glob("*.pdf"))
    paths = []
    for i, pdf in enumerate(pdfs[:6]):
        path = tmp_path / f"{i}.pdf"
        padding = b"\n%" + b"x" * (AHEAD_BYTES if i % 2 == 0 else 10) + b"\n"
        path.write_bytes(pdf.read_bytes() + padding)  # large, small, large, ...
        paths.append(path)
    stored = {path_text(str(paths[4])): _hashed(paths[4])}
    paths.insert(3, tmp_path / "gone.pdf")  # found, then removed
    found = describe_all(
        paths, lambda keys: {k: stored[k] for k in keys if k in stored}
    )
    assert [source.path for source in found.files] == [
        str(p) for p in paths if p.name != "gone.pdf"
    ]
    assert [s.sha256 for s in found.files] == [
        hashlib.sha256(Path(s.path).read_bytes()).hexdigest() for s in found.files
    ]
    assert found.unreadable == [
        (tmp_path / "gone.pdf", "cannot read file: No such file or directory")
    ]
    assert sorted(found.hashed) == sorted(
        path_text(str(p)) for p in paths if p.name not in ("gone.pdf", "4.pdf")
    )
    # two large files new to the store: hashed on threads
    large = [os.path.getsize(p) >= AHEAD_BYTES for p in paths if p.exists()]
    assert large == [True, False, True, False, True, False]


def _hashed(path: Path) -> tuple[int, int, str]:
    """Return ``path``'s size, time and SHA-256 as stored."""
    status = os.stat(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return status.st_size, status.st_mtime_ns, digest


def test_log_lines_list_one_skipped_file_in_many(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a terminal, every file read is a line, but of the files
    skipped only one in ``SKIPPED_EVERY`` and the last, each saying how many
    before it were not listed."""
    monkeypatch.setattr(pipeline.console, "SKIPPED_EVERY", 2)
    for name in ("a.pdf", "b.pdf", "c.pdf", "d.pdf"):  # distinct bytes each
        data = (CORPUS / MOTIONS).read_bytes()
        (folder / name).write_bytes(data + f"% {name}\n".encode())
    db = str(tmp_path / "d.db")
    command = ["ingest", str(folder), "--db", db, "--no-ocr"]
    first = CliRunner().invoke(cli, command).output.splitlines()
    assert [line.split()[1] for line in first[:5]] == ["loaded"] * 5
    (folder / "e.pdf").write_bytes((CORPUS / MOTIONS).read_bytes() + b"% e\n")
    again = CliRunner().invoke(cli, command).output.splitlines()
    shown = [line.split(" (")[0] for line in again if line.startswith("[")]
    assert shown == [
        f"[2/6] unchanged {folder / 'b.pdf'}",
        f"[4/6] unchanged {folder / 'd.pdf'}",
        f"[6/6] loaded    {folder / 'e.pdf'}",
    ]
    assert [line.split(" (", 1)[1] for line in again[:3]] == [
        "0 pages so far; 1 skipped files before it not listed)",
        "0 pages so far; 1 skipped files before it not listed)",
        "4 pages so far; 1 skipped files before it not listed)",
    ]
