"""Motions are scored only against the rows that can match them, with the
scores the rule gives pair by pair (scoring every pair grew with the square
of a municipality's records); ``match_score`` is the shortlist of one row."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from extractors.lang.text import fold
from pipeline.analysis import motions
from pipeline.analysis.motions import Shortlist, match_score


def _pairwise_score(motion: dict[str, Any], paragraph: dict[str, Any]) -> float:
    """The rule scored pair by pair, as before the shortlist (the reference)."""
    if motion.get("dnr") and motion["dnr"] == paragraph.get("dnr"):
        return 1.0
    title, ptitle = motion.get("title") or "", paragraph.get("title") or ""
    if not title or not motions._MOTION_TITLE.search(ptitle):
        return 0.0
    if len(title) >= 10 and fold(title) in fold(ptitle):
        score = 0.9
    else:
        mine, theirs = motions._words(title), motions._words(ptitle)
        score = len(mine & theirs) / len(mine) if mine else 0.0
    surnames = {fold(n.split()[-1]) for n in motion.get("signatories", []) if n}
    if surnames & motions._words(ptitle):
        score = min(1.0, score + 0.1)
    return score


WORDS = ["Motion", "motion", "om", "fler", "laddstolpar", "Svar", "på", "av",
         "Anna", "Berg", "(S)", "Budget", "2024", "cykelvägar", "i", "Granvik",
         "Besvarande", "Motionen", "ny", "förskola", ""]  # fmt: skip
TITLES = st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)
DNRS = st.sampled_from([None, "", "KS 2024/12", "KS 2024/13"])


def _rows(draw: Any, n: int) -> list[dict[str, Any]]:
    return [{"id": f"p{i}", "title": draw(TITLES), "dnr": draw(DNRS)} for i in range(n)]


@given(st.data())
def test_shortlist_scores_equal_the_pairwise_rule(data: Any) -> None:
    rows = _rows(data.draw, data.draw(st.integers(0, 6)))
    motion = {
        "title": data.draw(TITLES),
        "dnr": data.draw(DNRS),
        "signatories": data.draw(
            st.lists(st.sampled_from(["Anna Berg", "Per Ek", ""]))
        ),
    }
    brute = [(s, row) for row in rows if (s := _pairwise_score(motion, row)) > 0]
    assert Shortlist(rows).scored(motion) == brute
    assert [match_score(motion, row) for row in rows] == [
        _pairwise_score(motion, row) for row in rows
    ]


@given(st.data())
def test_a_shortlist_kept_to_the_motions_case_numbers_scores_alike(data: Any) -> None:
    """Rows read once and kept only when titled or of a motion's case number
    score every one of those motions as the whole list does."""
    rows = _rows(data.draw, data.draw(st.integers(0, 6)))
    several = [
        {
            "title": data.draw(TITLES),
            "dnr": data.draw(DNRS),
            "signatories": data.draw(st.lists(st.sampled_from(["Anna Berg", ""]))),
        }
        for _ in range(data.draw(st.integers(1, 3)))
    ]
    dnrs = frozenset(m["dnr"] for m in several if m["dnr"])
    whole, kept = Shortlist(rows), Shortlist(iter(rows), dnrs)
    assert [kept.scored(m) for m in several] == [whole.scored(m) for m in several]
    assert len(kept.rows) == sum(
        1
        for r in rows
        if r["dnr"] in dnrs or motions._MOTION_TITLE.search(r["title"] or "")
    )


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


def test_a_blank_signatory_has_no_surname() -> None:
    """A signatory name of spaces only adds nothing (it used to raise
    IndexError and stop the whole analysis)."""
    rows = [{"id": "p1", "title": "Svar på motion om fler laddstolpar (Berg)"}]
    motion = {"title": "Motion om fler laddstolpar", "signatories": ["Anna Berg"]}
    blank = dict(motion, signatories=["  ", "Anna Berg"])
    only_blank = dict(motion, signatories=[" \t"])
    assert Shortlist(rows).scored(blank) == Shortlist(rows).scored(motion)
    assert Shortlist(rows).scored(only_blank) == Shortlist(rows).scored(
        dict(motion, signatories=[])
    )
    assert [s for s, _ in Shortlist(rows).scored(motion)] == [0.9 + 0.1]


def test_a_blank_name_wins_no_vote() -> None:
    """The chair's finding is not read as won by a blank name."""
    from pipeline.analysis.checks import _won

    finding = "Ordföranden finner att Anna Bergs förslag bifalls"
    assert _won("  ", finding) is False
    assert _won("Anna Berg", finding) is True
