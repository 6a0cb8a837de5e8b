"""Municipalities as the units of analysis: which to analyse again, and records.

Every rule links, groups and dates records within one municipality, so a
run analyses again only the municipalities whose inputs changed: documents
written or deleted (:mod:`pipeline.store.touched`), another date, or other
corrections of their records. What each municipality was analysed from is
recorded in ``analysis`` as ``built_from:NAME`` beside its date
``as_of:NAME`` (``NAME`` empty for the documents with no municipality).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipeline.store.db import Store

from .dates import Place

#: The ``analysis`` keys of a municipality's date and of what it was built from.
DATE_KEY, STAMP_KEY = "as_of:", "built_from:"

#: Each correction with the municipality of its record (``found`` 0: no record).
CORRECTIONS_SQL = """
select c.*, coalesce(rd.municipality, cd.municipality) as place,
  (rd.id is not null or cd.id is not null) as found
from corrections c
left join recommendations r on c.target = 'recommendation' and r.id = c.target_id
left join audit_reports a on a.id = r.report_id
left join documents rd on rd.id = a.document_id
left join commissions m on c.target = 'commission' and m.id = c.target_id
left join documents cd on cd.id = m.document_id
order by c.id
"""


@dataclass(frozen=True)
class Scope:
    """The municipalities one analysis covers."""

    places: list[Place]
    """The municipalities analysed, in order (None: no municipality)."""
    whole: bool
    """Every municipality: each derived table is emptied at once, not one
    municipality's rows at a time."""

    def clear(self, store: Store, table: str, mine: str, params: int = 1) -> None:
        """Delete the rows of ``table`` that belong to the municipalities analysed.

        ``mine`` is the SQL condition of one municipality's rows, with
        ``params`` placeholders each taking the municipality.
        """
        if self.whole:
            store.execute(f"delete from [{table}]")
            return
        for place in self.places:
            store.execute(f"delete from [{table}] where {mine}", [place] * params)


def key(prefix: str, place: Place) -> str:
    """Return the ``analysis`` key of a municipality's setting."""
    return prefix + (place or "")


def ordered(places: Iterable[Place]) -> list[Place]:
    """Return municipalities in name order, the one with no name last."""
    return sorted(set(places), key=lambda p: (p is None, p or ""))


def place_stamps(store: Store, dates: dict[Place, tuple[str, str]]) -> dict[Place, str]:
    """Return what each municipality's analysis is built from, as a digest.

    Its date (and how it was chosen) and the corrections of its records;
    the code is in the database's stamp (:func:`pipeline.incremental.derived_stamp`).
    """
    fixes: dict[Place, list[Any]] = defaultdict(list)
    for row in store.query(CORRECTIONS_SQL):
        if row.pop("found"):
            fixes[row.pop("place")].append(sorted(row.items()))
    return {
        place: _digest([date, how, fixes[place]])
        for place, (date, how) in dates.items()
    }


def stale_places(store: Store, dates: dict[Place, tuple[str, str]]) -> set[Place]:
    """Return the municipalities whose analysis is not built from what it is now.

    Those with another date or other corrections, new ones, and those
    analysed before that have no documents any more.
    """
    now = {key(STAMP_KEY, p): (p, s) for p, s in place_stamps(store, dates).items()}
    recorded = _recorded(store, STAMP_KEY)
    stale = {p for k, (p, stamp) in now.items() if recorded.get(k) != stamp}
    return stale | {k[len(STAMP_KEY) :] or None for k in recorded if k not in now}


def recorded_dates(store: Store) -> dict[Place, str]:
    """Return the date each municipality was last analysed as of."""
    rows = _recorded(store, DATE_KEY).items()
    return {k[len(DATE_KEY) :] or None: v for k, v in rows}


def recorded_setting(store: Store, place: Place) -> tuple[str, str] | None:
    """Return the ``(date, how)`` a municipality was last analysed as of, if any."""
    rows = store.query(
        "select value, note from analysis where key = ?", [key(DATE_KEY, place)]
    )
    return (rows[0]["value"], rows[0]["note"]) if rows else None


def record_places(
    store: Store, dates: dict[Place, tuple[str, str]], scope: Scope
) -> None:
    """Record the date and stamp of each municipality analysed (forget those gone)."""
    stamps = place_stamps(store, dates)
    with store.transaction():
        if scope.whole:
            for prefix in (DATE_KEY, STAMP_KEY):
                store.execute(_FORGET_SQL, [prefix])
        for place in scope.places:
            for prefix in (DATE_KEY, STAMP_KEY):
                store.execute(_FORGET_KEY, [key(prefix, place)])
            if place not in dates:
                continue
            date, how = dates[place]
            note = "digest of the date and corrections it was analysed from"
            store.execute(_SET_SQL, [key(DATE_KEY, place), date, how])
            store.execute(_SET_SQL, [key(STAMP_KEY, place), stamps[place], note])


_FORGET_KEY = "delete from analysis where key = ?"
_SET_SQL = "insert or replace into analysis (key, value, note) values (?, ?, ?)"
#: The ``analysis`` rows whose key starts with ``?`` (no LIKE: ``_`` is a wildcard).
_PREFIXED = "from analysis where substr(key, 1, length(?1)) = ?1"
_ROWS_SQL, _FORGET_SQL = f"select key, value {_PREFIXED}", f"delete {_PREFIXED}"


def _recorded(store: Store, prefix: str) -> dict[str, str]:
    """Return the recorded ``analysis`` values whose key starts with ``prefix``."""
    return {r["key"]: r["value"] for r in store.query(_ROWS_SQL, [prefix])}


def _digest(parts: Any) -> str:
    """Return a short digest of ``parts`` (JSON)."""
    text = json.dumps(parts, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
