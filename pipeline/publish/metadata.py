"""Datasette metadata for a database of any name.

The project's ``metadata.yml`` describes the tables of a database called
``diarium``. Datasette keys table metadata by database name, so serving
``real.db`` with that file silently drops every description and canned query.
:func:`metadata_for` returns the same metadata keyed by the served database's
name instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: The database name the project's metadata file is written for.
TEMPLATE_NAME = "diarium"


def database_name(db_path: str | Path) -> str:
    """Return the name Datasette gives the database file at ``db_path``."""
    return Path(db_path).stem


def metadata_for(template: Path, db_path: str | Path) -> dict[str, Any]:
    """Return the metadata in ``template`` keyed by ``db_path``'s database name."""
    import yaml  # not at import: the command line imports this module for --help

    data: dict[str, Any] = yaml.safe_load(template.read_text(encoding="utf-8")) or {}
    databases = data.get("databases") or {}
    if TEMPLATE_NAME in databases:
        name = database_name(db_path)
        databases = {
            (name if key == TEMPLATE_NAME else key): value
            for key, value in databases.items()
        }
        data["databases"] = databases
    return data
