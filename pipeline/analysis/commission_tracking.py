"""Commissions (uppdrag): reported done by a later paper, or overdue.

Pure functions over plain rows, as :mod:`pipeline.analysis.tracking` for
recommendations; a person's correction (``diarium track set``) always wins.
"""

from __future__ import annotations

import re
from typing import Any

from extractors.lexicon import load
from pipeline.analysis.events import event as _event
from pipeline.analysis.wording import similarity

COMMISSION_STATUSES = ("open", "reported", "overdue", "cancelled")
#: The column naming the commission of a commission event.
_CID = "commission_id"
#: A title that reports a commission done ("Redovisning av uppdrag …").
_REPORTS = re.compile(
    "|".join(re.escape(e["text"]) for e in load("commissions")["report_title"]),
    re.IGNORECASE,
)


def is_report_title(title: str | None) -> bool:
    """Return True for a title that reports a commission ("Redovisning av uppdrag")."""
    return _REPORTS.search(title or "") is not None


def commission_status(
    commission: dict[str, Any],
    later: list[dict[str, Any]],
    corrections: list[dict[str, Any]],
    today: str,
) -> tuple[str, str | None, list[dict[str, Any]]]:
    """Return (status, status date, events) of one commission.

    ``later`` holds documents and paragraphs dated after the commission; one
    titled as a report ("Redovisning av uppdrag …", "Återrapport …") on the
    same case, or close in wording, reports it done.
    """
    cid = commission["id"]
    events = []
    for item in later:
        title = item["title"] or ""
        reports = _REPORTS.search(title)
        same_case = commission["dnr"] and commission["dnr"] == item["dnr"]
        if reports and (same_case or similarity(commission["text"], title) >= 0.5):
            text, date = title[:500], item["date"]
            events.append(_event(cid, date, "reported", text, "report", item, key=_CID))
            break
    due = commission["due"]
    if not events and due and due < today[: len(due)]:
        text = f"Skulle redovisas senast {due}."
        events.append(_event(cid, due, "overdue", text, "deadline", key=_CID))
    mine = [
        c for c in corrections if c["target"] == "commission" and c["target_id"] == cid
    ]
    for c in sorted(mine, key=lambda c: c["created_at"]):
        text = f"Rättat av person: {c['note'] or ''}".strip()
        date = c["created_at"][:10]
        events.append(_event(cid, date, c["status"], text, "correction", c, key=_CID))
    if not events:
        return "open", None, []
    return events[-1]["status"], events[-1]["date"], events
