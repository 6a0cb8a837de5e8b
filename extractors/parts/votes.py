"""Roll-call votes (omröstning, votering): counts and each member's vote.

From prose ("Omröstningen utfaller med 43 Ja mot 38 Nej") or from a vote
table (Ledamot | Ja | Nej | Avstår). The wordings come from
``lexicon/votes.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from extractors.core.tables import Table
from extractors.lang.nlp import Person, analyse, persons
from extractors.lang.phrases import Lexicon, compiled, entries, phrase_pattern

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

#: The canonical votes, in the order of the ``votes`` columns.
_VOTES = ("ja", "nej", "avstar", "franvarande")


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
        named = {v: sum(1 for r in self.records if r[2] == v) for v in _VOTES}
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


@dataclass(frozen=True)
class VotePatterns:
    """The vote wordings compiled from ``votes.toml``."""

    question: re.Pattern[str]
    """The quoted voting question (group 1)."""
    counted: re.Pattern[str]
    """Counts per member ("röstar ja (7)"): one group per entry, its count."""
    counted_votes: tuple[str, ...]
    """The vote of each group of :attr:`counted`."""
    tally: re.Pattern[str]
    """Counts in prose ("7 ja-röster"): one group per entry, its count."""
    tally_votes: tuple[str, ...]
    """The vote of each group of :attr:`tally`."""
    columns: list[dict[str, str]]
    """The ``[[column]]`` entries (vote, header or header_prefix)."""
    table: dict[str, list[str]]
    """Cell prefixes of the name and party columns and of the totals row."""


def vote_patterns(lexicon: Lexicon | None = None) -> VotePatterns:
    """Return the patterns of ``lexicon`` (default: ``votes.toml``)."""
    return compiled("votes", _compile, lexicon)


def _compile(lexicon: Lexicon) -> VotePatterns:
    """Compile a votes lexicon."""
    counted, tally = entries(lexicon, "counted"), entries(lexicon, "tally")
    question = phrase_pattern(lexicon["question"]["text"])
    return VotePatterns(
        question=re.compile(rf"{question}\w*\s*:?\s*[\"”“](.+?)[\"”“]", re.I | re.S),
        counted=re.compile(
            "|".join(
                phrase_pattern(c["text"])
                + (f"[^()]{{0,{c['gap']}}}" if c.get("gap") else r"\s*")
                + r"\((\d+)\)"
                for c in counted
            ),
            re.I,
        ),
        counted_votes=tuple(c["vote"] for c in counted),
        tally=re.compile(
            "|".join(
                r"(\d+)\s+"
                + (rf"(?:{phrase_pattern(t['noun'])}\w+\s+)?" if t.get("noun") else "")
                + phrase_pattern(t["text"])
                for t in tally
            ),
            re.I,
        ),
        tally_votes=tuple(t["vote"] for t in tally),
        columns=entries(lexicon, "column"),
        table={k: v for k, v in lexicon["table"].items() if k != "example"},
    )


def _group(m: re.Match[str], votes: tuple[str, ...]) -> tuple[str, int]:
    """Return the vote and count of the alternative that matched."""
    index = next(i for i, g in enumerate(m.groups()) if g is not None)
    return votes[index], int(m.group(index + 1))


def prose_votes(text: str, page: int, lexicon: Lexicon | None = None) -> list[Vote]:
    """Return the votes written as prose in ``text`` (both Swedish styles)."""
    patterns = vote_patterns(lexicon)
    doc = analyse(text)
    question = patterns.question.search(doc.text)
    people = persons(doc)
    votes = []
    counted = list(patterns.counted.finditer(doc.text))
    if counted:
        counts: dict[str, int | None] = {}
        records: list[tuple[str, str | None, str]] = []
        start = 0
        for m in counted:
            vote, counts[vote] = _group(m, patterns.counted_votes)
            records += [
                (p.name, p.party, vote)
                for p in people
                if start <= p.start and p.end <= m.start()
            ]
            start = m.end()
        votes.append(
            Vote(question.group(1).strip() if question else None, page, counts, records)
        )
    prose = list(patterns.tally.finditer(doc.text))
    if prose:
        votes.append(_prose_vote(doc.text, prose, people, page, patterns))
    return votes


def _prose_vote(
    text: str,
    marks: list[re.Match[str]],
    people: list[Person],
    page: int,
    patterns: VotePatterns,
) -> Vote:
    """Return the vote of "Med 7 JA-röster (…) mot 4 NEJ-röster (…)"."""
    counts: dict[str, int | None] = {}
    records: list[tuple[str, str | None, str]] = []
    for i, m in enumerate(marks):
        vote, counts[vote] = _group(m, patterns.tally_votes)
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        records += [
            (p.name, p.party, vote)
            for p in people
            if m.end() <= p.start and p.end <= end
        ]
    return Vote(None, page, counts, records)


def vote_columns(header: list[str], lexicon: Lexicon | None = None) -> dict[str, int]:
    """Return ``{vote: column}`` of a vote table's header row."""
    columns: dict[str, int] = {}
    for i, cell in enumerate(c.strip().lower() for c in header):
        for column in vote_patterns(lexicon).columns:
            prefix = column.get("header_prefix")
            if cell == column.get("header") or (prefix and cell.startswith(prefix)):
                columns[column["vote"]] = i
                break
    return columns


def _is_header(row: list[str], patterns: VotePatterns) -> bool:
    """Return True for a header row with both a ja and a nej column."""
    cells = {c.strip().lower() for c in row}
    heads = {c["vote"]: c.get("header") for c in patterns.columns}
    return heads.get("ja") in cells and heads.get("nej") in cells


def table_vote(
    table: list[list[str]], page: int, lexicon: Lexicon | None = None
) -> Vote | None:
    """Return the vote in a table with Ja / Nej (/ Avstår) columns, if it is one."""
    patterns = vote_patterns(lexicon)
    header_index = next(
        (i for i, row in enumerate(table) if _is_header(row, patterns)), None
    )
    if header_index is None:
        return None
    header = [c.strip().lower() for c in table[header_index]]
    columns = vote_columns(header, lexicon)
    name_col = _column(header, patterns.table["name_prefixes"]) or 0
    party_col = _column(header, patterns.table["party_prefixes"])
    totals = tuple(patterns.table["total_prefixes"])
    records, counts = [], {}
    for row in table[header_index + 1 :]:
        name = row[name_col].strip()
        if not name:
            continue
        marks = {v for v, i in columns.items() if i < len(row) and row[i].strip()}
        if name.lower().startswith(totals):
            counts = {v: _int(row[i]) for v, i in columns.items() if i < len(row)}
            continue
        if len(marks) == 1:
            party = row[party_col].strip() if party_col is not None else None
            records.append((re.sub(r"\s+", " ", name), party or None, marks.pop()))
    return Vote(None, page, counts, records)


def _column(header: list[str], prefixes: list[str]) -> int | None:
    """Return the first column whose header starts with one of ``prefixes``."""
    return next(
        (i for i, h in enumerate(header) if h.startswith(tuple(prefixes))), None
    )


def _int(text: str) -> int | None:
    """Return the integer in a cell, or None."""
    m = re.search(r"\d+", text or "")
    return int(m.group(0)) if m else None
