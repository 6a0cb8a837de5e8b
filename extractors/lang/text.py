"""Text helpers: OCR folding, OCR-tolerant phrase patterns, PDF text clean-up."""

from __future__ import annotations

import heapq
import re
import string
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

#: Characters OCR engines produce in place of å, ä and ö (seen in seed 004:
#: "6versyn" for översyn, "Gtgdrder" for åtgärder, "drendet" for ärendet,
#: "bestéllare" for beställare).
_LOOKALIKES = {
    "å": "åaàáâäeédgG6",
    "ä": "äaàáâåeédgiG6",
    "ö": "öoòóô0eé6",
}


class _Marks(dict[int, int | None]):
    """``str.translate`` table that drops combining marks, filled as it is used."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _Marks()


def fold(text: str) -> str:
    """Return ``text`` lower-cased with diacritics removed (å→a, ä→a, ö→o, é→e)."""
    lowered = text.lower()
    if lowered.isascii():  # nothing to decompose (most words)
        return lowered
    return unicodedata.normalize("NFKD", lowered).translate(_MARKS)


@lru_cache(maxsize=512)
def ocr_regex(phrase: str) -> re.Pattern[str]:
    """Compile ``phrase`` so that it also matches OCR-damaged å/ä/ö and line wraps.

    ``ocr_regex("förslag till beslut")`` matches "Forslag till beslut" and
    "Förslag  till\\nbeslut"; letters without diacritics must match exactly
    (case-insensitively), so the pattern stays precise.
    """
    parts = []
    for char in phrase.lower():
        if char in _LOOKALIKES:
            parts.append("[" + re.escape(_LOOKALIKES[char]) + "]")
        elif char == " ":
            parts.append(r"\s+")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE)


#: Letters a case-insensitive pattern matches beyond their ASCII cases
#: (Python's ``re.IGNORECASE``): dotted and dotless I, the long s, the
#: Kelvin sign. Mapped to their ASCII letter before lower-casing, a text
#: holds an ASCII letter exactly where such a pattern's literal letter can
#: match (every other character lower-cases to no ASCII letter; a test
#: checks every code point).
_ASCII_CASES = "\u0130\u0131\u017f\u212a"
_TO_ASCII = str.maketrans(_ASCII_CASES, "iisk")


def letters_folded(text: str) -> str:
    """Return ``text`` lower-cased, each character that a case-insensitive
    ASCII letter matches written as that letter (see :func:`required_letters`)."""
    if any(char in text for char in _ASCII_CASES):  # rare: translate is slow
        text = text.translate(_TO_ASCII)
    return text.lower()


#: ASCII letters without an OCR lookalike: :func:`ocr_regex` keeps them as
#: literals (matched case-insensitively).
_LITERAL_LETTERS = re.compile(
    "[" + "".join(c for c in string.ascii_lowercase if c not in _LOOKALIKES) + "]+"
)


@lru_cache(maxsize=512)
def required_letters(phrase: str) -> str:
    """Return the longest run of ASCII letters that every match of
    ``ocr_regex(phrase)`` holds, lower-cased ("" when there is none); so
    does every case-insensitive match of the phrase escaped as it is.

    Letters without an OCR lookalike are literals of the pattern, so a
    text whose :func:`letters_folded` form lacks the run has no match: a
    substring test that spares running the pattern (case-insensitive
    patterns run about five times slower than plain ones).
    """
    return longest_run(_LITERAL_LETTERS, phrase.lower())[0]


@lru_cache(maxsize=512)
def leading_letters(phrase: str) -> tuple[str, int]:
    """Return the longest run of literal letters in the first word of
    ``phrase`` (as :func:`required_letters`) and how many characters stand
    before it in that word; ``("", 0)`` when it has none.

    Each character of a word is one character of a match (itself or one
    of its OCR lookalikes; a space is one or more, as is the optional word
    "…" stands for), so every match of ``ocr_regex(phrase)`` starts
    exactly that many characters before the run: the pattern need only be
    tried there.
    """
    word = phrase.split("…")[0].strip().lower().split(" ")[0]
    return longest_run(_LITERAL_LETTERS, word)


def longest_run(letters: re.Pattern[str], text: str) -> tuple[str, int]:
    """Return the first of the longest runs ``letters`` finds in ``text``,
    lower-cased, and where it starts; ``("", 0)`` when there is none."""
    runs = list(letters.finditer(text))
    if not runs:
        return "", 0
    longest = max(runs, key=lambda run: len(run.group()))
    return longest.group().lower(), longest.start()


def holds_any(
    folded: str, runs: tuple[str, ...], start: int = 0, end: int | None = None
) -> bool:
    """Return True when ``folded[start:end]`` holds one of ``runs``: the
    letters of each alternative of a pattern (:func:`letters_folded` text).

    An alternative without letters ("") could match anywhere, and so could a
    pattern without alternatives (empty: it matches the empty string): False
    means that the pattern has no match there.
    """
    if not runs:
        return True
    return any(folded.find(run, start, end) >= 0 for run in runs)


#: A run of letters shorter than this is too common to try a pattern at each.
MIN_ANCHOR = 3

#: Where every match of a pattern starts: this many characters before a
#: place that holds these letters (:func:`leading_letters`).
Anchor = tuple[str, int]


def anchored_matches(
    pattern: re.Pattern[str], text: str, folded: str, anchors: Iterable[Anchor]
) -> Iterator[re.Match[str]]:
    """Yield what ``pattern.finditer(text)`` yields, trying the pattern only
    at its anchors' places in ``folded`` (:func:`letters_folded` of ``text``).

    The caller vouches that every match starts at an anchor: one of the
    ``(letters, before)`` pairs, ``before`` characters ahead of a place
    where ``folded`` holds ``letters``. Every match then holds letters, so
    none is empty, and trying the places left to right, each from the end
    of the last match, finds the matches ``finditer`` finds. With no anchor,
    or one of fewer than :data:`MIN_ANCHOR` letters, ``finditer`` runs.
    """
    anchors = tuple(anchors)
    if not anchors or any(len(letters) < MIN_ANCHOR for letters, _ in anchors):
        yield from pattern.finditer(text)
        return
    places = (  # one anchor's places come in order already
        _places(folded, anchors[0])
        if len(anchors) == 1
        else heapq.merge(*(_places(folded, anchor) for anchor in anchors))
    )
    end, last = 0, -1
    for start in places:
        if start >= end and start != last:
            last = start
            if (found := pattern.match(text, start)) is not None:
                end = found.end()
                yield found


def _places(folded: str, anchor: Anchor) -> Iterator[int]:
    """Yield, left to right, where a match of ``anchor`` can start in ``folded``."""
    letters, before = anchor
    at = folded.find(letters, before)
    while at >= 0:
        yield at - before
        at = folded.find(letters, at + 1)


def clean_text(text: str) -> str:
    """Normalise extracted PDF text: line endings, soft hyphens, odd spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # pdfium marks a hyphen it broke a word at with U+FFFE or U+00AD.
    text = re.sub("[\ufffe\u00ad]\n?", "", text)
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\t", " ")
    text = text.replace("\x0c", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n"))
