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
from .places import Scope

#: The municipalities with motions (then with interpellations), each once,
#: in the order of their first one's id.
MOTION_PLACES_SQL = """
select d.municipality from motions mo join documents d on d.id = mo.document_id
group by d.municipality order by min(mo.id)
"""
INTERPELLATION_PLACES_SQL = """
select d.municipality from interpellations i join documents d on d.id = i.document_id
group by d.municipality order by min(i.id)
"""
#: The rows of one municipality (``is ?``: the municipality may be unknown).
MOTIONS_SQL = """
select mo.id, mo.title, mo.dnr, mo.date, mo.document_id, d.municipality
from motions mo join documents d on d.id = mo.document_id
where d.municipality is ? order by mo.id
"""
PARAGRAPHS_SQL = """
select p.id, p.title, p.dnr, p.decision, p.decision_kind, m.date, d.municipality
from paragraphs p join meetings m on m.id = p.meeting_id
join documents d on d.id = p.document_id where d.municipality is ? order by p.id
"""
ANSWERS_SQL = """
select p.id, p.title, m.date, d.municipality from paragraphs p
join meetings m on m.id = p.meeting_id join documents d on d.id = p.document_id
where d.municipality is ?
union all select id, title, date, municipality from documents
where municipality is ? order by 1
"""
INTERPELLATIONS_SQL = """
select i.id, i.title, d.municipality from interpellations i
join documents d on d.id = i.document_id where d.municipality is ? order by i.id
"""
DOCUMENTS_SQL = """
select id, kind, title, dnr, municipality from documents
where municipality is ? order by id
"""


def by_municipality(
    rows: list[dict[str, Any]],
) -> dict[str | None, list[dict[str, Any]]]:
    """Group rows by their ``municipality`` column."""
    groups: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row["municipality"]].append(row)
    return groups


#: The motions of one municipality, and the rows of their links (or of
#: motions gone).
OWN_MOTIONS = """
select mo.id from motions mo join documents d on d.id = mo.document_id
where d.municipality is ?
"""
MOTION_ROWS = (
    f"motion_id in ({OWN_MOTIONS}) or motion_id not in (select id from motions)"
)
#: Forget the answers of one municipality's interpellations (found again).
UNANSWER_SQL = """
update interpellations set answered_by = null, answered_on = null
where document_id in (select id from documents where municipality is ?)
"""

#: A motion's case (``case_dnr``): its case number as printed, else the case
#: it was decided in (the deciding or proposing paragraph's), else the own
#: case number of a paper about it (answer, officer's report, protocol
#: extract). Kept apart from the printed ``dnr``, which linking matches on:
#: written into ``dnr``, it made the next analysis link by it, so a
#: municipality analysed twice differed from one analysed once.
MOTION_CASE_SQL = """
update motions set case_dnr = coalesce(dnr,
  (select p.dnr from paragraphs p where p.id = motions.decided_by),
  (select p.dnr from paragraphs p where p.id = motions.proposed_by),
  (select d.dnr from motion_documents md join documents d on d.id = md.document_id
   where md.motion_id = motions.id and d.dnr is not null
   order by md.role = 'decision' desc, d.date, d.id limit 1))
where id in ({mine})
"""


def link_motions(store: Store, scope: Scope) -> None:
    """Set the outcome and papers of every motion, and every interpellation's
    answer, of the municipalities in ``scope``.

    One municipality at a time (links never cross them), so memory grows
    with the largest municipality's records, not with the database.
    """
    signatories: dict[str, list[str]] = defaultdict(list)
    for row in store.query("select motion_id, name from motion_signatories"):
        signatories[row["motion_id"]].append(row["name"])
    with store.transaction():
        for table in ("motion_link_candidates", "motion_documents"):
            scope.clear(store, table, MOTION_ROWS)
        for place in _places(store, MOTION_PLACES_SQL, scope):
            _link_place(store, place, signatories)
        for place in _places(store, INTERPELLATION_PLACES_SQL, scope):
            _answer_place(store, place)


def _link_place(
    store: Store, place: str | None, signatories: dict[str, list[str]]
) -> None:
    """Link the motions of one municipality to their decisions and papers."""
    group = [
        dict(r, signatories=signatories[r["id"]])
        for r in store.query(MOTIONS_SQL, [place])
    ]
    paragraphs = store.stream(PARAGRAPHS_SQL, [place])  # kept if they can match
    fates, ambiguous = link.motion_fates(group, paragraphs)
    for fate in fates:
        _save_fate(store, fate)
    store.insert("motion_link_candidates", ambiguous)
    store.insert(
        "motion_documents",
        link.motion_papers(group, store.stream(DOCUMENTS_SQL, [place])),
    )
    store.execute(MOTION_CASE_SQL.format(mine=OWN_MOTIONS), [place])


def _answer_place(store: Store, place: str | None) -> None:
    """Find the answers of one municipality's interpellations."""
    store.execute(UNANSWER_SQL, [place])
    items = store.query(INTERPELLATIONS_SQL, [place])
    answers = store.stream(ANSWERS_SQL, [place, place])  # titled ones kept
    for item_id, answer_id, date in link.interpellation_answers(items, answers):
        store.execute(
            "update interpellations set answered_by = ?, answered_on = ? where id = ?",
            [answer_id, date, item_id],
        )


def _places(store: Store, sql: str, scope: Scope) -> list[str | None]:
    """Return the municipalities ``sql`` names (in its order) that are in ``scope``."""
    named = [row["municipality"] for row in store.query(sql)]
    return named if scope.whole else [p for p in named if p in scope.places]


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
