"""Motioner and interpellationer: who proposes or asks what.

A motion has an addressee ("Till Södertälje kommunfullmäktige"), a date, a
title, reasons, then its proposals: att-satser ("Att kommunfullmäktige ger …")
or a "Förslag till beslut" with numbered points, and the signatures ("För
Centerpartiet" and names, or "Name (PARTY)" lines). What happened to a motion
is decided elsewhere; :mod:`pipeline.link` reads that from the protocols.
"""

from __future__ import annotations

import re
from typing import Any

from .base import Rows, Source, Table
from .nlp import analyse, persons
from .swedish import PARTIES, find_dnrs

NAME = "motion"
VERSION = "v1"

TABLES = (
    Table(
        "motions",
        {
            "id": str,
            "title": str,
            "date": str,
            "addressee": str,
            "party": str,
            "dnr": str,
            "page": int,
            "outcome": str,
            "decided_by": str,
            "decided_on": str,
            "proposed_outcome": str,
            "proposed_by": str,
        },
    ),
    Table(
        "motion_signatories", {"id": str, "motion_id": str, "name": str, "party": str}
    ),
    Table(
        "motion_clauses",
        {
            "id": str,
            "motion_id": str,
            "number": int,
            "text": str,
            "page": int,
            "outcome": str,
        },
    ),
    Table(
        "interpellations",
        {
            "id": str,
            "kind": str,
            "title": str,
            "date": str,
            "asker": str,
            "party": str,
            "addressee": str,
            "dnr": str,
            "page": int,
            "answered_by": str,
            "answered_on": str,
        },
    ),
    Table(
        "interpellation_questions",
        {"id": str, "interpellation_id": str, "number": int, "text": str},
    ),
)

