"""spaCy for Swedish: tokens, sentences, lemmas and the "Name (PARTY)" pattern.

No trained Swedish pipeline can be installed here, so this is ``blank("sv")``
with a sentencizer and a small lemma table, loaded once per process (a tenth
of a second). Lemmas let one pattern catch every tense: "yrkar", "yrkade" and
"yrkas" all lemmatise to "yrka". Only the lemmas the extractors match are
listed (``lexicon/lemmas.toml``); spaCy's 660,000-entry lookup table cost
about 3 s and 190 MiB in every process for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from extractors.lang.parties import normalise_party
from extractors.lexicon import load

if TYPE_CHECKING:  # spaCy is imported when first used: a run that reads no
    # file (an unchanged re-run) does not pay its ~0.4 s import
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.tokens import Doc, Span

#: Party codes as printed in parentheses after a name: "S", "MP", "Fp", "GA".
PARTY_CODE = r"^(?:[A-ZÅÄÖ]{1,4}|[A-ZÅÄÖ][a-zåäö]{1,2})$"
#: What every "Name (PARTY)" holds: the three tokens "(", a party code and
#: ")", with at most spaces between them.
_PARTY_MARK = re.compile(rf"\(\s*{PARTY_CODE[1:-1]}\s*\)")
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


#: One word of a name: "Anna", "Lindström-Olinder", "AnnaSara" (joined names).
_NAME_WORD = r"^[A-ZÅÄÖÉ][a-zåäöéü]+(?:[A-ZÅÄÖ][a-zåäöü]+)?(?:-[A-ZÅÄÖ][a-zåäöü]+)?$"


@lru_cache(maxsize=1)
def _label_words() -> frozenset[str]:
    """Return the one-word section headings and header labels, capitalised.

    A heading set in the left margin runs into the first line of its text
    ("Reservation Anna Berg (S) reserverar sig …"), a signature label into
    the name under it ("Justerare Per Holm (M)"); neither is part of the name.
    """
    texts = [h["text"] for h in load("sections")["heading"]]
    texts += [f["label"] for f in load("meeting")["field"]]
    return frozenset(t.capitalize() for t in texts if " " not in t)


@lru_cache(maxsize=1)
def _lemma_table() -> dict[str, str]:
    """Return inflected form → lemma for the lemmas in ``lemmas.toml``."""
    return {
        form: entry["lemma"]
        for entry in load("lemmas")["lemma"]
        for form in entry["forms"]
    }


def _set_lemmas(doc: Doc) -> Doc:
    """Give each token its lemma from the table (a word not in it is its own)."""
    table = _lemma_table()
    for token in doc:
        token.lemma_ = table.get(token.text, token.text)
    return doc


@lru_cache(maxsize=1)
def nlp() -> Language:
    """Return the shared Swedish pipeline (blank sv, table lemmas, sentences)."""
    import spacy
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer

    if not Language.has_factory("diarium_lemmas"):
        Language.component("diarium_lemmas", func=_set_lemmas)
    pipeline = spacy.blank("sv")
    if isinstance(pipeline.tokenizer, Tokenizer):
        # "Anna Berg (S): Bifall …": the closing parenthesis is a token of its own.
        pipeline.tokenizer.add_special_case("):", [{"ORTH": ")"}, {"ORTH": ":"}])
    pipeline.add_pipe("diarium_lemmas")
    pipeline.add_pipe("sentencizer")
    pipeline.initialize()
    return pipeline


@lru_cache(maxsize=1)
def _name_matcher() -> Matcher:
    """Return a Matcher for "Förnamn Efternamn (PARTI)"."""
    from spacy.matcher import Matcher

    matcher = Matcher(nlp().vocab)
    name_token = {"TEXT": {"REGEX": _NAME_WORD}}
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


@lru_cache(maxsize=512)
def analyse(text: str) -> Doc:
    """Return the spaCy Doc of ``text`` (lines joined first).

    The extractors of one paragraph (proposals, votes, reservations,
    declarations) each ask for the same text, so recent Docs are kept; a
    Doc is only read, never changed, by its callers.
    """
    joined = join_lines(text)
    doc = nlp()(joined)
    doc.user_data[_TEXT] = joined  # spaCy keeps the text verbatim: doc.text == joined
    return doc


#: Where :func:`analyse` keeps a Doc's text (see :func:`text_of`).
_TEXT = "diarium.text"


def text_of(doc: Doc) -> str:
    """Return ``doc.text`` without rebuilding it.

    spaCy builds ``Doc.text`` anew from every token on each access; the
    extractors slice it for every person and verb of a sentence.
    """
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return str(text)


@lru_cache(maxsize=512)
def sentences(text: str) -> tuple[Span, ...]:
    """Return the sentences of :func:`analyse`'s Doc of ``text``.

    Reservations, declarations and decisions each read the sentences of the
    same paragraph; spaCy walks every token of the Doc again on each
    ``doc.sents``, so they are listed once.
    """
    return tuple(analyse(text).sents)


def span_text(span: Span) -> str:
    """Return ``span.text`` as a slice of its Doc's text.

    spaCy joins the span's tokens anew on each ``Span.text``; the tokens
    are contiguous in the Doc's text, so the slice is the same string.
    """
    return text_of(span.doc)[span.start_char : span.end_char]


#: Where :func:`persons` keeps its finds in a Doc's ``user_data``, per span.
_PERSONS = "diarium.persons"


def persons(doc: Doc | Span) -> list[Person]:
    """Return every "Name (PARTY)" in ``doc``, in order.

    The finds are kept with the Doc (a Doc is only read): the proposals,
    votes, reservations and declarations of a paragraph each ask for the
    persons of the same sentences.
    """
    from spacy.tokens import Span

    base = doc.doc if isinstance(doc, Span) else doc
    key = f"{_PERSONS}.{doc.start}.{doc.end}" if isinstance(doc, Span) else _PERSONS
    found = base.user_data.get(key)
    if found is None:
        found = base.user_data[key] = _persons(doc)
    return list(found)


def _persons(doc: Doc | Span) -> tuple[Person, ...]:
    """Return every "Name (PARTY)" in ``doc``, in order."""
    from spacy.tokens import Doc, Span

    base = doc.doc if isinstance(doc, Span) else doc
    text = span_text(doc) if isinstance(doc, Span) else text_of(base)
    if not _PARTY_MARK.search(text):
        return ()  # most sentences: the matcher need not walk their tokens
    found = []
    for _, start, end in sorted(_name_matcher()(doc), key=lambda m: m[1]):
        span = (
            doc[start:end]
            if isinstance(doc, Doc)
            else base[doc.start + start : doc.start + end]
        )
        words = list(span[:-3])
        while words and _not_name(words[0].text):
            words = words[1:]
        if len(words) < 2:
            continue
        found.append(
            Person(
                " ".join(t.text for t in words),
                normalise_party(span[-2].text),
                words[0].idx,
                span.end_char,
            )
        )
    return tuple(found)


def _not_name(word: str) -> bool:
    """Return True for a capitalised word that opens a run but is no name."""
    return word in _NOT_NAME or word in _label_words()


def lemmas(span: Doc | Span) -> list[str]:
    """Return the lower-cased lemmas of a span."""
    return [t.lemma_.lower() for t in span]
