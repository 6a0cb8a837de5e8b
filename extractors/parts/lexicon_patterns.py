"""Compile lexicon phrases into regular expressions for the meeting-record parts.

A phrase in a lexicon file is plain text: letters match case-insensitively
(the caller's flags), a space matches any run of whitespace, a line break
included (``wrap=False``: exactly one space). ``ocr=True`` also lets å/ä/ö
match their OCR look-alikes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from extractors.lang.text import ocr_regex
from extractors.lexicon import load

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
