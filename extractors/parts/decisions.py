"""What happened to a paragraph at the meeting: yrkanden, votes, reservations.

Parsed sentence by sentence with spaCy (see :mod:`extractors.lang.nlp`): a row
needs a named member ("Name (PARTY)") as the subject of the verb, so the
administration's "förslag till beslut", a motion's att-sats or the phrase
"reservation av verksamhetstomter" never become yrkanden or reservations.
The wordings come from ``lexicon/proposals.toml`` and
``lexicon/declarations.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span

from extractors.core.tables import Table
from extractors.lang.nlp import Person, analyse, persons
from extractors.lang.phrases import (
    Lexicon,
    any_of,
    compiled,
    conjunction,
    entries,
    phrase_pattern,
)

PROPOSALS = Table(
    "proposals",
    {
        "id": str,
        "paragraph_id": str,
        "name": str,
        "party": str,
        "kind": str,
        "text": str,
        "supports": str,
        "page": int,
    },
)

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

DECLARATIONS_TABLE = Table(
    "declarations",
    {
        "id": str,
        "paragraph_id": str,
        "name": str,
        "party": str,
        "kind": str,
        "text": str,
        "page": int,
    },
)

#: A party's abbreviation in a list of parties ("M", "KD").
_PARTY = r"[A-ZÅÄÖ]{1,3}"
#: How far after "yrkar" a subject may start in inverted word order.
_INVERTED = 12


@dataclass(frozen=True)
class ProposalPatterns:
    """The yrkande and reservation wordings compiled from ``proposals.toml``."""

    kinds: list[tuple[str, re.Pattern[str]]]
    """``(kind, pattern)`` per proposal-kind text, in lexicon order."""
    lemma: str
    """Lemma of the yrkande verb."""
    forms: frozenset[str]
    """Forms of the verb taken as the verb whatever spaCy says."""
    noun_endings: tuple[str, ...]
    """Endings of words with the lemma that are nouns."""
    supports: re.Pattern[str]
    """What a "bifall till …" yrkande supports (group 1)."""
    reservation: re.Pattern[str]
    """A reservation phrase."""
    own: re.Pattern[str]
    """A reservation for the member's own proposal."""
    written: re.Pattern[str]
    """A written reservation."""
    party_list: re.Pattern[str]
    """Members named by party (group 1: the parties)."""
    adopted: re.Pattern[str]
    """The chair's finding of what was adopted (group 1)."""


def proposal_patterns(lexicon: Lexicon | None = None) -> ProposalPatterns:
    """Return the patterns of ``lexicon`` (default: ``proposals.toml``)."""
    return compiled("proposals", _compile_proposals, lexicon)


def _compile_proposals(lexicon: Lexicon) -> ProposalPatterns:
    """Compile a proposals lexicon."""
    verb, supports, own = lexicon["verb"], lexicon["supports"], lexicon["own_proposal"]
    group = lexicon["party_group"]
    och = conjunction()
    kinds = [
        (
            k["kind"],
            re.compile(
                phrase_pattern(k["text"]) + (r"\b" if k.get("word_end") else ""), re.I
            ),
        )
        for k in entries(lexicon, "kind")
    ]
    reservation = any_of(r["text"] for r in entries(lexicon, "reservation"))
    return ProposalPatterns(
        kinds=kinds,
        lemma=verb["lemma"],
        forms=frozenset(verb["forms"]),
        noun_endings=tuple(verb["noun_endings"]),
        supports=re.compile(
            rf"{phrase_pattern(supports['text'])}\s(.+?)"
            rf"(?:\s+{phrase_pattern(supports['until'])}\b|$)",
            re.I,
        ),
        reservation=re.compile(rf"\b{reservation}", re.I),
        own=re.compile(
            rf"\b{any_of(own['own'])}\b.{{0,{own['gap']}}}{phrase_pattern(own['proposal'])}",
            re.I,
        ),
        written=re.compile(any_of(lexicon["written"]["texts"]), re.I),
        party_list=re.compile(
            rf"\b(?i:{any_of(group['nouns'])})\s+{any_of(group['before_parties'])}\s+"
            rf"((?:{_PARTY}(?:,\s*|\s+{och}\s+))*{_PARTY})\b"
        ),
        adopted=re.compile(
            rf"{phrase_pattern(lexicon['adopted']['text'])}\s+(.+?)(?:\.|$)", re.S
        ),
    )


def proposal_kind(text: str, lexicon: Lexicon | None = None) -> str:
    """Return the kind of a yrkande from its earliest keyword."""
    best: tuple[int, str] | None = None
    for kind, pattern in proposal_patterns(lexicon).kinds:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    return best[1] if best else "other"


def adopted(proposition: str | None, lexicon: Lexicon | None = None) -> str | None:
    """Return what the chair found adopted ("… finner att <adopted>.")."""
    m = proposal_patterns(lexicon).adopted.search(proposition or "")
    return re.sub(r"\s+", " ", m.group(1)).strip() if m else None


def _verbs_at(sentence: Span, patterns: ProposalPatterns) -> list[int]:
    """Return the character offsets of every form of the yrkande verb."""
    return [
        token.idx
        for token in sentence
        if token.text.lower() in patterns.forms
        or (
            token.lemma_ == patterns.lemma
            and not token.text.lower().endswith(patterns.noun_endings)
        )
    ]


def _subjects(people: list[Person], before: int) -> list[Person]:
    """Return the people named before offset ``before`` (the verb's subjects)."""
    return [p for p in people if p.end <= before]


