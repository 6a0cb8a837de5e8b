"""Runs of characters as pdfplumber groups them by font, and where a
rotated character's size leaves the grouping to a decision.

pdfplumber's words by font run on while font name and size stay the same
(``STYLE``); a rotated character's size is its advance (its height on the
page), which pdfium gives to a thousandth of the size (``Char.unit``),
and pdfminer's equal sizes carry float rounding. Two neighbours' sizes
within ``EPS`` plus their units are as good as equal: whether they share
a run is a decision too close to call (:class:`Runs`, each such pair one
decision); any other change of style certainly starts a run
(:func:`segments`).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator

from pipeline.read.chars import Char
from pipeline.read.readings import Outcomes

#: pdfplumber's default x and y tolerance (points).
TOLERANCE = 3.0
#: Rotated characters' coordinates are trusted to this many points.
EPS = 0.001
#: A character's style, by which pdfplumber's words by font run on.
STYLE = operator.attrgetter("upright", "font", "size")


def near(before: Char, char: Char) -> bool:
    """Return True when two neighbours, one of them rotated, of one
    uprightness and font have sizes as good as equal (pdfminer's may be
    equal or not)."""
    return (
        (char.turned or before.turned)
        and char.upright == before.upright
        and char.font == before.font
        and abs(char.size - before.size) < EPS + char.unit + before.unit
    )


def segments(chars: list[Char], by_font: bool) -> Iterator[list[Char]]:
    """Yield the characters parted where a run certainly starts: by font, a
    change of style between neighbours not :func:`near`; without, a change
    of uprightness."""
    if not by_font:
        for _, group in itertools.groupby(chars, key=operator.attrgetter("upright")):
            yield list(group)
        return
    part: list[Char] = []
    for char in chars:
        if part and STYLE(part[-1]) != STYLE(char) and not near(part[-1], char):
            yield part
            part = []
        part.append(char)
    if part:
        yield part


class Runs:
    """A key for ``itertools.groupby`` that starts a run where the style
    changes, neighbours' sizes as good as equal being equal or not as the
    path takes them (each such pair one decision)."""

    def __init__(self, path: Outcomes) -> None:
        self.path, self.run = path, 0
        self.before: Char | None = None

    def __call__(self, char: Char) -> int:
        before, self.before = self.before, char
        if before is not None:
            same = STYLE(before) == STYLE(char)
            if near(before, char):
                same ^= bool(self.path.pick(2, "sizes as good as equal"))
            self.run += not same
        return self.run
