"""Recommendations written as prose, from any auditor: one row per recipient.

Short sentences written for these tests (not copied from a record) show each
construction of Swedish audit writing the extractor reads, how a list of
recipients is split, and that an assessment is not a recommendation.
"""

from __future__ import annotations

from typing import Any

import pytest

from extractors.lang.recipients import (
    generic_number,
    leading_recipients,
    split_recipients,
)
from extractors.parts.audit_bodies import audited_bodies
from extractors.parts.recommendations import recommendations
from pipeline.analysis import tracking
from pipeline.analysis.wording import same_wording


def found(text: str, audited: list[str] | None = None) -> list[tuple[Any, str]]:
    """Return (recipient, text) of every mention in ``text`` (one page)."""
    lines = [(1, line) for line in text.split("\n")]
    return [(r["auditee"], r["text"]) for r in recommendations(lines, None, audited)]


# --- the constructions ------------------------------------------------------


def test_auditors_recommend_a_named_committee() -> None:
    """ "Stadsrevisionen rekommenderar socialnämnden X att …": X is in the name."""
    assert found(
        "Stadsrevisionen rekommenderar socialnämnden Väster att se över rutinerna "
        "för hembesök. Vi bedömer att arbetet har påbörjats."
    ) == [("Socialnämnden Väster", "att se över rutinerna för hembesök.")]


def test_lay_auditors_recommend_a_company() -> None:
    """ "Lekmannarevisorerna rekommenderar bolaget Y att …": the company's name."""
    assert found(
        "Lekmannarevisorerna rekommenderar bolaget Norrvatten AB att upprätta\n"
        "en riskanalys för ledningsnätet."
    ) == [("Norrvatten AB", "att upprätta en riskanalys för ledningsnätet.")]
    assert found(
        "Lekmannarevisorn rekommenderar styrelsen i Torghallen AB att anta en "
        "attestordning."
    ) == [("Styrelsen i Torghallen AB", "att anta en attestordning.")]


def test_bullets_after_a_clause_ending_in_att() -> None:
    """ "Vi rekommenderar därför kommunstyrelsen att:" and one row per point."""
    expected = [
        ("Kommunstyrelsen", "ta fram en plan för lokalförsörjningen"),
        ("Kommunstyrelsen", "följa upp hyresavtalen årligen."),
    ]
    assert (
        found(
            "Vi rekommenderar därför kommunstyrelsen att:\n"
            "• ta fram en plan för lokalförsörjningen\n"
            "• följa upp hyresavtalen årligen.\n"
            "Bakgrund"
        )
        == expected
    )
    assert (
        found(
            "Vi rekommenderar därför kommunstyrelsen att: • ta fram en plan för "
            "lokalförsörjningen • följa upp hyresavtalen årligen."
        )
        == expected
    )
    assert (
        found(
            "Vi rekommenderar därför kommunstyrelsen att:\n•\n"
            "ta fram en plan för lokalförsörjningen\n•\n"
            "följa upp hyresavtalen årligen."
        )
        == expected
    )


def test_passive_with_two_bodies_one_with_och_in_its_name() -> None:
    """ "Nämnden för … samt … nämnden rekommenderas att …": two rows."""
    assert found(
        "Nämnden för arbetsmarknad samt miljö- och klimatnämnden rekommenderas att\n"
        "samordna sina insatser för nyanlända."
    ) == [
        ("Nämnden för arbetsmarknad", "att samordna sina insatser för nyanlända."),
        ("Miljö- och klimatnämnden", "att samordna sina insatser för nyanlända."),
    ]


def test_several_recipients_one_row_each() -> None:
    """ "X, Y och Z rekommenderas att …" gives three rows with the same text."""
    assert found(
        "Grundskolenämnden, gymnasienämnden och förskolenämnden rekommenderas att "
        "följa upp frånvaron."
    ) == [
        ("Grundskolenämnden", "att följa upp frånvaron."),
        ("Gymnasienämnden", "att följa upp frånvaron."),
        ("Förskolenämnden", "att följa upp frånvaron."),
    ]


def test_bodies_with_och_in_their_name_stay_whole() -> None:
    """ "kultur- och fritidsnämnden", "teknik och fastighetsnämnden": one each."""
    assert found(
        "Kultur- och fritidsnämnden rekommenderas att inventera lokalerna.\n"
        "Vi rekommenderar inköps- och upphandlingsnämnden att följa upp avtalen.\n"
        "Revisorerna rekommenderar teknik och fastighetsnämnden att besluta om "
        "en underhållsplan."
    ) == [
        ("Kultur- och fritidsnämnden", "att inventera lokalerna."),
        ("Inköps- och upphandlingsnämnden", "att följa upp avtalen."),
        ("Teknik och fastighetsnämnden", "att besluta om en underhållsplan."),
    ]