_ATT = re.compile(r"^(?:[-•]\s*)?(?:\d{1,2}[.)]\s*)?att\s+(\S.*)$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
_PROPOSAL_HEAD = re.compile(
    r"^(?:förslag till beslut(?: i kommunfullmäktige)?|.{0,60}\bföreslår\b.{0,40}"
    r"(?:kommunfullmäktige|fullmäktige)?(?: besluta)?|yrkande|jag föreslår|"
    r"vi föreslår|därför föreslår)\s*:?\s*(.*)$",
    re.IGNORECASE,
)
_FOR_PARTY = re.compile(r"^för\s+([A-ZÅÄÖ][\wåäö]+(?:partiet|erna|arna|na)?)\b", re.I)
_ADDRESSEE = re.compile(r"^till\s*:?\s+(.{5,80})$", re.IGNORECASE)
_PARTY_NAMES = {
    fold_name: code for code, fold_name in ((c, n.lower()) for c, n in PARTIES.items())
}


def extract(source: Source) -> Rows:
    """Return the motion with its signatories and att-satser."""
    lines = source.lines
    texts = [t.strip() for _, t in lines]
    signatories = _signatories(lines)
    parties = sorted({s["party"] for s in signatories if s["party"]})
    motion = {
        "id": "motion",
        "title": source.title,
        "date": source.date,
        "addressee": _addressee(texts),
        "party": parties[0] if len(parties) == 1 else (", ".join(parties) or None),
        "dnr": _own_dnr(texts),
        "page": lines[0][0] if lines else None,
        "outcome": None,
        "decided_by": None,
        "decided_on": None,
        "proposed_outcome": None,
        "proposed_by": None,
    }
    clauses = _clauses(lines)
    return {
        "motions": [motion],
        "motion_signatories": [
            {"id": f"s{i}", "motion_id": "motion", **s}
            for i, s in enumerate(signatories)
        ],
        "motion_clauses": [
            {
                "id": f"c{n}",
                "motion_id": "motion",
                "number": n,
                "text": text,
                "page": page,
                "outcome": None,
            }
            for n, (page, text) in enumerate(clauses, start=1)
        ],
    }


def _clauses(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Return the att-satser (or numbered proposals) with their pages."""
    clauses: list[tuple[int, str]] = []
    in_proposal = False
    open_clause = False
    for page, text in lines:
        stripped = text.strip()
        att = _ATT.match(stripped)
        head = _PROPOSAL_HEAD.match(stripped)
        numbered = _NUMBERED.match(stripped)
        if att and (in_proposal or stripped[0] in "A-•0123456789"):
            clauses.append((page, "att " + att.group(1)))
            in_proposal = open_clause = True
        elif head and len(stripped) < 200:
            in_proposal = True
            if head.group(1) and not clauses and "kommunfullmäktige:" in stripped:
                clauses.append((page, head.group(1)))
                open_clause = True
        elif in_proposal and numbered:
            clauses.append((page, numbered.group(2)))
            open_clause = True
        elif open_clause and _continues(stripped, clauses[-1][1]):
            clauses[-1] = (clauses[-1][0], f"{clauses[-1][1]} {stripped}")
        elif clauses:
            in_proposal = open_clause = False
    return [(p, re.sub(r"\s+", " ", t).strip()) for p, t in clauses]


def _continues(text: str, clause: str) -> bool:
    """Return True when a line carries on the clause above it."""
    if not text or _FOR_PARTY.match(text) or persons(analyse(text)):
        return False
    unfinished = not clause.rstrip().endswith((".", ":", ";", "!", "?"))
    return text[0].islower() or text[0] in "(," or (unfinished and len(text) < 60)


def _signatories(lines: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """Return the signatories: "Name (PARTY)" lines or "För Partiet" and names."""
    tail = lines[-12:]
    tail_text = "\n".join(t for _, t in tail)
    named = [p for p in persons(analyse(tail_text))]
    if named:
        return [{"name": p.name, "party": p.party} for p in named]
    for i, (_, text) in enumerate(tail):
        m = _FOR_PARTY.match(text.strip())
        if not m:
            continue
        party = _party_code(m.group(1))
        names = " ".join(t for _, t in tail[i + 1 : i + 4])
        return [{"name": n, "party": party} for n in _name_list(names)]
    return []


def _party_code(name: str) -> str | None:
    """Return the code of a party written out ("Centerpartiet" → "C")."""
    lowered = name.lower()
    for full, code in _PARTY_NAMES.items():
        if lowered.startswith(full[:6]):
            return code
    return None


def _name_list(text: str) -> list[str]:
    """Split "A B, C D och E F" into names of two to four capitalised words."""
    names = []
    for part in re.split(r",|\s+och\s+|\n", text):
        words = part.split()
        if 2 <= len(words) <= 4 and all(w[0].isupper() for w in words):
            names.append(" ".join(words))
    return names


def extract_interpellation(source: Source) -> Rows:
    """Return an interpellation or question: asker, addressee and questions."""
    lines = source.lines
    texts = [t.strip() for _, t in lines]
    addressee = _addressee(texts)
    askers = [s for s in _signatories(lines) if s["name"] not in (addressee or "")]
    opening = " ".join(texts[:5])
    kind = "fråga" if re.search(r"\bfråga\b", opening, re.I) else "interpellation"
    row = {
        "id": "interpellation",
        "kind": kind,
        "title": source.title,
        "date": source.date,
        "asker": askers[0]["name"] if askers else None,
        "party": askers[0]["party"] if askers else None,
        "addressee": addressee,
        "dnr": _own_dnr(texts),
        "page": lines[0][0] if lines else None,
        "answered_by": None,
        "answered_on": None,
    }
    questions = _questions(texts)
    return {
        "interpellations": [row],
        "interpellation_questions": [
            {
                "id": f"q{n}",
                "interpellation_id": "interpellation",
                "number": n,
                "text": q,
            }
            for n, q in enumerate(questions, start=1)
        ],
    }


def _questions(texts: list[str]) -> list[str]:
    """Return the questions asked: numbered points or sentences ending in "?"."""
    body = re.sub(r"\s+", " ", " ".join(texts))
    numbered = re.findall(r"(?:^|\s)\d{1,2}[.)]\s+([^?]{10,300}\?)", body)
    if numbered:
        return [q.strip() for q in numbered]
    return [q.strip() for q in re.findall(r"([A-ZÅÄÖ][^.?!]{10,300}\?)", body)]


def _addressee(texts: list[str]) -> str | None:
    """Return the addressee of a "Till …" line in the opening lines."""
    return next((m.group(1) for t in texts[:12] if (m := _ADDRESSEE.match(t))), None)


def _own_dnr(texts: list[str]) -> str | None:
    """Return the first case number in the opening lines, canonical."""
    dnrs = find_dnrs("\n".join(texts[:14]))
    return dnrs[0].key if dnrs else None
