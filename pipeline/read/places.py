"""Rotated characters at one place in a line, in pdfminer's order.

A character turned by a quarter with a tiny cosine in its matrix is
upright for pdfminer, one character to a line; characters whose tops
fall in one line are ordered by their left edges, which pdfium gives
alike. :func:`untied` orders them as pdfminer does where their drift
(``Char.drift``) can tell, and otherwise takes every order
(:mod:`pipeline.read.readings`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator

from pipeline.read.chars import Char
from pipeline.read.readings import Fragile, Outcomes
from pipeline.read.runs import EPS, TOLERANCE


def spread(char: Char) -> float:
    """Return how far a character's place may stand off pdfminer's: a
    rotated character's ``EPS`` and slack, nothing for another."""
    return EPS + char.slack if char.turned else 0.0


def bounds(
    chars: list[Char], place: Callable[[Char], float], values: list[float]
) -> tuple[dict[float, float], list[float], list[float]]:
    """Return each of the sorted distinct ``values``' spread (the largest of
    its characters'), the least each value and those after it may be, and
    the most each value and those before it may be.

    Raise :class:`Fragile` when a spread reaches half of ``TOLERANCE``
    (two characters could then change places across a line gap).
    """
    spreads = dict.fromkeys(values, 0.0)
    for char in chars:
        spreads[place(char)] = max(spreads[place(char)], spread(char))
    if max(spreads.values(), default=0.0) >= TOLERANCE / 2:
        raise Fragile("rotated characters' places too loose")
    highs = list(itertools.accumulate((v + spreads[v] for v in values), max))
    lows = list(itertools.accumulate((v - spreads[v] for v in values[::-1]), min))
    return spreads, lows[::-1], highs


def untied(
    line: list[Char], place: Callable[[Char], float], path: Outcomes
) -> list[Char]:
    """Return a line with rotated characters that may stand in another order
    for pdfminer (:func:`ties`) in pdfminer's order.

    A character turned by a quarter with a tiny cosine in its matrix drifts
    across by the cosine times its distance along the text: pdfminer's
    left edges differ by that drift where pdfium's 32-bit ones are equal.
    The drift orders characters of one text object at one place when it is
    well above the float precision; any other tie is a decision too close
    to call, among every order of its characters (``path`` takes one).
    """
    out: list[Char] = []
    for tie in ties(line, place):
        if len(tie) > 1 and any(char.turned for char in tie):
            tie = ordered(tie, place, path)
        out += tie
    return out


def ordered(
    tie: list[Char], place: Callable[[Char], float], path: Outcomes
) -> list[Char]:
    """Return characters at one place in their drift's order, or when the
    drift cannot order them, in the order of ``path`` among all orders."""
    drifts = sorted(char.drift for char in tie)
    scale = max(1.0, abs(place(tie[0])))
    if (
        all(char.turned and char.source == tie[0].source for char in tie)
        and len({place(char) for char in tie}) == 1
        and all(b - a >= 1e-9 * scale for a, b in itertools.pairwise(drifts))
    ):
        return sorted(tie, key=lambda char: char.drift)
    pick = path.pick(math.factorial(len(tie)), "rotated characters at one place")
    return list(next(itertools.islice(itertools.permutations(tie), pick, None)))


def ties(line: list[Char], place: Callable[[Char], float]) -> Iterator[list[Char]]:
    """Yield the line's groups of characters whose order pdfminer may not
    share: a group ends where every character before it (its place more its
    :func:`spread`) stands before every one after it (less theirs)."""
    values = [place(char) - spread(char) for char in line]
    lows = list(itertools.accumulate(values[::-1], min))[::-1]
    run: list[Char] = []
    high = -math.inf
    for index, char in enumerate(line):
        if run and high < lows[index]:
            yield run
            run = []
        run.append(char)
        high = max(high, place(char) + spread(char))
    if run:
        yield run
