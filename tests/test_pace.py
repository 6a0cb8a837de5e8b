"""The time left that ``diarium ingest`` prints while it reads a batch."""

from __future__ import annotations

from pathlib import Path

from conftest import CORPUS

from pipeline.console import pace_text
from pipeline.ingest import Progress, ingest
from pipeline.pace import SETTLING, Pace, duration


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
