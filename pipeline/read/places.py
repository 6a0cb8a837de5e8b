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
from pipeline.read.readings import Path


def untied(
    line: list[Char], place: Callable[[Char], float], margin: float, path: Path
) -> list[Char]:
    """Return a line with rotated characters at one place (within ``margin``) in
    pdfminer's order.

    A character turned by a quarter with a tiny cosine in its matrix drifts
    across by the cosine times its distance along the text: pdfminer's
    left edges differ by that drift where pdfium's 32-bit ones are equal.
    The drift orders characters of one text object when it is well above
    the float precision; any other tie is a decision too close to call,
    among every order of its characters (``path`` takes one).
    """
    out: list[Char] = []
    for tie in ties(line, place, margin):
        if len(tie) > 1 and any(char.turned for char in tie):
            tie = ordered(tie, place, path)
        out += tie
    return out


def ordered(tie: list[Char], place: Callable[[Char], float], path: Path) -> list[Char]:
    """Return characters at one place in their drift's order, or when the
    drift cannot order them, in the order of ``path`` among all orders."""
    drifts = sorted(char.drift for char in tie)
    scale = max(1.0, abs(place(tie[0])))
    if all(char.turned and char.source == tie[0].source for char in tie) and all(
        b - a >= 1e-9 * scale for a, b in itertools.pairwise(drifts)
    ):
        return sorted(tie, key=lambda char: char.drift)
    pick = path.pick(math.factorial(len(tie)), "rotated characters at one place")
    return list(next(itertools.islice(itertools.permutations(tie), pick, None)))


def ties(
    line: list[Char], place: Callable[[Char], float], margin: float
) -> Iterator[list[Char]]:
    """Yield the line's runs of characters at one place (chained within ``margin``)."""
    run: list[Char] = []
    for char in line:
        if run and place(char) - place(run[-1]) >= margin:
            yield run
            run = []
        run.append(char)
    if run:
        yield run
