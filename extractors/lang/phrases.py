"""Phrase patterns: the lexicon's plain phrases compiled into regular expressions.

A phrase is written as printed, its words separated by single spaces; a space
matches any run of whitespace (or what the caller asks for). A few marks stand
for what varies:

- ``[i]``, ``[i kommunfullmäktige]`` optional words;
- ``ges|får`` one of several words;
- ``uppdrag(et)``, ``rekommendation(en|erna)`` an optional ending;
- ``yttrande*`` a word with any ending ("yttrandet", "yttrandena");
- ``…`` one optional word ("förslag till … beslut");
- ``{body}`` a slot the code fills in (a captured body, task or date); a
  slot glued to a word ("yttrandet{within}senast") has no space beside it.

Letters are matched as the caller's flags say (mostly ignoring case).

:func:`phrase_pattern` and :func:`any_of` compile plain phrases only (no
marks), optionally OCR-tolerant (å/ä/ö look-alikes) or with single spaces.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from functools import cache
from typing import Any, TypeVar, cast

from extractors.lang.text import longest_run, ocr_regex
from extractors.lexicon import load

_TOKEN = re.compile(r"\[[^\]]*\]|\S+")
_ENDING = re.compile(r"^([^()|]+)\(([^()]+)\)$")
_SLOT = re.compile(r"^\{(\w+)\}$")
_INNER_SLOT = re.compile(r"\{(\w+)\}")
#: The mark of one optional word (matched with the space after it).
_ANY_WORD = "…"

#: Put before a pattern that opens with a run of spaces (``\s*``/``\s+``)
#: and is searched for (``search``, ``finditer``, ``split``, ``sub``): no
#: match is tried from inside a run of spaces. A match found from there is
#: also found from the space before it, which is tried first, so the matches
#: are the same; without it a line of n spaces is scanned n times over.
RUN_START = r"(?!(?<=\s)\s)"


def phrase_regex(
    phrase: str,
    slots: Mapping[str, str] | None = None,
    *,
    loose: Collection[str] = (),
    space: str = r"\s+",
) -> str:
    """Return the regex source of ``phrase`` (marks as in the module docstring).

    ``slots`` maps a slot name to its regex source; after a slot named in
    ``loose`` the space may be missing (the slot may be empty). ``space`` is
    what a space between words matches.
    """
    slots = slots or {}
    out: list[str] = []
    previous: str | None = None
    glued = False
    for token in _TOKEN.findall(phrase):
        if token.startswith("["):
            inner = phrase_regex(token[1:-1], slots, loose=loose, space=space)
            out.append(f"(?:{space}{inner})?")
            previous = token
            continue
        if out and not glued:
            loose_slot = previous and _SLOT.match(previous)
            out.append(r"\s*" if loose_slot and loose_slot.group(1) in loose else space)
        glued = token == _ANY_WORD
        out.append(_word(token, slots))
        previous = token
    return "".join(out)


def _word(token: str, slots: Mapping[str, str]) -> str:
    """Return the regex source of one token of a phrase."""
    if token == _ANY_WORD:
        return r"(?:\w+\s+)?"
    slot = _SLOT.match(token)
    if slot:
        return slots[slot.group(1)]
    if "{" in token:  # a slot glued to words: "yttrandet{within}senast"
        parts = _INNER_SLOT.split(token)
        return "".join(
            slots[part] if i % 2 else re.escape(part) for i, part in enumerate(parts)
        )
    ending = _ENDING.match(token)
    if ending:
        word, endings = ending.groups()
        return re.escape(word) + "(?:" + _alternatives(endings.split("|")) + ")?"
    if "|" in token:
        return "(?:" + _alternatives(token.split("|")) + ")"
    if token.endswith("*") and len(token) > 1:
        return re.escape(token[:-1]) + r"\w*"
    return re.escape(token)


#: A run of ASCII letters: a case-insensitive literal that
#: :func:`extractors.lang.text.letters_folded` text holds where it matches.
_ASCII_RUN = re.compile("[A-Za-z]+")


def phrase_letters(phrase: str) -> str:
    """Return the longest run of ASCII letters that every match of
    :func:`phrase_regex` of ``phrase`` holds, lower-cased ("" when none).

    Only the words every match holds count: not optional words, not one
    of several words, not a slot. A text whose
    :func:`~extractors.lang.text.letters_folded` form lacks the run has no
    match, whatever the slots match.
    """
    parts = (part for token in _TOKEN.findall(phrase) for part in _literals(token))
    return longest_run(_ASCII_RUN, " ".join(parts))[0]


def phrase_anchor(phrase: str) -> tuple[str, int]:
    """Return the longest run of ASCII letters in the literal opening of the
    phrase's first word, lower-cased, and how many characters of the word
    stand before it; ``("", 0)`` when the phrase opens otherwise (an
    optional word, one of several words, a slot, "…").

    Each literal character is one character of a match, so every match of
    :func:`phrase_regex` of ``phrase`` starts that many characters before
    the run (:func:`extractors.lang.text.anchored_matches`).
    """
    tokens = _TOKEN.findall(phrase)
    opening = _literals(tokens[0])[0] if tokens and _literals(tokens[0]) else ""
    return longest_run(_ASCII_RUN, opening)


def _literals(token: str) -> list[str]:
    """Return the literal parts every match of a token holds, as
    :func:`_word` reads it; the first is the token's opening ("" when it
    opens with a slot). None at all for an optional part, a choice, a
    slot, "…".
    """
    if token.startswith("[") or token == _ANY_WORD or _SLOT.match(token):
        return []
    if "{" in token:
        return _INNER_SLOT.split(token)[::2]
    ending = _ENDING.match(token)
    if ending:
        return [ending.group(1)]
    if "|" in token:
        return []
    if token.endswith("*") and len(token) > 1:
        return [token[:-1]]
    return [token]


def _alternatives(words: Iterable[str]) -> str:
    """Return the escaped ``words`` joined as regex alternatives, in order."""
    return "|".join(re.escape(w) for w in words)


def any_phrase(
    phrases: Iterable[str],
    slots: Mapping[str, str] | None = None,
    *,
    loose: Collection[str] = (),
    space: str = r"\s+",
) -> str:
    """Return a non-capturing group matching any of ``phrases``, in their order."""
    parts = (phrase_regex(p, slots, loose=loose, space=space) for p in phrases)
    return "(?:" + "|".join(parts) + ")"


def words_regex(words: Iterable[str]) -> str:
    """Return a non-capturing group matching any of the literal ``words``, in order."""
    return "(?:" + _alternatives(words) + ")"


T = TypeVar("T")

Lexicon = dict[str, Any]
"""One parsed lexicon file, as returned by :func:`extractors.lexicon.load`."""


def phrase_pattern(text: str, *, ocr: bool = False, wrap: bool = True) -> str:
    """Return the regex source that matches the phrase ``text``."""
    if ocr:
        return ocr_regex(text).pattern
    space = r"\s+" if wrap else " "
    return space.join(re.escape(word) for word in text.lower().split())


def any_of(texts: Iterable[str], *, ocr: bool = False, wrap: bool = True) -> str:
    """Return a non-capturing group matching any phrase of ``texts``, longest first."""
    ordered = sorted(texts, key=len, reverse=True)
    return (
        "(?:" + "|".join(phrase_pattern(t, ocr=ocr, wrap=wrap) for t in ordered) + ")"
    )


def conjunction() -> str:
    """Return the regex source of the word that joins a list's last items ("och")."""
    return phrase_pattern(load("meeting")["list"]["and"])


def entries(lexicon: Lexicon, name: str) -> list[dict[str, Any]]:
    """Return the ``[[name]]`` entries of a lexicon file (empty when absent)."""
    found: list[dict[str, Any]] = lexicon.get(name, [])
    return found


def compiled(
    name: str, compile: Callable[[Lexicon], T], lexicon: Lexicon | None = None
) -> T:
    """Return ``compile(lexicon)``; without one, the shipped file ``name``, once."""
    if lexicon is not None:
        return compile(lexicon)
    return cast(T, _shipped(name, compile))


@cache
def _shipped(name: str, compile: Callable[[Lexicon], object]) -> object:
    """Compile the shipped lexicon file ``name`` (cached per file and compiler)."""
    return compile(load(name))
