"""Follow-ups matched to earlier recommendations by wording, with their score.

The real pair is the bundled corpus: the 2025 follow-up assesses the three
recommendations of the 2024 report. The reworded restatements are written
for these tests (how a follow-up a year later retells a recommendation); the
scores asserted are the ones the thresholds in
:mod:`pipeline.analysis.followup_match` were measured on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import rows

from extractors.parts.audit_tables import followups, labelled_followups
from pipeline.analysis import tracking
from pipeline.analysis.followup_match import (
    CANDIDATE,
    MATCH,
    match_followups,
    match_score,
)

R1 = (
    "säkerställa att utredningar inom hemtjänst dokumenteras enligt nämndens "
    "riktlinjer och att beslutsunderlagen är fullständiga"
)
R2 = (
    "säkerställa en systematisk uppföljning av fattade biståndsbeslut "
    "minst en gång per år"
)
R3 = "ta fram en plan för kompetensförsörjning av biståndshandläggare"


def test_real_followup_assesses_last_years_recommendations(corpus_db: Path) -> None:
    found = rows(
        corpus_db,
        "select r.number, e.status, e.score, e.page from recommendation_events e "
        "join recommendations r on r.id = e.recommendation_id "
        "where e.source = 'followup' order by r.number",
    )
    assert found == [
        (1, "implemented", 100.0, 1),
        (2, "not_implemented", 100.0, 1),
        (3, "partially_implemented", 100.0, 1),
    ]
    assert rows(corpus_db, "select count(*) from recommendation_candidates") == [(0,)]


#: (restatement, the recommendation it restates, its measured score).
REWORDED = [
    (
        "Utredningar inom hemtjänsten ska dokumenteras enligt nämndens riktlinjer "
        "med fullständiga beslutsunderlag",
        R1,
        100.0,
    ),
    (
        "Säkerställ att hemtjänstutredningar dokumenteras enligt riktlinjerna och "
        "att underlagen för beslut är fullständiga",
        R1,
        93.2,
    ),
    ("Fattade biståndsbeslut ska följas upp systematiskt minst årligen", R2, 80.0),
    ("Upprätta en kompetensförsörjningsplan för biståndshandläggarna", R3, 84.8),
    ("Kompetensförsörjning biståndshandläggare", R3, 100.0),
    # paraphrases sharing few words: listed for a person, not matched
    ("Att biståndsbesluten följs upp på ett systematiskt sätt varje år", R2, 67.1),
    ("Planera för att säkra tillgången på biståndshandläggare", R3, 62.7),
]


@pytest.mark.parametrize(("text", "rec", "score"), REWORDED)
def test_reworded_restatements_score(text: str, rec: str, score: float) -> None:
    assert match_score(text, rec) == score
    others = [r for r in (R1, R2, R3) if r != rec]
    assert max(match_score(text, r) for r in others) < CANDIDATE + 6


def _recs() -> list[dict[str, Any]]:
    return [
        {"text": t, "auditee": "Äldrenämnden", "date": "2024-03-12"}
        for t in (R1, R2, R3)
    ]


def _row(text: str, status: str, date: str = "2025-03-18") -> dict[str, Any]:
    return {"id": text[:8], "text": text, "assessment": status, "date": date}


def test_clear_restatements_match_and_paraphrases_are_candidates() -> None:
    matches, candidates = match_followups(
        _recs(),
        [
            _row(REWORDED[3][0], "partially_implemented"),
            _row(REWORDED[5][0], "implemented"),
            _row(REWORDED[2][0], "implemented", date="2023-01-01"),  # before it
        ],
    )
    assert [(m.rec, m.score) for m in matches] == [(2, 84.8)]
    assert [(c.rec, c.score) for c in candidates] == [(1, 67.1)]


def test_a_recommendation_to_two_bodies_is_matched_for_both() -> None:
    recs = [
        {"text": R3, "auditee": "Äldrenämnden", "date": "2024-03-12"},
        {"text": R3, "auditee": "Socialnämnden", "date": "2024-03-12"},
    ]
    matches, candidates = match_followups(recs, [_row(REWORDED[3][0], "pågår")])
    assert [m.rec for m in matches] == [0, 1]
    assert candidates == []


def test_tracking_keeps_the_score_and_lists_candidates() -> None:
    reports = [
        {
            "id": "a/report",
            "doc_kind": "revisionsrapport",
            "number": None,
            "file_sha256": "a",
            "reply_due": None,
            "firm": None,
            "title": "Biståndshandläggning",
            "dnr": None,
        },
        {
            "id": "b/report",
            "doc_kind": "uppfoljning",
            "number": None,
            "file_sha256": "b",
            "reply_due": None,
            "firm": None,
            "title": "Uppföljning",
            "dnr": None,
        },
    ]

    def mention(mid: str, rid: str, text: str, status: str | None, date: str) -> Any:
        return {
            "id": mid,
            "report_id": rid,
            "text": text,
            "auditee": None,
            "assessment": status,
            "page": 2,
            "document_id": rid[0],
            "file_sha256": rid[0],
            "date": date,
        }

    mentions = [
        mention("a/m1", "a/report", R1, None, "2024-03-12"),
        mention("a/m2", "a/report", R3, None, "2024-03-12"),
        mention("b/m1", "b/report", REWORDED[1][0], "implemented", "2025-03-18"),
        mention("b/m2", "b/report", REWORDED[6][0], "not_implemented", "2025-03-18"),
    ]
    found = tracking.recommendations(reports, mentions, [], [], "2025-06-01")
    first, second = found
    assert (first.row["status"], first.events[-1]["score"]) == ("implemented", 93.2)
    assert second.row["status"] == "open"
    assert [(c["mention_id"], c["status"], c["score"]) for c in second.candidates] == [
        ("b/m2", "not_implemented", 62.7)
    ]


def test_thresholds_are_ordered() -> None:
    assert CANDIDATE < MATCH


def test_recommendation_table_with_responsible_and_status() -> None:
    table = [
        ["Rekommendation", "Ansvarig", "Status"],
        ["1. Ta fram en plan för kompetensförsörjning", "Socialnämnden", "Pågår"],
        ["2. Följ upp biståndsbesluten årligen", "äldrenämnden", "Genomförd"],
        ["3. Se över delegationsordningen", "Kommunstyrelsen", "Kvarstår"],
        ["4. Utbilda handläggarna", "Socialnämnden", "Ej påbörjad"],
    ]
    assert [
        (r["text"], r["auditee"], r["assessment"]) for r in followups({5: [table]})
    ] == [
        (
            "Ta fram en plan för kompetensförsörjning",
            "Socialnämnden",
            "partially_implemented",
        ),
        ("Följ upp biståndsbesluten årligen", "Äldrenämnden", "implemented"),
        ("Se över delegationsordningen", "Kommunstyrelsen", "not_implemented"),
        ("Utbilda handläggarna", "Socialnämnden", "not_implemented"),
    ]


def test_numbered_recommendation_table_with_comments() -> None:
    table = [
        ["Nr", "Rekommendation", "Kommentar"],
        ["1", "Säkerställ att avtalen följs upp", "Åtgärdat under 2024"],
        ["2", "Inför rutiner för attest", "Nämnden har beslutat om nya rutiner"],
    ]
    assert [
        (r["text"], r["assessment"], r["page"]) for r in followups({3: [table]})
    ] == [
        ("Säkerställ att avtalen följs upp", "implemented", 3),
        ("Inför rutiner för attest", None, 3),
    ]


FOLLOWUP_PROSE = """Uppföljning av tidigare granskningar
Rekommendation 1: Ta fram en plan för kompetensförsörjning av
biståndshandläggare.
Vidtagna åtgärder: Förvaltningen har påbörjat ett arbete.
Bedömning: Delvis genomförd.
Rekommendation 2: Säkerställa uppföljning av biståndsbeslut.
Status
Ej påbörjad. Inget arbete har gjorts.
Rekommendation: Se över delegationsordningen.
Bedömning: Vi bedömer att arbetet är delvis genomfört."""


def test_followup_in_labelled_prose() -> None:
    """Labelled prose: the status must open the assessment to count."""
    lines = [(4, line) for line in FOLLOWUP_PROSE.split("\n")]
    assert [(r["text"], r["assessment"]) for r in labelled_followups(lines)] == [
        (
            "Ta fram en plan för kompetensförsörjning av biståndshandläggare.",
            "partially_implemented",
        ),
        ("Säkerställa uppföljning av biståndsbeslut.", "not_implemented"),
    ]


def test_real_restatements_and_unrelated_real_pairs(shared_db: Path) -> None:
    """A nämnd's revisionsredogörelse restates a rapportsammandrag's
    recommendations (score 100); two recommendations of different audits
    that share their opening words stay under :data:`MATCH`."""

    def texts(path: str) -> list[str]:
        found = rows(
            shared_db,
            "select distinct r.text from recommendations r join files f "
            "on f.sha256 = r.file_sha256 where f.path like ? order by r.id",
            path,
        )
        return [str(t) for (t,) in found]

    redogorelse = texts("%revisionsberattelse_2024%")
    summary = texts("%rapportsammandrag_trygghet_studiero%")
    restated = [
        s for s in summary if max(match_score(s, r) for r in redogorelse) == 100
    ]
    assert len(restated) == len(summary) == 5
    special = next(r for r in redogorelse if r.startswith("att stärka sin interna"))
    homecare = next(
        r for r in texts("%hemvardsbidrag%") if "styrning och kontroll" in r
    )
    assert match_score(special, homecare) == 74.1 < MATCH


def test_followup_in_prose_is_classified_as_one() -> None:
    from pipeline.split.classify import classify

    text = (
        "Revisorerna har följt upp tidigare lämnade rekommendationer.\n"
        + FOLLOWUP_PROSE
    )
    assert classify(text, []) == "uppfoljning"
