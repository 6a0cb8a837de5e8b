"""How alike two texts are worded: shared word stems, diacritics folded.

Mentions of one recommendation (cover letter, summary, chapter) are worded
alike but not always the same; :func:`same_wording` tells them apart from
two recommendations that share a few words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.lang.text import fold

#: Mentions sharing this share of all their stems (Dice) are one recommendation.
SAME = 0.7
#: A mention whose stems lie this much within another's restates it.
RESTATES = 0.9
#: How many stems open a recommendation (its verb and object) …
OPENING = 4
#: … and how many of them two mentions of it share.
OPENING_SHARED = 3


def stems(text: str | None) -> set[str]:
    """Return six-letter stems of the words of four letters or more (no numbers)."""
    return set(stem_list(text))


def stem_list(text: str | None) -> list[str]:
    """Return the stems of :func:`stems` in the order of their words."""
    return list(_stems_in_order(text or ""))


@lru_cache(maxsize=8192)
def _stems_in_order(text: str) -> tuple[str, ...]:
    """Return the stems of ``text`` (cached: each mention is compared with many)."""
    words = _WORD.findall(fold(text))
    return tuple(w[:6] for w in words if len(w) >= 4)


_WORD = re.compile(r"[^\W\d_]+")


def similarity(a: str | None, b: str | None) -> float:
    """Return the overlap of two texts' stems relative to the shorter one."""
    sa, sb = stems(a), stems(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def same_wording(a: str | None, b: str | None) -> bool:
    """Return True when two mentions word the same recommendation.

    Both must open alike (the verb and its object: "stärka sin styrning av
    arbetet …" is not "stärka sin uppföljning av SIP-arbetet …", however
    much of the rest they share). Then one restating the other with more
    detail ("… av privata utförare" and "… av privata utförare av
    hemtjänst") is the same; otherwise most stems of both together must be
    shared, so "stärka systematiken i egenkontrollen av hemvårdsbidrag" and
    "stärka systematiken i sin styrning och kontroll av hemvårdsbidrag" stay
    two.
    """
    la, lb = stem_list(a), stem_list(b)
    if not la or not lb:
        return False
    oa, ob = set(la[:OPENING]), set(lb[:OPENING])
    if len(oa & ob) < min(OPENING_SHARED, len(oa), len(ob)):
        return False
    sa, sb = set(la), set(lb)
    shared = len(sa & sb)
    restates = shared / min(len(sa), len(sb)) >= RESTATES
    return restates or 2 * shared / (len(sa) + len(sb)) >= SAME
