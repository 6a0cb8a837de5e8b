"""Folder settings: the nearest ``diarium.toml`` up to the given folder, read once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS

from extractors.core.errors import BadSettings
from pipeline.cli import cli
from pipeline.ingest import ingest
from pipeline.settings import (
    FolderSettings,
    municipality_for,
    municipality_name,
    search_tops,
)


def setting(folder: Path, name: str) -> None:
    """Write a ``diarium.toml`` naming municipality ``name`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "diarium.toml").write_text(f'municipality = "{name}"\n', "utf-8")


def pdf(path: Path) -> Path:
    """Create an (empty) file at ``path``; only its place matters here."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4\n")
    return path


def test_the_nearest_setting_up_to_the_given_folder(tmp_path: Path) -> None:
    """Nearest folder first; nothing above the folder given to ingest."""
    top = tmp_path / "arkiv"
    setting(tmp_path, "Ovanför")  # above the given folder: never read
    setting(top / "varberg", "Varberg")
    setting(top / "varberg" / "ks" / "2024", "Kungsbacka")
    settings = FolderSettings(search_tops([top]))
    found = [
        settings.municipality_for(pdf(top / name))
        for name in ("varberg/ks/a.pdf", "varberg/ks/2024/b.pdf", "c.pdf", "x/d.pdf")
    ]
    assert found == [
        ("Varberg", "folder setting"),
        ("Kungsbacka", "folder setting"),
        None,
        None,
    ]


def test_a_batch_reads_each_folder_once(tmp_path: Path) -> None:
    """A setting changed during a batch is seen by the next batch only."""
    setting(tmp_path / "in", "Varberg")
    first, second = pdf(tmp_path / "in" / "a.pdf"), pdf(tmp_path / "in" / "b.pdf")
    settings = FolderSettings(search_tops([tmp_path / "in"]))
    assert settings.municipality_for(first) == ("Varberg", "folder setting")
    setting(tmp_path / "in", "Falkenberg")
    assert settings.municipality_for(second) == ("Varberg", "folder setting")
    assert municipality_for(second, search_tops([tmp_path / "in"])) == (
        "Falkenberg",
        "folder setting",
    )


def test_a_link_takes_the_setting_of_its_target(tmp_path: Path) -> None:
    """A link is followed to the folder its file lies in, as before the cache."""
    top = tmp_path / "in"
    setting(top / "varberg", "Varberg")
    setting(top / "falkenberg", "Falkenberg")
    target = pdf(top / "varberg" / "a.pdf")
    link = top / "falkenberg" / "lank.pdf"
    link.symlink_to(target)
    settings = FolderSettings(search_tops([top]))
    assert settings.municipality_for(link) == ("Varberg", "folder setting")
    assert settings.municipality_for(pdf(top / "falkenberg" / "b.pdf")) == (
        "Falkenberg",
        "folder setting",
    )


def test_a_broken_setting_names_its_file(tmp_path: Path) -> None:
    """Invalid TOML stops the batch with the settings file named."""
    (tmp_path / "diarium.toml").write_text('municipality = "Varberg\n', "utf-8")
    settings = FolderSettings(search_tops([tmp_path]))
    with pytest.raises(BadSettings, match=r"diarium\.toml: not valid TOML"):
        settings.municipality_for(pdf(tmp_path / "a.pdf"))


def test_the_search_stops_at_each_given_folder(tmp_path: Path) -> None:
    """A folder given stops the search there; a file, at its folder; a link to
    a file, at the folder of the file it leads to."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    first, second = pdf(tmp_path / "a" / "x.pdf"), pdf(tmp_path / "a" / "y.pdf")
    (tmp_path / "lank.pdf").symlink_to(first)
    tops = search_tops(
        [tmp_path / "a" / "b", first, second, tmp_path / "lank.pdf", Path("z.pdf")]
    )
    assert tops == {tmp_path / "a" / "b", tmp_path / "a", Path.cwd()}


def test_a_name_is_tidied_and_a_blank_one_is_none(tmp_path: Path) -> None:
    """Spaces around and inside a name are tidied, so " Varberg " and
    "Varberg" are one municipality; a blank setting names none (the folder
    above decides)."""
    top = tmp_path / "arkiv"
    setting(top, "Varberg")
    setting(top / "a", "  Kungs\tbacka ")
    setting(top / "b", "   ")
    settings = FolderSettings(search_tops([top]))
    assert [
        settings.municipality_for(pdf(top / name)) for name in ("a/x.pdf", "b/y.pdf")
    ] == [("Kungs backa", "folder setting"), ("Varberg", "folder setting")]
    assert [municipality_name(n) for n in (" Ale ", "Upplands  Väsby", " ")] == [
        "Ale",
        "Upplands Väsby",
        None,
    ]


def test_a_blank_municipality_option_is_a_usage_error(tmp_path: Path) -> None:
    """``--municipality " "`` is refused before anything is read (exit 2);
    a padded name is stored tidied."""
    db = tmp_path / "d.db"
    source = CORPUS / "granvik_kf_motioner_2023.pdf"
    refused = CliRunner().invoke(
        cli, ["ingest", str(source), "--municipality", " ", "--db", str(db)]
    )
    assert (refused.exit_code, db.exists()) == (2, False)
    assert "Error: --municipality names no municipality" in refused.output
    ingest([source], str(db), municipality=" Granvik  ")
    with sqlite3.connect(db) as conn:
        stored = conn.execute("select distinct municipality from documents").fetchall()
    conn.close()
    assert stored == [("Granvik",)]


def test_a_blank_name_stored_by_earlier_code_is_read_again(tmp_path: Path) -> None:
    """A file stored under a blank or padded municipality (as earlier code
    stored a blank setting) is read again, and stored as this code does."""
    source = CORPUS / "granvik_kf_motioner_2023.pdf"
    db = tmp_path / "d.db"
    ingest([source], str(db))
    with sqlite3.connect(db) as conn:
        expected = conn.execute("select municipality from files").fetchall()
        conn.execute("update files set municipality = '   '")
        conn.execute("update documents set municipality = '   '")
    conn.close()
    summary = ingest([source], str(db))
    assert (summary.loaded, summary.unchanged) == (1, 0)
    with sqlite3.connect(db) as conn:
        stored = conn.execute("select municipality from files").fetchall()
        places = conn.execute("select distinct municipality from documents").fetchall()
    conn.close()
    assert stored == expected == [("Granvik",)]
    assert places == [("Granvik",)]
    assert (ingest([source], str(db)).loaded, summary.failed) == (0, 0)