def test_lead_in_in_the_singular_then_the_text() -> None:
    """ "Vi lämnar följande rekommendation:" and the sentence after it."""
    assert found(
        "Vi lämnar följande rekommendation:\n"
        "Kulturnämnden bör säkerställa att inventarier förtecknas.\n"
        "Ekonomi\n"
        "Nämnden redovisar ett underskott."
    ) == [
        ("Kulturnämnden", "Kulturnämnden bör säkerställa att inventarier förtecknas.")
    ]
    assert found(
        "Vi lämnar följande rekommendation:\n"
        "Revisionen rekommenderar byggnadsnämnden att korta handläggningstiderna.\n"
        "Handläggning\n"
        "Vår bedömning är att rutinerna följs."
    ) == [("Byggnadsnämnden", "att korta handläggningstiderna.")]


def test_recommends_that_the_body_does() -> None:
    """ "Vi rekommenderar att kommunstyrelsen säkerställer …": from the verb."""
    assert found(
        "Vi rekommenderar att kommunstyrelsen säkerställer att delegationen följs."
    ) == [("Kommunstyrelsen", "säkerställer att delegationen följs.")]
    assert found(
        "Utifrån granskningen rekommenderar vi att fritidsnämnden:\n- ser över taxorna"
    ) == [("Fritidsnämnden", "ser över taxorna")]
    assert found(
        "Vi rekommenderar att kommunstyrelsen:\n"
        "• Reviderar riktlinjerna.\n"
        "• Följer upp efterlevnaden."
    ) == [
        ("Kommunstyrelsen", "Reviderar riktlinjerna."),
        ("Kommunstyrelsen", "Följer upp efterlevnaden."),
    ]


def test_inverted_passive_with_the_text_after_a_colon() -> None:
    """ "I rapporten rekommenderas kommunstyrelsen att: …" on one line."""
    assert found(
        "I rapporten rekommenderas kommunstyrelsen att: se över reglementet."
    ) == [("Kommunstyrelsen", "se över reglementet.")]


def test_points_of_an_unnamed_list_name_their_own_subject() -> None:
    """ "Socialnämnden bör …" as a point: the subject is the recipient."""
    assert found(
        "Granskningen ger anledning till följande rekommendationer:\n"
        "• Socialnämnden bör ta fram en plan för hembesöken.\n"
        "• Säkerställa att besluten följs upp.",
        ["Fritidsnämnden"],
    ) == [
        ("Socialnämnden", "Socialnämnden bör ta fram en plan för hembesöken."),
        ("Fritidsnämnden", "Säkerställa att besluten följs upp."),
    ]


def test_a_recommendation_wrapped_over_lines_and_one_without_a_full_stop() -> None:
    """Lines join into the sentence; the next clause ends one without a period."""
    assert found(
        "Revisorerna rekommenderar miljönämnden att\n"
        "utveckla tillsynsplanen så att den\n"
        "omfattar samtliga verksamheter.\n"
        "Stadsrevisionen rekommenderar fritidsnämnden att se över taxorna\n"
        "Stadsrevisionen rekommenderar fritidsnämnden att följa upp bidragen."
    ) == [
        (
            "Miljönämnden",
            "att utveckla tillsynsplanen så att den omfattar samtliga verksamheter.",
        ),
        ("Fritidsnämnden", "att se över taxorna"),
        ("Fritidsnämnden", "att följa upp bidragen."),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Vi bedömer att nämnden behöver stärka sin uppföljning av avtalen.",
        "Revisorerna vill understryka vikten av att styrelsen följer upp avtalen.",
        "Vi vill betona vikten av att nämnderna vidtar åtgärder med anledning av "
        "de rekommendationer som lämnas i rapporten.",
        "Socialstyrelsen rekommenderar nämnden att använda bedömningsstödet.",
        "Revisorerna rekommenderade år 2021 nämnden att se över rutinerna.",
        "Vi rekommenderar nämnden och förvaltningen att samverka.",
    ],
)
def test_assessments_and_others_words_are_not_recommendations(text: str) -> None:
    """An assessment, a national agency's advice or a past one gives no row."""
    assert found(text) == []


# --- recipients the report does not name ------------------------------------


def test_plural_recipients_are_the_bodies_the_audit_covers() -> None:
    """ "Nämnderna rekommenderas att …" once per body covered; else as printed."""
    text = "Nämnderna rekommenderas att förtydliga ansvaret för larmen."
    covered = audited_bodies(
        "Granskningen omfattar fritidsnämnden och kulturnämnden. Syftet har varit"
    )
    assert covered == (
        "Fritidsnämnden och kulturnämnden",
        ["Fritidsnämnden", "Kulturnämnden"],
    )
    assert found(text, covered[1]) == [
        ("Fritidsnämnden", "att förtydliga ansvaret för larmen."),
        ("Kulturnämnden", "att förtydliga ansvaret för larmen."),
    ]
    assert found(text) == [("Nämnderna", "att förtydliga ansvaret för larmen.")]


