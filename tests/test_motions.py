"""Motions from real records: signatories, att-satser, fate, the one-year clock."""

from __future__ import annotations

from pathlib import Path

from conftest import doc_of, rows

from pipeline.analysis.motions import (
    clause_outcomes,
    decision_outcome,
    match_score,
    motion_fates,
)

SEED_000 = "000_68e0a5f7ae573d9f"
GBG_MOTION = "goteborg_kf_handling_2025_nr154"


def test_party_group_motion(shared_db: Path) -> None:
    """Seed 000: five Centerpartiet signatories and two att-satser."""
    doc = doc_of(shared_db, SEED_000, "motion")
    assert rows(
        shared_db,
        "select title, date, addressee, party from motions where document_id = ?",
        doc,
    ) == [
        (
            "Inrätta en enhet för kvalitetsuppföljning",
            "2014-01-27",
            "Södertälje kommunfullmäktige",
            "C",
        )
    ]
    assert rows(
        shared_db,
        "select name, party from motion_signatories where "
        "document_id = ? order by rowid",
        doc,
    ) == [
        ("Tage Gripenstam", "C"),
        ("Björn Jonsson", "C"),
        ("Per-Anders Fritshammar", "C"),
        ("Johanna Lundgren Gestlöf", "C"),
        ("Leif Åhlin", "C"),
    ]
    assert rows(
        shared_db,
        "select number, text from motion_clauses where document_id = ? order by number",
        doc,
    ) == [
        (
            1,
            "att kommunfullmäktige ger kommunstyrelsen i uppdrag att inrätta en "
            "enhet för kvalitetsuppföljning för sociala verksamheter inom, "
            "socialnämndens, äldreomsorgsnämndens, omsorgsnämndens och "
            "kommundelarnas ansvarsområden.",
        ),
        (
            2,
            "att enheten startas med uppdraget att utveckla kvalitetsuppföljning "
            "av Hemtjänsten",
        ),
    ]


def test_board_proposal_is_not_the_council_decision(shared_db: Path) -> None:
    """§ 94 is kommunstyrelsen's proposal: the motion stays pending, proposed besvarad.

    It was raised in 2014 with no council decision in the records, so the
    one-year clock (kommunallagen 5:35) flags it.
    """
    doc = doc_of(shared_db, SEED_000, "motion")
    paragraph = doc_of(shared_db, SEED_000, "protokoll") + "/p94"
    assert rows(
        shared_db,
        "select outcome, decided_by, proposed_outcome, "
        "proposed_by from motions where document_id = ?",
        doc,
    ) == [("pending", None, "besvarad", paragraph)]
    overdue = rows(
        shared_db,
        "select title, proposed_outcome from motions_overdue where document_id = ?",
        doc,
    )
    assert overdue == [("Inrätta en enhet för kvalitetsuppföljning", "besvarad")]


def test_motion_with_a_proposal_paragraph_and_two_signatories(shared_db: Path) -> None:
    """Göteborg: the motion annexed to the board's answer, signed by two members."""
    doc = doc_of(shared_db, GBG_MOTION, "motion")
    assert rows(
        shared_db,
        "select name, party from motion_signatories where "
        "document_id = ? order by rowid",
        doc,
    ) == [("Patrik Höstmad", "D"), ("Jonas Stenberg", "D")]
    clauses = rows(
        shared_db, "select text from motion_clauses where document_id = ?", doc
    )
    assert len(clauses) == 1
    assert str(clauses[0][0]).startswith(
        "Kommunstyrelsen och inköps- och upphandlingsnämnden får i uppdrag att"
    )


def test_answers_and_officer_reports_are_linked(shared_db: Path) -> None:
    """Seed 000's motion: the board's § 94, the chair's answer and the officer's."""
    doc = doc_of(shared_db, SEED_000, "motion")
    assert rows(
        shared_db,
        "select md.role, d.kind, d.page_start from "
        "motion_documents md join motions m on m.id = md.motion_id join "
        "documents d on d.id = md.document_id where m.document_id = ? "
        "order by d.position",
        doc,
    ) == [
        ("decision", "protokoll", 1),
        ("answer", "yttrande", 1),
        ("officer_report", "tjansteskrivelse", 4),
    ]


def test_outcome_wording() -> None:
    """Decision texts map to outcomes; a postponement decides nothing."""
    assert [
        decision_outcome(t)
        for t in [
            "Motionen anses besvarad.",
            "Motionen bifalls.",
            "Den väckta motionen avslås.",
            "Motionen bifalls delvis.",
            "Motionen delvis bifalls i den del som avser…",
            "Ärendet återremitteras till kommunstyrelsen.",
            "Ärendet bordläggs.",
            "Informationen noteras.",
        ]
    ] == [
        "besvarad",
        "bifallen",
        "avslagen",
        "bifallen",
        "delvis bifallen",
        "återremitterad",
        None,
        None,
    ]


def test_outcome_per_att_sats() -> None:
    """A decision that treats att-satser one by one gives each its outcome."""
    text = (
        "Första att-satsen bifalls. Andra att-satsen avslås. "
        "3:e att-satsen anses besvarad."
    )
    assert clause_outcomes(text) == {1: "bifallen", 2: "avslagen", 3: "besvarad"}
    assert clause_outcomes("Motionen bifalls.") == {}
    motion = {
        "id": "m",
        "title": "Motion om bättre skolgårdar",
        "dnr": "KS 2023/5",
        "signatories": [],
    }
    paragraph = {
        "id": "p",
        "title": "Svar på motion om bättre skolgårdar",
        "dnr": "KS 2023/5",
        "decision": text,
        "decision_kind": "beslut",
        "date": "2024-05-02",
    }
    fates, _ = motion_fates([motion], [paragraph])
    assert (fates[0].outcome, fates[0].clauses) == (
        "delvis bifallen",
        {1: "bifallen", 2: "avslagen", 3: "besvarad"},
    )


def test_ambiguous_matches_are_not_guessed() -> None:
    """Two paragraphs that fit a motion alike leave it unlinked and listed."""
    motion = {
        "id": "m",
        "title": "Fler laddstolpar i centrum",
        "dnr": None,
        "signatories": ["Eva Ek"],
    }
    paragraphs = [
        {
            "id": "p1",
            "title": "Svar på motion om fler laddstolpar i centrum",
            "dnr": "KS 2023/12",
            "decision": "Motionen bifalls.",
            "decision_kind": "beslut",
            "date": "2024-02-01",
        },
        {
            "id": "p2",
            "title": "Svar på motion om fler laddstolpar i centrum",
            "dnr": "KS 2023/99",
            "decision": "Motionen avslås.",
            "decision_kind": "beslut",
            "date": "2024-03-01",
        },
    ]
    fates, ambiguous = motion_fates([motion], paragraphs)
    assert (fates[0].outcome, fates[0].decided_by) == ("pending", None)
    assert [a["paragraph_id"] for a in ambiguous] == ["p1", "p2"]
    assert match_score(motion, {"title": "Budget 2024", "dnr": None}) == 0.0
