"""Fields of audit reports: firm, title, reply deadline, one row per audit."""

from __future__ import annotations

from typing import Any

from extractors.kinds import REGISTRY
from extractors.parts.audit import firm_of, reply_due, source_report_title
from extractors.parts.audit_papers import Paper, merge_papers
from extractors.parts.signatures import dateline


def _report(**fields: Any) -> dict[str, Any]:
    """Return an audit report row with ``fields`` set and the rest empty."""
    row: dict[str, Any] = dict.fromkeys(
        ("number", "year", "title", "firm", "auditee", "date", "reply_due", "dnr")
    )
    return {"id": "report", **row, **fields}


def test_an_office_is_the_firm_only_when_no_body_is_named() -> None:
    office = "Revisionskontoret har granskat hemtjänsten."
    assert firm_of(office) == "Revisionskontoret"
    assert firm_of(office + " Stadsrevisionen, Rapportsammandrag") == "Stadsrevisionen"


def test_a_summary_names_its_full_report() -> None:
    text = (
        "Rapportsammandraget baseras på rapporten Styrning av\n"
        "skolskjutsar i kommunen som finns på kommunens webbplats."
    )
    assert source_report_title(text) == "Styrning av skolskjutsar i kommunen"
    assert source_report_title("Revisorerna har granskat skolskjutsar.") is None


def test_reply_deadlines_of_cover_letters() -> None:
    assert reply_due("Vi önskar svar senast 2024-03-31.") == "2024-03-31"
    assert reply_due("Vi emotser svar senast den 2 maj 2024.") == "2024-05-02"
    assert reply_due("Svar ska lämnas senast den 1 mars 2025.") == "2025-03-01"


def test_cover_letter_and_report_give_one_row() -> None:
    letter = Paper(
        "abc-00",
        "revisionsskrivelse",
        {
            "audit_reports": [
                _report(
                    title="Missiv till nämnden",
                    firm="Stadsrevisionen",
                    reply_due="2024-06-21",
                    auditee="Kulturnämnden",
                )
            ],
            "recommendation_mentions": [{"id": "m1", "report_id": "report"}],
        },
    )
    report = Paper(
        "abc-01",
        "revisionsrapport",
        {
            "audit_reports": [
                _report(title="Styrning av biblioteken", firm="Revisionskontoret")
            ]
        },
    )
    merge_papers([letter, report])
    assert letter.rows["audit_reports"] == []
    assert letter.rows["recommendation_mentions"] == [
        {"id": "m1", "report_id": "abc-01/report"}
    ]
    assert report.rows["audit_reports"] == [
        _report(
            title="Styrning av biblioteken",
            firm="Stadsrevisionen",
            reply_due="2024-06-21",
            auditee="Kulturnämnden",
        )
    ]


def test_papers_with_other_numbers_stay_apart() -> None:
    first = Paper(
        "abc-00",
        "revisionsrapport",
        {"audit_reports": [_report(number="3/2024", title="Hemtjänsten")]},
    )
    second = Paper(
        "abc-01",
        "revisionsskrivelse",
        {"audit_reports": [_report(number="4/2024", reply_due="2024-09-30")]},
    )
    merge_papers([first, second])
    assert first.rows["audit_reports"] == [
        _report(number="3/2024", title="Hemtjänsten")
    ]
    assert second.rows["audit_reports"] == [
        _report(number="4/2024", reply_due="2024-09-30")
    ]


def test_a_follow_up_is_not_folded_into_the_audit() -> None:
    audit = Paper(
        "abc-00", "revisionsrapport", {"audit_reports": [_report(title="Hemtjänsten")]}
    )
    followup = Paper(
        "abc-01",
        "uppfoljning",
        {"audit_reports": [_report(title="Uppföljning av 2022")]},
    )
    merge_papers([audit, followup])
    assert followup.rows["audit_reports"] == [_report(title="Uppföljning av 2022")]
    assert audit.rows["audit_reports"] == [_report(title="Hemtjänsten")]


def test_a_cover_letter_is_dated_by_its_dateline() -> None:
    lines = ["Missiv till kulturnämnden", "Uppsala den 3 mars 2024", "För revisorerna"]
    assert dateline(lines) == "2024-03-03"
    assert dateline(["Vi ser den 3 mars 2024 som sista dag."]) is None
    assert dateline(["Uppsala den 3 mars"]) is None
    assert REGISTRY["revisionsskrivelse"].dated_by_dateline


def test_a_summary_is_titled_by_its_full_report() -> None:
    lines = [
        "Sammanfattande bedömning",
        "Rapportsammandraget baseras på rapporten Tillsyn av",
        "enskilda avlopp som finns på www.example.se.",
    ]
    assert REGISTRY["revisionsrapport"].own_title(lines) == "Tillsyn av enskilda avlopp"
    assert REGISTRY["revisionsrapport"].own_title(["Sammanfattande bedömning"]) is None
