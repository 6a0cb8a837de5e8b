"""Link motions and interpellations to what decides or answers them.

Reads and writes through :class:`~pipeline.store.db.Store`; the matching is
the pure functions of :mod:`pipeline.analysis.motions`. Links never cross
municipalities.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pipeline.store.db import Store

from . import motions as link

MOTIONS_SQL = """
select mo.id, mo.title, mo.dnr, mo.date, mo.document_id, d.municipality
from motions mo join documents d on d.id = mo.document_id order by mo.id
"""
PARAGRAPHS_SQL = """
select p.id, p.title, p.dnr, p.decision, p.decision_kind, m.date, d.municipality
from paragraphs p join meetings m on m.id = p.meeting_id
join documents d on d.id = p.document_id order by p.id
"""
ANSWERS_SQL = """
select p.id, p.title, m.date, d.municipality from paragraphs p
join meetings m on m.id = p.meeting_id join documents d on d.id = p.document_id
union all select id, title, date, municipality from documents order by 1
"""
INTERPELLATIONS_SQL = """
select i.id, i.title, d.municipality from interpellations i
join documents d on d.id = i.document_id order by i.id
"""
DOCUMENTS_SQL = "select id, kind, title, dnr, municipality from documents order by id"


def by_municipality(
    rows: list[dict[str, Any]],
) -> dict[str | None, list[dict[str, Any]]]:
    """Group rows by their ``municipality`` column."""
    groups: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row["municipality"]].append(row)
    return groups


#: A motion printed without its case number takes the case it was decided in
#: (the deciding or proposing paragraph's), else the own case number of a
#: paper about it (answer, officer's report, protocol extract).
MOTION_CASE_SQL = """
update motions set dnr = coalesce(
  (select p.dnr from paragraphs p where p.id = motions.decided_by),
  (select p.dnr from paragraphs p where p.id = motions.proposed_by),
  (select d.dnr from motion_documents md join documents d on d.id = md.document_id
   where md.motion_id = motions.id and d.dnr is not null
   order by md.role = 'decision' desc, d.date, d.id limit 1))
where dnr is null
"""


def link_motions(store: Store) -> None:
    """Set every motion's outcome and papers, and every interpellation's answer."""
    signatories: dict[str, list[str]] = defaultdict(list)
    for row in store.query("select motion_id, name from motion_signatories"):
        signatories[row["motion_id"]].append(row["name"])
    motions = by_municipality(
        [dict(r, signatories=signatories[r["id"]]) for r in store.query(MOTIONS_SQL)]
    )
    paragraphs = by_municipality(store.query(PARAGRAPHS_SQL))
    answers = by_municipality(store.query(ANSWERS_SQL))
    documents = by_municipality(store.query(DOCUMENTS_SQL))
    items = by_municipality(store.query(INTERPELLATIONS_SQL))
    candidates, papers = [], []
    with store.transaction():
        for place, group in motions.items():
            fates, ambiguous = link.motion_fates(group, paragraphs.get(place, []))
            for fate in fates:
                _save_fate(store, fate)
            candidates += ambiguous
            papers += link.motion_papers(group, documents.get(place, []))
        for place, group in items.items():
            found = link.interpellation_answers(group, answers.get(place, []))
            for item_id, answer_id, date in found:
                store.execute(
                    "update interpellations set answered_by = ?, answered_on = ? "
                    "where id = ?",
                    [answer_id, date, item_id],
                )
        store.replace_all("motion_link_candidates", candidates)
        store.replace_all("motion_documents", papers)
        store.execute(MOTION_CASE_SQL)


def _save_fate(store: Store, fate: link.MotionFate) -> None:
    """Write one motion's outcome and its att-satser's outcomes."""
    store.execute(
        "update motions set outcome = ?, decided_by = ?, decided_on = ?, "
        "proposed_outcome = ?, proposed_by = ? where id = ?",
        [
            fate.outcome,
            fate.decided_by,
            fate.decided_on,
            fate.proposed_outcome,
            fate.proposed_by,
            fate.motion_id,
        ],
    )
    store.execute(
        "update motion_clauses set outcome = ? where motion_id = ?",
        [fate.outcome, fate.motion_id],
    )
    for number, outcome in (fate.clauses or {}).items():
        store.execute(
            "update motion_clauses set outcome = ? where motion_id = ? and number = ?",
            [outcome, fate.motion_id, number],
        )
