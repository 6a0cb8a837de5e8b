"""The time left that ``diarium ingest`` prints while it reads a batch."""

from __future__ import annotations

import time
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


def test_the_load_counts_waiting_for_results_and_the_rest_as_writing() -> None:
    """Results come at times a clock gives: each wait for the next one is
    waiting, the time between them (the caller writing) is not."""
    times = iter([0.0, 1.0, 3.0, 4.0, 4.5, 10.0, 10.5])
    load = Load(clock=lambda: next(times))
    # started 0.0; asked 1.0, got 3.0; asked 4.0, got 4.5; asked 10.0, done 10.5
    assert list(load.timed(["a", "b"])) == ["a", "b"]
    assert (load.waiting, load.seconds) == (3.0, 10.5)
    assert load.writing() == 1 - 3.0 / 10.5
    assert Load(waiting=0.1, seconds=LOAD_SETTLING / 2).writing() is None


def test_the_summary_says_when_the_files_waited_on_the_writing() -> None:
    """From WRITER_BOUND of the loading spent writing, the summary says more
    workers would not help; below it, or on a short loading, nothing."""
    assert writer_line(None) is None
    assert writer_line(WRITER_BOUND - 0.01) is None
    assert writer_line(0.94) == (
        "writing the database took 94% of the loading: the files waited on it, "
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


def test_a_run_tells_whether_its_files_waited_on_the_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Results ready at once: the ingest process spends the loading writing
    them. Results that each take 0.2 s to come: it mostly waits."""
    monkeypatch.setattr(pace, "LOAD_SETTLING", 0.0)
    files = sorted(str(p) for p in CORPUS.glob("*.pdf"))[:4]
    warm_up()
    results = {path: process_path(path) for path in files}
    ready = ingest(files, str(tmp_path / "ready.db"), executor=_Given(results, 0.0))
    slow = ingest(files, str(tmp_path / "slow.db"), executor=_Given(results, 0.2))
    assert (ready.loaded, slow.loaded) == (4, 4)
    assert ready.load.writing() >= WRITER_BOUND  # nothing to wait for
    assert slow.load.writing() < 0.5  # 0.8 s waited, a few ms a file written
    assert slow.load.waiting >= 0.8
