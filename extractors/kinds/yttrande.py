"""Yttranden (answers): one section per heading, and the commissions proposed.

A yttrande answers auditors, a motion or a referral, usually one heading per
point raised; its sections are kept so :mod:`pipeline.analysis` can match
them to recommendations.
"""

from __future__ import annotations

import re

from extractors.core.spec import KindSpec
from extractors.core.tables import Rows, Source, Table
from extractors.kinds.tjansteskrivelse import proposed_commissions
from extractors.lexicon import load
from extractors.parts.commissions import TABLE as COMMISSIONS

NAME = "yttrande"
VERSION = "v2"

ANSWER_SECTIONS = Table(
    "answer_sections",
    {"id": str, "number": int, "heading": str, "text": str, "page": int},
)

TABLES = (ANSWER_SECTIONS, COMMISSIONS)


def extract(source: Source) -> Rows:
    """Return the sections of an answer, one per heading, and its commissions."""
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
    return {
        "answer_sections": [s for s in sections if s["text"]],
        "commissions": proposed_commissions(source),
    }


def _is_answer_heading(text: str) -> bool:
    """Return True for a short heading line (no final period, few words)."""
    if not text or len(text) > 70 or text.endswith((".", ",", ":", ";")):
        return False
    words = text.split()
    return (
        1 <= len(words) <= 9 and text[0].isupper() and not re.search(r"\d{4}-\d", text)
    )


#: Answer titles that also announce a yttrande ("Svar på motion …").
_ANSWER_LABELS = tuple(
    e["text"] for e in load("motions")["answer_title"] if e.get("yttrande_label")
)

SPEC = KindSpec(
    name=NAME,
    version=VERSION,
    description="Yttrande or remissvar: a body's answer to a paper.",
    labels=(
        "förslag till yttrande",
        "yttrande",
        "remissvar",
        *_ANSWER_LABELS,
    ),
    keywords=(("yttrande", 2), ("yttrande över", 3), ("remissvar", 3)),
    priority=6,
    tables=TABLES,
    extract=extract,
)
