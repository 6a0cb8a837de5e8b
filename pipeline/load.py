"""Load stage: the only module that imports sqlite-utils.

``save_*`` functions take the database first and parse nothing. A file's rows
are replaced in one transaction, so a re-run never duplicates rows and a
crash mid-file leaves the previous state intact. :func:`ensure_db_shape` adds
indexes, full-text search and views and is safe to run any number of times.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from extractors import record_tables

from . import link, track
from .errors import UnknownTarget
from .models import Document, Failure, FileResult

#: FTS5 tokenizer that keeps å, ä and ö distinct (för ≠ for, får ≠ far).
SWEDISH_TOKENIZER = "unicode61 remove_diacritics 0"

#: Tables holding rows derived from one file, keyed by ``file_sha256``.
FILE_TABLES = ("dnr_mentions", "documents", "pages")

SCHEMA: dict[str, tuple[dict[str, Any], str | tuple[str, ...]]] = {
    "files": (
        {
            "sha256": str,
            "path": str,
            "bytes": int,
            "pages": int,
            "status": str,
            "error": str,
            "pipeline_version": str,
            "ingested_at": str,
            "seconds": float,
        },
        "sha256",
    ),
    "pages": (
        {
            "file_sha256": str,
            "page": int,
            "text": str,
            "needs_ocr": int,
            "furniture": str,
            "extractor": str,
        },
        ("file_sha256", "page"),
    ),
    "documents": (
        {
            "id": str,
            "file_sha256": str,
            "position": int,
            "kind": str,
            "title": str,
            "date": str,
            "organ": str,
            "dnr": str,
            "page_start": int,
            "page_end": int,
            "extractor": str,
            "body": str,
        },
        "id",
    ),
    "dnr_mentions": (
        {
            "document_id": str,
            "seq": int,
            "dnr": str,
            "raw": str,
            "page": int,
            "prefix": str,
            "year": int,
            "serial": int,
            "file_sha256": str,
            "extractor": str,
        },
        ("document_id", "seq"),
    ),
    "cases": (
        {
            "dnr": str,
            "prefix": str,
            "year": int,
            "serial": int,
            "title": str,
            "first_date": str,
            "last_date": str,
            "documents": int,
        },
        "dnr",
    ),
    "motion_documents": (
        {
            "motion_id": str,
            "document_id": str,
            "role": str,
            "score": float,
            "matched_by": str,
        },
        ("motion_id", "document_id"),
    ),
    "motion_link_candidates": (
        {"motion_id": str, "paragraph_id": str, "score": float},
        ("motion_id", "paragraph_id"),
    ),
    "recommendations": (
        {
            "id": str,
            "report_id": str,
            "number": int,
            "text": str,
            "auditee": str,
            "priority": str,
            "status": str,
            "status_date": str,
            "due": str,
            "overdue": int,
            "mentions": int,
            "repeats": str,
            "page": int,
            "document_id": str,
            "file_sha256": str,
            "extractor": str,
        },
        "id",
    ),
    "recommendation_events": (
        {
            "recommendation_id": str,
            "seq": int,
            "date": str,
            "status": str,
            "document_id": str,
            "page": int,
            "text": str,
            "agrees": int,
            "source": str,
        },
        ("recommendation_id", "seq"),
    ),
    "commission_events": (
        {
            "commission_id": str,
            "seq": int,
            "date": str,
            "status": str,
            "document_id": str,
            "page": int,
            "text": str,
            "source": str,
        },
        ("commission_id", "seq"),
    ),
    "corrections": (
        {
            "id": int,
            "target": str,
            "target_id": str,
            "status": str,
            "note": str,
            "source": str,
            "document_id": str,
            "page": int,
            "created_at": str,
        },
        "id",
    ),
    "persons": (
        {
            "name": str,
            "party": str,
            "proposals": int,
            "reservations": int,
            "votes": int,
            "attendances": int,
            "declarations": int,
        },
        ("name", "party"),
    ),
}

FOREIGN_KEYS = {
    "pages": [("file_sha256", "files", "sha256")],
    "documents": [("file_sha256", "files", "sha256")],
    "dnr_mentions": [("document_id", "documents", "id")],
}

#: Agenda items linked to the paragraph of the same body's minutes of the
#: same day: by case number, else by equal title.
AGENDA_PARAGRAPHS_VIEW = """
select a.id as agenda_item_id, p.id as paragraph_id, k.body, k.date,
  a.number as item, p.number as paragraph, a.title,
  case when a.dnr is not null and a.dnr = p.dnr then 'dnr' else 'title' end
    as matched_by
