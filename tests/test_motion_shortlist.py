"""Motions are scored only against the rows that can match them, with the
scores :func:`match_score` gives (scoring every pair grew with the square of
a municipality's records)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pipeline.analysis.motions import Shortlist, match_score

WORDS = ["Motion", "motion", "om", "fler", "laddstolpar", "Svar", "på", "av",
         "Anna", "Berg", "(S)", "Budget", "2024", "cykelvägar", "i", "Granvik",
         "Besvarande", "Motionen", "ny", "förskola", ""]  # fmt: skip
TITLES = st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)
DNRS = st.sampled_from([None, "", "KS 2024/12", "KS 2024/13"])


def _rows(draw: Any, n: int) -> list[dict[str, Any]]:
    return [{"id": f"p{i}", "title": draw(TITLES), "dnr": draw(DNRS)} for i in range(n)]


@given(st.data())
def test_shortlist_scores_equal_match_score_on_every_pair(data: Any) -> None:
    rows = _rows(data.draw, data.draw(st.integers(0, 6)))
    motion = {
        "title": data.draw(TITLES),
        "dnr": data.draw(DNRS),
        "signatories": data.draw(
            st.lists(st.sampled_from(["Anna Berg", "Per Ek", ""]))
        ),
    }
    brute = [(s, row) for row in rows if (s := match_score(motion, row)) > 0]
    assert Shortlist(rows).scored(motion) == brute


def test_real_titles_match_as_before() -> None:
    """Titles as two municipalities print them: by quoted title, by case number."""
    rows = [
        {"id": "a", "title": "Svar på motion om fler laddstolpar", "dnr": None},
        {"id": "b", "title": "Budget 2024", "dnr": "KS 2024/12"},
        {"id": "c", "title": "Motion av Anna Berg (S) om cykelvägar", "dnr": None},
    ]
    motion = {
        "title": "Fler laddstolpar",
        "dnr": "KS 2024/12",
        "signatories": ["Anna Berg"],
    }
    assert [(s, r["id"]) for s, r in Shortlist(rows).scored(motion)] == [
        (0.9, "a"),
        (1.0, "b"),
        (0.1, "c"),
    ]
