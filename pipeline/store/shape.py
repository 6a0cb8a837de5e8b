"""Database shape: indexes, foreign keys, full-text search and views.

:func:`ensure_db_shape` only shapes; it computes nothing (analysis is its own
step, :mod:`pipeline.analysis`) and is safe to run any number of times.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .schema import ensure_tables, references

if TYPE_CHECKING:
    import sqlite_utils

#: Label columns: how a row is named where another row links to it.
LABELS = {
    "meetings": "trim(coalesce(body, '') || ' ' || coalesce(date, ''))",
    "paragraphs": "'§ ' || coalesce(number, '') || ' ' || coalesce(title, '')",
    "votes": "'Votering ' || coalesce(yes, '?') || '–' || coalesce(no, '?')"
    " || coalesce(' (' || question || ')', '')",
}

INDEXES = (
    ("documents", "file_sha256"),
    ("documents", "kind"),
    ("documents", "dnr"),
    ("documents", "date"),
    ("documents", "municipality"),
    ("dnr_mentions", "dnr"),
    ("paragraphs", "dnr"),
    ("agenda_items", "dnr"),
    ("dnr_mentions", "file_sha256"),
    ("files", "path"),
    ("search_index", "kind"),
)
#: Indexes of several columns. Each municipality's newest document date
#: (:data:`pipeline.analysis.dates.NEWEST_SQL`, asked at every run) is then
#: read from the index alone, not from the documents' rows with their text
#: (14,500 documents: 2 ms against 17 ms with the file cached).
COMPOSITE_INDEXES = (("documents", ("municipality", "date")),)

#: Every document of a case: those that mention its case number, and a
#: motion with every paper linked to it (answers, reports, extracts) when the
#: motion belongs to the case. Cases are per municipality.
CASE_DOCUMENTS_VIEW = """
select distinct d.municipality, m.dnr, d.date, d.kind, d.title,
  d.id as document_id, d.page_start, d.page_end, f.path
from (
  select dnr, document_id from dnr_mentions
  union select mo.case_dnr, mo.document_id from motions mo
    where mo.case_dnr is not null
  union select mo.case_dnr, md.document_id from motions mo
    join motion_documents md on md.motion_id = mo.id where mo.case_dnr is not null
) m
join documents d on d.id = m.document_id
join files f on f.sha256 = d.file_sha256
order by d.municipality, m.dnr, d.date is null, d.date, d.id
"""

#: Agenda items linked to the paragraph of the same body's minutes of the
#: same day in the same municipality: by case number, else by equal title.
AGENDA_PARAGRAPHS_VIEW = """
select a.id as agenda_item_id, p.id as paragraph_id, kd.municipality, k.body,
  k.date, a.number as item, p.number as paragraph, a.title,
  case when a.dnr is not null and a.dnr = p.dnr then 'dnr' else 'title' end
    as matched_by
from agenda_items a
join meetings k on k.id = a.meeting_id and k.kind = 'kallelse'
join documents kd on kd.id = k.document_id
join meetings m on m.body = k.body and m.date = k.date and m.kind = 'protokoll'
join documents md on md.id = m.document_id
  and md.municipality is kd.municipality
join paragraphs p on p.meeting_id = m.id
where (a.dnr is not null and a.dnr = p.dnr)
   or ((a.dnr is null or p.dnr is null)
       and lower(trim(a.title)) = lower(trim(p.title)))
"""

#: Everything that happened in a case, in date order.
CASE_EVENTS_VIEW = """
select municipality, dnr, date, 'document' as event, kind as what, title,
  null as decision, document_id, page_start as page
from case_documents
union all
select d.municipality, a.dnr, m.date, 'agenda item', m.body,
  a.number || '. ' || a.title, a.proposed_decision, a.document_id, a.page
from agenda_items a join meetings m on m.id = a.meeting_id
join documents d on d.id = a.document_id
where a.dnr is not null
union all
select d.municipality, p.dnr, m.date, 'paragraph', m.body,
  '§ ' || p.number || ' ' || p.title, p.decision, p.document_id, p.page
