"""Members named by their vote in prose, with or without a count.

Three forms, their phrases in ``lexicon/votes.toml``:

- after the phrase and a colon: "Röstar ja: A (S), B (V)." ("Ja-röster:",
  "Följande ledamöter röstar nej:", "Avstod från att rösta:");
- before the phrase with a count: "A (S) och B (V) röstar ja (2).";
- before the phrase without one: "A (S), B (V) och C (MP) röstar ja.";
- a roll of lines, a member and the vote word the table's column headers use
  ("Pia Sand (S)  Ja", "Ola Åkesson (C)  Avstår"), two lines or more.

Names before a phrase run back to the end of the previous sentence or list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.lang.nlp import Person
from extractors.lang.parties import normalise_party
from extractors.parts.vote_patterns import VotePatterns

Record = tuple[str, str | None, str]
Span = tuple[int, int]
#: A list's phrase: kind ("after" / "before"), vote, count, match.
Head = tuple[str, str, int | None, re.Match[str]]

#: The end of a sentence or of a lead-in ("…:") before names.
_SENTENCE_END = re.compile(r"[.:;!?](?=\s|$)")
#: A count or a number right after a list's colon: a label, not a list.
_LABEL = re.compile(r"\s*\d")


@dataclass
class MemberList:
    """The members who voted one way, as printed in one place."""

    vote: str
    """``ja``, ``nej``, ``avstar`` or ``franvarande``."""
    start: int
    """Offset of the list: its heading, or its first name."""
    end: int
    """Offset just after the list."""
    count: int | None
    """The count printed with the list ("röstar ja (7)"), if any."""
    people: list[Person]
    """The members named."""

    @property
    def records(self) -> list[Record]:
        """Return ``(name, party, vote)`` per member."""
        return [(p.name, p.party, self.vote) for p in self.people]


def member_lists(
    text: str, people: list[Person], patterns: VotePatterns, skip: list[Span]
) -> list[MemberList]:
    """Return the member lists of ``text`` in order, outside the ``skip`` spans.

    ``skip`` holds the voting questions and the prose counts; a list never
    takes a member named in them.
    """
    heads = _heads(text, patterns, skip)
    found: list[MemberList] = []
    taken: set[int] = {p.start for p in people if inside((p.start, p.end), skip)}
    bounds = sorted({s for s, _ in skip} | {e for _, e in skip})
    for i, (kind, vote, count, m) in enumerate(heads):
        if kind == "after":
            stop = heads[i + 1][3].start() if i + 1 < len(heads) else len(text)
            stop = min([stop] + [b for b in bounds if b > m.end()])
            start, names, end = m.start(), m.end(), _list_end(text, m.end(), stop)
        else:
            start = names = _sentence_start(text, m.start(), found, bounds)
            end = m.end()
        named = [
            p
            for p in people
            if p.start not in taken and names <= p.start and p.end <= end
        ]
        taken |= {p.start for p in named}
        if named or count is not None:
            found.append(MemberList(vote, start, end, count, named))
    return found


#: At least this many roll lines make a roll.
MIN_ROLL = 2


#: A roll line: a member, the party in parentheses, one word.
_ROLL_LINE = re.compile(
    r"^\s*(?P<name>[A-ZÅÄÖ][\w'-]+(?:\s+[A-ZÅÄÖ][\w'-]+){1,3})\s*"
    r"\((?P<party>[^()\s]{1,6})\)\s+(?P<vote>[^\W\d_]+)\.?\s*$"
)


def roll_lists(text: str, joined: str, patterns: VotePatterns) -> list[MemberList]:
    """Return the rolls of ``text``: one list per vote, lines "Name (P)  Ja".

    ``text`` keeps its lines (a roll is one member a line); the lists' offsets
    are in ``joined``, the text with its lines joined, as for the other forms.
    """
    rows: list[tuple[str, Person]] = []
    cursor = 0
    for line in text.splitlines():
        m = _ROLL_LINE.match(line)
        vote = _roll_vote(m.group("vote"), patterns) if m else None
        if m is None or vote is None:
            continue
        printed = f"{m.group('name')} ({m.group('party')})"
        start = joined.find(printed, cursor)
        if start < 0:
            continue
        cursor = start + len(printed)
        party = normalise_party(m.group("party")) or m.group("party")
        rows.append((vote, Person(m.group("name"), party, start, cursor)))
    if len(rows) < MIN_ROLL:
        return []
    lists = []
    for vote in dict.fromkeys(v for v, _ in rows):
        mine = [p for v, p in rows if v == vote]
        lists.append(MemberList(vote, mine[0].start, mine[-1].end, None, mine))
    return lists


def _roll_vote(word: str, patterns: VotePatterns) -> str | None:
    """Return the vote a roll line's word names ("Ja", "Nej", "Avstår")."""
    word = word.lower()
    for column in patterns.columns:
        prefix = column.get("header_prefix")
        if word == column.get("header") or (prefix and word.startswith(prefix)):
            return column["vote"]
    return None


def sentence_span(text: str, start: int, end: int) -> Span:
    """Return the span of the sentence(s) around ``start``-``end``."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    return (ends[-1] if ends else 0), (after.end() if after else len(text))


def _heads(text: str, patterns: VotePatterns, skip: list[Span]) -> list[Head]:
    """Return each list phrase: kind ("after"/"before"), vote, count, match.

    A phrase with a count wins over the same phrase without one; a list
    heading with a number after its colon is a labelled count, not a list.
    """
    heads: list[Head] = []
    for m in patterns.counted.finditer(text):
        index = next(i for i, g in enumerate(m.groups()) if g is not None)
        heads.append(("before", patterns.counted_votes[index], int(m[index + 1]), m))
    for m in patterns.listed.finditer(text):
        if not _LABEL.match(text, m.end()):
            count = re.search(r"\((\d+)\)", m[0])
            vote = _vote(m, patterns.listed_votes)
            heads.append(("after", vote, int(count[1]) if count else None, m))
    for m in patterns.before.finditer(text):
        heads.append(("before", _vote(m, patterns.before_votes), None, m))
    kept: list[Head] = []
    for head in heads:
        span = head[3].span()
        if inside(span, skip) or any(_overlap(span, k[3].span()) for k in kept):
            continue
        kept.append(head)
    return sorted(kept, key=lambda h: h[3].start())


def _vote(m: re.Match[str], votes: tuple[str, ...]) -> str:
    """Return the vote of the alternative that matched."""
    return votes[next(i for i, g in enumerate(m.groups()) if g is not None)]


def _list_end(text: str, start: int, stop: int) -> int:
    """Return the end of the names after a colon: a party's ")." or ``stop``."""
    found = re.search(r"\)\s*\.", text[start:stop])
    return start + found.start() + 1 if found else stop


def _sentence_start(
    text: str, phrase: int, before: list[MemberList], bounds: list[int]
) -> int:
    """Return where the names before a phrase at ``phrase`` begin."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, phrase)]
    ends += [m.end for m in before] + [b for b in bounds if b <= phrase]
    return max([0, *[e for e in ends if e <= phrase]])


def inside(span: Span, spans: list[Span]) -> bool:
    """Return True when ``span`` lies within one of ``spans``."""
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def _overlap(a: Span, b: Span) -> bool:
    """Return True when two spans share a character."""
    return a[0] < b[1] and b[0] < a[1]
