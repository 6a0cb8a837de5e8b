"""One search index over documents, paragraphs, motions and recommendations.

``search_index`` holds one row per searchable record with its text as printed,
its Snowball stems and, only for OCR-damaged text, its folded form;
``search_index_fts`` indexes all three with diacritics kept; triggers keep
it in step with the table.

The rows of documents, paragraphs and motions come from one file's rows each
and are deleted with them (a file read again, re-extracted or replaced). An
ingest writes the rows of the files it saves as it goes, at each commit
(:func:`index_files`), so this work runs while the workers read and not
alone at the end. At the end of a run :func:`sync_search` adds the rows of
every file that has documents but no search rows (those of a stopped run),
and writes the recommendations' rows again (the analysis builds that
table). A run that adds one file to a large database therefore indexes that
file, not the database, and a run that was stopped leaves nothing to find
out: its files simply have no rows yet. The whole index is built again only
when other code built it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from functools import cache
from importlib.metadata import version
from itertools import chain
from typing import TYPE_CHECKING, Any

from extractors.lang.stem import lost_diacritics, stem_text
from extractors.lang.text import fold

from .connect import (
    FTS_COLUMNS,
    SEARCH_FTS,
    SEARCH_RANK,
    SEARCH_TRIGGERS,
    fts_columns,
    search_kept,
)
from .schema import SCHEMA
from .text_index import SWEDISH_TOKENIZER
from .transactions import one_file
from .versions import code_digest

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

SEARCH_COLUMNS: dict[str, Any] = SCHEMA["search_index"][0]
#: The ``analysis`` row naming the code the whole index was last built by.
SEARCH_KEY = "search_built_from"

#: What each kind of record contributes: (kind, the alias of the table whose
#: rows they are, SQL giving record_id, title, text, date, municipality,
#: document_id, file_sha256, page; ``{where}`` chooses some files' rows or
#: every row). These come from one file's rows.
FILE_SOURCES = (
    (
        "dokument",
        "d",
        """select d.id, d.kind || ': ' || coalesce(d.title, ''), d.body, d.date,
             d.municipality, d.id, d.file_sha256, d.page_start
           from documents d {where}""",
    ),
    (
        "paragraf",
        "p",
        """select p.id, coalesce(m.body || ' ' || m.date || ', ', '') || '§ '
             || coalesce(p.number, '') || ' ' || coalesce(p.title, ''),
             trim(coalesce(p.summary, '') || char(10) || coalesce(p.proposed, '')
               || char(10) || coalesce(p.decision, '')), m.date,
             d.municipality, p.document_id, p.file_sha256, p.page
           from paragraphs p join documents d on d.id = p.document_id
           left join meetings m on m.id = p.meeting_id {where}""",
    ),
    (
        "motion",
        "mo",
        """select mo.id, mo.title,
             (select group_concat(c.text, char(10)) from motion_clauses c
              where c.motion_id = mo.id), mo.date, d.municipality,
             mo.document_id, mo.file_sha256, mo.page
           from motions mo join documents d on d.id = mo.document_id {where}""",
    ),
)
#: These come from tables the analysis builds (a recommendation is the mentions
#: of it in every paper), so they are built again after every analysis.
DERIVED_SOURCES = (
    (
        "rekommendation",
        "r",
        """select r.id, coalesce(r.auditee, '') || ': ' || coalesce(a.title, ''),
             r.text, d.date, d.municipality, r.document_id, r.file_sha256, r.page
           from recommendations r join documents d on d.id = r.document_id
           left join audit_reports a on a.id = r.report_id {where}""",
    ),
)
SOURCES = FILE_SOURCES + DERIVED_SOURCES


#: The rows of the files in ``temp.search_pending``, or of one file, by a
#: source's own table (the indexes the loader keeps during a first load
#: cover it, :data:`.first_load.KEPT`).
OF_PENDING = "where {}.file_sha256 in (select sha256 from temp.search_pending)"
OF_FILE = "where {}.file_sha256 = ?"

#: Files with documents whose rows are not in the index yet (every document
#: has a row), kept while their rows are written.
PENDING = """
insert into temp.search_pending
select distinct d.file_sha256 from documents d
where not exists (select 1 from search_index s where s.file_sha256 = d.file_sha256)
"""


def ensure_search(db: sqlite_utils.Database) -> None:
    """Give ``search_index`` its full-text index and the triggers that keep it.

    The triggers act when rows are deleted or changed; rows are added by
    :func:`_write`, which indexes them. An index made otherwise (by an
    earlier diarium) is made again, from the rows it indexes, in one
    transaction that holds the database's write lock: a second process
    opening the database meanwhile waits, then finds it made. An empty
    index is recorded as built by this code: nothing in it was built by
    other code.
    """
    if not search_kept(db):
        earlier = fts_columns(db) not in ([], FTS_COLUMNS)
        db.conn.execute("begin immediate")  # one writer: the check again, then all
        try:
            if not search_kept(db):
                _make_full_text(db)
            db.conn.commit()
        except BaseException:
            db.conn.rollback()
            raise
        if earlier:  # seconds for hundreds of thousands of rows: say why
            (rows,) = db.execute("select count(*) from search_index").fetchone()
            log.warning(
                "the search index was made again for this version (%d rows)", rows
            )
    if db.execute("select 1 from search_index limit 1").fetchone() is None:
        _record_built(db)


def _make_full_text(db: sqlite_utils.Database) -> None:
    """Make ``search_index_fts`` and its triggers again, from the table's rows,
    inside the caller's transaction."""
    _drop_full_text(db)
    db.conn.execute(
        f"create virtual table [{SEARCH_FTS}] using fts5({_COLUMNS}, "
        f"tokenize='{SWEDISH_TOKENIZER}', content=[search_index])"
    )
    db.conn.execute(
        f"insert into [{SEARCH_FTS}] (rowid, {_COLUMNS}) "
        f"select rowid, {_COLUMNS} from search_index"
    )
    db.conn.execute(
        f"insert into [{SEARCH_FTS}] ([{SEARCH_FTS}], rank) values ('rank', ?)",
        [SEARCH_RANK],
    )
    for sql in KEEPERS:
        db.conn.execute(sql)


