"""Reservations: members' formal dissent from a decision.

Parsed sentence by sentence with spaCy (see :mod:`extractors.lang.nlp`). A
reservation is made in one of these ways (wordings in
``lexicon/proposals.toml``):

* members named before a reservation phrase, one row each: "Anna Berg (S)
  och Per Holm (M) reserverar sig mot beslutet", or after it in inverted
  order ("Mot beslutet reserverar sig Anna Berg (S)");
* a party group, one row per party with no name: "Ledamöterna från M, D
  och KD reserverar sig", "M- och KD-ledamöterna …", "Moderaterna reserverar
  sig", "M och KD reserverar sig", or after the phrase ("Mot beslutet
  reserverar sig S och V");
* under a reservation heading ("Reservationer"), a sentence that only names
  the members or the party group.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from extractors.core.tables import Table
from extractors.lang.nlp import Person, persons, sentences, span_text, text_of
from extractors.lang.phrases import Lexicon
from extractors.parts.declarations import declaration_kind
from extractors.parts.proposal_words import (
    ProposalPatterns,
    find_group,
    group_parties,
    list_gap,
    proposal_patterns,
    verbs_at,
)
from extractors.parts.sections import heading_patterns

if TYPE_CHECKING:
    from spacy.tokens import Span

RESERVATIONS = Table(
    "reservations",
    {
        "id": str,
        "paragraph_id": str,
        "name": str,
        "party": str,
        "own_proposal": int,
        "written": int,
        "text": str,
        "page": int,
    },
)

#: How far after a reservation phrase a member may be named in inverted order.
_INVERTED = 3
#: A role word or two before a name in a list ("och tjänstgörande ersättaren").
_ROLE_WORDS = 2
#: Words of the longest name listed under a heading ("Ann Catrine Berg Ek").
_NAME_WORDS = 4


def reservations(
    text: str, page: int, lexicon: Lexicon | None = None, *, under_heading: bool = False
) -> list[dict[str, Any]]:
    """Return one row per member or party who reserved against the decision.

    ``under_heading``: ``text`` stands under a reservation heading, where a
    sentence naming only members or a party group is their reservation.
    """
    patterns = proposal_patterns(lexicon)
    rows = []
    for sentence in sentences(text):
        whole = span_text(sentence)
        said = whole.strip()
        m = patterns.reservation.search(whole)
        if m:
            subjects, parties = _reserving(sentence, m, patterns)
        else:
            subjects, parties = _listed(sentence, patterns, under_heading)
        common = {
            "own_proposal": int(bool(patterns.own.search(said))),
            "written": int(bool(patterns.written.search(said))),
            "text": said,
            "page": page,
        }
        rows += [{"name": p.name, "party": p.party, **common} for p in subjects]
        rows += [{"name": None, "party": party, **common} for party in parties]
    return rows


def _reserving(
    sentence: Span, phrase: re.Match[str], patterns: ProposalPatterns
) -> tuple[list[Person], list[str]]:
    """Return the members, else the parties, who make a reservation phrase."""
    people = persons(sentence)
    start = sentence.start_char + phrase.start()
    subjects = [p for p in people if p.end <= start]
    if not subjects:
        end = sentence.start_char + phrase.end()
        after = [p for p in people if 0 <= p.start - end <= _INVERTED]
        subjects = _chained(sentence, people, after[0]) if after else []
    if subjects:
        return subjects, []
    said = span_text(sentence)
    return [], group_parties(said, patterns) or group_parties(
        said[phrase.end() :], patterns
    )


def _chained(sentence: Span, people: list[Person], first: Person) -> list[Person]:
    """Return ``first`` and the members listed right after it ("A (S) och B (M)")."""
    chain = [first]
    for person in people[people.index(first) + 1 :]:
        gap = text_of(sentence.doc)[chain[-1].end : person.start]
        if not list_gap(gap, _ROLE_WORDS):
            break
        chain.append(person)
    return chain


def _listed(
    sentence: Span, patterns: ProposalPatterns, under_heading: bool
) -> tuple[list[Person], list[str]]:
    """Return the members or parties a sentence only lists under a heading.

    The sentence may open with the heading itself ("Reservationer: Anna Berg
    (S)"); up to ``listed_tail`` words may follow the names, but no yrkande
    and no declaration.
    """
    said = span_text(sentence)
    heading = heading_patterns().prefixes["reservation"].match(said.lstrip())
    if not (under_heading or heading):
        return [], []
    if verbs_at(sentence, patterns) or declaration_kind(said):
        return [], []
    offset = len(said) - len(said.lstrip()) + (heading.end() if heading else 0)
    rest = said[offset:]
    people = [p for p in persons(sentence) if p.start >= sentence.start_char + offset]
    if people:
        head = text_of(sentence.doc)[sentence.start_char + offset : people[0].start]
        chain = _chained(sentence, people, people[0])
        tail = text_of(sentence.doc)[chain[-1].end : sentence.end_char]
        whole = len(chain) == len(people) and all(_one_name(p) for p in chain)
        if _bare(head) and whole and _short(tail, patterns):
            return chain, []
        return [], []
    group = find_group(rest.lstrip(" :"), patterns)
    if group and group[1] == 0 and _short(rest.lstrip(" :")[group[2] :], patterns):
        return [], group[0]
    return [], []


def _one_name(person: Person) -> bool:
    """Return True for a name of one member, not a run of capitalised words."""
    return len(person.name.split()) <= _NAME_WORDS


def _bare(head: str) -> bool:
    """Return True when nothing but a colon stands before the first name."""
    return not head.strip(" :")


def _short(tail: str, patterns: ProposalPatterns) -> bool:
    """Return True when few enough words follow the names of a listed reservation."""
    return len(re.findall(r"\w+", tail)) <= patterns.listed_tail