from paragraphs p join meetings m on m.id = p.meeting_id
join documents d on d.id = p.document_id
where p.dnr is not null
order by 1, 2, 3
"""

#: Motions not decided within a year of being raised (kommunallagen 5:35),
#: as of their municipality's analysis date recorded in ``analysis``
#: (``as_of:NAME``, NAME empty for no municipality).
MOTIONS_OVERDUE_VIEW = """
select mo.id, mo.title, mo.date, mo.party, mo.case_dnr as dnr, mo.outcome,
  mo.proposed_outcome,
  cast(julianday(a.value) - julianday(mo.date) as integer) as age_days,
  mo.document_id
from motions mo join documents d on d.id = mo.document_id
join analysis a on a.key = 'as_of:' || coalesce(d.municipality, '')
where mo.outcome = 'pending' and mo.date is not null
  and mo.date <= date(a.value, '-1 year')
order by mo.date
"""

VIEWS = {
    "case_documents": CASE_DOCUMENTS_VIEW,
    "case_events": CASE_EVENTS_VIEW,
    "agenda_paragraphs": AGENDA_PARAGRAPHS_VIEW,
    "motions_overdue": MOTIONS_OVERDUE_VIEW,
}


def ensure_indexes(db: sqlite_utils.Database) -> None:
    """Index the looked-up columns and every reference; safe to repeat.

    Done when the database is opened, not only after loading: the loader
    looks up each file's earlier rows by path and hash, which without
    these indexes scanned every stored document for every file (5.2 s of
    a 6,200-page first run, growing with the square of the batch).
    """
    for table, columns in wanted_indexes(db):
        db.table(table).create_index(list(columns), if_not_exists=True)


def wanted_indexes(db: sqlite_utils.Database) -> list[tuple[str, tuple[str, ...]]]:
    """Return ``(table, columns)`` of every index :func:`ensure_indexes` makes."""
    tables = set(db.table_names())
    wanted: list[tuple[str, tuple[str, ...]]]
    wanted = [(t, (c,)) for t, c in INDEXES if t in tables]
    wanted += [(t, c) for t, c in COMPOSITE_INDEXES if t in tables]
    for name in db.table_names():
        wanted += [
            (name, (fk.column,)) for fk in db.table(name).foreign_keys if fk.column
        ]
    return wanted


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Add indexes, foreign keys, full-text search and views; safe to repeat."""
    from .search import ensure_search  # the stemmer: not at import
    from .text_index import TEXT_TABLES, ensure_fts

    ensure_tables(db)
    for table, expression in LABELS.items():
        if "label" not in db.table(table).columns_dict:
            db.table(table).add_column("label", str)
        db.execute(
            f"update [{table}] set label = {expression} "
            f"where label is not ({expression})"
        )
    _count_pages(db)
    todo = missing_foreign_keys(db)
    if todo:
        db.add_foreign_keys(todo)
    ensure_indexes(db)
    for table, columns in TEXT_TABLES.items():
        ensure_fts(db, table, columns)  # kept a commit at a time: never rebuilt whole
    ensure_search(db)
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)


def missing_foreign_keys(db: sqlite_utils.Database) -> list[tuple[str, str, str, str]]:
    """Return the references of every table that are not declared yet."""
    tables = set(db.table_names())
    todo = []
    for name in sorted(tables):
        if "_fts" in name:
            continue
        table = db.table(name)
        declared = {fk.column for fk in table.foreign_keys}
        for column, other, key in references(name, table.columns_dict, tables):
            if column not in declared:
                todo.append((name, column, other, key))
    return todo


def _count_pages(db: sqlite_utils.Database) -> None:
    """Set ``documents.masked``, ``masked_contacts`` and ``ocr_pages`` where
    they are not set, as the loader sets them (:class:`.file_rows.PageCounts`).

    Only a database written before the loader did has such documents.
    """
    from .file_rows import PageCounts  # imports the connection: not at import

    unset = "select distinct file_sha256 from documents where ocr_pages is null"
    for (sha,) in db.execute(unset).fetchall():
        counts = PageCounts(db, sha)
        docs = db.execute(
            "select id, page_start, page_end from documents "
            "where file_sha256 = ? and ocr_pages is null",
            [sha],
        ).fetchall()
        rows = [
            (c["masked"], c["masked_contacts"], c["ocr_pages"], id_)
            for id_, start, end in docs
            for c in [counts.over(start, end)]
        ]
        with db.conn:
            db.conn.executemany(
                "update documents set masked = ?, masked_contacts = ?, "
                "ocr_pages = ? where id = ?",
                rows,
            )
