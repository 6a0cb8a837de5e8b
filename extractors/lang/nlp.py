"""spaCy for Swedish: tokens, sentences, lemmas and the "Name (PARTY)" pattern.

No trained Swedish pipeline can be installed here, so this is ``blank("sv")``
with the lookup lemmatizer (spacy-lookups-data) and a sentencizer, loaded
once per process (about 3 s). Lemmas let one pattern catch every tense:
"yrkar", "yrkade" and "yrkat" all lemmatise to "yrka".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from extractors.lang.parties import normalise_party

#: Party codes as printed in parentheses after a name: "S", "MP", "Fp", "GA".
PARTY_CODE = r"^(?:[A-ZÅÄÖ]{1,4}|[A-ZÅÄÖ][a-zåäö]{1,2})$"
#: Words that can open a capitalised run but are not part of a name.
_NOT_NAME = frozenset(
    {
        "Ordföranden",
        "Ordförande",
        "Ledamoten",
        "Ersättaren",
        "Tjänstgörande",
        "Kommunstyrelsens",
        "Kommunfullmäktiges",
        "Nämndens",
        "Vice",
        "Förste",
        "Andre",
        "Med",
        "Och",
        "Att",
        "Även",
        "Dessutom",
        "Vidare",
        "Till",
    }
)


@lru_cache(maxsize=1)
def nlp() -> Language:
    """Return the shared Swedish pipeline (blank sv, lookup lemmas, sentences)."""
    pipeline = spacy.blank("sv")
    pipeline.add_pipe("lemmatizer", config={"mode": "lookup"})
    pipeline.add_pipe("sentencizer")
    pipeline.initialize()
    return pipeline


@lru_cache(maxsize=1)
def _name_matcher() -> Matcher:
    """Return a Matcher for "Förnamn Efternamn (PARTI)"."""
    matcher = Matcher(nlp().vocab)
    name_token = {"TEXT": {"REGEX": r"^[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöü]+)?$"}}
    matcher.add(
        "PERSON_PARTY",
        [
            [
                name_token,
                {**name_token, "OP": "+"},
                {"ORTH": "("},
                {"TEXT": {"REGEX": PARTY_CODE}},
                {"ORTH": ")"},
            ]
        ],
        greedy="LONGEST",
    )
    return matcher


@dataclass(frozen=True)
class Person:
    """A member named with a party, as in "Boel Godner (S)"."""

    name: str
    """The name, joined onto one line."""
    party: str
    """Normalised party code."""
    start: int
    """Character offset of the name in the analysed text."""
    end: int
    """Character offset just after the closing parenthesis."""


def join_lines(text: str) -> str:
    """Join wrapped lines: "Per-\\nAnders" keeps its hyphen, "redo-\\nvisning" not."""
    text = re.sub(r"(\w)-\n(?=[a-zåäö])", r"\1", text)
    text = re.sub(r"-\n(?=[A-ZÅÄÖ])", "-", text)
    return re.sub(r"\s*\n\s*", " ", text).strip()


def analyse(text: str) -> Doc:
    """Return the spaCy Doc of ``text`` (lines joined first)."""
    return nlp()(join_lines(text))


def persons(doc: Doc | Span) -> list[Person]:
    """Return every "Name (PARTY)" in ``doc``, in order."""
    base = doc.doc if isinstance(doc, Span) else doc
    found = []
    for _, start, end in sorted(_name_matcher()(doc), key=lambda m: m[1]):
        span = (
            doc[start:end]
            if isinstance(doc, Doc)
            else base[doc.start + start : doc.start + end]
        )
        words = [t.text for t in span[:-3]]
        while words and words[0] in _NOT_NAME:
            words = words[1:]
        if len(words) < 2:
            continue
        found.append(
            Person(
                " ".join(words),
                normalise_party(span[-2].text),
                span.start_char,
                span.end_char,
            )
        )
    return found


def lemmas(span: Doc | Span) -> list[str]:
    """Return the lower-cased lemmas of a span."""
    return [t.lemma_.lower() for t in span]
