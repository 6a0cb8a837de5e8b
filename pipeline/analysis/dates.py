"""The dates statuses are computed as of: given, or each municipality's newest.

A municipality's papers say nothing of what happened there after its newest
one, so by default each municipality is analysed as of its own newest full
document date (documents with no municipality form one group of their own).
A date given with ``--as-of`` (or ``today``) applies to every municipality.
"""

from __future__ import annotations

import datetime as dt
import re

from extractors.core.errors import InvalidDate
from pipeline.store.db import Store

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: A full document date (``YYYY-MM-DD``), as SQL.
FULL_DATE = "date glob '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'"
#: Every municipality with documents, with its newest full document date.
NEWEST_SQL = f"""
select municipality, max(case when {FULL_DATE} then date end) as newest
from documents group by municipality
"""

#: A municipality as the analysis groups documents (None: no municipality).
Place = str | None


def recorded_as_of(store: Store) -> str:
    """Return the analysis date recorded by the last run (or the default)."""
    rows = store.query("select value from analysis where key = 'as_of'")
    return rows[0]["value"] if rows else default_as_of(store)[0]


def default_as_of(store: Store) -> tuple[str, str]:
    """Return ``(date, how)``: the newest full document date, else today."""
    rows = store.query(f"select max(date) as d from documents where {FULL_DATE}")
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


def place_dates(store: Store, given: str | None) -> dict[Place, tuple[str, str]]:
    """Return ``{municipality: (date, how)}`` for every municipality with documents.

    ``given`` (a date or ``today``) applies to all; by default each one's
    newest full document date, or the database's for one with none dated.
    """
    newest = {r["municipality"]: r["newest"] for r in store.query(NEWEST_SQL)}
    if given is not None or not all(newest.values()):
        fallback = resolve_as_of(store, given)
    if given is not None:
        return {place: fallback for place in newest}
    return {
        place: (date, "newest document date")
        if date
        else (fallback[0], f"{fallback[1]} (none dated in the municipality)")
        for place, date in newest.items()
    }


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
