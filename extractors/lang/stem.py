"""Swedish stems for search: Snowball's Swedish stemmer, and the FTS5 query.

The search index keeps the text as printed (å, ä, ö distinct), a column of
Snowball stems so that "nämnderna" finds "nämnden", and, only for text whose
å/ä/ö were lost to OCR, a folded column (å, ä → a; ö → o).
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from extractors.lang.text import fold

_WORD = re.compile(r"\w+")
_SWEDISH_LETTERS = re.compile(r"[åäöÅÄÖ]")
#: Share of words (5+ letters) with å, ä or ö below which text counts as
#: OCR-damaged: 25–46 % in every file of the shared records and the corpus,
#: 0 % in the OCR-damaged seed 004.
DAMAGED_SHARE = 0.04
#: Long words needed before the share is judged.
DAMAGED_MIN_WORDS = 40

_STEMMER = snowballstemmer.stemmer("swedish")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return the Snowball stem of one lower-cased word."""
    return str(_STEMMER.stemWord(word))


def stem_text(text: str) -> str:
    """Return the stems of every word of ``text``, space-separated."""
    return " ".join(map(stem, _WORD.findall(text.lower())))


def lost_diacritics(text: str) -> bool:
    """Return True when ``text`` reads like OCR output that lost å, ä and ö."""
    if len(text) < 6 * DAMAGED_MIN_WORDS - 1:
        return False  # too short for that many words of five letters and a gap
    words = [w for w in _WORD.findall(text) if len(w) >= 5 and w.isalpha()]
    if len(words) < DAMAGED_MIN_WORDS:
        return False
    with_letters = 0
    for word in words:  # Swedish text passes the share within its first words
        if _SWEDISH_LETTERS.search(word):
            with_letters += 1
            if with_letters / len(words) >= DAMAGED_SHARE:
                return False
    return True


def search_expression(query: str) -> str | None:
    """Return the FTS5 expression for what a person typed, or None for nothing.

    Every word must match, as printed or as a prefix ("äldreomsorg" finds
    "äldreomsorgen"), by its stem ("nämnderna" finds "nämnden"), or folded
    in OCR-damaged text ("äldre" finds "aldre" there).
    """
    terms = []
    for word in _WORD.findall(query.lower()):
        alternatives = [
            f'"{word}"*',
            f'stemmed:"{stem(word)}"*',
            f'folded:"{fold(word)}"*',
        ]
        terms.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(terms) if terms else None