def proposals(
    text: str, page: int, lexicon: Lexicon | None = None
) -> list[dict[str, Any]]:
    """Return one row per member and yrkande made in ``text``."""
    patterns = proposal_patterns(lexicon)
    trailing_and = re.compile(rf"\s+{conjunction()}$")
    rows = []
    for sentence in analyse(text).sents:
        people = persons(sentence)
        verbs = _verbs_at(sentence, patterns)
        for i in range(len(verbs)):
            subjects, said = _yrkande(sentence, people, verbs, i)
            said = trailing_and.sub("", said)
            for person in subjects:
                rows.append(
                    {
                        "name": person.name,
                        "party": person.party,
                        "kind": proposal_kind(said, lexicon),
                        "text": said,
                        "supports": _supports(said, patterns),
                        "page": page,
                    }
                )
    return rows


def _yrkande(
    sentence: Span, people: list[Person], verbs: list[int], i: int
) -> tuple[list[Person], str]:
    """Return the subjects of the ``i``-th verb of a sentence and what they said."""
    verb = verbs[i]
    floor = verbs[i - 1] if i else sentence.start_char
    subjects = [p for p in people if floor <= p.start and p.end <= verb]
    later = [p.start for p in people if p.start > verb]
    end = min([sentence.end_char, *later[:1]])
    if i + 1 < len(verbs) and later and later[0] < verbs[i + 1]:
        end = later[0]
    said = sentence.doc.text[verb:end]
    said = re.sub(r"^\w+\s+", "", said).strip().rstrip(" .,")
    if not subjects:
        # "Vidare yrkar Jörgen Fogelklou (SD) bifall …": the subject
        # follows the verb.
        subjects = [p for p in people if 0 < p.start - verb <= _INVERTED]
        if subjects:
            rest = sentence.doc.text[subjects[0].end : sentence.end_char]
            said = rest.strip().rstrip(" .,")
    return subjects, said


def _supports(text: str, patterns: ProposalPatterns) -> str | None:
    """Return what a "bifall till …" yrkande supports, if stated."""
    m = patterns.supports.search(text)
    return m.group(1).strip() if m else None


def reservations(
    text: str, page: int, lexicon: Lexicon | None = None
) -> list[dict[str, Any]]:
    """Return one row per member who reserved against the decision."""
    patterns = proposal_patterns(lexicon)
    rows = []
    for sentence in analyse(text).sents:
        m = patterns.reservation.search(sentence.text)
        if not m:
            continue
        verb = sentence.start_char + m.start()
        said = sentence.text.strip()
        common = {
            "own_proposal": int(bool(patterns.own.search(said))),
            "written": int(bool(patterns.written.search(said))),
            "text": said,
            "page": page,
        }
        subjects = _subjects(persons(sentence), verb)
        rows += [{"name": p.name, "party": p.party, **common} for p in subjects]
        if not subjects:
            rows += [
                {"name": None, "party": party, **common}
                for party in _parties(sentence.text, patterns)
            ]
    return rows


def _parties(text: str, patterns: ProposalPatterns) -> list[str]:
    """Return the parties of "ledamöterna från M, D och L"."""
    m = patterns.party_list.search(text)
    if not m:
        return []
    return re.split(rf",\s*|\s+{conjunction()}\s+", m.group(1))


@dataclass(frozen=True)
class DeclarationPatterns:
    """The declaration wordings compiled from ``declarations.toml``."""

    kinds: list[tuple[str, re.Pattern[str]]]
    """``(kind, pattern)`` per phrase; the first found decides."""
    section_default: dict[str, str]
    """Section → kind of a member's sentence under it that names no kind."""


def declaration_patterns(lexicon: Lexicon | None = None) -> DeclarationPatterns:
    """Return the patterns of ``lexicon`` (default: ``declarations.toml``)."""
    return compiled("declarations", _compile_declarations, lexicon)


def _compile_declarations(lexicon: Lexicon) -> DeclarationPatterns:
    """Compile a declarations lexicon."""
    kinds = [
        (
            d["kind"],
            re.compile(
                (r"\b" if d.get("word_start") else "") + phrase_pattern(d["text"]), re.I
            ),
        )
        for d in entries(lexicon, "declaration")
    ]
    return DeclarationPatterns(kinds, dict(lexicon.get("section_default", {})))


def section_declaration(section: str, lexicon: Lexicon | None = None) -> str | None:
    """Return the declaration kind a member's sentence under ``section`` has."""
    return declaration_patterns(lexicon).section_default.get(section)


def declaration_kind(
    sentence: str, default: str | None = None, lexicon: Lexicon | None = None
) -> str | None:
    """Return the kind of declaration ``sentence`` makes, else ``default``."""
    kinds = declaration_patterns(lexicon).kinds
    return next((k for k, p in kinds if p.search(sentence)), default)


def declarations(
    text: str, page: int, default: str | None, lexicon: Lexicon | None = None
) -> list[dict[str, Any]]:
    """Return protokollsanteckningar, jäv and not-taking-part declarations.

    ``default`` is the kind for a member's sentence matching no wording (the
    section's own kind, e.g. ``"protokollsanteckning"`` under that heading).
    """
    proposing = proposal_patterns()
    rows = []
    for sentence in analyse(text).sents:
        said = sentence.text.strip()
        if proposing.reservation.search(said) or _verbs_at(sentence, proposing):
            continue
        kind = declaration_kind(said, default, lexicon)
        if kind is None:
            continue
        people = persons(sentence)
        rows += [
            {"name": p.name, "party": p.party, "kind": kind, "text": said, "page": page}
            for p in people
        ]
        if not people:
            rows += [
                {"name": None, "party": party, "kind": kind, "text": said, "page": page}
                for party in _parties(said, proposing)
            ]
    return rows
