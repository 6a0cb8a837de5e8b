"""Classify stage: which kind of document a text is, and which lines announce one.

Every kind's labels, keywords and priority come from its
:class:`~extractors.core.spec.KindSpec` in :data:`extractors.kinds.REGISTRY`.
Two kinds of evidence, both tolerant of OCR damage (see
:func:`extractors.lang.text.ocr_regex`):

* **labels** — a line that names the document's kind ("TJÄNSTESKRIVELSE",
  "Kallelse/föredragningslista", "Motion", "§ 94 …"). Segmentation uses them
  as document boundaries;
* **keywords** — phrases typical of a kind anywhere in the text ("Förslag till
  beslut", "rekommenderar vi", "Svar emottas senast"), scored to decide the
  kind when no label settles it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

from extractors.kinds import REGISTRY
from extractors.lang.parties import party_list
from extractors.lang.text import (
    anchored_matches,
    leading_letters,
    letters_folded,
    ocr_regex,
    required_letters,
)
from extractors.lexicon import load
from extractors.parts.paragraphs import PARAGRAPH as PARAGRAPH_LINE
from extractors.parts.sections import heading_of, opens_with

#: Kind labels from the registry, longest first, so "protokollsutdrag" wins
#: over "protokoll" and "kallelse/föredragningslista" over "kallelse".
LABELS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        ((spec.name, label) for spec in REGISTRY.values() for label in spec.labels),
        key=lambda pair: -len(pair[1]),
    )
)


def label_of(line: str) -> tuple[str, bool] | None:
    """Return ``(kind, strong)`` when ``line`` starts with a kind label.

    A strong label stands alone on its line (perhaps with a date, a number
    or the parties behind it); a weak one opens a subject line ("Motion om
    fler laddstolpar").
    """
    text = line.strip()
    if not text or len(text) > 160 or not (text[0].isupper() or text[0] == "§"):
        return None
    if PARAGRAPH_LINE.match(text):
        return "protokoll", False
    if not _any_label().match(text):
        return None  # most lines: no label's regex is tried one by one
    if opens_with(text, "dispatch"):
        return None  # "Protokollsutdrag skickas till": the end of a paper
    for kind, label in LABELS:
        m = _label_regex(label).match(text)
        if m:
            tail = text[m.end() :]
            if tail and tail[0].isalpha():
                continue  # "Motionen", "Protokollet": another word
            return kind, _strong_tail(text, tail)
    return None


def _strong_tail(text: str, tail: str) -> bool:
    """Return True when a label's tail makes it strong.

    Dates, numbers and form words ("Datum", "Dnr") make it strong, and so
    do party names ("Yrkande Sverigedemokraterna"); a label alone on its
    line is strong unless it is also a paragraph's section heading
    ("Yrkande" over the yrkanden of a §).
    """
    if not tail.strip(" :.") and heading_of(text):
        return False
    if _tails()[0].match(tail):
        return True
    return bool(party_list(tail.strip(" ,:;.|/–—-")))


def is_protocol(kind: str) -> bool:
    """Return True for the kinds stored as minutes (protokoll, protokollsutdrag)."""
    spec = REGISTRY.get(kind)
    return spec is not None and spec.stored_kind == "protokoll"


def is_bare_label(line: str) -> bool:
    """Return True for a line that is only some kind's name ("TJÄNSTESKRIVELSE").

    Such a line is never a document's title; "Revisionsrapport nr 7/2017"
    (a label with a number) may be.
    """
    text = line.strip()
    if not _any_label().match(text):
        return False  # most lines: no label's regex is tried one by one
    for _, label in LABELS:
        m = _label_regex(label).match(text)
        if m and _tails()[1].fullmatch(text[m.end() :]):
            return True
    return False


@lru_cache(maxsize=1)
def _tails() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Return the patterns of a strong label's and a bare label's tail."""
    data = load("labels")
    strong = "|".join(map(re.escape, data["strong_tail"]["words"]))
    bare = "|".join(map(re.escape, data["bare_tail"]["words"]))
    # One character or one word at a time: the same strings as separators,
    # words and digit runs ("\d[\d\-/.: ]*") nested in two repeats, without
    # their backtracking (a failing tail of dates and times took a second).
    return (
        re.compile(rf"^(?:[\s,:;.|/–—\-\d]|{strong})*$", re.IGNORECASE),
        # Separators before a bare word belong to it: they are no word
        # characters, so without it \W* alone takes them (both repeats
        # taking a run of dashes or spaces was quadratic).
        re.compile(rf"(?:[\s,:/|–\-]*(?:{bare}))?\W*", re.IGNORECASE),
    )


@lru_cache(maxsize=1)
def _any_label() -> re.Pattern[str]:
    """Return one regex that matches where any kind label starts a line."""
    return re.compile(
        "|".join(f"(?:{_label_regex(label).pattern})" for _, label in LABELS),
        re.IGNORECASE,
    )


@lru_cache(maxsize=64)
def _label_regex(label: str) -> re.Pattern[str]:
    """Compile a label to match at the start of a line, OCR-tolerantly."""
    return re.compile(ocr_regex(label).pattern, re.IGNORECASE)


#: Hits of one phrase that count towards a kind's score (more add nothing).
KEYWORD_HITS = 3
#: Below this score the document is "other".
MIN_SCORE = 6


def keyword_scores(text: str) -> dict[str, int]:
    """Score ``text`` for every kind by weighted keyword hits (capped per phrase)."""
    scores = {}
    folded = letters_folded(text)  # a phrase whose letters it lacks has no hit
    for kind, spec in REGISTRY.items():
        phrases = spec.keywords
        if not phrases:
            continue
        total = 0
        for phrase, weight in phrases:
            if required_letters(phrase) in folded:
                total += weight * _hits(phrase, text, folded)
        scores[kind] = total
    return scores


def _hits(phrase: str, text: str, folded: str) -> int:
    """Return how many times ``phrase`` is in ``text``, up to :data:`KEYWORD_HITS`.

    Its matches are found as the pattern's ``finditer`` finds them (left to
    right, none overlapping), but the pattern is tried only where a match
    can start: a fixed number of characters before each place where
    ``folded`` (:func:`letters_folded` of ``text``, as long) holds the
    letters of the phrase's first word (:func:`leading_letters`).
    """
    found = anchored_matches(
        _keyword_regex(phrase), text, folded, [leading_letters(phrase)]
    )
    return sum(1 for _ in islice(found, KEYWORD_HITS))


@lru_cache(maxsize=256)
def _keyword_regex(phrase: str) -> re.Pattern[str]:
    """Compile a keyword phrase; "…" stands for one optional word."""
    parts = [ocr_regex(part.strip()).pattern for part in phrase.split("…")]
    return re.compile(r"\s+(?:\S+\s+)?".join(parts), re.IGNORECASE)


def classify(text: str, labels: list[tuple[str, bool]]) -> str:
    """Return the kind of a document from its header labels and its text.

    A strong label in the document's header settles the kind; otherwise a weak
    label, if the text does not speak clearly for another kind; otherwise the
    best keyword score, or ``"other"`` below :data:`MIN_SCORE`.
    """
    strong = [kind for kind, is_strong in labels if is_strong]
    # A "Missiv till …" heading makes a cover letter of a paper printed on a
    # report's letterhead ("Rapportsammandrag").
    strong += [k for k, is_strong in labels if k == "revisionsskrivelse"]
    if strong:
        return _most_specific(strong)
    weak = [kind for kind, _ in labels]
    if weak:
        return _one_paragraph(text, _most_specific(weak))
    scores = keyword_scores(text)
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < MIN_SCORE:
        return "other"
    return best


#: The kind of a lone paragraph of minutes, with no protocol header above it.
EXTRACT = "protokollsutdrag"


def _one_paragraph(text: str, kind: str) -> str:
    """Return the extract kind for minutes of one § that no label names.

    A bundle's "§ 94 Svar på motion …" with no "Protokoll" heading above it
    is an extract of another body's protocol, not its minutes.
    """
    if kind != "protokoll" or EXTRACT not in REGISTRY:
        return kind
    numbers = {
        m.group(1)
        for line in text.split("\n")
        if (m := PARAGRAPH_LINE.match(line.strip()))
    }
    return EXTRACT if len(numbers) == 1 else kind


def _most_specific(kinds: list[str]) -> str:
    """Return the most specific of several labelled kinds."""
    return min(kinds, key=lambda kind: REGISTRY[kind].priority)
