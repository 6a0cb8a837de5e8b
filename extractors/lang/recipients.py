"""Recipients: a list of bodies ("X och Y", "X, Y samt Z") split into names.

A recommendation may name several bodies in one phrase ("utbildningsnämnden
och grundskolenämnden rekommenderas att …"), while a single body's name may
itself contain "och" ("kultur- och fritidsnämnden", "kretslopp och
vattennämnden"). The phrase is split at its separators wherever every part is
itself a body's name; the rules are ``bodies.toml`` [recipients] and
[generic_recipients]. Names are returned as printed, whitespace normalised.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from typing import Any

from extractors.lang.bodies import body_names
from extractors.lang.phrases import compiled

#: At most this many separators are tried as split points.
_MAX_SPLITS = 10
_TOKEN = re.compile(r",|[^\s,]+")
#: What ends a list of bodies read from running text: any other punctuation.
_STOP = re.compile(r"[^\w\s,&-]")
_WORD = re.compile(r"^[A-Za-zÅÄÖÉÜåäöéü&][\wÅÄÖÉÜåäöéü&-]*$")


@dataclass(frozen=True)
class Rules:
    """The recipient rules of one bodies lexicon, compiled."""

    known: frozenset[str]
    """Every listed body name and form, lower case."""
    separators: frozenset[str]
    """Words (and the comma) that may separate two recipients."""
    joiners: frozenset[str]
    """Words that may join the words of one name ("kretslopp och vatten…")."""
    endings: tuple[str, ...]
    """Word endings of a committee or board ("…nämnden", "…styrelsen")."""
    company_endings: tuple[str, ...]
    """Word endings of a company ("…bolag"); one in capitals is a whole word."""
    company_words: frozenset[str]
    """Small words allowed inside a company's name ("i", "och")."""
    openers: tuple[tuple[str, ...], ...]
    """Openings of a name followed by what it is for ("nämnden för")."""
    descriptors: frozenset[str]
    """Words dropped before a company's name ("bolaget")."""
    max_words: int
    """The most words in one name."""
    singular: frozenset[str]
    """Generic singular recipients ("nämnden")."""
    plural: frozenset[str]
    """Generic plural recipients ("nämnderna")."""
    qualifiers: frozenset[str]
    """Words that may precede a generic recipient ("de granskade")."""


def _compile(lexicon: Mapping[str, Any]) -> Rules:
    """Return the recipient rules of a bodies lexicon."""
    r, g = lexicon["recipients"], lexicon["generic_recipients"]
    lower = frozenset
    return Rules(
        known=lower(body_names(lexicon)),
        separators=lower(s.lower() for s in r["separators"]),
        joiners=lower(r["joiners"]),
        endings=tuple(e.lower() for e in r["endings"]),
        company_endings=tuple(r["company_endings"]),
        company_words=lower(r["company_words"]),
        openers=tuple(tuple(o.lower().split()) for o in r["openers"]),
        descriptors=lower(r["descriptors"]),
        max_words=int(r["max_words"]),
        singular=lower(g["singular"]),
        plural=lower(g["plural"]),
        qualifiers=lower(g["qualifiers"]),
    )


def rules(lexicon: Mapping[str, Any] | None = None) -> Rules:
    """Return the shipped rules, or those of ``lexicon`` when given."""
    return compiled("bodies", _compile, dict(lexicon) if lexicon else None)


def split_recipients(
    phrase: str, lexicon: Mapping[str, Any] | None = None
) -> list[str]:
    """Return the bodies a phrase names, one each, or [] when it names none."""
    r = rules(lexicon)
    tokens = _TOKEN.findall(phrase)
    return [_printed(part, r) for part in _best_split(tokens, r)]


def generic_number(name: str, lexicon: Mapping[str, Any] | None = None) -> str | None:
    """Return "singular" or "plural" for a generic recipient ("Nämnderna")."""
    r = rules(lexicon)
    words = name.lower().split()
    while len(words) > 1 and words[0] in r.qualifiers:
        words = words[1:]
    if len(words) != 1:
        return None
    if words[0] in r.singular:
        return "singular"
    return "plural" if words[0] in r.plural else None


def leading_recipients(
    text: str, lexicon: Mapping[str, Any] | None = None
) -> tuple[str, list[str]] | None:
    """Return (phrase, bodies) of the longest list of bodies opening ``text``.

    A genitive ("utbildningsnämndens och grundskolenämndens arbete") is read
    as the bodies themselves; the phrase is returned without it.
    """
    r = rules(lexicon)
    tokens = _TOKEN.findall(_STOP.split(text[:300], maxsplit=1)[0])
    for end in range(min(len(tokens), 4 * r.max_words), 0, -1):
        head = [_nominative(t, r) for t in tokens[:end]]
        if head[-1] in r.separators:
            continue
        parts = _best_split(head, r)
        if parts:
            return " ".join(head).replace(" ,", ","), [_printed(p, r) for p in parts]
    return None


