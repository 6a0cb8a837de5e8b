"""Sweden's municipalities and regions: the lexicon list and a letterhead detector.

A municipality is recognised only in the forms a letterhead prints: its name or
genitive followed by "kommun" or "stad" ("Kungsbacka kommun", "Göteborgs Stad",
"SÖDERTÄLJE KOMMUN", "Simrishamns kommuns"), a listed form ("Falu kommun",
"Region Gotland"), a region's name ("Region Halland"), or a council or board
"i" the place ("Kommunfullmäktige i Kungsbacka"). A bare place name never counts:
"vara" is a verb, "mark" a noun, "Göteborg den 18 november" a dateline.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from extractors.lexicon import load

__all__ = [
    "Municipality",
    "best_municipality",
    "detect_municipality",
    "find_municipality",
    "municipalities",
    "municipality_scores",
]

HEAD_LINES = 8
"""Lines at the top of a page read as its letterhead or running header."""

HEAD_WEIGHT = 3
"""What one mention in a page's head counts for; a mention in the body counts 1."""

# "kommun"/"stad" may wrap to the next line; a board's name on the next line is
# a heading ("434 81 Kungsbacka" / "Kommunstyrelsens förvaltning"), so not that.
_SUFFIX = r"(?:\s+(?i:kommun|stad)|[^\S\r\n]+(?i:kommun(?:fullmäktige|styrelsen?)))"
_BODY_IN = r"(?i:kommun(?:fullmäktige|styrelsen))\s+i\s+"
#: Soft hyphens: pdfium's mark of a hyphen it broke a word at, and U+00AD.
_SOFT = "\xad\ufffe"
_SOFT_HYPHENS = str.maketrans("", "", _SOFT)


@dataclass(frozen=True)
class Municipality:
    """A Swedish municipality or region as listed in the lexicon."""

    name: str
    """Canonical name stored in the database: "Kungsbacka", "Region Halland"."""
    county: str
    """The county (län) it lies in: "Hallands län"."""
    kind: str
    """"kommun" for a municipality, "region" for a region."""


@cache
def municipalities() -> tuple[Municipality, ...]:
    """Return every municipality, then every region, in lexicon order."""
    data = load("municipalities")
    return tuple(
        Municipality(entry["name"], entry["county"], kind)
        for key, kind in (("municipality", "kommun"), ("region", "region"))
        for entry in data[key]
    )


def _genitive(name: str) -> str:
    """Return the genitive of a place name: "Göteborgs", but "Borås", "Kalix"."""
    return name if name[-1] in "sxz" else name + "s"


def _key(text: str) -> str:
    """Return ``text`` with its spaces collapsed and its case folded, for look-up."""
    return " ".join(text.split()).casefold()


@cache
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """Return the stems read before "kommun"/"stad" and the whole forms, as printed."""
    data = load("municipalities")
    stems: dict[str, str] = {}
    forms: dict[str, str] = {}
    for entry in data["municipality"]:
        name = entry["name"]
        for stem in (name, _genitive(name)):
            stems.setdefault(stem, name)
        for form in entry.get("forms", []):
            stem, _, last = form.rpartition(" ")
            if last.casefold() in ("kommun", "stad"):
                stems.setdefault(stem, name)
            else:
                forms.setdefault(form, name)
    # Municipalities come first, so "Region Gotland" resolves to the municipality.
    for entry in data["region"]:
        for form in (entry["name"], *entry.get("forms", [])):
            forms.setdefault(form, entry["name"])
    return stems, forms


@cache
def _folded() -> tuple[dict[str, str], dict[str, str]]:
    """Return :func:`_tables` keyed by :func:`_key`, to look up what was matched."""
    stems, forms = _tables()
    return (
        {_key(stem): name for stem, name in stems.items()},
        {_key(form): name for form, name in forms.items()},
    )


def _alternatives(texts: Iterable[str]) -> str:
    """Return a regex matching any of ``texts`` or their capitals, longest first.

    The alternatives are nested as a trie ("Sala|Salem" as "Sal(?:a|em)"), so
    the engine decides on one character where a flat alternation of some
    1,200 names would try each of them at every position of a page (ten
    times slower); a longer text is still preferred to its prefix. A space
    in a text matches any run of white space.
    """
    trie: dict[str, Any] = {}
    for variant in {form for text in texts for form in (text, text.upper())}:
        node = trie
        for char in variant:
            node = node.setdefault(r"\s+" if char == " " else re.escape(char), {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict[str, Any]) -> str:
    """Return the regex of one trie node: its branches, the end (``""``) last."""
    branches = [token + _trie_regex(node[token]) for token in sorted(node) if token]
    if not branches:
        return ""
    body = "|".join(branches)
    if "" in node:
        return f"(?:{body})?"
    return body if len(branches) == 1 else f"(?:{body})"


@cache
def _pattern() -> re.Pattern[str]:
    """Return the one regex that finds every letterhead form in the lexicon."""
    stems, forms = _tables()
    names = sorted(set(stems.values()), key=lambda name: (-len(name), name))
    return re.compile(
        rf"(?<![\w-])(?:(?P<stem>{_alternatives(stems)}){_SUFFIX}"
        rf"|(?P<form>{_alternatives(forms)})"
        rf"|{_BODY_IN}(?P<place>{'|'.join(map(re.escape, names))}))"
        r"[sS]?(?![\w-])"
    )


def _mentions(text: str) -> Iterator[tuple[str, int]]:
    """Yield each municipality or region named in ``text`` with where it starts."""
    stems, forms = _folded()
    for match in _pattern().finditer(text):
        stem, form, place = match.group("stem", "form", "place")
        name = forms[_key(form)] if form else stems[_key(stem or place)]
        yield name, match.start()


def find_municipality(text: str) -> str | None:
    """Return the first municipality or region named in letterhead form in ``text``."""
    for name, _ in _mentions(_unhyphenated(text)):
        return name
    return None


def detect_municipality(pages: Iterable[str]) -> str | None:
    """Return the municipality or region a file's pages come from, or None."""
    return best_municipality(municipality_scores(pages))


def municipality_scores(pages: Iterable[str]) -> Counter[str]:
    """Return the letterhead score of every municipality named on ``pages``, in
    the order first named (the scores of a file's parts, added up in order,
    are the file's)."""
    scores: Counter[str] = Counter()
    for page in pages:
        text = _unhyphenated(page)
        for name, start in _mentions(text):
            in_head = text.count("\n", 0, start) < HEAD_LINES
            scores[name] += HEAD_WEIGHT if in_head else 1
    return scores


def _unhyphenated(text: str) -> str:
    """Return ``text`` without soft hyphens (pdfium's U+FFFE and U+00AD).

    A page's text, cleaned, has none left, so it is only translated (one
    dictionary look-up a character) when it holds one.
    """
    if any(hyphen in text for hyphen in _SOFT):
        return text.translate(_SOFT_HYPHENS)
    return text


def best_municipality(scores: Counter[str]) -> str | None:
    """Return the highest scored municipality; ties go to the one named first."""
    best = scores.most_common(1)  # most_common is stable
    return best[0][0] if best else None
