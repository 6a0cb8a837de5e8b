"""The analysis step: derived tables, links and statuses as of explicit dates.

Run after loading (``diarium ingest`` does it at the end of every batch).
Every rule is a pure function of the loaded records of one municipality and
its ``as_of`` date (:mod:`.dates`), recorded in the ``analysis`` table: by
default the municipality's newest document date, so two ingests of the same
files give the same rows. A run analyses again only the municipalities
whose inputs changed (:mod:`.places`), or all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.store.db import Store

from .checks import run_checks
from .dates import (
    Place,
    check_as_of,
    default_as_of,
    place_dates,
    recorded_as_of,
    resolve_as_of,
)
from .derived import rebuild_cases, rebuild_persons
from .follow_through import track_follow_through
from .motion_links import link_motions
from .places import Scope, ordered, record_places

__all__ = [
    "Analysis",
    "analyse",
    "check_as_of",
    "default_as_of",
    "recorded_as_of",
    "resolve_as_of",
]


@dataclass(frozen=True)
class Analysis:
    """What one analysis did."""

    as_of: str
    """The date given, else the newest municipality's date (``analysis.as_of``)."""
    dates: dict[Place, str]
    """The date each municipality's statuses are computed as of."""
    analysed: list[Place]
    """The municipalities analysed (every one when ``whole``)."""
    whole: bool
    """Every municipality was analysed."""


def analyse(
    store: Store,
    as_of: str | None = None,
    places: set[Place] | None = None,
    dates: dict[Place, tuple[str, str]] | None = None,
    files: set[str] | None = None,
) -> Analysis:
    """Rebuild the derived tables and statuses of ``places`` (default: all).

    Each municipality is analysed as of ``as_of`` (a date or ``today``),
    else as of its own newest document date; ``dates`` are those of
    :func:`place_dates` when the caller has worked them out already.
    ``files``, with ``places``, are the only files whose records changed
    since the last analysis: only theirs are checked again (default: every
    file of ``places``).
    """
    dates = place_dates(store, as_of) if dates is None else dates
    date, how = resolve_as_of(store, as_of)
    scope = Scope(ordered(dates if places is None else places), places is None)
    with store.transaction():  # the other keys say what built what
        store.execute(
            "insert or replace into analysis (key, value, note) values (?, ?, ?)",
            ["as_of", date, how],
        )
    rebuild_cases(store, scope)
    if scope.places or scope.whole:  # a person's counts add up every municipality
        rebuild_persons(store)
    link_motions(store, scope)
    days = {place: day for place, (day, _) in dates.items()}
    track_follow_through(store, days, scope)
    run_checks(store, scope, files)
    record_places(store, dates, scope)
    return Analysis(date, days, scope.places, scope.whole)
