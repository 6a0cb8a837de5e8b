"""Tjänsteskrivelser and yttranden: proposed decisions, commissions, answers.

A tjänsteskrivelse proposes decisions ("Förslag till beslut", numbered);
the commissions among them are kept with stage "forslag". A yttrande answers
auditors, a motion or a referral, usually one heading per point raised; its
sections are kept so :mod:`pipeline.link` can match them to recommendations.
"""

from __future__ import annotations

import re

from .base import Rows, Source, Table
from .commission import TABLE as COMMISSIONS
from .commission import commissions
from .sections import heading_of
from .swedish import fold

TJANSTESKRIVELSE = "tjansteskrivelse"
YTTRANDE = "yttrande"
VERSION = "v1"

ANSWER_SECTIONS = Table(
    "answer_sections",
    {"id": str, "number": int, "heading": str, "text": str, "page": int},
)

#: "Förslag till beslut", "Förslag till socialnämndens beslut", "Kontorets
#: förslag till nämnden" — matched on folded text, so OCR damage is tolerated.
_PROPOSAL_HEAD = re.compile(
    r"^(?:.{0,60}forslag till (?:\w+\s+)?beslut|.{0,40}s forslag till namnden)"
    r"\s*:?\s*$"
)


def extract_tjansteskrivelse(source: Source) -> Rows:
    """Return the commissions proposed in a tjänsteskrivelse."""
    found = []
    capture = False
    for page, text in source.lines:
        stripped = text.strip()
        if _PROPOSAL_HEAD.match(fold(stripped)):
            capture = True
            continue
        if capture and (heading_of(stripped) or not stripped):
            capture = False
        if capture:
            found.append((page, stripped))
    rows = []
    for page, text in _sentences(found):
        rows += commissions(text, page, "forslag")
    return {
        "commissions": [
            {"id": f"c{i}", "paragraph_id": None, **r} for i, r in enumerate(rows)
        ]
    }


def _sentences(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Join wrapped lines into numbered points or sentences, with their page."""
    joined: list[tuple[int, str]] = []
    for page, text in lines:
        starts = re.match(r"^(?:[-•]\s*)?\d{1,2}[.)]?\s", text) or not joined
        if starts or joined[-1][1].rstrip().endswith("."):
            joined.append((page, re.sub(r"^(?:[-•]\s*)?\d{1,2}[.)]?\s+", "", text)))
        else:
            joined[-1] = (joined[-1][0], joined[-1][1] + "\n" + text)
    return joined


def extract_yttrande(source: Source) -> Rows:
    """Return the sections of an answer, one per heading."""
    sections: list[dict[str, object]] = []
    for page, text in source.lines[3:]:
        stripped = text.strip()
        if _is_answer_heading(stripped):
            sections.append(
                {
                    "id": f"s{len(sections) + 1}",
                    "number": len(sections) + 1,
                    "heading": stripped,
                    "text": "",
                    "page": page,
                }
            )
        elif sections:
            sections[-1]["text"] = f"{sections[-1]['text']}\n{stripped}".strip()
    return {"answer_sections": [s for s in sections if s["text"]]}


def _is_answer_heading(text: str) -> bool:
    """Return True for a short heading line (no final period, few words)."""
    if not text or len(text) > 70 or text.endswith((".", ",", ":", ";")):
        return False
    words = text.split()
    return (
        1 <= len(words) <= 9 and text[0].isupper() and not re.search(r"\d{4}-\d", text)
    )


__all__ = [
    "ANSWER_SECTIONS",
    "COMMISSIONS",
    "extract_tjansteskrivelse",
    "extract_yttrande",
]
