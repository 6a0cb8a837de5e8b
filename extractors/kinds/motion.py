"""Motioner: who proposes what.

A motion has an addressee ("Till Södertälje kommunfullmäktige"), a date, a
title, reasons, then its proposals: att-satser ("Att kommunfullmäktige ger …")
or a "Förslag till beslut" with numbered points, and the signatures ("För
Centerpartiet" and names, or "Name (PARTY)" lines). What happened to a motion
is decided elsewhere; :mod:`pipeline.link` reads that from the protocols.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from extractors.core.spec import KindSpec
from extractors.core.tables import Rows, Source, Table
from extractors.lang.nlp import analyse, persons
from extractors.lang.phrases import phrase_regex, words_regex
from extractors.lexicon import load
from extractors.parts.signatures import FOR_PARTY, addressee, own_dnr, signatories

NAME = "motion"
VERSION = "v3"

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
            "case_dnr": str,
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
)

_ATT_WORD = load("motions")["att_sats"]["text"]
_ATT = re.compile(
    rf"^(?:[-•]\s*)?(?:\d{{1,2}}[.)]\s*)?{re.escape(_ATT_WORD)}\s+(\S.*)$",
    re.IGNORECASE,
)
#: How an att-sats may open outside a proposal: capitalised, a bullet, a number.
_ATT_OPENS = _ATT_WORD[:1].upper() + "-•0123456789"
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")


def proposal_head(lexicon: Mapping[str, Any]) -> re.Pattern[str]:
    """Return the pattern of a line that opens a motion's proposals.

    ``lexicon`` is ``load("proposal_heads")`` or a variant; the group holds
    what follows the head on its line.
    """
    council = lexicon["council"]
    after = (
        rf".{{0,40}}{words_regex(council['names'])}?"
        rf"(?: {re.escape(council['asks'])})?"
    )
    heads = [
        rf".{{0,60}}\b{phrase_regex(e['text'], space=' ')}\b{after}"
        if e.get("verb")
        else rf"{phrase_regex(e['text'], space=' ')}\b"
        for e in lexicon["motion_head"]
    ]
    return re.compile(rf"^(?:{'|'.join(heads)})\s*:?\s*(.*)$", re.IGNORECASE)


_PROPOSAL_HEAD = proposal_head(load("proposal_heads"))
#: A head line naming the council so carries the first proposal after it.
_FIRST_AFTER = load("proposal_heads")["council"]["first_after"]


def extract(source: Source) -> Rows:
    """Return the motion with its signatories and att-satser."""
    lines = source.lines
    texts = [t.strip() for _, t in lines]
    signers = signatories(lines)
    parties = sorted({s["party"] for s in signers if s["party"]})
    motion = {
        "id": "motion",
        "title": source.title,
        "date": source.date,
        "addressee": addressee(texts),
        "party": parties[0] if len(parties) == 1 else (", ".join(parties) or None),
        "dnr": own_dnr(texts),
        "case_dnr": None,
        "page": lines[0][0] if lines else None,
        "outcome": None,
        "decided_by": None,
        "decided_on": None,
        "proposed_outcome": None,
        "proposed_by": None,
    }
    found = clauses(lines)
    return {
        "motions": [motion],
        "motion_signatories": [
            {"id": f"s{i}", "motion_id": "motion", **s} for i, s in enumerate(signers)
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
            for n, (page, text) in enumerate(found, start=1)
        ],
    }


def clauses(
    lines: list[tuple[int, str]], proposing: bool = False
) -> list[tuple[int, str]]:
    """Return the att-satser (or numbered proposals) with their pages.

    ``proposing`` says the lines are already a proposal (the caller found
    its head), so numbered points count from the first line. Shared with the
    written yrkanden (:mod:`extractors.kinds.yrkande`).
    """
    found: list[tuple[int, str]] = []
    in_proposal = proposing
    open_clause = False
    for page, text in lines:
        stripped = text.strip()
        att = _ATT.match(stripped)
        head = _PROPOSAL_HEAD.match(stripped)
        numbered = _NUMBERED.match(stripped)
        if att and (in_proposal or stripped[0] in _ATT_OPENS):
            found.append((page, f"{_ATT_WORD} {att.group(1)}"))
            in_proposal = open_clause = True
        elif head and len(stripped) < 200:
            in_proposal, open_clause = True, False
            if head.group(1) and not found and _FIRST_AFTER in stripped:
                found.append((page, head.group(1)))
                open_clause = True
        elif in_proposal and numbered:
            found.append((page, numbered.group(2)))
            open_clause = True
        elif open_clause and _continues(stripped, found[-1][1]):
            found[-1] = (found[-1][0], f"{found[-1][1]} {stripped}")
        elif found:
            in_proposal = open_clause = False
    return [(p, re.sub(r"\s+", " ", t).strip()) for p, t in found]


def _continues(text: str, clause: str) -> bool:
    """Return True when a line carries on the clause above it."""
    if not text or FOR_PARTY.match(text) or persons(analyse(text)):
        return False
    unfinished = not clause.rstrip().endswith((".", ":", ";", "!", "?"))
    return text[0].islower() or text[0] in "(," or (unfinished and len(text) < 60)


SPEC = KindSpec(
    name=NAME,
    version=VERSION,
    description="Motion: a member's or party group's proposal to the council.",
    labels=("motion",),
    keywords=(
        ("motion", 1),
        ("föreslår", 1),
        ("yrkar", 1),
        ("fullmäktige-grupp", 1),
        ("kommunfullmäktige ger", 2),
        ("föreslår vi", 2),
    ),
    priority=7,
    tables=TABLES,
    extract=extract,
)
