"""The time left that ``diarium ingest`` prints while it reads a batch."""

from __future__ import annotations

import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CORPUS

from pipeline import pace
from pipeline.console import pace_text, writer_line
from pipeline.ingest import Progress, ingest
from pipeline.pace import LOAD_SETTLING, SETTLING, WRITER_BOUND, Load, Pace, duration
from pipeline.process import process_path, warm_up


def test_time_left_is_the_files_left_at_the_mean_time_so_far() -> None:
    """Six files left after four in eight seconds: twelve seconds; nothing is
    said while the pace settles, before any file or after the last."""
    pace = Pace()
    pace.start(10, now=100.0)
    assert pace.seconds_left(now=108.0) is None  # no file read yet
    pace.done = 4
    assert pace.seconds_left(now=100.0 + SETTLING / 2) is None
    assert pace.seconds_left(now=108.0) == 12.0
    assert pace.rate(400, now=108.0) == 50.0
    assert pace.rate(0, now=108.0) is None
    pace.done = 10
    assert pace.seconds_left(now=120.0) is None
    pace.start(0, now=200.0)  # nothing to read
    assert pace.seconds_left(now=300.0) is None


def test_durations_are_as_precise_as_they_can_be() -> None:
    """Seconds up to a minute and a half, minutes up to an hour and a half,
    then hours with a tenth."""
    seconds = [0.2, 44.6, 89.0, 150.0, 5399.0, 5400.0, 9000.0]
    assert [duration(s) for s in seconds] == [
        "1 s",
        "45 s",
        "89 s",
        "3 min",
        "90 min",
        "1.5 h",
        "2.5 h",
    ]


def test_the_progress_line_says_pace_and_time_left_when_known() -> None:
    """The line's tail: rate and time left while files are left, else nothing."""
    known = Progress(3, 10, 120, "a.pdf", "loaded", 150.0, 42.4)
    assert pace_text(known) == ", 42 pages/s, about 3 min left"
    assert pace_text(Progress(10, 10, 400, "b.pdf", "loaded", None, 40.0)) == ""
    assert pace_text(Progress(1, 10, 0, "c.pdf", "unchanged")) == ""


def test_a_run_reports_no_time_left_after_its_last_file(tmp_path: Path) -> None:
    """Every file of a real run is reported; the last with nothing left, and
    files taken unchanged (before any reading) with no estimate."""
    seen: list[Progress] = []
    ingest([CORPUS], str(tmp_path / "a.db"), on_progress=seen.append)
    again: list[Progress] = []
    ingest([CORPUS], str(tmp_path / "a.db"), on_progress=again.append)
    files = len(list(CORPUS.glob("*.pdf")))
    assert [p.done for p in seen] == list(range(1, files + 1))
    assert (seen[-1].seconds_left, seen[-1].total) == (None, files)
    assert all(p.seconds_left is None or p.seconds_left > 0 for p in seen)
    assert [(p.status, p.seconds_left, p.pages_per_second) for p in again] == [
        ("unchanged", None, None)
    ] * files


def test_the_load_is_the_cpu_time_over_the_time_the_results_took() -> None:
    """The wall clock from the first result asked for, the CPU clock from
    the first one received, to the last one written: 8 s, 7.5 s of them
    busy; loadings add up (one with no result adds nothing); a short one
    tells nothing."""
    walls = iter([0.0, 4.0, 10.0, 20.0, 24.0])
    cpus = iter([1.0, 5.5, 7.0, 10.0])
    load = Load(wall=lambda: next(walls), cpu=lambda: next(cpus))
    assert list(load.timed(["a", "b"])) == ["a", "b"]  # walls 0, 4; cpus 1, 5.5
    assert list(load.timed([])) == []  # wall 10 only
    assert list(load.timed(["c"])) == ["c"]  # walls 20, 24; cpus 7, 10
    assert (load.seconds, load.busy) == (8.0, 7.5)
    assert load.busy_share() == 0.9375
    assert Load(seconds=LOAD_SETTLING / 2, busy=0.1).busy_share() is None
    assert Load(seconds=LOAD_SETTLING, busy=LOAD_SETTLING * 1.5).busy_share() == 1.0


def test_the_load_holds_no_result_while_the_next_is_received() -> None:
    """A result the caller let go of is gone before the next one is made:
    the ingest process holds one long file's result at a time."""

    class Result:
        pass

    seen: list[weakref.ref[Result]] = []

    def results() -> Iterator[Result]:
        for _ in range(3):
            assert [ref() for ref in seen] == [None] * len(seen)
            result = Result()
            seen.append(weakref.ref(result))
            yield result
            del result

    taken = 0
    for result in Load().timed(results()):
        taken += 1
        del result  # as ingest does
    assert taken == 3


def test_the_summary_says_when_the_files_waited_on_the_ingest_process() -> None:
    """From WRITER_BOUND of the loading busy, the summary says more workers
    would not help; below it, or on a short loading, nothing."""
    assert writer_line(None) is None
    assert writer_line(WRITER_BOUND - 0.01) is None
    assert writer_line(0.94) == (
        "the ingest process was busy 94% of the loading: the files waited on it, "
        "so more workers would not load them faster (README: Running on a "
        "cluster)"
    )


class _Given:
    """An executor handing over results read before, after ``pause`` seconds each."""

    def __init__(self, results: dict[str, object], pause: float) -> None:
        self.results, self.pause = results, pause

    def run(self, todo: list, hints: list, contacts: bool = False, reading=None):  # type: ignore[no-untyped-def]
        for source in todo:
            if self.pause:
                time.sleep(self.pause)
            yield self.results[source.path]


def test_a_run_tells_how_busy_it_was_while_it_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Results that each take 0.2 s to come: the ingest process mostly
    waits (a few ms of work a file). Results ready at once: it is busy
    writing them, as far as other processes leave it its core."""
    monkeypatch.setattr(pace, "LOAD_SETTLING", 0.0)
    files = []
    for copy in range(4):  # the corpus four times over, each copy other bytes
        for pdf in sorted(CORPUS.glob("*.pdf")):
            path = tmp_path / f"{copy}_{pdf.name}"
            path.write_bytes(pdf.read_bytes() + f"\n% copy {copy}\n".encode())
            files.append(str(path))
    warm_up()
    results = {path: process_path(path) for path in files}
    slow = ingest(files[:4], str(tmp_path / "slow.db"), executor=_Given(results, 0.2))
    ready = ingest(files, str(tmp_path / "ready.db"), executor=_Given(results, 0.0))
    assert (slow.loaded, ready.loaded) == (4, 36)
    assert slow.load.seconds >= 0.8  # four waits, the first one's too
    assert slow.load.busy_share() < 0.05  # about 0.01
    # Alone on its core it is busy all the time (1.00 here); with three or
    # four other busy processes on two cores, a quarter to a half of it.
    assert ready.load.busy_share() > 0.1
