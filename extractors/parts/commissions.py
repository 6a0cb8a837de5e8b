"""Uppdrag: tasks a decision (or a proposed decision) gives to someone.

"Socialnämnden ger socialkontoret i uppdrag att återkomma … senast februari
2016", "Kommunstyrelsen ges i uppdrag att …", "uppdrar åt förvaltningen att
…", "EY uppdras att …", "Förvaltningen ska återrapportera till nämnden senast
…" (the phrasings are in ``lexicon/commissions.toml``). Only decision and
proposal texts are read: a motion's att-sats or an officer's promise ("kommer
förvaltningen att återkomma") is not a commission.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from extractors.core.tables import Table
from extractors.lang.dates import MONTHS, find_dates
from extractors.lang.nlp import join_lines
from extractors.lang.phrases import phrase_regex
from extractors.lexicon import load

TABLE = Table(
    "commissions",
    {
        "id": str,
        "paragraph_id": str,
        "assignee": str,
        "text": str,
        "due": str,
        "due_text": str,
        "stage": str,
        "status": str,
        "status_date": str,
        "page": int,
    },
)

Lexicon = Mapping[str, Any]
"""One parsed lexicon file (``load("commissions")`` or a variant of it)."""

_SLOTS = {
    "who": r"(?P<who>[^.;]{2,80}?)",
    "Who": r"(?P<who>(?:[A-ZÅÄÖ]|(?<=\batt\s)[a-zåäö])[^.;]{1,80}?)",
    "what": r"(?P<what>[^;]+?)(?:\.(?:\s|$)|;|$)",
}
_YEAR = r"(?:19|20)\d{2}"


@dataclass(frozen=True)
class Patterns:
    """The commission phrasings of one lexicon, compiled."""

    commissions: tuple[tuple[re.Pattern[str], str], ...]
    """Per phrasing, in the lexicon's order: its pattern (groups who and what)
    and the word before the task ("att"), which the stored task starts with."""
    deadlines: tuple[re.Pattern[str], ...]
    """The deadline phrasings of a task; group ``when`` holds a date, month,
    quarter or season, if any."""
    quarters: tuple[str, ...]
    """The ordinals of the year's quarters ("första" … "fjärde")."""
    assignee_lead: re.Pattern[str]
    """A decision-maker before the one commissioned ("… och ger")."""
    assignee_clause: re.Pattern[str]
    """A clause before the one commissioned ("Nämnden beslutar att")."""
    assignee_relative: re.Pattern[str]
    """A referral: "till X som"; the group holds X."""
    assignee_end: re.Pattern[str]
    """The relative pronoun ending the one commissioned ("som")."""


def compile_lexicon(lexicon: Lexicon) -> Patterns:
    """Return the compiled patterns of a commissions lexicon."""
    who, words = lexicon["assignee"], lexicon["deadline_words"]
    joiners = "|".join(re.escape(w) for w in who["joiners"])
    relative = re.escape(who["relative"])
    return Patterns(
        commissions=tuple(
            (_phrase(e["text"]), e["text"].split("{what}")[0].split()[-1])
            for e in lexicon["commission"]
        ),
        deadlines=tuple(
            re.compile(r"\b" + phrase_regex(e["text"], _deadline_slots(words)), re.I)
            for e in lexicon["deadline"]
        ),
        quarters=tuple(words["quarters"]),
        assignee_lead=re.compile(
            rf"^.*\b(?:{joiners})\s+{re.escape(who['verb'])}\s+", re.IGNORECASE
        ),
        assignee_clause=re.compile(rf"^.*\b{re.escape(who['clause'])}\s+"),
        assignee_relative=re.compile(
            rf"\b{re.escape(who['to'])}\s+(.+?)\s+{relative}$"
        ),
        assignee_end=re.compile(rf"\s+{relative}$"),
    )


