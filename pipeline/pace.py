"""How far a run's reading has come, and how long the rest will take.

The estimate goes by files, as if each file left took the mean time of those
read so far: a run knows how many files it is about to read, not their
pages. Their sizes were no better a guide: a scanned page is a hundred times
the bytes of a text page, and takes a hundred times as long to read with
OCR but no longer than a text page without it (``--no-ocr``, no tesseract).
Nothing is estimated in the first :data:`SETTLING` seconds (start-up, the
first files) or once every file is read.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")

#: Seconds of reading before a time left is estimated.
SETTLING = 2.0
#: Share of the loading the ingest process spent writing from which it is
#: what the files wait on: more workers would not load them faster.
WRITER_BOUND = 0.9
#: Seconds of loading before that share is told (start-up, the first files).
LOAD_SETTLING = 5.0


@dataclass
class Pace:
    """The number of a run's files to read, of those read, and since when."""

    total: int = 0
    """Files the run reads."""
    done: int = 0
    """Files read so far (loaded or failed)."""
    started: float = field(default_factory=time.perf_counter)
    """When reading began (``time.perf_counter``)."""

    def start(self, total: int, now: float | None = None) -> None:
        """Begin reading ``total`` files (at ``now``)."""
        self.total, self.done = total, 0
        self.started = time.perf_counter() if now is None else now

    def seconds_left(self, now: float | None = None) -> float | None:
        """Return the seconds the files not yet read will take at the pace so
        far; None before :data:`SETTLING` seconds or when all are read."""
        elapsed = (time.perf_counter() if now is None else now) - self.started
        if elapsed < SETTLING or not 0 < self.done < self.total:
            return None
        return elapsed * (self.total - self.done) / self.done

    def rate(self, pages: int, now: float | None = None) -> float | None:
        """Return ``pages`` read per second so far (None before any reading)."""
        elapsed = (time.perf_counter() if now is None else now) - self.started
        return pages / elapsed if elapsed > 0 and pages else None


@dataclass
class Load:
    """How the ingest process spent the loading: waiting for the next file's
    result, or writing the last one (only it writes the database).

    When it writes nearly all the time, the workers wait on it: more of them
    (more cores, a larger cluster) would not load faster.
    """

    waiting: float = 0.0
    """Seconds spent waiting for results."""
    seconds: float = 0.0
    """Seconds from the first result asked for to the last one written."""
    clock: Callable[[], float] = field(default=time.perf_counter, repr=False)

    def timed(self, results: Iterable[T]) -> Iterator[T]:
        """Yield ``results``, counting the time each one is waited for; the
        time between two is the caller's (writing the previous one)."""
        iterator = iter(results)
        started = self.clock()
        while True:
            asked = self.clock()
            try:
                result = next(iterator)
            except StopIteration:
                break
            finally:
                now = self.clock()
                self.waiting += now - asked
                self.seconds += now - started
                started = now
            yield result

    def writing(self) -> float | None:
        """Return the share of the loading spent writing; None before
        :data:`LOAD_SETTLING` seconds of loading."""
        if self.seconds < LOAD_SETTLING:
            return None
        return 1 - self.waiting / self.seconds


def duration(seconds: float) -> str:
    """Return "40 s", "3 min" or "2.5 h": a time left, as precise as it can be."""
    if seconds < 90:
        return f"{max(1, int(seconds + 0.5))} s"
    if seconds < 90 * 60:
        return f"{int(seconds / 60 + 0.5)} min"
    return f"{seconds / 3600:.1f} h"
