"""Declarations entered in the minutes: protokollsanteckning, jäv, not taking part.

Parsed sentence by sentence with spaCy (see :mod:`extractors.lang.nlp`): a
row needs a named member ("Name (PARTY)") or a party group; a sentence with a
yrkande or a reservation is neither. The wordings come from
``lexicon/declarations.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from extractors.core.tables import Table
from extractors.lang.nlp import persons, sentences, span_text
from extractors.lang.phrases import Lexicon, compiled, entries, phrase_pattern
from extractors.parts.proposal_words import group_parties, proposal_patterns, verbs_at

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
    for sentence in sentences(text):
        said = span_text(sentence).strip()
        if proposing.reservation.search(said) or verbs_at(sentence, proposing):
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
                for party in group_parties(said, proposing)
            ]
    return rows
