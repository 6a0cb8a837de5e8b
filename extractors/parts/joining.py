"""Members joining a yrkande someone else made.

Two forms (wordings in ``lexicon/proposals.toml``, ``[concur]``):

* a clause inside the yrkande: "Anna Berg (S) yrkar, med instämmande av
  Per Holm (M) och Eva Ek (L), bifall …" — each member (or party of a group)
  after the phrase makes the same yrkande, one row each;
* a sentence of its own: "Per Holm (M) instämmer i Anna Bergs yrkande" —
  the member makes the yrkande of the member named in the genitive, else the
  yrkande made last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from extractors.lang.nlp import Person, span_text, text_of
from extractors.parts.proposal_words import (
    ProposalPatterns,
    find_group,
    group_parties,
    list_gap,
)

if TYPE_CHECKING:
    from spacy.tokens import Span

#: How far after the joining phrase the first member may be named.
_AFTER = 3


@dataclass(frozen=True)
class Joining:
    """A "med instämmande av …" clause: its span and who joins."""

    start: int
    """Character offset of the phrase in the analysed text."""
    end: int
    """Character offset just after the last member or party named."""
    people: list[Person]
    """The members joining."""
    parties: list[str]
    """The parties of a group joining, when no member is named."""


def joining(
    sentence: Span, people: list[Person], patterns: ProposalPatterns
) -> list[Joining]:
    """Return the joining clauses of a sentence."""
    text = text_of(sentence.doc)
    found = []
    for m in patterns.concur.finditer(span_text(sentence)):
        start, end = sentence.start_char + m.start(), sentence.start_char + m.end()
        after = [p for p in people if 0 <= p.start - end <= _AFTER]
        if after:
            chain = [after[0]]
            for person in people[people.index(after[0]) + 1 :]:
                if not list_gap(text[chain[-1].end : person.start], 0):
                    break
                chain.append(person)
            found.append(Joining(start, chain[-1].end, chain, []))
            continue
        rest = text[end : sentence.end_char]
        group = find_group(rest, patterns)
        if group and len(rest[: group[1]].strip()) == 0:
            found.append(Joining(start, end + group[2], [], group[0]))
    return found


def inside(person: Person, clauses: list[Joining]) -> bool:
    """Return True when ``person`` is named inside a joining clause."""
    return any(c.start <= person.start < c.end for c in clauses)


def cut(text: str, start: int, end: int, clauses: list[Joining]) -> str:
    """Return ``text[start:end]`` without the joining clauses in it."""
    pieces, at = [], start
    for clause in sorted(clauses, key=lambda c: c.start):
        if clause.end <= at or clause.start >= end:
            continue
        pieces.append(text[at : clause.start])
        at = clause.end
    pieces.append(text[at:end])
    return "".join(pieces)


def joiners(
    clauses: list[Joining], verbs: list[int], i: int
) -> tuple[list[Person], list[str]]:
    """Return the members and parties joining the ``i``-th verb's yrkande."""
    mine = [c for c in clauses if _anchor(c, verbs) == i]
    return [p for c in mine for p in c.people], [p for c in mine for p in c.parties]


def _anchor(clause: Joining, verbs: list[int]) -> int:
    """Return the index of the verb a clause belongs to: the last one before it."""
    before = [j for j, verb in enumerate(verbs) if verb <= clause.start]
    return before[-1] if before else 0


def concurring(
    sentence: Span,
    people: list[Person],
    rows: list[dict[str, Any]],
    patterns: ProposalPatterns,
) -> list[dict[str, Any]]:
    """Return the rows of members joining an earlier yrkande ("instämmer")."""
    verb = next(
        (t.idx for t in sentence if t.text.lower() in patterns.concur_verbs), None
    )
    if verb is None or not rows:
        return []
    text = text_of(sentence.doc)
    joiners: list[tuple[str | None, str]] = [
        (p.name, p.party) for p in people if p.end <= verb
    ]
    if not joiners:
        before = text[sentence.start_char : verb]
        joiners = [(None, party) for party in group_parties(before, patterns, False)]
    after = text[verb : sentence.end_char]
    if not _about_a_yrkande(after, rows, patterns):
        return []
    made = _joined(rows, after)
    return [
        {**row, "name": name, "party": party} for row in made for name, party in joiners
    ]


def _about_a_yrkande(
    after: str, rows: list[dict[str, Any]], patterns: ProposalPatterns
) -> bool:
    """Return True when what follows "instämmer" is a yrkande, a member, or little.

    "instämmer i kritiken" agrees with something else.
    """
    if patterns.concur_object.search(after) or len(re.findall(r"\w+", after)) <= 3:
        return True
    return any(r["name"] and r["name"].split()[-1] in after for r in rows)


def _joined(rows: list[dict[str, Any]], after: str) -> list[dict[str, Any]]:
    """Return the rows of the yrkande joined: the named member's last, else the last.

    A yrkande made by several members at once has rows of each; the rows of
    the maker are those up to the first row of another yrkande.
    """
    named = [
        i
        for i, r in enumerate(rows)
        if r["name"] and re.search(rf"\b{re.escape(r['name'])}s?\b", after)
    ]
    last = named[-1] if named else len(rows) - 1
    maker = (rows[last]["name"], rows[last]["party"])
    texts: set[str] = set()
    made = []
    for row in reversed(rows[: last + 1]):
        if (row["name"], row["party"]) == maker:
            texts.add(row["text"])
            made.append(row)
        elif row["text"] not in texts:
            break
    return made[::-1]


def resumed(
    sentence: Span,
    floor: int,
    verb: int,
    rows: list[dict[str, Any]],
    patterns: ProposalPatterns,
) -> tuple[list[Person], int]:
    """Return the member who made the last yrkande, when a verb refers back to them.

    "I andra hand yrkar han avslag", "Vidare yrkar Holmberg bifall …": a
    pronoun, or the member's name without party, as the subject right before
    or after the verb. Also returns where the subject ends after the verb
    (``verb`` when it stands before).
    """
    named = [r for r in rows if r["name"]]
    if not named:
        return [], verb
    last = named[-1]
    words = [last["name"], last["name"].split()[-1]]
    subject = rf"(?:{'|'.join(map(re.escape, words))}|(?i:{patterns.pronouns}))"
    text = text_of(sentence.doc)
    if re.search(rf"(?<!\w){subject}\s*$", text[floor:verb]):
        return [Person(last["name"], last["party"], verb, verb)], verb
    after = re.match(rf"\w+\s+(?:\w+\s+)?{subject}\b", text[verb : sentence.end_char])
    if after:
        return [Person(last["name"], last["party"], verb, verb)], verb + after.end()
    return [], verb