_COLUMNS = ", ".join(f"[{c}]" for c in FTS_COLUMNS)
_OLD = ", ".join(f"old.[{c}]" for c in FTS_COLUMNS)
_NEW = ", ".join(f"new.[{c}]" for c in FTS_COLUMNS)
#: The triggers that keep ``search_index_fts`` when rows are deleted or
#: changed. Rows are added in bulk, and indexed in one statement after them:
#: an insert trigger made indexing 4 times slower.
AFTER_DELETE, AFTER_UPDATE = SEARCH_TRIGGERS
KEEPERS = (
    f"""
create trigger [{AFTER_DELETE}] after delete on [search_index] begin
  insert into [search_index_fts] ([search_index_fts], rowid, {_COLUMNS})
  values ('delete', old.rowid, {_OLD});
end""",
    f"""
create trigger [{AFTER_UPDATE}] after update on [search_index] begin
  insert into [search_index_fts] ([search_index_fts], rowid, {_COLUMNS})
  values ('delete', old.rowid, {_OLD});
  insert into [search_index_fts] (rowid, {_COLUMNS}) values (new.rowid, {_NEW});
end""",
)


def sync_search(db: sqlite_utils.Database) -> None:
    """Bring the index up to date after an analysis.

    Files with no rows yet get theirs and the recommendations' rows are
    written again, in one transaction; when other code built the index, it
    is built whole.
    """
    built = db.execute("select value from analysis where key = ?", [SEARCH_KEY])
    if built.fetchone() != (_built_by(),):
        rebuild_search(db)
        _record_built(db)
        return
    kinds = [kind for kind, _, _ in DERIVED_SOURCES]
    marks = ", ".join("?" for _ in kinds)
    with db.conn:
        db.conn.execute("create temp table if not exists search_pending(sha256)")
        db.conn.execute("delete from temp.search_pending")
        db.conn.execute(PENDING)
        db.conn.execute(f"delete from search_index where kind in ({marks})", kinds)
        _write(db, _rows(db, FILE_SOURCES, OF_PENDING))
        _write(db, _rows(db, DERIVED_SOURCES))
        db.conn.execute("delete from temp.search_pending")


def kept_here(db: sqlite_utils.Database) -> bool:
    """Return True when this code built the index, so that it is kept file by
    file (else :func:`sync_search` builds it whole at the end of the run)."""
    built = db.execute("select value from analysis where key = ?", [SEARCH_KEY])
    return bool(built.fetchone() == (_built_by(),))