from agenda_items a
join meetings k on k.id = a.meeting_id and k.kind = 'kallelse'
join meetings m on m.body = k.body and m.date = k.date and m.kind = 'protokoll'
join paragraphs p on p.meeting_id = m.id
where (a.dnr is not null and a.dnr = p.dnr)
   or ((a.dnr is null or p.dnr is null)
       and lower(trim(a.title)) = lower(trim(p.title)))
"""

#: Everything that happened in a case, in date order.
CASE_EVENTS_VIEW = """
select dnr, date, 'document' as event, kind as what, title, null as decision,
  document_id, page_start as page
from case_documents
union all
select a.dnr, m.date, 'agenda item', m.body, a.number || '. ' || a.title,
  a.proposed_decision, a.document_id, a.page
from agenda_items a join meetings m on m.id = a.meeting_id where a.dnr is not null
union all
select p.dnr, m.date, 'paragraph', m.body, '§ ' || p.number || ' ' || p.title,
  p.decision, p.document_id, p.page
from paragraphs p join meetings m on m.id = p.meeting_id where p.dnr is not null
order by 1, 2
"""

#: Motions not decided within a year of being raised (kommunallagen 5:35).
MOTIONS_OVERDUE_VIEW = """
select id, title, date, party, dnr, outcome, proposed_outcome,
  cast(julianday('now') - julianday(date) as integer) as age_days, document_id
from motions
where outcome = 'pending' and date is not null and date <= date('now', '-1 year')
order by date
"""

#: Tables naming members with a party; ``persons`` is derived from them.
PERSON_SOURCES = (
    "proposals",
    "reservations",
    "vote_records",
    "attendance",
    "declarations",
)

CASE_DOCUMENTS_VIEW = """
select distinct m.dnr, d.date, d.kind, d.title, d.id as document_id,
  d.page_start, d.page_end, f.path
from dnr_mentions m
join documents d on d.id = m.document_id
join files f on f.sha256 = d.file_sha256
order by m.dnr, d.date is null, d.date, d.id
"""


def open_db(path: str) -> sqlite_utils.Database:
    """Open (creating if needed) the database at ``path`` in WAL mode."""
    db = sqlite_utils.Database(path)
    db.enable_wal()
    ensure_tables(db)
    return db


#: Provenance columns added to every extractor-declared table.
PROVENANCE: dict[str, Any] = {"document_id": str, "file_sha256": str, "extractor": str}


def ensure_tables(db: sqlite_utils.Database) -> None:
    """Create the public tables that do not exist yet; add missing columns."""
    wanted: dict[str, tuple[dict[str, Any], str | tuple[str, ...] | None]] = dict(
        SCHEMA
    )
    for declared in record_tables():
        wanted[declared.name] = (declared.columns | PROVENANCE, declared.pk)
    for name, (columns, pk) in wanted.items():
        table = db.table(name)
        if not table.exists():
            if pk is None:
                table.create(columns)
            else:
                table.create(columns, pk=pk, not_null=_not_null(pk))
        else:
            missing = {c: t for c, t in columns.items() if c not in table.columns_dict}
            for column, col_type in missing.items():
                table.add_column(column, col_type)


def file_tables() -> list[str]:
    """Return every table whose rows come from one file (keyed by file_sha256)."""
    return [t.name for t in record_tables()] + list(FILE_TABLES)


def _not_null(pk: str | tuple[str, ...]) -> set[str]:
    """Return the primary-key columns as a set."""
    return {pk} if isinstance(pk, str) else set(pk)


def known_files(db: sqlite_utils.Database) -> dict[str, tuple[str, str]]:
    """Return ``{sha256: (status, pipeline_version)}`` for every file seen."""
    return {
        row["sha256"]: (row["status"], row["pipeline_version"])
        for row in db.query("select sha256, status, pipeline_version from files")
    }


def save_file_result(
    db: sqlite_utils.Database, result: FileResult, pipeline_version: str
) -> None:
    """Replace every row of ``result``'s file in one transaction."""
    sha = result.source.sha256
    with db.conn:
        _delete_file_rows(db, sha, result.source.path)
        db.table("files").upsert(
            _file_row(
                result.source, pipeline_version, "loaded", None, len(result.pages)
            )
            | {"seconds": round(result.seconds, 3)},
            pk="sha256",
        )
        db.table("pages").insert_all(
            {
                "file_sha256": sha,
                "page": p.number,
                "text": p.text,
                "needs_ocr": int(p.needs_ocr),
                "furniture": p.furniture,
                "extractor": f"read.{pipeline_version}",
            }
            for p in result.pages
        )
        db.table("documents").insert_all(_document_rows(result))
        db.table("dnr_mentions").insert_all(_mention_rows(result))
        for doc in result.documents:
            for name, rows in doc.records.items():
                db.table(name).insert_all(_record_rows(result, doc, rows))


