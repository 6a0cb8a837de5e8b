"""Every input accounted for: odd names and odd entries, through a real process."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import CORPUS, ROOT, make_pdf
from hypothesis import given
from hypothesis import strategies as st

from pipeline.discover import (
    DANGLING,
    FOLDER,
    LOOP,
    OUTSIDE,
    _in_order,
    find_inputs,
    shown,
)

GOOD = CORPUS / "granvik_ks_kallelse_2024-04-02.pdf"
OTHER = CORPUS / "granvik_an_kallelse_2024-03-12.pdf"


def run_cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    """Run ``diarium`` in its own process; stdout and stderr as bytes."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8:strict")
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        capture_output=True,
        env=env,
        timeout=300,
        check=False,
    )


def odd_folder(base: Path) -> tuple[Path, dict[str, str]]:
    """Write a folder of odd entries; return it and the expected failed rows."""
    folder = base / "in"
    folder.mkdir()
    outside = base / "hemligt.txt"
    outside.write_text("root:x:0:0:hemlig rad\n", encoding="utf-8")
    shutil.copy(GOOD, folder / "bra.pdf")
    # A name of Latin-1 bytes (from a Windows or ZIP export) and one with a newline.
    latin = Path(os.fsdecode(bytes(folder) + b"/prot\xe9koll.pdf"))
    make_pdf(latin, ["TJÄNSTESKRIVELSE", "2024-01-10", "Dnr: KS 2024/0012"])
    make_pdf(folder / "rad\nbryt.pdf", ["TJÄNSTESKRIVELSE", "2024-01-11"])
    (folder / "mapp.pdf").mkdir()
    make_pdf(folder / "mapp.pdf" / "inuti.pdf", ["TJÄNSTESKRIVELSE", "2024-01-12"])
    os.mkfifo(folder / "ror.pdf")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(folder / "uttag.pdf"))
    sock.close()
    (folder / "saknas.pdf").symlink_to(folder / "finns-inte.pdf")
    (folder / "slinga.pdf").symlink_to(folder / "slinga.pdf")
    (folder / "system.pdf").symlink_to(outside)
    (folder / "data").mkdir()
    shutil.copy(OTHER, folder / "data" / "original.bin")
    (folder / "lank.pdf").symlink_to(folder / "data" / "original.bin")
    expected = {
        f"{folder}/mapp.pdf": FOLDER,
        f"{folder}/ror.pdf": "not a regular file (a named pipe)",
        f"{folder}/uttag.pdf": "not a regular file (a socket)",
        f"{folder}/saknas.pdf": DANGLING,
        f"{folder}/slinga.pdf": LOOP,
        f"{folder}/system.pdf": OUTSIDE,
    }
    return folder, expected


def test_every_odd_entry_is_recorded_with_a_reason(tmp_path: Path) -> None:
    """Folders, pipes, sockets and bad links named .pdf fail with a reason;
    odd names load; nothing of a linked system file reaches the database."""
    folder, expected = odd_folder(tmp_path)
    db = tmp_path / "d.db"
    run = run_cli("ingest", str(folder), "--db", str(db))
    assert run.returncode == 1, run.stderr.decode("utf-8", "replace")
    out = run.stdout.decode("utf-8")
    assert "5 files loaded, 0 unchanged, 6 failed" in out
    conn = sqlite3.connect(db)
    failed = dict(conn.execute("select path, error from files where status='failed'"))
    assert failed == expected
    loaded = sorted(
        r[0] for r in conn.execute("select path from files where status = 'loaded'")
    )
    assert loaded == [
        f"{folder}/bra.pdf",
        f"{folder}/lank.pdf",
        f"{folder}/mapp.pdf/inuti.pdf",
        f"{folder}/prot\\xe9koll.pdf",
        f"{folder}/rad\nbryt.pdf",
    ]
    everything = "".join(
        str(v) for row in conn.execute("select * from files") for v in row
    )
    assert "hemlig" not in everything and "root:" not in everything
    err = run.stderr.decode("utf-8")
    assert f"FAILED {folder}/ror.pdf: not a regular file (a named pipe)" in err
    assert f"loaded    {folder}/prot\\xe9koll.pdf" in err
    assert f"loaded    {folder}/rad\\nbryt.pdf" in err
    # A second run finds the same entries: loaded files unchanged, failures kept once.
    again = run_cli("ingest", str(folder), "--db", str(db))
    assert "0 files loaded, 5 unchanged, 6 failed" in again.stdout.decode("utf-8")
    assert conn.execute("select count(*) from files").fetchone() == (11,)
    conn.close()


