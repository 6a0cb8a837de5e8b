"""Interpellationer and enkla frågor: who asks whom what.

An interpellation is addressed to a chair ("Till kommunstyrelsens
ordförande"), signed by the asker, and asks numbered questions or sentences
ending in "?". Its answer is linked later (:mod:`pipeline.analysis`).
"""

from __future__ import annotations

import re

from extractors.core.spec import KindSpec
from extractors.core.tables import Rows, Source, Table
from extractors.lexicon import load
from extractors.parts.signatures import addressee, own_dnr, signatories

NAME = "interpellation"
VERSION = "v1"

TABLES = (
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

#: The word that makes a paper an enkel fråga rather than an interpellation.
_QUESTION = load("motions")["question"]["text"]
_QUESTION_WORD = re.compile(rf"\b{re.escape(_QUESTION)}\b", re.IGNORECASE)


def extract(source: Source) -> Rows:
    """Return an interpellation or question: asker, addressee and questions."""
    lines = source.lines
    texts = [t.strip() for _, t in lines]
    to = addressee(texts)
    askers = [s for s in signatories(lines) if s["name"] not in (to or "")]
    opening = " ".join(texts[:5])
    kind = _QUESTION if _QUESTION_WORD.search(opening) else "interpellation"
    row = {
        "id": "interpellation",
        "kind": kind,
        "title": source.title,
        "date": source.date,
        "asker": askers[0]["name"] if askers else None,
        "party": askers[0]["party"] if askers else None,
        "addressee": to,
        "dnr": own_dnr(texts),
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


SPEC = KindSpec(
    name=NAME,
    version=VERSION,
    description="Interpellation or enkel fråga: a member's questions to a chair.",
    labels=("interpellation", "enkel fråga"),
    keywords=(("interpellation", 3), ("ställa följande fråg", 3)),
    priority=8,
    tables=TABLES,
    extract=extract,
)
