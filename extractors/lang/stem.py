"""Swedish stems for search: Snowball's Swedish stemmer, and the FTS5 query.

The search index keeps the text as printed (å, ä, ö distinct), a column of
Snowball stems so that "nämnderna" finds "nämnden", and, only for text whose
å/ä/ö were lost to OCR, a folded column (å, ä → a; ö → o).
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from collections.abc import Callable
from functools import lru_cache

import snowballstemmer

from extractors.lang.text import fold

_WORD = re.compile(r"\w+")
#: A word (as :data:`_WORD` finds it) with å, ä or ö.
_SWEDISH_WORD = re.compile(r"(?<!\w)\w*[åäöÅÄÖ]\w*")
#: Share of words (5+ letters) with å, ä or ö below which text counts as
#: OCR-damaged: 25–46 % in every file of the shared records and the corpus,
#: 0 % in the OCR-damaged seed 004.
DAMAGED_SHARE = 0.04
#: Long words needed before the share is judged.
DAMAGED_MIN_WORDS = 40

_STEMMER = snowballstemmer.stemmer("swedish")
#: Letters a typed word needs before it also matches as the start of longer
#: words.
LEAST_PREFIX = 3


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return the Snowball stem of one lower-cased word."""
    return str(_STEMMER.stemWord(word))


def stem_text(text: str) -> str:
    """Return the stems of every word of ``text``, space-separated."""
    return " ".join(map(stem, _WORD.findall(text.lower())))


def lost_diacritics(text: str) -> bool:
    """Return True when ``text`` reads like OCR output that lost å, ä and ö.

    That is when fewer than :data:`DAMAGED_SHARE` of its words of five
    letters or more (at least :data:`DAMAGED_MIN_WORDS` of them) have å, ä
    or ö. Such words take six characters each with a gap, so ``text`` has
    at most ``(len(text) + 1) / 6`` of them: once that many words with å,
    ä or ö make the share, the other words need not be counted (Swedish
    prose gets there within its first lines). Counting every word of every
    search row was 40% of the search rows' cost.
    """
    if len(text) < 6 * DAMAGED_MIN_WORDS - 1:
        return False  # too short for that many words of five letters and a gap
    enough = DAMAGED_SHARE * (len(text) + 1) / 6
    with_letters = 0
    for found in _SWEDISH_WORD.finditer(text):
        word = found.group()
        if len(word) >= 5 and word.isalpha():
            with_letters += 1
            if with_letters >= enough:
                return False  # the share is made, however many words there are
    words = sum(1 for w in _WORD.findall(text) if len(w) >= 5 and w.isalpha())
    return words >= DAMAGED_MIN_WORDS and with_letters / words < DAMAGED_SHARE


#: The columns of the search index a typed word is found in (the others,
#: municipality and date, are only filtered on).
WORD_COLUMNS = "{title text stemmed folded}"
#: A period typed as one year or two: "2024", "2019-2021", "2019–21", "2019/2020".
_PERIOD = re.compile(r"\s*(\d{4})\s*(?:(?:-|–|—|/|\.\.)\s*(\d{4}|\d{2})\s*)?")
#: Most years a period may span.
MOST_YEARS = 100
#: Most years a period whose second year is two digits lower than the first's
#: may span across a century ("1999-01"); more ("2024-05") is a month.
WRAPPED_YEARS = 10


class BadFilter(ValueError):
    """A search filter that cannot be understood (a period not "2024" or
    "2019-2021")."""


def search_expression(
    query: str, municipality: str = "", period: str = ""
) -> str | None:
    """Return the FTS5 expression for what a person typed, or None for nothing.

    Every word must match, as printed or as a prefix ("äldreomsorg" finds
    "äldreomsorgen"), by its stem ("nämnderna" finds "nämnden"), or folded
    in OCR-damaged text ("äldre" finds "aldre" there). A word shorter than
    :data:`LEAST_PREFIX` letters matches whole: "s"* would gather every
    word that starts with an s (3.7 s over 1.5 million rows). The stem and
    the folded form are asked only where they differ from the word (the
    word's own alternative covers those columns too): "att"* is asked once,
    not three times (the same rows, a third of the work).

    ``municipality`` (its name, any case) and ``period`` (a year, or two
    years joined by a dash) keep the rows of that municipality and of
    documents dated in those years; blank, they keep every row. They are
    part of the full-text query, so a filtered search ranks only the rows it
    keeps. A period that is neither raises :class:`BadFilter`.
    """
    terms = []
    for word, stemmed, folded, prefix in _typed(query):
        star = "*" if prefix else ""
        alternatives = [f'{WORD_COLUMNS} : "{word}"{star}']
        if stemmed != word:
            alternatives.append(f'stemmed : "{stemmed}"{star}')
        if folded != word:
            alternatives.append(f'folded : "{folded}"{star}')
        terms.append("(" + " OR ".join(alternatives) + ")")
    if not terms:
        return None
    place = " ".join(_WORD.findall(unicodedata.normalize("NFC", municipality).lower()))
    if place:
        terms.append(f'municipality : ^"{place}"')
    years = _years(period)
    if years:
        terms.append("date : (" + " OR ".join(f'^"{y}"' for y in years) + ")")
    return " AND ".join(terms)


