"""The vote wordings of ``lexicon/votes.toml``, compiled once.

Counts in prose, members listed by their vote (after or before the phrase),
the voting question, the headings that open a new vote and the columns of a
vote table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from extractors.lang.phrases import Lexicon, any_of, compiled, entries, phrase_pattern


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
    before: re.Pattern[str]
    """Members named before the phrase, no count ("… röstar ja."): one group
    per entry."""
    before_votes: tuple[str, ...]
    """The vote of each group of :attr:`before`."""
    marks: re.Pattern[str]
    """Counts in prose, a number before or after its phrase, or a majority
    ("8 röster mot 3"): group ``t{i}`` / ``l{i}`` per tally / label entry,
    ``m{i}`` and ``n{i}`` per majority entry."""
    listed: re.Pattern[str]
    """A list of members by their vote ("Röstar ja:", "Ja-röster (5):"): one
    group per entry."""
    listed_votes: tuple[str, ...]
    """The vote of each group of :attr:`listed`."""
    mark_votes: dict[str, str]
    """The vote of each named group of :attr:`marks`."""
    mark_phrases: re.Pattern[str]
    """The phrases of :attr:`marks` alone, as in :attr:`marks`: after no
    letter or digit, before no letter (a count may follow: "Ja 6", "Ja6").
    A text without one has no count (one quick search before the long
    alternation is run)."""
    gap: int
    """Characters between two counts beyond which they are two votes."""
    opens: re.Pattern[str]
    """A heading line that opens a new vote ("Omröstning 2", "Huvudvotering")."""
    columns: list[dict[str, str]]
    """The ``[[column]]`` entries (vote, header or header_prefix)."""
    table: dict[str, list[str]]
    """Cell prefixes of the name and party columns and of the totals row."""
    table_list: str
    """The regex of a vote list's heading ("Voteringslista")."""
    numbers: dict[str, int]
    """Number words and their values ("sju" = 7), lower case."""
    heads: dict[str, str | None] = field(default_factory=dict, compare=False)
    """The vote each cell text heads, remembered as cells are asked (every
    word of a page with a vote grid is)."""


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


def _longest(lexicon: Lexicon, name: str) -> list[dict[str, Any]]:
    """Return the ``[[name]]`` entries, longest phrase first."""
    return sorted(entries(lexicon, name), key=lambda e: -len(e["text"]))


def _compile(lexicon: Lexicon) -> VotePatterns:
    """Compile a votes lexicon."""
    counted = entries(lexicon, "counted")
    before, listed = _longest(lexicon, "before"), _longest(lexicon, "listed")
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
        before=_alternatives(
            [rf"({phrase_pattern(e['text'])}){_END}" for e in before], r"(?<!\w)"
        ),
        before_votes=tuple(e["vote"] for e in before),
        marks=re.compile(marks, re.I),
        mark_phrases=re.compile(
            rf"(?<!\w)(?:{_mark_phrases(lexicon)})(?![^\W\d])", re.I
        ),
        listed=_alternatives(
            [
                rf"({phrase_pattern(e['text'])})(?:\s*\(\d{{1,3}}\))?\s*:"
                for e in listed
            ],
            r"(?<![\d\w])(?<!\d\s)",
        ),
        listed_votes=tuple(e["vote"] for e in listed),
        mark_votes=votes,
        gap=int(lexicon.get("split", {}).get("gap", 300)),
        opens=_opens(lexicon.get("split", {}).get("headings", [])),
        columns=entries(lexicon, "column"),
        table={k: v for k, v in lexicon["table"].items() if k != "example"},
        table_list=any_of(lexicon.get("list", {}).get("headings", [])),
        numbers=_numbers(lexicon),
    )


def _alternatives(patterns: list[str], before: str = "") -> re.Pattern[str]:
    """Return the alternation of ``patterns`` (never matching when empty).

    ``before`` (a lookbehind every alternative starts with) is tested once
    a position, not once an alternative: the same matches, several times
    faster.
    """
    if not patterns:
        return re.compile("(?!x)x")
    return re.compile(f"{before}(?:{'|'.join(patterns)})", re.I)


def _opens(headings: list[str]) -> re.Pattern[str]:
    """Return the heading line that opens a vote: "Omröstning 2 - Huvudvotering"."""
    words = any_of(headings, ocr=True)
    numbered = rf"{words}(?:\s+(?:nr\.?\s*)?\d{{1,2}})?"
    return re.compile(rf"^\s*{numbered}(?:\s*[-–:]\s*{numbered})?\s*:?\s*$", re.I)


def _numbers(lexicon: Lexicon) -> dict[str, int]:
    """Return the number words of ``lexicon`` and their values."""
    values = lexicon.get("numbers", {}).get("values", {})
    return {str(k).lower(): int(v) for k, v in values.items()}


def _question(entry: dict[str, Any]) -> re.Pattern[str]:
    """Compile the quoted and the spoken voting question.

    The spoken question runs from a `start` phrase to the end of the sentence
    holding a `nej` phrase, over at most one sentence end between them
    ("Ja-röst för bifall. Nej-röst för avslag.").
    """
    quoted = rf"{phrase_pattern(entry['text'])}\w*\s*:?\s*[\"”“](.+?)[\"”“]"
    nej = entry.get("nej", ["röstar nej"])
    spoken = (
        rf"((?<!\w){any_of(entry.get('start', []))}[^.]{{0,400}}?"
        rf"(?:\.\s[^.]{{0,400}}?)?(?<!\w){any_of(nej)}[^.]{{0,400}}\.)"
    )
    return re.compile(f"{quoted}|{spoken}", re.I | re.S)


def _mark_phrases(lexicon: Lexicon) -> str:
    """Return the alternation of the phrases every :func:`_marks` entry holds."""
    texts = [t["text"] for t in _longest(lexicon, "tally")]
    texts += [t["text"] for t in _longest(lexicon, "labelled")]
    texts += [t["text"] for t in entries(lexicon, "majority")]
    return "|".join(phrase_pattern(text) for text in texts)


def _marks(lexicon: Lexicon) -> tuple[str, dict[str, str]]:
    """Return the alternation of every prose count and the vote of each group."""
    filler = any_of(lexicon.get("filler", {}).get("words", []))
    words = any_of(_numbers(lexicon)) if _numbers(lexicon) else ""
    alternatives, votes = [], {}
    for i, t in enumerate(_longest(lexicon, "tally")):
        votes[f"t{i}"] = t["vote"]
        alternatives.append(
            _number(f"t{i}", words if t.get("spelled", True) else "")
            + rf"\s+(?:{filler}\s+){{0,2}}{phrase_pattern(t['text'])}{_END}"
        )
    for i, t in enumerate(_longest(lexicon, "labelled")):
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
