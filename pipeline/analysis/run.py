"""The analysis step: derived tables, links and statuses as of an explicit date.

Run after loading (``diarium ingest`` does it at the end of every batch).
Every rule is a pure function of the loaded records and the ``as_of`` date,
which is recorded in the ``analysis`` table: by default the newest document
date in the database, so two ingests of the same files give the same rows.
"""

from __future__ import annotations

import datetime as dt
import re

from extractors.core.errors import InvalidDate
from pipeline.store.db import Store

from .checks import run_checks
from .derived import rebuild_cases, rebuild_persons
from .follow_through import track_follow_through
from .motion_links import link_motions

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def default_as_of(store: Store) -> tuple[str, str]:
    """Return ``(date, how)``: the newest full document date, else today."""
    rows = store.query(
        "select max(date) as d from documents where date glob "
        "'[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'"
    )
    newest = rows[0]["d"] if rows else None
    if newest:
        return newest, "newest document date"
    return dt.date.today().isoformat(), "ingest date (no dated documents)"


def resolve_as_of(store: Store, given: str | None) -> tuple[str, str]:
    """Return the analysis date: ``given`` (ISO date or ``today``), else the default."""
    if given is None:
        return default_as_of(store)
    if given == "today":
        return dt.date.today().isoformat(), "given: today"
    return _given(given)


def check_as_of(given: str | None) -> None:
    """Raise :class:`InvalidDate` unless ``given`` is None, ``today`` or a date."""
    if given not in (None, "today"):
        _given(given)


def _given(given: str) -> tuple[str, str]:
    """Return ``(given, "given")`` for a valid ISO date, else raise."""
    try:
        if not _ISO_DAY.match(given):
            raise ValueError(given)
        dt.date.fromisoformat(given)
    except ValueError:
        raise InvalidDate(
            f"--as-of must be a date YYYY-MM-DD or 'today', not {given!r}"
        ) from None
    return given, "given"


def recorded_as_of(store: Store) -> str:
    """Return the analysis date recorded by the last run (or the default)."""
    rows = store.query("select value from analysis where key = 'as_of'")
    return rows[0]["value"] if rows else default_as_of(store)[0]


def analyse(store: Store, as_of: str | None = None) -> str:
    """Rebuild every derived table and status as of ``as_of``; return the date."""
    date, how = resolve_as_of(store, as_of)
    with store.transaction():  # the other keys say what built what
        store.execute(
            "insert or replace into analysis (key, value, note) values (?, ?, ?)",
            ["as_of", date, how],
        )
    rebuild_cases(store)
    rebuild_persons(store)
    link_motions(store)
    track_follow_through(store, date)
    run_checks(store)
    return date
