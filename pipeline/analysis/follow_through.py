"""Follow-through as its own step: recommendations and commissions with statuses.

Statuses are computed as of an explicit date (see :mod:`pipeline.analysis.run`),
never "today", so the same records always give the same database. The
matching and status rules are the pure functions of
:mod:`pipeline.analysis.tracking`; audits are grouped and answered within one
municipality only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from extractors.core.errors import UnknownTarget
from pipeline.store.db import Store

from . import commission_tracking, tracking
from .motion_links import by_municipality

REPORTS_SQL = """
select a.id, a.document_id, a.number, a.title, a.firm, a.reply_due, d.kind as doc_kind,
  d.dnr, d.date, coalesce(a.date, d.date) as report_date, d.file_sha256,
  d.municipality
from audit_reports a join documents d on d.id = a.document_id order by a.id
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
order by c.id
"""
LATER_SQL = """
select id as document_id, title, date, dnr, page_start as page, municipality
from documents
union all
select p.document_id, p.title, m.date, p.dnr, p.page, d.municipality
from paragraphs p join meetings m on m.id = p.meeting_id
join documents d on d.id = p.document_id
order by 3, 1, 5
"""


def track_follow_through(store: Store, as_of: str) -> None:
    """Recompute recommendations, commissions and their statuses as of ``as_of``."""
    corrections = store.query("select * from corrections order by id")
    tracked: list[tracking.Tracked] = []
    all_reports = store.query(REPORTS_SQL)
    for place, reports in by_municipality(all_reports).items():  # one at a time
        tracked += tracking.recommendations(
            reports,
            store.query(MENTIONS_SQL, [place]),
            store.query(ANSWERS_SQL, [place]),
            corrections,
            as_of,
        )
    tracking.mark_repeats(tracked, all_reports)
    # Only papers titled as a report can report a commission done: picked
    # once here, not for every commission (482 commissions × 2,908 papers).
    later = by_municipality(
        [
            r
            for r in store.stream(LATER_SQL)  # most rows are dropped: not all held
            if r["date"] and commission_tracking.is_report_title(r["title"])
        ]
    )
    with store.transaction():
        store.replace_all("recommendations", (t.row for t in tracked))
        store.replace_all(
            "recommendation_events",
            (dict(e, seq=i) for t in tracked for i, e in enumerate(t.events)),
        )
        store.replace_all(
            "recommendation_candidates", (c for t in tracked for c in t.candidates)
        )
        store.execute("delete from commission_events")
        for commission in store.query(COMMISSIONS_SQL):
            _settle_commission(
                store,
                commission,
                later.get(commission["municipality"], []),
                corrections,
                as_of,
            )


def _settle_commission(
    store: Store,
    commission: dict[str, Any],
    later: list[dict[str, Any]],
    corrections: list[dict[str, Any]],
    as_of: str,
) -> None:
    """Compute and write one commission's status and events."""
    after = [r for r in later if commission["date"] and r["date"] > commission["date"]]
    status, date, events = commission_tracking.commission_status(
        commission, after, corrections, as_of
    )
    store.execute(
        "update commissions set status = ?, status_date = ? where id = ?",
        [status, date, commission["id"]],
    )
    store.insert("commission_events", (dict(e, seq=i) for i, e in enumerate(events)))


def add_correction(
    store: Store,
    target_id: str,
    status: str,
    note: str | None,
    source: str | None,
    as_of: str,
) -> str:
    """Record a person's correction; it survives every re-ingest and rebuild.

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
    track_follow_through(store, as_of)
    return target


def _target_of(store: Store, target_id: str) -> str:
    """Return whether ``target_id`` names a recommendation or a commission."""
    for target, table in (
        ("recommendation", "recommendations"),
        ("commission", "commissions"),
    ):
        if store.exists(table, "id", target_id):
            return target
    raise UnknownTarget(f"no recommendation or commission with id {target_id!r}")