def index_files(db: sqlite_utils.Database, shas: Sequence[str]) -> None:
    """Write the search rows of the files ``shas``, just saved, in their order.

    Inside the caller's transaction. Each file's rows follow the previous
    file's (documents, then paragraphs, then motions), so the rows are
    numbered alike however the files were grouped into commits; they are
    streamed, file by file, as in :func:`sync_search` (a long file's
    documents hold its whole text).
    """
    if not shas:
        return
    with one_file(db):  # all or nothing: a stop in between leaves them pending
        files = [_rows(db, FILE_SOURCES, OF_FILE, [sha]) for sha in dict.fromkeys(shas)]
        _write(db, chain.from_iterable(files))


@cache
def _built_by() -> str:
    """Return what builds the index: this code and the Snowball stemmer's version.

    Another stemmer version may stem the stored words otherwise.
    """
    return f"{code_digest()}/snowballstemmer {version('snowballstemmer')}"


def _record_built(db: sqlite_utils.Database) -> None:
    """Record that the whole index is as this code builds it."""
    note = "the code (digest) and stemmer that last built the whole search index"
    with db.conn:
        db.conn.execute(
            "insert or replace into analysis (key, value, note) values (?, ?, ?)",
            [SEARCH_KEY, _built_by(), note],
        )


def rebuild_search(db: sqlite_utils.Database) -> int:
    """Rebuild ``search_index`` and its full-text index; return the number of rows.

    The full-text index is dropped first and made again from the new rows,
    rather than deleting each old row from it.
    """
    with db.conn:
        _drop_full_text(db)
    with db.conn:  # one transaction, plain statements (no per-chunk commits)
        db.conn.execute("delete from search_index")
        _write(db, _rows(db, SOURCES), indexed=False)
    ensure_search(db)
    return db.table("search_index").count


def _drop_full_text(db: sqlite_utils.Database) -> None:
    """Drop ``search_index_fts`` and every trigger on ``search_index``, inside
    the caller's transaction."""
    for (name,) in db.conn.execute(
        "select name from sqlite_master where type = 'trigger' and tbl_name = ?",
        ["search_index"],
    ).fetchall():
        db.conn.execute(f"drop trigger [{name}]")
    db.conn.execute(f"drop table if exists [{SEARCH_FTS}]")


def _write(
    db: sqlite_utils.Database, rows: Iterator[dict[str, Any]], indexed: bool = True
) -> None:
    """Insert search rows and (when ``indexed``) index them, in one transaction.

    The caller holds the transaction.
    """
    names = ", ".join(f"[{c}]" for c in SEARCH_COLUMNS)
    marks = ", ".join("?" for _ in SEARCH_COLUMNS)
    (last,) = db.conn.execute(
        "select coalesce(max(rowid), 0) from search_index"
    ).fetchone()
    db.conn.executemany(
        f"insert into search_index ({names}) values ({marks})",
        (tuple(row[c] for c in SEARCH_COLUMNS) for row in rows),
    )
    if indexed:  # rows are numbered on from the largest rowid
        db.conn.execute(
            f"insert into search_index_fts (rowid, {_COLUMNS}) "
            f"select rowid, {_COLUMNS} from search_index where rowid > ?",
            [last],
        )


def _rows(
    db: sqlite_utils.Database,
    sources: tuple[tuple[str, str, str], ...],
    where: str = "",
    params: Sequence[str] = (),
) -> Iterator[dict[str, Any]]:
    """Yield the search rows of ``sources``, of the rows ``where`` chooses
    (:data:`OF_PENDING` or :data:`OF_FILE` with ``params``; blank: all)."""
    for kind, alias, sql in sources:
        chosen = sql.format(where=where.format(alias))
        for row in db.execute(chosen, params):  # streamed
            record_id, title, text, date, place, document, sha, page = row
            words = f"{title or ''}\n{text or ''}"
            yield {
                "id": f"{kind}:{record_id}",
                "kind": kind,
                "record_id": record_id,
                "title": title,
                "text": text,
                "stemmed": stem_text(words),
                "folded": fold(words) if lost_diacritics(words) else None,
                "date": date,
                "municipality": place,
                "document_id": document,
                "file_sha256": sha,
                "page": page,
            }
