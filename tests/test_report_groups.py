"""Audit papers are grouped by key (same number; a paper without a number
joins its file) exactly as comparing every pair of papers groups them."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pipeline.analysis import tracking


def _pairwise(reports: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The rule applied to every pair of papers (what the key-based join must equal)."""
    papers = [r for r in reports if r["doc_kind"] != "uppfoljning"]
    groups = tracking._Groups([r["id"] for r in papers])
    for i, a in enumerate(papers):
        for b in papers[i + 1 :]:
            differ = a["number"] and b["number"] and a["number"] != b["number"]
            same_file = a["file_sha256"] == b["file_sha256"] and not differ
            if same_file or (a["number"] and a["number"] == b["number"]):
                groups.union(a["id"], b["id"])
    out: dict[str, list[dict[str, Any]]] = {}
    for paper in papers:
        out.setdefault(groups.find(paper["id"]), []).append(paper)
    return {tracking._canonical(m)["id"]: m for m in out.values()}


PAPER = st.fixed_dictionaries(
    {
        "number": st.sampled_from([None, "", "7/2017", "8/2017"]),
        "file_sha256": st.sampled_from(["a" * 64, "b" * 64, "c" * 64]),
        "doc_kind": st.sampled_from(["revisionsrapport", "missiv", "uppfoljning"]),
        "date": st.sampled_from([None, "2024-03-01", "2024-05-02"]),
        "firm": st.sampled_from([None, "KPMG"]),
    }
)


@given(st.lists(PAPER, max_size=9))
def test_grouping_by_key_equals_every_pair(papers: list[dict[str, Any]]) -> None:
    reports = [dict(p, id=f"r{i}") for i, p in enumerate(papers)]
    assert tracking.group_reports(reports) == _pairwise(reports)


def _paper(id_: str, number: str | None, file: str, kind: str) -> dict[str, Any]:
    return {
        "id": id_,
        "number": number,
        "file_sha256": file * 64,
        "doc_kind": kind,
        "firm": None,
    }


def test_a_cover_letter_without_number_joins_both_reports_of_its_file() -> None:
    reports = [
        _paper("r1", "7/2017", "a", "revisionsrapport"),
        _paper("r2", None, "a", "missiv"),
        _paper("r3", "8/2017", "a", "revisionsrapport"),
        _paper("r4", "8/2017", "b", "revisionsrapport"),
        _paper("r5", "9/2017", "b", "revisionsrapport"),
    ]
    groups = tracking.group_reports(reports)
    assert sorted(sorted(p["id"] for p in g) for g in groups.values()) == [
        ["r1", "r2", "r3", "r4"],
        ["r5"],
    ]


def _repeats_pairwise(tracked: list[Any], reports: list[dict[str, Any]]) -> list[Any]:
    """The repeat rule applied to every pair (what the keyed lookup must equal)."""
    from extractors.lang.text import fold
    from pipeline.analysis.wording import similarity

    by_id = {r["id"]: r for r in reports}

    def when(t: Any) -> str:
        return (by_id.get(t.row["report_id"]) or {}).get("report_date") or ""

    def place(t: Any) -> str:
        return (by_id.get(t.row["report_id"]) or {}).get("municipality") or ""

    out = []
    for item in tracked:
        earlier = [
            t
            for t in tracked
            if t.row["report_id"] != item.row["report_id"]
            and "" < when(t) < when(item)
            and (not place(t) or not place(item) or place(t) == place(item))
            and fold(t.row["auditee"] or "") == fold(item.row["auditee"] or "")
            and similarity(t.row["text"], item.row["text"]) >= tracking.SAME
        ]
        out.append(max(earlier, key=when).row["id"] if earlier else None)
    return out


TEXTS = st.sampled_from(
    [
        "att säkerställa att personalen anmäler kränkningar till rektorn",
        "att säkerställa att personalen anmäler upplevda kränkningar till rektorn",
        "att ta fram en plan för underhållet av fastigheterna",
    ]
)


@given(
    st.lists(
        st.tuples(
            st.sampled_from([None, "2024-01-01", "2024-06-01", "2025-01-01"]),
            st.sampled_from([None, "Göteborg", "Borås"]),
            st.sampled_from([None, "Grundskolenämnden", "grundskolenämnden", "KS"]),
            TEXTS,
        ),
        max_size=8,
    )
)
def test_repeats_by_key_equal_every_pair(items: list[tuple[Any, ...]]) -> None:
    reports = [
        {"id": f"r{i}", "report_date": d, "municipality": m}
        for i, (d, m, _, _) in enumerate(items)
    ]
    tracked = [
        tracking.Tracked(
            {"id": f"r{i}/1", "report_id": f"r{i}", "auditee": a, "text": t}, []
        )
        for i, (_, _, a, t) in enumerate(items)
    ]
    expected = _repeats_pairwise(tracked, reports)
    tracking.mark_repeats(tracked, reports)
    assert [t.row["repeats"] for t in tracked] == expected