def save_failure(
    db: sqlite_utils.Database, failure: Failure, pipeline_version: str
) -> None:
    """Record a file that could not be processed, keeping no partial rows."""
    with db.conn:
        _delete_file_rows(db, failure.source.sha256, failure.source.path)
        db.table("files").upsert(
            _file_row(failure.source, pipeline_version, "failed", failure.reason, None),
            pk="sha256",
        )


def _file_row(
    source: Any, version: str, status: str, error: str | None, pages: int | None
) -> dict[str, Any]:
    """Return the ``files`` row of a source file."""
    return {
        "sha256": source.sha256,
        "path": source.path,
        "bytes": source.bytes,
        "pages": pages,
        "status": status,
        "error": error,
        "pipeline_version": version,
        "ingested_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _delete_file_rows(db: sqlite_utils.Database, sha: str, path: str) -> None:
    """Delete the derived rows of ``sha`` and of an older version of ``path``."""
    shas = {sha} | {
        row["sha256"]
        for row in db.query("select sha256 from files where path = ?", [path])
    }
    for old in shas:
        for table in file_tables():
            db.execute(f"delete from [{table}] where file_sha256 = ?", [old])
        if old != sha:
            db.execute("delete from files where sha256 = ?", [old])


def _document_rows(result: FileResult) -> list[dict[str, Any]]:
    """Return the ``documents`` rows of a file."""
    sha = result.source.sha256
    return [
        {
            "id": d.id(sha),
            "file_sha256": sha,
            "position": d.index,
            "kind": d.kind,
            "title": d.title,
            "date": d.date,
            "organ": d.organ,
            "dnr": d.dnr,
            "page_start": d.page_start,
            "page_end": d.page_end,
            "extractor": d.extractor,
            "body": d.body,
        }
        for d in result.documents
    ]


def _record_rows(
    result: FileResult, doc: Document, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Return extractor rows with global ids and provenance columns."""
    doc_id = doc.id(result.source.sha256)
    out = []
    for row in rows:
        row = dict(row)
        for key, value in row.items():
            is_ref = key == "id" or (key.endswith("_id") and key != "document_id")
            if is_ref and isinstance(value, str):
                row[key] = f"{doc_id}/{value}"
        row.update(
            document_id=doc_id,
            file_sha256=result.source.sha256,
            extractor=doc.extractor,
        )
        out.append(row)
    return out


def _mention_rows(result: FileResult) -> list[dict[str, Any]]:
    """Return the ``dnr_mentions`` rows of a file, numbered per document."""
    sha = result.source.sha256
    ids = {d.index: d.id(sha) for d in result.documents}
    extractors = {d.index: d.extractor for d in result.documents}
    rows, seq = [], dict.fromkeys(ids, 0)
    for m in result.mentions:
        rows.append(
            {
                "document_id": ids[m.document_index],
                "seq": seq[m.document_index],
                "dnr": m.dnr,
                "raw": m.raw,
                "page": m.page,
                "prefix": m.prefix,
                "year": m.year,
                "serial": m.serial,
                "file_sha256": sha,
                "extractor": extractors[m.document_index],
            }
        )
        seq[m.document_index] += 1
    return rows


def rebuild_cases(db: sqlite_utils.Database) -> None:
    """Recompute ``cases`` from every mention: one row per canonical dnr."""
    with db.conn:
        db.execute("delete from cases")
        db.execute(
            """
            insert into cases (dnr, prefix, year, serial, title, first_date,
                               last_date, documents)
            select m.dnr, min(m.prefix), min(m.year), min(m.serial),
              coalesce(
                (select d2.title from documents d2 where d2.dnr = m.dnr
                   and d2.title is not null
                 order by d2.date is null, d2.date, d2.id limit 1),
                (select p.title from paragraphs p where p.dnr = m.dnr limit 1),
                (select a.title from agenda_items a where a.dnr = m.dnr limit 1)),
              min(d.date), max(d.date), count(distinct d.id)
            from dnr_mentions m join documents d on d.id = m.document_id
            group by m.dnr
            """
        )


def rebuild_persons(db: sqlite_utils.Database) -> None:
    """Recompute ``persons``: every named member with a party, and how active."""
    counts = ", ".join(
        f"sum(source = '{t}') as {c}"
        for t, c in zip(
            PERSON_SOURCES,
            ("proposals", "reservations", "votes", "attendances", "declarations"),
            strict=True,
        )
    )
    union = " union all ".join(
        f"select name, coalesce(party, '') as party, '{t}' as source from [{t}] "
        f"where name is not null"
        for t in PERSON_SOURCES
    )
    with db.conn:
        db.execute("delete from persons")
        db.execute(
            f"insert into persons select name, party, {counts} from ({union}) "
            "group by name, party"
        )


def link_motions(db: sqlite_utils.Database) -> None:
    """Set every motion's outcome from the paragraphs that answer it."""
    signatories: dict[str, list[str]] = {}
    for row in db.query("select motion_id, name from motion_signatories"):
        signatories.setdefault(row["motion_id"], []).append(row["name"])
    motions = [
        dict(row, signatories=signatories.get(row["id"], []))
        for row in db.query("select id, title, dnr, date from motions")
    ]
    paragraphs = list(
        db.query(
            "select p.id, p.title, p.dnr, p.decision, p.decision_kind, m.date "
            "from paragraphs p join meetings m on m.id = p.meeting_id"
        )
    )
    fates, ambiguous = link.motion_fates(motions, paragraphs)
    with db.conn:
        for fate in fates:
            db.execute(
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
            db.execute(
                "update motion_clauses set outcome = ? where motion_id = ?",
                [fate.outcome, fate.motion_id],
            )
            for number, outcome in (fate.clauses or {}).items():
                db.execute(
                    "update motion_clauses set outcome = ? where motion_id = ? "
                    "and number = ?",
                    [outcome, fate.motion_id, number],
                )
        db.execute("delete from motion_link_candidates")
        db.table("motion_link_candidates").insert_all(ambiguous)
        answers = list(
            db.query(
                "select p.id, p.title, m.date from paragraphs p join meetings m on "
                "m.id = p.meeting_id union all select id, title, date from documents"
            )
        )
        for item_id, answer_id, date in link.interpellation_answers(
            list(db.query("select id, title from interpellations")), answers
        ):
            db.execute(
                "update interpellations set answered_by = ?, answered_on = ? "
                "where id = ?",
                [answer_id, date, item_id],
            )
        db.execute("delete from motion_documents")
        documents = list(db.query("select id, kind, title, dnr from documents"))
        db.table("motion_documents").insert_all(
            link.motion_papers(
                [dict(m, document_id=_document_of(db, m["id"])) for m in motions],
                documents,
            )
        )


REPORTS_SQL = """
select a.id, a.document_id, a.number, a.title, a.firm, a.reply_due, d.kind as doc_kind,
  d.dnr, d.date, d.file_sha256
from audit_reports a join documents d on d.id = a.document_id
"""
MENTIONS_SQL = """
select m.id, m.report_id, m.text, m.auditee, m.assessment, m.page, m.document_id,
  m.file_sha256, d.date
from recommendation_mentions m join documents d on d.id = m.document_id
order by m.document_id, m.number
"""
ANSWERS_SQL = """
select s.heading, s.text, s.page, s.document_id, d.date, d.dnr, d.title as doc_title
from answer_sections s join documents d on d.id = s.document_id
order by s.document_id, s.number
"""
COMMISSIONS_SQL = """
select c.id, c.text, c.due, c.document_id, coalesce(mt.date, d.date) as date,
  coalesce(p.dnr, d.dnr) as dnr
from commissions c join documents d on d.id = c.document_id
left join paragraphs p on p.id = c.paragraph_id
left join meetings mt on mt.id = p.meeting_id
"""
LATER_SQL = """
select id as document_id, title, date, dnr, page_start as page from documents
union all
select p.document_id, p.title, m.date, p.dnr, p.page
from paragraphs p join meetings m on m.id = p.meeting_id
"""


def track_follow_through(db: sqlite_utils.Database, today: str) -> None:
    """Recompute recommendations, commissions and their statuses as of ``today``."""
    corrections = list(db.query("select * from corrections"))
    tracked = track.recommendations(
        list(db.query(REPORTS_SQL)),
        list(db.query(MENTIONS_SQL)),
        list(db.query(ANSWERS_SQL)),
        corrections,
        today,
    )
    later = [row for row in db.query(LATER_SQL) if row["date"]]
    with db.conn:
        for table in ("recommendations", "recommendation_events", "commission_events"):
            db.execute(f"delete from [{table}]")
        db.table("recommendations").insert_all(t.row for t in tracked)
        db.table("recommendation_events").insert_all(
            dict(event, seq=i) for t in tracked for i, event in enumerate(t.events)
        )
        for commission in db.query(COMMISSIONS_SQL):
            after = [
                r
                for r in later
                if commission["date"] and r["date"] > commission["date"]
            ]
            status, date, events = track.commission_status(
                commission, after, corrections, today
            )
            db.execute(
                "update commissions set status = ?, status_date = ? where id = ?",
                [status, date, commission["id"]],
            )
            db.table("commission_events").insert_all(
                dict(event, seq=i) for i, event in enumerate(events)
            )


def add_correction(
    db: sqlite_utils.Database,
    target_id: str,
    status: str,
    note: str | None,
    source: str | None,
    today: str,
) -> str:
    """Record a person's correction; it survives every re-ingest and rebuild.

    Returns what was corrected: "recommendation" or "commission".
    """
    target = _target_of(db, target_id)
    allowed = (
        track.STATUSES if target == "recommendation" else track.COMMISSION_STATUSES
    )
    if status not in allowed:
        raise UnknownTarget(
            f"{status!r} is not a {target} status; use one of: {', '.join(allowed)}"
        )
    db.table("corrections").insert(
        {
            "target": target,
            "target_id": target_id,
            "status": status,
            "note": note,
            "source": source,
            "document_id": None,
            "page": None,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        },
    )
    track_follow_through(db, today)
    return target


def _target_of(db: sqlite_utils.Database, target_id: str) -> str:
    """Return whether ``target_id`` names a recommendation or a commission."""
    for target, table in (
        ("recommendation", "recommendations"),
        ("commission", "commissions"),
    ):
        if db.execute(f"select 1 from [{table}] where id = ?", [target_id]).fetchone():
            return target
    raise UnknownTarget(f"no recommendation or commission with id {target_id!r}")


def list_recommendations(
    db: sqlite_utils.Database,
    status: str | None = None,
    overdue: bool = False,
    body: str | None = None,
) -> list[dict[str, Any]]:
    """Return recommendations with their audit, filtered, oldest audit first."""
    sql = """
        select r.id, a.title as report, a.number as report_number, r.auditee,
          r.number, r.text, r.status, r.status_date, r.due, d.date as report_date
        from recommendations r
        join audit_reports a on a.id = r.report_id
        join documents d on d.id = a.document_id
        where (:status is null or r.status = :status)
          and (:overdue = 0 or r.overdue = 1)
          and (:body is null or r.auditee like '%' || :body || '%')
        order by d.date, r.report_id, r.number
    """
    params = {"status": status, "overdue": int(overdue), "body": body}
    return list(db.query(sql, params))


def _document_of(db: sqlite_utils.Database, row_id: str) -> str:
    """Return the document id that an extractor row id starts with."""
    return row_id.split("/", 1)[0]


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Add indexes, foreign keys, full-text search and views; safe to repeat."""
    ensure_tables(db)
    for table, column in [
        ("documents", "file_sha256"),
        ("documents", "kind"),
        ("documents", "dnr"),
        ("documents", "date"),
        ("dnr_mentions", "dnr"),
        ("dnr_mentions", "file_sha256"),
        ("files", "path"),
    ]:
        db.table(table).create_index([column], if_not_exists=True)
    existing = {
        (fk.table, fk.column) for t in FOREIGN_KEYS for fk in db.table(t).foreign_keys
    }
    wanted = [(t, c, ot, oc) for t, fks in FOREIGN_KEYS.items() for c, ot, oc in fks]
    todo = [fk for fk in wanted if (fk[0], fk[1]) not in existing]
    if todo:
        db.add_foreign_keys(todo)
    rebuild_cases(db)
    rebuild_persons(db)
    link_motions(db)
    track_follow_through(db, dt.date.today().isoformat())
    for table, columns in (("documents", ["title", "body"]), ("pages", ["text"])):
        if not db.table(f"{table}_fts").exists():
            db.table(table).enable_fts(
                columns, tokenize=SWEDISH_TOKENIZER, create_triggers=True
            )
        else:
            db.table(table).rebuild_fts()
    db.create_view("case_documents", CASE_DOCUMENTS_VIEW, replace=True)
    db.create_view("case_events", CASE_EVENTS_VIEW, replace=True)
    db.create_view("agenda_paragraphs", AGENDA_PARAGRAPHS_VIEW, replace=True)
    db.create_view("motions_overdue", MOTIONS_OVERDUE_VIEW, replace=True)