def trailing_recipients(
    text: str, lexicon: Mapping[str, Any] | None = None
) -> tuple[int, list[str]]:
    """Return (offset, bodies) of the longest list of bodies closing ``text``."""
    r = rules(lexicon)
    tail = _STOP.split(text)[-1]
    spans = [
        (m.start() + len(text) - len(tail), m.group()) for m in _TOKEN.finditer(tail)
    ]
    spans = spans[-4 * r.max_words :]
    tokens = [t for _, t in spans]
    for start in range(len(tokens)):
        if tokens[start] in r.separators:
            continue
        parts = _best_split(tokens[start:], r)
        if parts:
            return spans[start][0], [_printed(p, r) for p in parts]
    return 0, []


def _best_split(tokens: list[str], r: Rules) -> list[list[str]]:
    """Return the best split of ``tokens`` into body names, or []."""
    points = [
        i
        for i, t in enumerate(tokens)
        if 0 < i < len(tokens) - 1
        and t.lower() in r.separators
        and not tokens[i - 1].endswith("-")
    ][:_MAX_SPLITS]
    best: tuple[tuple[int, int, list[int]], list[list[str]]] | None = None
    for n in range(len(points), -1, -1):
        for chosen in combinations(points, n):
            parts = _parts(tokens, chosen)
            if not all(_is_name(p, r) for p in parts):
                continue
            known = sum(" ".join(p).lower() in r.known for p in parts)
            key = (len(parts), known, [-i for i in chosen])
            if best is None or key > best[0]:
                best = (key, parts)
        if best is not None:
            return best[1]
    return []


def _parts(tokens: list[str], chosen: tuple[int, ...]) -> list[list[str]]:
    """Return the parts between the chosen separators (a comma may precede)."""
    parts, start = [], 0
    for i in (*chosen, len(tokens)):
        part = tokens[start:i]
        if part and part[-1] == ",":
            part = part[:-1]
        parts.append(part)
        start = i + 1
    return parts


def _is_name(words: list[str], r: Rules) -> bool:
    """Return True when ``words`` are one body's name."""
    if not words or len(words) > r.max_words or not all(map(_WORD.match, words)):
        return False
    lower = [w.lower() for w in words]
    text = " ".join(lower)
    if text in r.known or _generic(lower, r):
        return True
    return _opener(words, r) or _company(words, r) or _committee(words, r)


def _generic(lower: list[str], r: Rules) -> bool:
    """Return True for "nämnderna", "de granskade nämnderna" (rules ``r``)."""
    while len(lower) > 1 and lower[0] in r.qualifiers:
        lower = lower[1:]
    return len(lower) == 1 and lower[0] in r.singular | r.plural


def _opener(words: list[str], r: Rules) -> bool:
    """Return True for "nämnden för funktionsstöd", "… för inköp och upphandling"."""
    lower = [w.lower() for w in words]
    for opener in r.openers:
        rest = lower[len(opener) :]
        if tuple(lower[: len(opener)]) != opener or not rest:
            continue
        if _company(words[len(opener) :], r):  # "styrelsen i Higab AB"
            return True
        if any(w in _stop_words() for w in rest[::2]):
            return False
        return len(rest) == 1 or (len(rest) == 3 and rest[1] in r.joiners)
    return False


def _company(words: list[str], r: Rules) -> bool:
    """Return True for "Gårdstensbostäder AB", "Bostadsaktiebolaget Poseidon"."""
    lower = [w.lower() for w in words]
    at = [i for i, w in enumerate(words) if _company_word(w, r)]
    if not at:
        return False
    if len(words) == 1:
        return True
    if not all(w[0].isupper() for w in words[at[-1] + 1 :]):
        return False
    if not words[0][0].isupper() and lower[0] not in r.descriptors:
        return False
    return all(w in r.company_words or w not in _stop_words() for w in lower)


def _company_word(word: str, r: Rules) -> bool:
    """Return True for a word naming a company ("…bolaget"; "AB" as written)."""
    return any(
        word == e if e.isupper() else word.lower().endswith(e)
        for e in r.company_endings
    )


def _committee(words: list[str], r: Rules) -> bool:
    """Return True for "stadsmiljönämnden", "äldre samt vård- och omsorgsnämnden"."""
    lower = [w.lower() for w in words]
    at = [i for i, w in enumerate(lower) if w.endswith(r.endings)]
    if not at:
        return False
    k = at[-1]
    tail, head = words[k + 1 :], lower[:k]
    if len(tail) > 2 or not all(w[0].isupper() for w in tail):
        return False
    if k > 0 and words[k][0].isupper():
        return False  # "sätt Nämnden": a new sentence, not one name
    if any(w[0].isupper() for w in words[1:k]):
        return False
    return all(
        w in r.joiners or (w not in _stop_words() and not w.endswith(r.endings))
        for w in head
    )


def _nominative(token: str, r: Rules) -> str:
    """Return a body word without its genitive s ("nämndens" → "nämnden")."""
    low = token.lower()
    if low.endswith("s") and low[:-1].endswith(r.endings):
        return token[:-1]
    return token


def _printed(words: list[str], r: Rules) -> str:
    """Return a name as printed, without a descriptor before a company's name."""
    if len(words) > 1 and words[0].lower() in r.descriptors and words[1][0].isupper():
        words = words[1:]
    return " ".join(words)


@cache
def _stop_words() -> frozenset[str]:
    """Return spaCy's Swedish stop words (spaCy imported on first use)."""
    from spacy.lang.sv.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)
