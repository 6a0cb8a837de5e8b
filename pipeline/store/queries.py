"""Read-only queries behind the CLI's listings."""

from __future__ import annotations

from typing import Any

import sqlite_utils

RECOMMENDATIONS_SQL = """
select r.id, a.title as report, a.number as report_number, r.auditee,
  r.number, r.text, r.status, r.status_date, r.due, d.date as report_date,
  d.municipality
from recommendations r
join audit_reports a on a.id = r.report_id
join documents d on d.id = a.document_id
where (:status is null or r.status = :status)
  and (:overdue = 0 or r.overdue = 1)
  and (:body is null or r.auditee like '%' || :body || '%')
order by d.date, r.report_id, r.number
"""


def list_recommendations(
    db: sqlite_utils.Database,
    status: str | None = None,
    overdue: bool = False,
    body: str | None = None,
) -> list[dict[str, Any]]:
    """Return recommendations with their audit, filtered, oldest audit first."""
    params = {"status": status, "overdue": int(overdue), "body": body}
    return list(db.query(RECOMMENDATIONS_SQL, params))
