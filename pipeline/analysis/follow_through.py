"""Follow-through as its own step: recommendations and commissions with statuses.

Statuses are computed as of an explicit date (see :mod:`pipeline.analysis.run`),
never "today", so the same records always give the same database. The
matching and status rules are the pure functions of
:mod:`pipeline.analysis.tracking`; audits are grouped and answered within one
municipality only.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from typing import Any

from extractors.core.errors import UnknownTarget
from pipeline.store.db import Store

from . import commission_tracking, tracking
from .dates import Place
from .motion_links import by_municipality
from .places import Scope, record_places, recorded_setting

REPORTS_SQL = """
select a.id, a.document_id, a.number, a.title, a.firm, a.reply_due, d.kind as doc_kind,
  d.dnr, d.date, coalesce(a.date, d.date) as report_date, d.file_sha256,
  d.municipality
from audit_reports a join documents d on d.id = a.document_id {where} order by a.id
"""
#: The recommendations of one municipality's audits (or of audits gone).
OWN_REPORTS = """
select a.id from audit_reports a join documents d on d.id = a.document_id
where d.municipality is ?
"""
REC_ROWS = (
    f"report_id in ({OWN_REPORTS}) or report_id not in (select id from audit_reports)"
)
#: Events and candidates of recommendations no longer there.
GONE_SQL = "delete from [{table}] where {column} not in (select id from [{owners}])"
#: The commission events of one municipality (or of commissions gone).
COMMISSION_ROWS = """
commission_id in (select c.id from commissions c join documents d
  on d.id = c.document_id where d.municipality is ?)
or commission_id not in (select id from commissions)
"""
MENTIONS_SQL = """
select m.id, m.report_id, m.text, m.auditee, m.assessment, m.page, m.document_id,
  m.file_sha256, d.date, d.municipality
from recommendation_mentions m join documents d on d.id = m.document_id
where d.municipality is ? order by m.document_id, m.number
"""
ANSWERS_SQL = """
select s.heading, s.text, s.page, s.document_id, d.date, d.dnr, d.title as doc_title,
  d.municipality
from answer_sections s join documents d on d.id = s.document_id
where d.municipality is ? order by s.document_id, s.number
"""
COMMISSIONS_SQL = """
select c.id, c.text, c.due, c.document_id, coalesce(mt.date, d.date) as date,
  coalesce(p.dnr, d.dnr) as dnr, d.municipality