def _years(period: str) -> list[int]:
    """Return the years of a typed period ("2024", "2019-2021"; blank: none)."""
    if not period.strip():
        return []
    found = _PERIOD.fullmatch(period)
    if found is None:
        raise BadFilter(
            f"period {period.strip()!r}: type a year or two, 2024 or 2019-2021"
        )
    first = int(found.group(1))
    end = found.group(2) or found.group(1)
    last = int(found.group(1)[: 4 - len(end)] + end)  # "2019–21": 2021
    if len(end) == 2 and last < first:  # "1999-01": 2001
        last += 100
        if last - first > WRAPPED_YEARS:  # "2024-05" is a month, not 2024-2105
            raise BadFilter(f"period {period.strip()!r}: type years, 2024 or 2019-2021")
    first, last = min(first, last), max(first, last)
    if last - first >= MOST_YEARS:
        raise BadFilter(f"period {period.strip()!r}: at most {MOST_YEARS} years")
    return list(range(first, last + 1))


@lru_cache(maxsize=64)
def _typed(query: str) -> tuple[tuple[str, str, str, bool], ...]:
    """Return each typed word lower-cased, its stem, its folded form and
    whether it also matches as the start of longer words."""
    return tuple(
        (word, stem(word), fold(word), len(word) >= LEAST_PREFIX)
        for word in _WORD.findall(unicodedata.normalize("NFC", query).lower())
    )


#: Words a search snippet shows, and how many of them come before the first hit.
SNIPPET_WORDS, SNIPPET_BEFORE = 16, 5


def search_snippet(text: str | None, typed: str | None, damaged: bool = False) -> str:
    """Return about :data:`SNIPPET_WORDS` words of ``text`` from just before
    the first word the search ``typed`` finds, each found word marked «…».

    A word is found as :func:`search_expression` finds it: whole or (typed
    words of three letters or more) by its start, by its stem, or, in
    OCR-damaged text (``damaged``), folded. Text without a found word (the
    hit was in the title) shows its first words. Made for the rows a search
    shows, not for every row it ranks: FTS5's ``snippet()`` in the ranking
    query cost 15 µs a hit, and a word found in 14,000 rows took 33 → 212 ms.
    The text is read only up to the words shown.
    """
    if not text:
        return ""
    finds = _finder(typed or "", damaged)
    before: deque[tuple[int, int]] = deque(maxlen=SNIPPET_BEFORE)
    first: list[tuple[int, int]] = []  # the text's first words, if nothing is found
    shown: list[tuple[int, int]] = []
    words = _WORD.finditer(text)
    for word in words:
        span = word.span()
        if finds(word.group().lower()):
            shown = [*before, span]
            break
        before.append(span)
        if len(first) < SNIPPET_WORDS:
            first.append(span)
    else:
        shown = first
    if not shown:
        return ""
    for word in words:  # the rest of the window after the first found word
        if len(shown) >= SNIPPET_WORDS:
            break
        shown.append(word.span())
    more = _WORD.search(text, shown[-1][1]) is not None
    out, at = [], shown[0][0]
    for a, b in shown:
        word_text = text[a:b]
        out.append(text[at:a])
        out.append(f"«{word_text}»" if finds(word_text.lower()) else word_text)
        at = b
    snippet = " ".join("".join(out).split())
    head = "…" if _WORD.search(text, 0, shown[0][0]) else ""
    return f"{head}{snippet}{'…' if more else ''}"


@lru_cache(maxsize=64)
def _finder(typed: str, damaged: bool) -> Callable[[str], bool]:
    """Return a test of one lower-cased word: does the search ``typed`` find it?"""
    wanted = [
        (word, stemmed, folded if damaged else None, prefix)
        for word, stemmed, folded, prefix in _typed(typed)
    ]
    starts = tuple(s for w, st, f, _ in wanted for s in (w, st, f) if s)

    def finds(token: str) -> bool:
        plain = fold(token) if damaged else token  # damaged text is searched folded
        if not starts or not (token.startswith(starts) or plain.startswith(starts)):
            return False  # every way of finding it needs one of these starts
        for word, stemmed, folded, prefix in wanted:
            if token == word or (prefix and token.startswith(word)):
                return True
            if token.startswith(stemmed):
                own = stem(token)
                if own == stemmed or (prefix and own.startswith(stemmed)):
                    return True
            if folded and (plain == folded or prefix and plain.startswith(folded)):
                return True
        return False

    return finds
