"""Derived tables: ``cases`` per municipality and case number, and ``persons``."""

from __future__ import annotations

from pipeline.store.db import Store

from .places import Scope

#: One case per (municipality, canonical dnr); titled by the earliest
#: document whose own dnr is the case, else by a paragraph or an agenda item.
#: The subqueries find a case's papers by case number; ``+`` keeps SQLite
#: from looking them up by municipality instead, which scanned every
#: document of the municipality for every case (3.6 s against 0.03 s for
#: 3,399 cases in one municipality's 2,908 documents).
CASES_SQL = """
insert into cases (municipality, dnr, prefix, year, serial, title, first_date,
                   last_date, documents)
select coalesce(d.municipality, ''), m.dnr, min(m.prefix), min(m.year),
  min(m.serial),
  coalesce(
    (select d2.title from documents d2 where d2.dnr = m.dnr
       and +d2.municipality is d.municipality and d2.title is not null
     order by d2.date is null, d2.date, d2.id limit 1),
    (select p.title from paragraphs p join documents d3 on d3.id = p.document_id
     where p.dnr = m.dnr and +d3.municipality is d.municipality
     order by p.id limit 1),
    (select a.title from agenda_items a join documents d4 on d4.id = a.document_id
     where a.dnr = m.dnr and +d4.municipality is d.municipality
     order by a.id limit 1)),
  min(d.date), max(d.date), count(distinct d.id)
from dnr_mentions m join documents d on d.id = m.document_id {where}
group by coalesce(d.municipality, ''), m.dnr
"""
#: The documents of one municipality's cases (no municipality: NULL or empty,
#: as the case's ``municipality`` is empty).
OF_PLACE = "where d.municipality = ?"
OF_NONE = "where (d.municipality is null or d.municipality = '')"

#: Tables naming members with a party, and the ``persons`` column counting each.
PERSON_SOURCES = {
    "proposals": "proposals",
    "reservations": "reservations",
    "vote_records": "votes",
    "attendance": "attendances",
    "declarations": "declarations",
}


def rebuild_cases(store: Store, scope: Scope) -> None:
    """Recompute the ``cases`` of the municipalities in ``scope``."""
    with store.transaction():
        scope.clear(store, "cases", "municipality = coalesce(?, '')")
        if scope.whole:
            store.execute(CASES_SQL.format(where=""))
            return
        for place in {p or None for p in scope.places}:
            if place is None:
                store.execute(CASES_SQL.format(where=OF_NONE))
            else:
                store.execute(CASES_SQL.format(where=OF_PLACE), [place])


def rebuild_persons(store: Store) -> None:
    """Recompute ``persons``: every named member with a party, and how active."""
    counts = ", ".join(f"sum(source = '{t}') as {c}" for t, c in PERSON_SOURCES.items())
    union = " union all ".join(
        f"select name, coalesce(party, '') as party, '{t}' as source from [{t}] "
        f"where name is not null"
        for t in PERSON_SOURCES
    )
    with store.transaction():
        store.execute("delete from persons")
        store.execute(
            f"insert into persons select name, party, {counts} from ({union}) "
            "group by name, party"
        )
