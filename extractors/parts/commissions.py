"""Uppdrag: tasks a decision (or a proposed decision) gives to someone.

"Socialnämnden ger socialkontoret i uppdrag att återkomma … senast februari
2016", "Kommunstyrelsen ges i uppdrag att …", "uppdrar åt förvaltningen att
…". Only decision and proposal texts are read: a motion's att-sats or an
officer's promise ("kommer förvaltningen att återkomma") is not a commission.
"""

from __future__ import annotations

import re
from typing import Any

from extractors.core.tables import Table
from extractors.lang.dates import find_dates
from extractors.lang.nlp import join_lines

TABLE = Table(
    "commissions",
    {
        "id": str,
        "paragraph_id": str,
        "assignee": str,
        "text": str,
        "due": str,
        "stage": str,
        "status": str,
        "status_date": str,
        "page": int,
    },
)

_PATTERNS = (
    re.compile(
        r"\bger\s+(?P<who>[^.;]{2,80}?)\s+(?:i\s+)?uppdrag(?:et)?\s+att\s+"
        r"(?P<what>[^;]+?)(?:\.(?:\s|$)|;|$)",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?P<who>[A-ZÅÄÖ][^.;]{2,80}?)\s+(?:ges|får)\s+(?:i\s+)?uppdrag(?:et)?"
        r"\s+att\s+(?P<what>[^;]+?)(?:\.(?:\s|$)|;|$)"
    ),
    re.compile(
        r"\buppdrar\s+(?:åt\s+)?(?P<who>[^.;]{2,80}?)\s+att\s+"
        r"(?P<what>[^;]+?)(?:\.(?:\s|$)|;|$)",
        re.IGNORECASE,
    ),
)
_DUE = re.compile(r"senast\s+(?:den\s+|i\s+|under\s+)?(.{3,25})", re.IGNORECASE)


def commissions(text: str, page: int, stage: str) -> list[dict[str, Any]]:
    """Return the commissions given in a decision or proposal ``text``."""
    joined = join_lines(text)
    found: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(joined):
            if any(s <= m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            what = m.group("what").strip()
            due = _DUE.search(what)
            dates = find_dates(due.group(1)) if due else []
            found.append(
                {
                    "assignee": _assignee(m.group("who")),
                    "text": "att " + what,
                    "due": dates[0].iso if dates else None,
                    "stage": stage,
                    "status": None,
                    "status_date": None,
                    "page": page,
                }
            )
    return found


def _assignee(who: str) -> str:
    """Return the commissioned party without a leading decision-maker or clause.

    "S, V och MP: Ärendet återremitteras till stadsledningskontoret som" →
    "stadsledningskontoret".
    """
    who = who.split(":")[-1]
    who = re.sub(r"^.*\b(?:och|samt)\s+ger\s+", "", who.strip(), flags=re.I)
    relative = re.search(r"\btill\s+(.+?)\s+som$", who)
    if relative:
        who = relative.group(1)
    return re.sub(r"\s+som$", "", who).strip(" ,")