from commissions c join documents d on d.id = c.document_id
left join paragraphs p on p.id = c.paragraph_id
left join meetings mt on mt.id = p.meeting_id
where d.municipality is ? order by c.id
"""
LATER_SQL = """
select id as document_id, title, date, dnr, page_start as page, municipality
from documents where municipality is ?
union all
select p.document_id, p.title, m.date, p.dnr, p.page, d.municipality
from paragraphs p join meetings m on m.id = p.meeting_id
join documents d on d.id = p.document_id where d.municipality is ?
order by 3, 1, 5
"""


def track_follow_through(store: Store, dates: dict[Place, str], scope: Scope) -> None:
    """Recompute the recommendations and commissions of the municipalities in
    ``scope``, with their statuses, each as of its date in ``dates``."""
    corrections = store.query("select * from corrections order by id")
    all_reports = store.query(REPORTS_SQL.format(where=""))
    places = by_municipality(all_reports)
    tracked: list[tracking.Tracked] = []
    for place, reports in places.items():  # one at a time
        if scope.whole or place in scope.places:
            tracked += tracking.recommendations(
                reports,
                store.query(MENTIONS_SQL, [place]),
                store.query(ANSWERS_SQL, [place]),
                corrections,
                dates[place],
            )
    with store.transaction():
        scope.clear(store, "recommendations", REC_ROWS, params=1)
        for table in ("recommendation_events", "recommendation_candidates"):
            owners = {"table": table, "column": "recommendation_id"}
            store.execute(GONE_SQL.format(owners="recommendations", **owners))
        _save_tracked(store, tracked, all_reports, list(places))
        scope.clear(store, "commission_events", COMMISSION_ROWS)
        for place in scope.places:
            if place in dates:
                _settle_commissions(store, place, corrections, dates[place])


def _save_tracked(
    store: Store,
    tracked: list[tracking.Tracked],
    reports: list[dict[str, Any]],
    places: list[Place],
) -> None:
    """Write new recommendations and their events, and mark repeats in all.

    A recommendation may repeat one of another audit of its municipality or
    of one with none (:func:`tracking.mark_repeats`): those stored are read
    back and given their new ``repeats`` where it changed. All are marked in
    the order a whole analysis makes them: by municipality, report and number.
    """
    rows = store.query("select * from recommendations")
    stored = [tracking.Tracked(r, []) for r in rows]
    before = {t.row["id"]: t.row["repeats"] for t in stored}
    rank = {place: n for n, place in enumerate(places)}
    place_of = {r["id"]: rank[r["municipality"]] for r in reports}

    def order(t: tracking.Tracked) -> tuple[int, str, int]:
        return place_of.get(t.row["report_id"], -1), t.row["report_id"], t.row["number"]

    tracking.mark_repeats(sorted(tracked + stored, key=order), reports)
    for t in stored:
        if t.row["repeats"] != before[t.row["id"]]:
            store.execute(
                "update recommendations set repeats = ? where id = ?",
                [t.row["repeats"], t.row["id"]],
            )
    store.insert("recommendations", (t.row for t in tracked))
    store.insert(
        "recommendation_events",
        (dict(e, seq=i) for t in tracked for i, e in enumerate(t.events)),
    )
    store.insert(
        "recommendation_candidates", (c for t in tracked for c in t.candidates)
    )


def _settle_commissions(
    store: Store, place: Place, corrections: list[dict[str, Any]], as_of: str
) -> None:
    """Compute and write the status and events of one municipality's commissions."""
    # Only papers titled as a report can report a commission done: picked
    # once here, not for every commission (482 commissions × 2,908 papers).
    later = [
        r
        for r in store.stream(LATER_SQL, [place, place])  # most rows are dropped
        if r["date"] and commission_tracking.is_report_title(r["title"])
    ]
    dates = [r["date"] for r in later]  # in date order (LATER_SQL)
    settled: list[tuple[str, str | None, str]] = []
    events: list[dict[str, Any]] = []
    for commission in store.query(COMMISSIONS_SQL, [place]):
        day = commission["date"]
        after = later[bisect_right(dates, day) :] if day else []
        status, date, found = commission_tracking.commission_status(
            commission, after, corrections, as_of
        )
        settled.append((status, date, commission["id"]))
        events += (dict(e, seq=i) for i, e in enumerate(found))
    # All at once: a statement and an insert a commission took 0.2 ms each.
    store.execute_many(
        "update commissions set status = ?, status_date = ? where id = ?", settled
    )
    store.insert("commission_events", events)


def add_correction(
    store: Store,
    target_id: str,
    status: str,
    note: str | None,
    source: str | None,
    as_of: str,
) -> str:
    """Record a person's correction; it survives every re-ingest and rebuild.

    The follow-through of the record's municipality is computed again as of
    its recorded date (``as_of`` for one analysed before dates were kept
    per municipality).

    Returns what was corrected: "recommendation" or "commission".
    """
    target = _target_of(store, target_id)
    allowed = (
        tracking.STATUSES
        if target == "recommendation"
        else commission_tracking.COMMISSION_STATUSES
    )
    if status not in allowed:
        raise UnknownTarget(
            f"{status!r} is not a {target} status; use one of: {', '.join(allowed)}"
        )
    with store.transaction():
        store.insert(
            "corrections",
            [
                {
                    "target": target,
                    "target_id": target_id,
                    "status": status,
                    "note": note,
                    "source": source,
                    "document_id": None,
                    "page": None,
                    "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                }
            ],
        )
    place = _place_of(store, target, target_id)
    date = recorded_setting(store, place) or (as_of, "given")
    scope = Scope([place], whole=False)
    track_follow_through(store, {place: date[0]}, scope)
    record_places(store, {place: date}, scope)
    return target


#: The municipality of a recommendation's audit, and of a commission.
PLACE_OF = {
    "recommendation": "select d.municipality from recommendations r "
    "join audit_reports a on a.id = r.report_id "
    "join documents d on d.id = a.document_id where r.id = ?",
    "commission": "select d.municipality from commissions c "
    "join documents d on d.id = c.document_id where c.id = ?",
}


def _place_of(store: Store, target: str, target_id: str) -> Place:
    """Return the municipality of a recommendation or commission."""
    rows = store.query(PLACE_OF[target], [target_id])
    return rows[0]["municipality"] if rows else None


def _target_of(store: Store, target_id: str) -> str:
    """Return whether ``target_id`` names a recommendation or a commission."""
    for target, table in (
        ("recommendation", "recommendations"),
        ("commission", "commissions"),
    ):
        if store.exists(table, "id", target_id):
            return target
    raise UnknownTarget(f"no recommendation or commission with id {target_id!r}")
