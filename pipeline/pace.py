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
#: Share of the loading the ingest process was busy from which the files
#: waited on it: more workers would not load them faster.
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
    """How busy the ingest process was while it loaded files: its CPU time
    over the time the loading took.

    Receiving and writing the results is its work (it alone writes the
    database; with Dask it also sends the files); waiting for the next one
    is not. When it is busy nearly all the time, the files wait on it: more
    workers (more cores, a larger cluster) would not load them faster.

    The loading's time runs from the first result asked for, so that a long
    first file, behind which the others' results pile up, counts as
    waiting; its CPU time from the first result received, so that the
    warm-up before the workers fork does not count as busy. Both err
    towards not telling.
    """

    seconds: float = 0.0
    """Seconds from the first result asked for to the last one written."""
    busy: float = 0.0
    """CPU seconds this process used (all its threads) from the first
    result received to the last one written."""
    wall: Callable[[], float] = field(default=time.perf_counter, repr=False)
    cpu: Callable[[], float] = field(default=time.process_time, repr=False)

    def timed(self, results: Iterable[T]) -> Iterator[T]:
        """Yield ``results``; once all are taken, add the time they took."""
        started, used = self.wall(), None
        for result in results:
            if used is None:
                used = self.cpu()
            yield result
            del result  # not held while the next one is received (a long file's)
        if used is not None:
            self.seconds += self.wall() - started
            self.busy += self.cpu() - used

    def busy_share(self) -> float | None:
        """Return the share of the loading this process was busy; None
        before :data:`LOAD_SETTLING` seconds of loading."""
        if self.seconds < LOAD_SETTLING:
            return None
        return min(1.0, self.busy / self.seconds)


def duration(seconds: float) -> str:
    """Return "40 s", "3 min" or "2.5 h": a time left, as precise as it can be."""
    if seconds < 90:
        return f"{max(1, int(seconds + 0.5))} s"
    if seconds < 90 * 60:
        return f"{int(seconds / 60 + 0.5)} min"
    return f"{seconds / 3600:.1f} h"
