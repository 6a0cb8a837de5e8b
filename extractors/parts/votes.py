"""Roll-call votes (omröstning, votering): counts and each member's vote.

From prose ("Omröstningen utfaller med 43 Ja mot 38 Nej", "Med 8 röster mot
3", "Ja 6, Nej 5, Avstår 2", "… röstar ja (7)"); vote tables are read in
:mod:`extractors.parts.vote_tables`. The wordings come from
``lexicon/votes.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from extractors.core.tables import Table
from extractors.lang.nlp import Person, analyse, persons
from extractors.lang.phrases import Lexicon, any_of, compiled, entries, phrase_pattern

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
    """The quoted voting question (group 1), or the question said as a
    sentence (group 2)."""
    counted: re.Pattern[str]
    """Counts per member ("röstar ja (7)"): one group per entry, its count."""
    counted_votes: tuple[str, ...]
    """The vote of each group of :attr:`counted`."""
    marks: re.Pattern[str]
    """Counts in prose, a number before or after its phrase, or a majority
    ("8 röster mot 3"): group ``t{i}`` / ``l{i}`` per tally / label entry,
    ``m{i}`` and ``n{i}`` per majority entry."""
    listed: re.Pattern[str]
    """A list of members by their vote ("Röstar ja:"): one group per entry."""
    listed_votes: tuple[str, ...]
    """The vote of each group of :attr:`listed`."""
    mark_votes: dict[str, str]
    """The vote of each named group of :attr:`marks`."""
    gap: int
    """Characters between two counts beyond which they are two votes."""
    columns: list[dict[str, str]]
    """The ``[[column]]`` entries (vote, header or header_prefix)."""
    table: dict[str, list[str]]
    """Cell prefixes of the name and party columns and of the totals row."""
    table_list: str
    """The regex of a vote list's heading ("Voteringslista")."""
    numbers: dict[str, int]
    """Number words and their values ("sju" = 7), lower case."""


#: A word ends here (so "ja" is not the start of "jaktvård").
_END = r"(?!\w)"


def _number(name: str, words: str = "") -> str:
    """Return a count (group ``name``), never part of a date or case number.

    ``words`` is the alternation of number words also taken ("sju").
    """
    spelled = rf"|(?<!\w){words}(?!\w)" if words else ""
    return rf"(?<![\d/.:-])(?P<{name}>\d{{1,3}}{spelled})(?![\d/:-]|\.\d)"


def vote_patterns(lexicon: Lexicon | None = None) -> VotePatterns:
    """Return the patterns of ``lexicon`` (default: ``votes.toml``)."""
    return compiled("votes", _compile, lexicon)


def _compile(lexicon: Lexicon) -> VotePatterns:
    """Compile a votes lexicon."""
    counted = entries(lexicon, "counted")
    marks, votes = _marks(lexicon)
    return VotePatterns(
        question=_question(lexicon["question"]),
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
        marks=re.compile(marks, re.I),
        listed=re.compile(
            "|".join(
                rf"(?<![\d\w])(?<!\d\s)({phrase_pattern(e['text'])})\s*:"
                for e in entries(lexicon, "listed")
            )
            or "(?!x)x",
            re.I,
        ),
        listed_votes=tuple(e["vote"] for e in entries(lexicon, "listed")),
        mark_votes=votes,
        gap=int(lexicon.get("split", {}).get("gap", 300)),
        columns=entries(lexicon, "column"),
        table={k: v for k, v in lexicon["table"].items() if k != "example"},
        table_list=any_of(lexicon.get("list", {}).get("headings", [])),
        numbers=_numbers(lexicon),
    )


def _numbers(lexicon: Lexicon) -> dict[str, int]:
    """Return the number words of ``lexicon`` and their values."""
    values = lexicon.get("numbers", {}).get("values", {})
    return {str(k).lower(): int(v) for k, v in values.items()}


def _question(entry: dict[str, Any]) -> re.Pattern[str]:
    """Compile the quoted and the spoken voting question."""
    quoted = rf"{phrase_pattern(entry['text'])}\w*\s*:?\s*[\"”“](.+?)[\"”“]"
    spoken = (
        rf"((?<!\w){any_of(entry.get('start', []))}[^.]*?"
        rf"{phrase_pattern(entry.get('nej', 'röstar nej'))}[^.]*\.)"
    )
    return re.compile(f"{quoted}|{spoken}", re.I | re.S)