def _deadline_slots(words: Mapping[str, list[str]]) -> dict[str, str]:
    """Return the slots of the deadline phrasings: when, quarter and event."""
    year = rf"(?:\s+{_YEAR})?"
    quarter = rf"(?:{'|'.join(words['quarters'])})\s+kvartalet{year}"
    when = "|".join(
        (
            rf"{_YEAR}-[01]\d-[0-3]\d",
            rf"(?:[0-3]?\d\s+)?(?:{'|'.join(MONTHS)}){year}",
            quarter,
            rf"(?:{'|'.join(words['seasons'])}){year}",
        )
    )
    events = "|".join(phrase_regex(e) for e in words["events"])
    return {
        "when": rf"(?P<when>{when})(?![\w-])",
        "quarter": rf"(?P<when>{quarter})(?![\w-])",
        "event": rf"(?:{events})(?!\w)",
    }


def _phrase(text: str) -> re.Pattern[str]:
    """Return the pattern of one commission phrasing (see commissions.toml)."""
    flags = 0 if "{Who}" in text else re.IGNORECASE
    return re.compile(r"\b" + phrase_regex(text, _SLOTS), flags)


#: The patterns of ``lexicon/commissions.toml``.
PATTERNS = compile_lexicon(load("commissions"))


def commissions(
    text: str,
    page: int,
    stage: str,
    lexicon: Lexicon | None = None,
    date: str | None = None,
) -> list[dict[str, Any]]:
    """Return the commissions given in a decision or proposal ``text``.

    ``date`` (ISO), the document's, completes a deadline printed without a
    year.
    """
    p = PATTERNS if lexicon is None else compile_lexicon(lexicon)
    joined = join_lines(text)
    found: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    for pattern, lead in p.commissions:
        for m in pattern.finditer(joined):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            what = m.group("what").strip()
            due, due_text = deadline(what, p, date)
            found.append(
                {
                    "assignee": _assignee(m.group("who"), p),
                    "text": f"{lead} {what}",
                    "due": due,
                    "due_text": due_text,
                    "stage": stage,
                    "status": None,
                    "status_date": None,
                    "page": page,
                }
            )
    return found


def deadline(
    task: str, patterns: Patterns | None = None, date: str | None = None
) -> tuple[str | None, str | None]:
    """Return (ISO deadline or None, deadline as printed) of a ``task``.

    "senast 31 mars 2025" → ("2025-03-31", …); "till sammanträdet i maj" with
    ``date`` "2025-01-20" → ("2025-05", …); "första kvartalet 2026" →
    ("2026-03", …); "under hösten 2025" → (None, "under hösten 2025").
    """
    p = patterns or PATTERNS
    matches = [m for d in p.deadlines if (m := d.search(task))]
    if not matches:
        return None, None
    first = min(matches, key=lambda m: m.start())
    when = first.groupdict().get("when")
    return (_iso(when, p, date) if when else None), first.group(0).strip()


def _iso(when: str, p: Patterns, date: str | None) -> str | None:
    """Return the ISO date or month of a printed ``when``, or None (a season)."""
    words = when.lower().split()
    year = int(words[-1]) if re.fullmatch(_YEAR, words[-1]) else None
    if year is None and not re.fullmatch(r"\d{4}-\d\d-\d\d", when):
        if date is None:
            return None
        year = int(date[:4])
    if words[0] in p.quarters:
        return f"{year}-{3 * (p.quarters.index(words[0]) + 1):02d}"
    iso: str | None
    if words[0] in MONTHS:
        iso = f"{year}-{MONTHS[words[0]]:02d}"
    else:
        dates = find_dates(when, default_year=year)
        iso = dates[0].iso if dates else None
    if iso and date and year and not re.search(_YEAR, when) and iso < date[: len(iso)]:
        return f"{year + 1}{iso[4:]}"  # a deadline falls after its decision
    return iso


def _assignee(who: str, p: Patterns) -> str:
    """Return the commissioned party without a leading decision-maker or clause.

    "S, V och MP: Ärendet återremitteras till stadsledningskontoret som" →
    "stadsledningskontoret".
    """
    who = who.split(":")[-1]
    who = p.assignee_lead.sub("", who.strip())
    who = p.assignee_clause.sub("", who)
    relative = p.assignee_relative.search(who)
    if relative:
        who = relative.group(1)
    return p.assignee_end.sub("", who).strip(" ,")
