"""Docs tests: commands are documented, tables and columns are described."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, make_pdf, table_names

from extractors import REGISTRY
from pipeline.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_and_is_in_readme(command: str) -> None:
    """Each command has a docstring help text and a README section."""
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert cli.commands[command].help
    assert f"diarium {command}" in README


def test_every_table_and_column_is_described(tmp_path: Path) -> None:
    """Every table, view and column in a fresh database has a description."""
    db = tmp_path / "diarium.db"
    make_pdf(tmp_path / "x.pdf", ["MOTION", "2024-01-01", "Dnr KS 2024/1"])
    assert (
        CliRunner()
        .invoke(cli, ["ingest", str(tmp_path / "x.pdf"), "--db", str(db)])
        .exit_code
        == 0
    )
    described = METADATA["databases"]["diarium"]["tables"]
    conn = sqlite3.connect(db)
    names = table_names(db, ("table", "view"))
    for name in names:
        assert described[name]["description"], name
        columns = {r[1] for r in conn.execute(f"pragma table_info([{name}])")}
        assert columns == set(described[name]["columns"]), name


def test_registry_is_pinned() -> None:
    """Every kind is registered once, with its version; changes are deliberate."""
    assert {kind: spec.label for kind, spec in REGISTRY.items()} == {
        "kallelse": "kallelse.v1",
        "protokoll": "protokoll.v9",
        "protokollsutdrag": "protokollsutdrag.v2",
        "motion": "motion.v3",
        "interpellation": "interpellation.v1",
        "tjansteskrivelse": "tjansteskrivelse.v2",
        "yttrande": "yttrande.v2",
        "yrkande": "yrkande.v1",
        "revisionsrapport": "revisionsrapport.v3",
        "revisionsberattelse": "revisionsberattelse.v2",
        "revisionsskrivelse": "revisionsskrivelse.v3",
        "uppfoljning": "uppfoljning.v3",
        "plan": "plan.v1",
        "other": "other.v1",
    }
    assert all(spec.name == kind for kind, spec in REGISTRY.items())
    assert [k for k, s in sorted(REGISTRY.items(), key=lambda i: i[1].priority)] == [
        "revisionsskrivelse",
        "uppfoljning",
        "revisionsberattelse",
        "kallelse",
        "protokollsutdrag",
        "protokoll",
        "tjansteskrivelse",
        "yrkande",
        "yttrande",
        "motion",
        "interpellation",
        "revisionsrapport",
        "plan",
        "other",
    ]


def test_every_kind_is_described() -> None:
    """The documents.kind description and the README name every registered kind."""
    described = METADATA["databases"]["diarium"]["tables"]["documents"]["columns"]
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(
        encoding="utf-8"
    )
    missing = [
        kind
        for kind in REGISTRY
        if kind not in described["kind"] or f"`{kind}`" not in readme
    ]
    assert missing == []
