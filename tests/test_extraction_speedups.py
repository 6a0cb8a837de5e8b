"""Faster forms of extraction patterns accept exactly what the slower ones did."""

from __future__ import annotations

import re
import time

from hypothesis import given
from hypothesis import strategies as st

from extractors.lexicon import load
from pipeline.split import classify


def _nested_strong_tail() -> re.Pattern[str]:
    """Return the strong-tail pattern as first written: repeats nested in a repeat."""
    strong = "|".join(map(re.escape, load("labels")["strong_tail"]["words"]))
    return re.compile(
        rf"^[\s,:;.|/–—\-]*(?:(?:{strong}|\d[\d\-/.: ]*)[\s,:;.|/–—\-]*)*$",
        re.IGNORECASE,
    )


#: What a label's tail is made of: dates, numbers, form words and near misses.
TAIL_PIECES = st.sampled_from(
    ["Datum", "DNR", "dnr", "nr", "Nr.", "till", "Förslag", "utkast", "sammanträdes",
     "sammanträdesdatum", "datumet", "2017-12-20", "17/063", "09:00", "1", " ", "  ",
     ",", ":", ";", ".", "|", "/", "–", "—", "-", "\t", "§", "Sida", "x", "a", "(S)"]
)  # fmt: skip


@given(st.lists(TAIL_PIECES, max_size=10).map("".join))
def test_the_strong_tail_accepts_what_the_nested_pattern_did(tail: str) -> None:
    assert bool(classify._tails()[0].match(tail)) == bool(
        _nested_strong_tail().match(tail)
    )


def test_strong_tails_of_printed_labels() -> None:
    """The lexicon's example and lines as printed keep their answers."""
    strong = classify._tails()[0]
    assert strong.match(" Datum 2017-12-20 Dnr 17/063")  # labels.toml example
    assert strong.match(" 2024-03-12 Dnr KS 2024/118") is None  # "KS" is no tail word
    assert strong.match(" Sammanträdesdatum 2023-10-12")
    assert classify.label_of("Protokoll 2025-03-12") == ("protokoll", True)
    assert classify.label_of("Protokoll 12 2023-10-01 09:00-12:00 Sal A") == (
        "protokoll",
        False,
    )


def test_a_failing_tail_of_many_numbers_is_judged_at_once() -> None:
    """A tail of dates and times that fails at its end was tried in
    exponentially many ways by the nested pattern (0.8 s for this one)."""
    started = time.process_time()
    assert classify._tails()[0].match(" 12 2023-10-01 09:00-12:00 " * 3 + "x") is None
    assert time.process_time() - started < 0.01
