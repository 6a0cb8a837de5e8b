"""Roll-call votes (omröstning, votering): counts and each member's vote.

From prose ("Omröstningen utfaller med 43 Ja mot 38 Nej") or from a vote
table (Ledamot | Ja | Nej | Avstår).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from extractors.core.tables import Table
from extractors.lang.nlp import Person, analyse, persons

VOTES = Table(
    "votes",
    {
        "id": str,
        "paragraph_id": str,
        "question": str,
        "yes": int,
        "no": int,
        "abstain": int,
        "absent": int,
        "result": str,
        "counts_agree": int,
        "source": str,
        "page": int,
    },
)

VOTE_RECORDS = Table(
    "vote_records",
    {"id": str, "vote_id": str, "name": str, "party": str, "vote": str},
)


@dataclass
class Vote:
    """A roll-call vote, from prose or from a vote table."""

    question: str | None
    """The approved voting question ("Ja för bifall … Nej för …")."""
    page: int
    """Page of the vote."""
    counts: dict[str, int | None]
    """Counts as printed: ``ja``, ``nej``, ``avstar``, ``franvarande``."""
    records: list[tuple[str, str | None, str]]
    """``(name, party, vote)`` per member named."""

    def row(self) -> dict[str, Any]:
        """Return the ``votes`` row (without ids)."""
        named = {
            v: sum(1 for r in self.records if r[2] == v)
            for v in ("ja", "nej", "avstar", "franvarande")
        }
        counts = {v: self.counts.get(v) for v in named}
        counts = {
            v: (n if n is not None else (named[v] or None)) for v, n in counts.items()
        }
        printed = {v: n for v, n in self.counts.items() if n is not None}
        agree = all(named[v] == n for v, n in printed.items()) if self.records else None
        yes, no = counts["ja"], counts["nej"]
        result = None
        if yes is not None and no is not None:
            result = "ja" if yes > no else "nej" if no > yes else "lika"
        return {
            "question": self.question,
            "yes": yes,
            "no": no,
            "abstain": counts["avstar"],
            "absent": counts["franvarande"],
            "result": result,
            "counts_agree": None if agree is None else int(agree),
            "page": self.page,
        }


_QUESTION = re.compile(r"voteringsproposition\w*\s*:?\s*[\"”“](.+?)[\"”“]", re.I | re.S)
_COUNTED = re.compile(
    r"röstar\s+(ja|nej)\s*\((\d+)\)|(avstår|avstod)[^()]{0,30}\((\d+)\)"
    r"|(frånvarande)\s*\((\d+)\)",
    re.IGNORECASE,
)
_PROSE = re.compile(
    r"(\d+)\s+ja-?röster|(\d+)\s+nej-?röster|(\d+)\s+(?:ledam\w+\s+)?(?:avstår|avstod|"
    r"nedlagda)",
    re.IGNORECASE,
)


def prose_votes(text: str, page: int) -> list[Vote]:
    """Return the votes written as prose in ``text`` (both Swedish styles)."""
    doc = analyse(text)
    question = _QUESTION.search(doc.text)
    people = persons(doc)
    votes = []
    counted = list(_COUNTED.finditer(doc.text))
    if counted:
        counts: dict[str, int | None] = {}
        records: list[tuple[str, str | None, str]] = []
        start = 0
        for m in counted:
            vote = _vote_word(m.group(1) or m.group(3) or m.group(5))
            counts[vote] = int(m.group(2) or m.group(4) or m.group(6))
            records += [
                (p.name, p.party, vote)
                for p in people
                if start <= p.start and p.end <= m.start()
            ]
            start = m.end()
        votes.append(
            Vote(question.group(1).strip() if question else None, page, counts, records)
        )
    prose = list(_PROSE.finditer(doc.text))
    if prose:
        votes.append(_prose_vote(doc.text, prose, people, page))
    return votes


def _prose_vote(
    text: str, marks: list[re.Match[str]], people: list[Person], page: int
) -> Vote:
    """Return the vote of "Med 7 JA-röster (…) mot 4 NEJ-röster (…)"."""
    counts: dict[str, int | None] = {}
    records: list[tuple[str, str | None, str]] = []
    for i, m in enumerate(marks):
        vote = "ja" if m.group(1) else "nej" if m.group(2) else "avstar"
        counts[vote] = int(m.group(1) or m.group(2) or m.group(3))
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        records += [
            (p.name, p.party, vote)
            for p in people
            if m.end() <= p.start and p.end <= end
        ]
    return Vote(None, page, counts, records)


def _vote_word(word: str) -> str:
    """Map a printed vote word to ``ja``, ``nej``, ``avstar`` or ``franvarande``."""
    word = word.lower()
    if word.startswith("avst"):
        return "avstar"
    return "franvarande" if word.startswith("frånv") else word


def table_vote(table: list[list[str]], page: int) -> Vote | None:
    """Return the vote in a table with Ja / Nej (/ Avstår) columns, if it is one."""
    header_index = next(
        (
            i
            for i, row in enumerate(table)
            if {"ja", "nej"} <= {c.strip().lower() for c in row}
        ),
        None,
    )
    if header_index is None:
        return None
    header = [c.strip().lower() for c in table[header_index]]
    columns = {
        _vote_word(h): i
        for i, h in enumerate(header)
        if h in ("ja", "nej") or h.startswith(("avst", "frånv"))
    }
    name_col = next(
        (
            i
            for i, h in enumerate(header)
            if h.startswith(("ledamot", "namn", "ledamöter"))
        ),
        0,
    )
    party_col = next((i for i, h in enumerate(header) if h.startswith("parti")), None)
    records, counts = [], {}
    for row in table[header_index + 1 :]:
        name = row[name_col].strip()
        if not name:
            continue
        marks = {v for v, i in columns.items() if i < len(row) and row[i].strip()}
        if name.lower().startswith(("summa", "totalt", "antal", "resultat")):
            counts = {v: _int(row[i]) for v, i in columns.items() if i < len(row)}
            continue
        if len(marks) == 1:
            party = row[party_col].strip() if party_col is not None else None
            records.append((re.sub(r"\s+", " ", name), party or None, marks.pop()))
    return Vote(None, page, counts, records)


def _int(text: str) -> int | None:
    """Return the integer in a cell, or None."""
    m = re.search(r"\d+", text or "")
    return int(m.group(0)) if m else None
