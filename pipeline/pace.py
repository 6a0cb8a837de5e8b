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
from dataclasses import dataclass, field

#: Seconds of reading before a time left is estimated.
SETTLING = 2.0


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


def duration(seconds: float) -> str:
    """Return "40 s", "3 min" or "2.5 h": a time left, as precise as it can be."""
    if seconds < 90:
        return f"{max(1, int(seconds + 0.5))} s"
    if seconds < 90 * 60:
        return f"{int(seconds / 60 + 0.5)} min"
    return f"{seconds / 3600:.1f} h"
