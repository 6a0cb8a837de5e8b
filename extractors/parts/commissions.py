"""Uppdrag: tasks a decision (or a proposed decision) gives to someone.

"Socialnämnden ger socialkontoret i uppdrag att återkomma … senast februari
2016", "Kommunstyrelsen ges i uppdrag att …", "uppdrar åt förvaltningen att
…". Only decision and proposal texts are read: a motion's att-sats or an
officer's promise ("kommer förvaltningen att återkomma") is not a commission.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from extractors.core.tables import Table
from extractors.lang.dates import find_dates
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
    "Who": r"(?P<who>[A-ZÅÄÖ][^.;]{2,80}?)",
    "what": r"(?P<what>[^;]+?)(?:\.(?:\s|$)|;|$)",
}


@dataclass(frozen=True)
class Patterns:
    """The commission phrasings of one lexicon, compiled."""

    commissions: tuple[tuple[re.Pattern[str], str], ...]
    """Per phrasing, in the lexicon's order: its pattern (groups who and what)
    and the word before the task ("att"), which the stored task starts with."""
    deadline: re.Pattern[str]
    """The deadline in a task; the group holds the date."""
    assignee_lead: re.Pattern[str]
    """A decision-maker before the one commissioned ("… och ger")."""
    assignee_relative: re.Pattern[str]
    """A referral: "till X som"; the group holds X."""
    assignee_end: re.Pattern[str]
    """The relative pronoun ending the one commissioned ("som")."""


def compile_lexicon(lexicon: Lexicon) -> Patterns:
    """Return the compiled patterns of a commissions lexicon."""
    deadline, who = lexicon["deadline"], lexicon["assignee"]
    skip = "|".join(rf"{re.escape(w)}\s+" for w in deadline["skip"])
    joiners = "|".join(re.escape(w) for w in who["joiners"])
    relative = re.escape(who["relative"])
    return Patterns(
        commissions=tuple(
            (_phrase(e["text"]), e["text"].split("{what}")[0].split()[-1])
            for e in lexicon["commission"]
        ),
        deadline=re.compile(
            rf"{re.escape(deadline['text'])}\s+(?:{skip})?(.{{3,25}})", re.IGNORECASE
        ),
        assignee_lead=re.compile(
            rf"^.*\b(?:{joiners})\s+{re.escape(who['verb'])}\s+", re.IGNORECASE
        ),
        assignee_relative=re.compile(
            rf"\b{re.escape(who['to'])}\s+(.+?)\s+{relative}$"
        ),
        assignee_end=re.compile(rf"\s+{relative}$"),
    )


def _phrase(text: str) -> re.Pattern[str]:
    """Return the pattern of one commission phrasing (see commissions.toml)."""
    flags = 0 if "{Who}" in text else re.IGNORECASE
    return re.compile(r"\b" + phrase_regex(text, _SLOTS), flags)


#: The patterns of ``lexicon/commissions.toml``.
PATTERNS = compile_lexicon(load("commissions"))


def commissions(
    text: str, page: int, stage: str, lexicon: Lexicon | None = None
) -> list[dict[str, Any]]:
    """Return the commissions given in a decision or proposal ``text``."""
    p = PATTERNS if lexicon is None else compile_lexicon(lexicon)
    joined = join_lines(text)
    found: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    for pattern, lead in p.commissions:
        for m in pattern.finditer(joined):
            if any(s <= m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            what = m.group("what").strip()
            due = p.deadline.search(what)
            dates = find_dates(due.group(1)) if due else []
            found.append(
                {
                    "assignee": _assignee(m.group("who"), p),
                    "text": f"{lead} {what}",
                    "due": dates[0].iso if dates else None,
                    "stage": stage,
                    "status": None,
                    "status_date": None,
                    "page": page,
                }
            )
    return found


def _assignee(who: str, p: Patterns) -> str:
    """Return the commissioned party without a leading decision-maker or clause.

    "S, V och MP: Ärendet återremitteras till stadsledningskontoret som" →
    "stadsledningskontoret".
    """
    who = who.split(":")[-1]
    who = p.assignee_lead.sub("", who.strip())
    relative = p.assignee_relative.search(who)
    if relative:
        who = relative.group(1)
    return p.assignee_end.sub("", who).strip(" ,")
