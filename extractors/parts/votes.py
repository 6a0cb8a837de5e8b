"""Roll-call votes (omröstning, votering): counts and each member's vote.

From prose ("Omröstningen utfaller med 43 Ja mot 38 Nej", "Med 8 röster mot
3", "Ja 6, Nej 5, Avstår 2", "… röstar ja (7)") with the members listed by
their vote (:mod:`extractors.parts.vote_lists`); vote tables are read in
:mod:`extractors.parts.vote_tables`. The wordings come from
``lexicon/votes.toml`` (:mod:`extractors.parts.vote_patterns`).

One vote per omröstning: a heading that opens a vote ("Omröstning 2",
"Huvudvotering") or a new count starts the next one, and each list of
members goes to the count nearest it. Printed counts win over the members
named; ``counts_agree`` records a disagreement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from extractors.core.tables import Table
from extractors.lang.nlp import Person, analyse, persons, text_of
from extractors.lang.phrases import Lexicon
from extractors.parts.vote_lists import (
    MemberList,
    Record,
    Span,
    inside,
    member_lists,
    roll_lists,
    sentence_span,
)
from extractors.parts.vote_patterns import VotePatterns, vote_patterns

__all__ = [
    "VOTES",
    "VOTE_RECORDS",
    "Vote",
    "VotePatterns",
    "prose_votes",
    "vote_patterns",
]

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


def prose_votes(text: str, page: int, lexicon: Lexicon | None = None) -> list[Vote]:
    """Return the votes written as prose in ``text``, in order.

    The text is cut at each heading that opens a vote; a part without a vote
    (the heading and the question, say) is read with the part after it.
    """
    patterns = vote_patterns(lexicon)
    parts: list[list[str]] = [[]]
    for line in text.splitlines():
        if patterns.opens.match(line) and parts[-1]:
            parts.append([])
        parts[-1].append(line)
    votes: list[Vote] = []
    carried = ""
    for part in parts:
        carried = "\n".join(filter(None, [carried, "\n".join(part)]))
        found = _part_votes(carried, page, patterns)
        if found:
            votes += found
            carried = ""
    return votes


@dataclass(eq=False)
class _Counted:
    """A vote counted in prose, its span and the lists given to it."""

    vote: Vote
    span: Span
    named: list[tuple[int, Record]]
    lists: list[MemberList]


def _part_votes(text: str, page: int, patterns: VotePatterns) -> list[Vote]:
    """Return the votes of one part of a text (one omröstning, mostly)."""
    doc = analyse(text)
    joined = text_of(doc)
    questions = list(patterns.question.finditer(joined))
    people = persons(doc)
    asked = [q.span() for q in questions]
    counts = patterns.mark_phrases.search(joined) is not None  # else none below
    marks = [
        m
        for m in (patterns.marks.finditer(joined) if counts else ())
        if not inside(m.span(), asked)
    ]
    skip = asked + [m.span() for m in marks]
    counted = []
    for group in _groups(joined, marks, patterns):
        found, named, spans = _prose_vote(joined, group, people, patterns)
        skip += spans
        if "ja" in found.counts and "nej" in found.counts:
            span = sentence_span(joined, group[0].start(), group[-1].end())
            counted.append(_Counted(found, span, named, []))
    lists = member_lists(joined, people, patterns, skip)
    rolls = roll_lists(text, joined, patterns)
    if rolls:  # a roll's lines name the voters; prose lists would repeat them
        lists = sorted(rolls, key=lambda found: found.start)
    votes = _joined(counted, lists) if counted else _listed(lists)
    after = 0
    for vote, (start, end) in votes:
        vote.question = _asked(questions, start, after)
        vote.page = page
        after = end
    return [vote for vote, _ in votes]


def _joined(
    counted: list[_Counted], lists: list[MemberList]
) -> list[tuple[Vote, Span]]:
    """Give each list to its count; return the votes and their spans.

    A list goes to the count before or after it that has no list of its vote
    yet, the same as the list before it where it can, else the nearer one:
    lists then count, or count then lists, repeated. A list's own count
    ("röstar ja (7)") fills a side the prose left uncounted.
    """
    last: _Counted | None = None
    for found in lists:
        last = _owner(counted, found, last)
        last.lists.append(found)
    votes = []
    for c in counted:
        for found in c.lists:
            c.named += [
                (p.start, r) for p, r in zip(found.people, found.records, strict=True)
            ]
            if found.count is not None and c.vote.counts.get(found.vote) is None:
                c.vote.counts[found.vote] = found.count
        c.vote.records = [r for _, r in sorted(c.named, key=lambda n: n[0])]
        spans = [c.span] + [(f.start, f.end) for f in c.lists]
        votes.append((c.vote, (min(s for s, _ in spans), max(e for _, e in spans))))
    return votes


def _owner(
    counted: list[_Counted], found: MemberList, last: _Counted | None
) -> _Counted:
    """Return the count that list ``found`` belongs to."""
    before = [c for c in counted if c.span[1] <= found.start]
    after = [c for c in counted if c.span[0] >= found.end]
    near = before[-1:] + after[:1] or counted
    free = [c for c in near if found.vote not in {f.vote for f in c.lists}]
    pool = free or near
    if any(c is last for c in pool) and last is not None:
        return last
    return min(pool, key=lambda c: _distance(c.span, (found.start, found.end)))


def _listed(lists: list[MemberList]) -> list[tuple[Vote, Span]]:
    """Return the votes of lists without a count in prose.

    A list of a vote already listed starts the next vote. A vote needs a
    printed count or both a ja and a nej list.
    """
    runs: list[list[MemberList]] = []
    for found in lists:
        if not runs or found.vote in {f.vote for f in runs[-1]}:
            runs.append([])
        runs[-1].append(found)
    votes = []
    for run in runs:
        counts: dict[str, int | None] = {
            f.vote: f.count for f in run if f.count is not None
        }
        if not counts and not {"ja", "nej"} <= {f.vote for f in run}:
            continue
        records = [r for f in run for r in f.records]
        votes.append((Vote(None, 0, counts, records), (run[0].start, run[-1].end)))
    return votes


def _distance(a: Span, b: Span) -> int:
    """Return the characters between two spans (0 when they overlap)."""
    return max(0, b[0] - a[1], a[0] - b[1])


def _asked(questions: list[re.Match[str]], before: int, after: int) -> str | None:
    """Return the last question asked between ``after`` and ``before``."""
    asked = [q for q in questions if after <= q.start() < before]
    if not asked:
        return None
    found = asked[-1].group(1) or asked[-1].group(2)
    return " ".join(found.split())


def _groups(
    text: str, marks: list[re.Match[str]], patterns: VotePatterns
) -> list[list[re.Match[str]]]:
    """Split the counts into votes: a repeated vote or a long gap starts one.

    The members named after a count are not part of the gap.
    """
    groups: list[list[re.Match[str]]] = []
    seen: set[str] = set()
    end = 0
    for m in marks:
        kinds = {patterns.mark_votes[k] for k, v in m.groupdict().items() if v}
        far = groups and m.start() - end > patterns.gap
        if not groups or far or kinds & seen:
            groups.append([])
            seen = set()
        groups[-1].append(m)
        seen |= kinds
        end = max(m.end(), _named_span(text, m.end(), len(text))[1])
    return groups


def _prose_vote(
    text: str,
    marks: list[re.Match[str]],
    people: list[Person],
    patterns: VotePatterns,
) -> tuple[Vote, list[tuple[int, Record]], list[Span]]:
    """Return the vote of "Med 7 JA-röster (…) mot 4 NEJ-röster (…)".

    Also the members named after its counts, with their offsets, and the
    spans that name them.
    """
    counts: dict[str, int | None] = {}
    named: list[tuple[int, Record]] = []
    spans: list[Span] = []
    for i, m in enumerate(marks):
        found = {k: _value(v, patterns) for k, v in m.groupdict().items() if v}
        for key, count in found.items():
            counts[patterns.mark_votes[key]] = count
        if len(found) != 1:
            continue
        vote = patterns.mark_votes[next(iter(found))]
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        start, stop = _named_span(text, m.end(), end)
        spans.append((start, stop))
        named += [
            (p.start, (p.name, p.party, vote)) for p in _within(people, start, stop)
        ]
    return Vote(None, 0, counts, [r for _, r in named]), named, spans


def _value(text: str, patterns: VotePatterns) -> int:
    """Return the value of a count as digits or as a number word."""
    return int(text) if text.isdigit() else patterns.numbers[text.lower()]


def _within(people: list[Person], start: int, stop: int) -> list[Person]:
    """Return the people named between ``start`` and ``stop``."""
    return [p for p in people if start <= p.start and p.end <= stop]


def _named_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span of the names right after a count: "(…)" or ": …"."""
    rest = text[start:end]
    opened = len(rest) - len(rest.lstrip())
    if rest[opened : opened + 1] == "(":
        depth = 0
        for i in range(opened, len(rest)):
            depth += {"(": 1, ")": -1}.get(rest[i], 0)
            if depth == 0:
                return start + opened + 1, start + i
        return start, end
    if rest[opened : opened + 1] == ":":
        stop = re.search(r"\.(?:\s|$)", rest)
        return start, start + (stop.start() + 1 if stop else len(rest))
    return start, start
