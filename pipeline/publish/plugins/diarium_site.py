"""Datasette plugin: the site in Swedish, the tables people want first.

Loaded by ``diarium serve`` with ``--plugins-dir`` beside the templates in
``pipeline/publish/templates``; it depends on Datasette and the standard
library only.

* Coded values stay as stored (``open``, ``tjansteskrivelse``: the public
  contract, the JSON and CSV exports and URL filters use them) but every
  table cell and facet shows the Swedish label of ``labels.toml``
  ("öppen", "tjänsteskrivelse"), the stored value as its tooltip; SQL
  function ``sv_label(column, value)`` gives the same label in a query (the
  Atom feeds' titles).
* The home page and the database page list the tables in the order of the
  metadata's ``plugins: diarium-site: first`` (cases, documents, meetings …),
  then the others, then the technical ones (``last``).
"""

from __future__ import annotations

import tomllib
from html import escape
from pathlib import Path
from typing import Any

from datasette import hookimpl
from markupsafe import Markup

#: Swedish labels of coded values, by column name.
LABELS_FILE = Path(__file__).resolve().parent.parent / "labels.toml"
PLUGIN = "diarium-site"


def _load_labels() -> dict[str, dict[str, str]]:
    """Return ``labels.toml``: column → stored value → Swedish label."""
    with LABELS_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    return {column: dict(values) for column, values in data.items()}


LABELS = _load_labels()


def label(column: str | None, value: Any) -> Any:
    """Return the Swedish label of ``value`` in ``column`` (else the value)."""
    if not isinstance(value, str) or column is None:
        return value
    return LABELS.get(column, {}).get(value, value)


@hookimpl
def prepare_connection(conn: Any) -> None:
    """Register ``sv_label(column, value)`` for the canned queries and feeds."""
    conn.create_function("sv_label", 2, _sql_label, deterministic=True)


def _sql_label(column: Any, value: Any) -> Any:
    """Return the Swedish label of ``value`` in ``column`` (SQL function)."""
    return label(column if isinstance(column, str) else None, value)


@hookimpl
def render_cell(value: Any, column: str) -> Markup | None:
    """Show a coded value by its Swedish label, the stored value as tooltip."""
    shown = label(column, value)
    if shown == value:
        return None
    return Markup(
        f'<span class="coded" title="{escape(str(value))}">{escape(shown)}</span>'
    )


@hookimpl
def extra_template_vars(datasette: Any, request: Any) -> dict[str, Any]:
    """Give the templates the Swedish labels and the table order."""

    async def home() -> list[dict[str, Any]]:
        return [await _sections(datasette, name) for name in _public(datasette)]

    def order(tables: list[dict[str, Any]], database: str) -> list[dict[str, Any]]:
        ranked = _ranking(datasette, database)
        return sorted(
            tables, key=lambda t: (t.get("hidden", False), *ranked(t["name"]))
        )

    return {"diarium_label": label, "diarium_order": order, "diarium_home": home}


def _public(datasette: Any) -> list[str]:
    """Return the names of the served databases (not the internal ones)."""
    return [name for name in datasette.databases if not name.startswith("_")]


def _ranking(datasette: Any, database: str) -> Any:
    """Return a sort key of table names: first ones, others, last ones."""
    config = datasette.plugin_config(PLUGIN, database=database) or {}
    first = list(config.get("first") or [])
    last = list(config.get("last") or [])

    def rank(name: str) -> tuple[int, int, str]:
        if name in first:
            return (0, first.index(name), name)
        if name in last:
            return (2, last.index(name), name)
        return (1, 0, name)

    return rank


async def _sections(datasette: Any, name: str) -> dict[str, Any]:
    """Return one database's tables for the home page, in reading order."""
    db = datasette.get_database(name)
    hidden = set(await db.hidden_table_names())
    names = [t for t in await db.table_names() if t not in hidden]
    names += await db.view_names()
    rank = _ranking(datasette, name)
    groups: dict[int, list[dict[str, Any]]] = {0: [], 1: [], 2: []}
    for table in sorted(names, key=rank):
        meta = datasette.table_metadata(name, table)
        groups[rank(table)[0]].append(
            {
                "name": table,
                "title": meta.get("title") or table,
                "description": meta.get("description") or "",
            }
        )
    queries = await datasette.get_canned_queries(name, None)
    return {
        "name": name,
        "first": groups[0],
        "more": groups[1],
        "last": groups[2],
        "charts": [q for q in queries.values() if q.get("fragment")],
        "queries": [q for q in queries.values() if not q.get("fragment")],
    }