def test_lead_in_without_a_recipient_and_points_opening_with_att() -> None:
    """ "… lämnar revisionskontoret följande rekommendationer:" then "att …" lines."""
    text = (
        "Utifrån granskningen lämnar revisionskontoret följande rekommendationer:\n"
        "att införa stickprovskontroller av utbetalningarna.\n"
        "att dokumentera kontrollerna.\n"
        "Ersättningar till utförare"
    )
    assert found(text, ["Socialnämnden"]) == [
        ("Socialnämnden", "att införa stickprovskontroller av utbetalningarna."),
        ("Socialnämnden", "att dokumentera kontrollerna."),
    ]
    assert found(text) == [
        (None, "att införa stickprovskontroller av utbetalningarna."),
        (None, "att dokumentera kontrollerna."),
    ]


def test_audited_bodies_in_the_genitive() -> None:
    """ "har granskat X:s och Y:s arbete" covers X and Y."""
    assert audited_bodies(
        "Revisorerna har granskat miljönämndens och byggnadsnämndens tillsyn."
    ) == ("Miljönämnden och byggnadsnämnden", ["Miljönämnden", "Byggnadsnämnden"])


# --- splitting a list of recipients -----------------------------------------


@pytest.mark.parametrize(
    ("phrase", "bodies"),
    [
        (
            "grundskolenämnden och förskolenämnden",
            ["grundskolenämnden", "förskolenämnden"],
        ),
        ("kultur- och fritidsnämnden", ["kultur- och fritidsnämnden"]),
        ("teknik och fastighetsnämnden", ["teknik och fastighetsnämnden"]),
        (
            "kommunstyrelsen, teknik och fastighetsnämnden samt byggnadsnämnden",
            ["kommunstyrelsen", "teknik och fastighetsnämnden", "byggnadsnämnden"],
        ),
        (
            "Nämnden för arbetsmarknad och vuxenutbildning och socialnämnden",
            ["Nämnden för arbetsmarknad och vuxenutbildning", "socialnämnden"],
        ),
        ("socialnämnd Väster", ["socialnämnd Väster"]),
        ("Hamnen i Ekby AB och Ekby Energi AB", ["Hamnen i Ekby AB", "Ekby Energi AB"]),
        ("bolaget Norrvatten AB", ["Norrvatten AB"]),
        ("de granskade nämnderna", ["de granskade nämnderna"]),
        ("visar att kommunstyrelsen", []),
        ("nämnden och förvaltningen", []),
    ],
)
def test_split_recipients(phrase: str, bodies: list[str]) -> None:
    """A list splits where every part is a body; a name with "och" stays whole."""
    assert split_recipients(phrase) == bodies


def test_leading_recipients_and_generic_number() -> None:
    """The longest list of bodies opening a text; generic names by number."""
    assert leading_recipients("fritidsnämnden och kulturnämnden har arbetat") == (
        "fritidsnämnden och kulturnämnden",
        ["fritidsnämnden", "kulturnämnden"],
    )
    assert leading_recipients("förvaltningen har arbetat") is None
    assert [generic_number(n) for n in ("Nämnden", "De granskade nämnderna")] == [
        "singular",
        "plural",
    ]
    assert generic_number("Fritidsnämnden") is None


# --- tracking: repeats merge, neighbours do not -----------------------------


def test_same_wording() -> None:
    """A restatement with more detail is the same; a neighbour is not."""
    assert same_wording(
        "att stärka kontrollen av privata utförare.",
        "att stärka kontrollen av privata utförare av hemtjänst.",
    )
    assert not same_wording(
        "att stärka systematiken i egenkontrollen av bidragen.",
        "att stärka systematiken i sin styrning och kontroll av bidragen.",
    )
    assert not same_wording(
        "att stärka sin styrning av arbetet med samverkan kring barn och unga "
        "i syfte att leva upp till kraven i lagstiftningen.",
        "att stärka sin uppföljning av planerna i syfte att leva upp till "
        "kraven i lagstiftningen kring barn och unga.",
    )


def test_cover_letter_and_summary_are_one_recommendation_per_body() -> None:
    """The same two recommendations printed twice: two rows per body, two mentions."""
    reports = [
        _report("missiv", "revisionsskrivelse"),
        _report("summary", "revisionsrapport"),
    ]
    text = (
        "Fritidsnämnden och kulturnämnden rekommenderas att förtydliga ansvaret "
        "för larmen.\nFritidsnämnden rekommenderas att se över taxorna."
    )
    mentions = [
        {
            **m,
            "report_id": report["id"],
            "document_id": report["id"],
            "file_sha256": "f",
            "date": None,
        }
        for report in reports
        for m in recommendations([(1, line) for line in text.split("\n")])
    ]
    found = tracking.recommendations(reports, mentions, [], [], "2025-01-01")
    assert [(t.row["auditee"], t.row["mentions"]) for t in found] == [
        ("Fritidsnämnden", 2),
        ("Kulturnämnden", 2),
        ("Fritidsnämnden", 2),
    ]


def _report(report_id: str, kind: str) -> dict[str, Any]:
    """Return an audit_reports row of one paper in file "f"."""
    return {
        "id": report_id,
        "doc_kind": kind,
        "number": None,
        "firm": None,
        "reply_due": None,
        "file_sha256": "f",
        "dnr": None,
        "title": None,
    }
