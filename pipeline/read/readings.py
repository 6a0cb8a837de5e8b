"""Every reading a computation could give when some decisions are too close to call.

Words built from rotated characters take a few decisions (a line gap, a
word gap, an order of characters at one place) on coordinates known only
to float precision or width rounding: the engine cannot tell which way
pdfminer took them. Such a decision is a :meth:`Outcomes.pick` among all its
outcomes; :func:`agreed` runs the computation once for every combination
of outcomes (depth first, each decision seen on the way taken) and returns
the result when every reading gives the same one. The reading pdfminer
takes is one of them, so an agreed result is its result, whichever way
the close decisions went. Readings that differ, or more than
``MAX_READINGS`` of them, raise :class:`Fragile`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")

#: At most this many readings are tried before a page is left to pdfplumber.
MAX_READINGS = 16


class Fragile(Exception):
    """A word decision on rotated characters turns on float precision."""


class TooMany(Fragile):
    """More than ``MAX_READINGS`` readings would be needed."""


class Outcomes:
    """The outcomes taken by one reading: given ones first, then the first
    outcome of each further decision (recorded with how many it has)."""

    def __init__(
        self,
        given: list[int] | None = None,
        strict: bool = False,
        limit: int = MAX_READINGS,
    ) -> None:
        self.given = given or []
        self.taken: list[tuple[int, int]] = []
        self.strict, self.limit = strict, limit

    def pick(self, outcomes: int, why: str) -> int:
        """Return the outcome (0 … ``outcomes`` - 1) this reading takes of a
        decision too close to call; a strict path raises :class:`Fragile`."""
        if self.strict:
            raise Fragile(why)
        if outcomes > self.limit:
            raise TooMany(why)
        at = len(self.taken)
        outcome = self.given[at] if at < len(self.given) else 0
        self.taken.append((outcome, outcomes))
        return outcome


#: A path that takes no decision too close to call.
STRICT = Outcomes(strict=True)


def every(read: Callable[[Outcomes], T], limit: int = MAX_READINGS) -> Iterator[T]:
    """Yield ``read(path)`` for every path of outcomes, depth first.

    Raise :class:`TooMany` when more than ``limit`` readings would be needed.
    """
    todo: list[list[int]] = [[]]
    count = 0
    while todo:
        given = todo.pop()
        path = Outcomes(given, limit=limit)
        yield read(path)
        for at in range(len(given), len(path.taken)):
            before = [outcome for outcome, _ in path.taken[:at]]
            todo += [[*before, other] for other in range(1, path.taken[at][1])]
        count += 1
        if count + len(todo) > limit:
            raise TooMany(f"more than {limit} readings")


def agreed(read: Callable[[Outcomes], T], why: str) -> T:
    """Return ``read(path)`` when it is the same for every path of outcomes.

    Raise :class:`Fragile` (``why``) when two readings differ, and
    :class:`TooMany` when more than ``MAX_READINGS`` would be needed.
    """
    readings = every(read)
    first = next(readings)
    for result in readings:
        if result != first:
            raise Fragile(why)
    return first