def _marks(lexicon: Lexicon) -> tuple[str, dict[str, str]]:
    """Return the alternation of every prose count and the vote of each group."""
    filler = any_of(lexicon.get("filler", {}).get("words", []))
    words = any_of(_numbers(lexicon)) if _numbers(lexicon) else ""
    alternatives, votes = [], {}
    by_length = sorted(entries(lexicon, "tally"), key=lambda t: -len(t["text"]))
    for i, t in enumerate(by_length):
        votes[f"t{i}"] = t["vote"]
        alternatives.append(
            _number(f"t{i}", words if t.get("spelled", True) else "")
            + rf"\s+(?:{filler}\s+){{0,2}}{phrase_pattern(t['text'])}{_END}"
        )
    by_length = sorted(entries(lexicon, "labelled"), key=lambda t: -len(t["text"]))
    for i, t in enumerate(by_length):
        votes[f"l{i}"] = t["vote"]
        alternatives.append(
            rf"(?<!\w){phrase_pattern(t['text'])}\s*:?\s*" + _number(f"l{i}")
        )
    for i, t in enumerate(entries(lexicon, "majority")):
        votes[f"m{i}"], votes[f"n{i}"] = "ja", "nej"
        alternatives.append(
            _number(f"m{i}", words)
            + rf"\s+{phrase_pattern(t['text'])}\s+"
            + _number(f"n{i}", words)
        )
    return "|".join(alternatives), votes


def _group(m: re.Match[str], votes: tuple[str, ...]) -> tuple[str, int]:
    """Return the vote and count of the alternative that matched."""
    index = next(i for i, g in enumerate(m.groups()) if g is not None)
    return votes[index], int(m.group(index + 1))


def prose_votes(text: str, page: int, lexicon: Lexicon | None = None) -> list[Vote]:
    """Return the votes written as prose in ``text``, in order."""
    patterns = vote_patterns(lexicon)
    doc = analyse(text)
    questions = list(patterns.question.finditer(doc.text))
    people = persons(doc)
    votes = []
    for found in (
        _counted_vote(doc.text, people, page, patterns),
        _listed_vote(doc.text, people, page, patterns),
    ):
        if found is not None:
            found.question = _asked(questions, found.page, 0)
            votes.append(found)
    start = 0
    marks = list(patterns.marks.finditer(doc.text))
    for group in _groups(doc.text, marks, patterns):
        found = _prose_vote(doc.text, group, people, page, patterns)
        if "ja" in found.counts and "nej" in found.counts:
            found.question = _asked(questions, group[0].start(), start)
            votes.append(found)
        start = group[-1].end()
    for vote in votes:
        vote.page = page
    return votes


def _counted_vote(
    text: str, people: list[Person], page: int, patterns: VotePatterns
) -> Vote | None:
    """Return the vote of "A (S) och B (M) röstar ja (2)", if any.

    The vote's ``page`` holds the offset of its first count until
    :func:`prose_votes` sets the page.
    """
    counted = list(patterns.counted.finditer(text))
    if not counted:
        return None
    counts: dict[str, int | None] = {}
    records: list[tuple[str, str | None, str]] = []
    start = 0
    for m in counted:
        vote, counts[vote] = _group(m, patterns.counted_votes)
        records += [(p.name, p.party, vote) for p in _within(people, start, m.start())]
        start = m.end()
    return Vote(None, counted[0].start(), counts, records)


def _listed_vote(
    text: str, people: list[Person], page: int, patterns: VotePatterns
) -> Vote | None:
    """Return the vote of "Röstar ja: A (S), B (M). Röstar nej: C (V).", if any.

    The counts are the members named; ``page`` holds an offset as in
    :func:`_counted_vote`.
    """
    heads = list(patterns.listed.finditer(text))
    votes = [_group_name(m, patterns.listed_votes) for m in heads]
    if not {"ja", "nej"} <= set(votes):
        return None
    records: list[tuple[str, str | None, str]] = []
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        stop = re.search(r"\)\s*\.", text[m.end() : end])
        end = m.end() + stop.start() + 1 if stop else end
        named = _within(people, m.end(), end)
        records += [(p.name, p.party, votes[i]) for p in named]
    if not records:
        return None
    return Vote(None, heads[0].start(), {}, records)


def _group_name(m: re.Match[str], votes: tuple[str, ...]) -> str:
    """Return the vote of the alternative that matched (no count)."""
    return votes[next(i for i, g in enumerate(m.groups()) if g is not None)]


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
    page: int,
    patterns: VotePatterns,
) -> Vote:
    """Return the vote of "Med 7 JA-röster (…) mot 4 NEJ-röster (…)"."""
    counts: dict[str, int | None] = {}
    records: list[tuple[str, str | None, str]] = []
    for i, m in enumerate(marks):
        found = {k: _value(v, patterns) for k, v in m.groupdict().items() if v}
        for key, count in found.items():
            counts[patterns.mark_votes[key]] = count
        if len(found) != 1:
            continue
        vote = patterns.mark_votes[next(iter(found))]
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        start, stop = _named_span(text, m.end(), end)
        records += [(p.name, p.party, vote) for p in _within(people, start, stop)]
    return Vote(None, page, counts, records)


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
