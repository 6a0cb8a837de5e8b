"""Read-only queries behind the CLI's listings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from extractors.lang.text import fold

if TYPE_CHECKING:
    import sqlite_utils

#: Statuses of a recommendation not yet closed: what ``--status open`` lists.
NOT_CLOSED = (
    "open",
    "responded",
    "partially_implemented",
    "not_implemented",
    "overdue",
)

RECOMMENDATIONS_SQL = """
select r.id, a.title as report, a.number as report_number, r.auditee,
  r.number, r.text, r.status, r.status_date, r.due,
  coalesce(a.date, d.date) as report_date,
  d.municipality, f.path as file, r.page
from recommendations r
join audit_reports a on a.id = r.report_id
join documents d on d.id = a.document_id
join files f on f.sha256 = d.file_sha256
where (:overdue = 0 or r.overdue = 1)
order by coalesce(a.date, d.date), r.report_id, r.number
"""


def list_recommendations(
    db: sqlite_utils.Database,
    status: str | None = None,
    overdue: bool = False,
    body: str | None = None,
) -> list[dict[str, Any]]:
    """Return recommendations with their audit, filtered, oldest audit first.

    ``status="open"`` lists every recommendation not yet closed (open,
    responded, partially or not implemented, overdue); ``body`` matches part
    of the recipient's name, ignoring case and diacritics ("äldre" finds
    "Äldrenämnden", "aldre" too).
    """
    wanted = NOT_CLOSED if status == "open" else (status,)
    needle = fold(body) if body else None
    return [
        row
        for row in db.query(RECOMMENDATIONS_SQL, {"overdue": int(overdue)})
        if (status is None or row["status"] in wanted)
        and (needle is None or needle in fold(row["auditee"] or ""))
    ]


def table_counts(db_path: str) -> dict[str, int]:
    """Return the number of rows of every table of the database at ``db_path``,
    opened read-only (a full-text table that cannot be counted counts 0).

    In a folder where its ``-shm`` file cannot be made (a read-only copy),
    it is read as immutable, as Datasette reads it.
    """
    import sqlite3

    conn = sqlite3.connect(f"file:{quote(db_path)}?mode=ro", uri=True)
    try:
        conn.execute("select 1 from sqlite_master limit 1")
    except sqlite3.OperationalError:  # opened on first use: no -shm file here
        conn.close()
        conn = sqlite3.connect(f"file:{quote(db_path)}?immutable=1", uri=True)
    try:
        names = [
            name
            for (name,) in conn.execute(
                "select name from sqlite_master where type = 'table' order by name"
            )
        ]
        counts: dict[str, int] = {}
        for name in names:
            try:
                (counts[name],) = conn.execute(
                    f"select count(*) from [{name}]"
                ).fetchone()
            except sqlite3.OperationalError:  # as Datasette's own inspect counts it
                counts[name] = 0
        return counts
    finally:
        conn.close()