def test_odd_entries_named_explicitly(tmp_path: Path) -> None:
    """A pipe or a dangling link named on the command line fails, not hangs;
    a path that does not exist is a usage error (exit 2)."""
    pipe, dangling = tmp_path / "ror", tmp_path / "saknas.pdf"
    os.mkfifo(pipe)
    dangling.symlink_to(tmp_path / "finns-inte")
    db = tmp_path / "e.db"
    run = run_cli("ingest", str(pipe), str(dangling), "--db", str(db))
    assert run.returncode == 1
    conn = sqlite3.connect(db)
    assert dict(conn.execute("select path, error from files")) == {
        str(pipe): "not a regular file (a named pipe)",
        str(dangling): DANGLING,
    }
    conn.close()
    missing = run_cli("ingest", str(tmp_path / "nej"), "--db", str(db))
    assert missing.returncode == 2
    assert f"no such file or folder: {tmp_path}/nej" in missing.stderr.decode()


def test_shown_escapes_undecodable_bytes_and_controls() -> None:
    """Printed names never crash a terminal: bytes and controls become escapes."""
    assert shown(os.fsdecode(b"/a/prot\xe9koll.pdf")) == "/a/prot\\xe9koll.pdf"
    assert shown("/a/rad\nbryt\t.pdf") == "/a/rad\\nbryt\\t.pdf"
    assert shown("/a/Förslag äldreomsorg.pdf") == "/a/Förslag äldreomsorg.pdf"


def test_a_database_path_that_is_no_database_is_a_usage_error(tmp_path: Path) -> None:
    """--db naming a text file exits 2 with the reason, for ingest and serve."""
    db = tmp_path / "anteckningar.db"
    db.write_text("inte en databas\n", encoding="utf-8")
    for args in (["ingest", str(GOOD)], ["serve"]):
        run = run_cli(*args, "--db", str(db))
        assert run.returncode == 2
        assert (
            f"Error: cannot open database {db}: file is not a database"
            in run.stderr.decode()
        )
    assert db.read_text(encoding="utf-8") == "inte en databas\n"


#: Names whose text order and part-by-part order differ ("a b/" sorts
#: before "a/" as text, after it as parts), with a PDF named like a folder.
ORDERED = ["a.pdf", "a/x.pdf", "a b/x.pdf", "a-b/c/y.pdf", "a-b.pdf", "ab.pdf"]


def test_a_folder_is_found_in_path_order_without_sorting(tmp_path: Path) -> None:
    """One folder given: its files come in ``Path`` order from the walk
    itself; two given: the same order after sorting their texts."""
    folder = tmp_path / "in"
    for name in ORDERED:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"%PDF-1.4\n")
    expected = [str(p) for p in sorted(folder / name for name in ORDERED)]
    assert expected[:3] == [
        str(folder / n) for n in ("a/x.pdf", "a b/x.pdf", "a-b/c/y.pdf")
    ]
    assert find_inputs([folder]).files == expected
    named = [folder / "ab.pdf", folder / "a b", folder / "a", folder / "a.pdf"]
    assert find_inputs(named).files == [
        str(folder / n) for n in ("a/x.pdf", "a b/x.pdf", "a.pdf", "ab.pdf")
    ]


@given(st.lists(st.text(alphabet="ab -._/Å", min_size=1, max_size=8), max_size=8))
def test_text_keys_sort_as_paths_do(names: list[str]) -> None:
    """``_in_order`` sorts normalised path texts (absolute, relative, with
    "//") exactly as ``Path`` sorts the paths."""
    paths = [
        str(Path(name)) for name in names if str(Path(name)) not in ("/", "//", ".")
    ]
    assert sorted(paths, key=_in_order) == [str(p) for p in sorted(map(Path, paths))]
