"""Commissions (uppdrag) in their common forms, with their deadlines.

Short decision sentences written for these tests: each phrasing, each form
of deadline, and two look-alikes that give no commission ("uppdraget" in
prose, "i uppdrag av" = on behalf of).
"""

from __future__ import annotations

from typing import Any

import pytest

from extractors.core.tables import Source
from extractors.kinds import tjansteskrivelse, yttrande
from extractors.parts.commissions import commissions, deadline

#: The date of the paper the sentences are read from.
DATE = "2025-01-20"


def _found(text: str, date: str | None = DATE) -> list[tuple[Any, ...]]:
    """Return (assignee, text, due, due_text) of each commission in ``text``."""
    return [
        (c["assignee"], c["text"], c["due"], c["due_text"])
        for c in commissions(text, 1, "beslut", date=date)
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Socialnämnden ger förvaltningen i uppdrag att utreda frågan.",
            ("förvaltningen", "att utreda frågan"),
        ),
        (
            "Kommunstyrelsen beslutar att ge kommundirektören i uppdrag att "
            "ta fram en plan.",
            ("kommundirektören", "att ta fram en plan"),
        ),
        (
            "Tekniska nämnden får i uppdrag att se över taxan.",
            ("Tekniska nämnden", "att se över taxan"),
        ),
        (
            "Miljöförvaltningen ges i uppdrag att inventera förorenad mark.",
            ("Miljöförvaltningen", "att inventera förorenad mark"),
        ),
        (
            "Kommunfullmäktige beslutar att Servicebolaget AB får i uppdrag att "
            "sälja fastigheten.",
            ("Servicebolaget AB", "att sälja fastigheten"),
        ),
        (
            "EY uppdras att översända rapporten till kommunfullmäktige.",
            ("EY", "att översända rapporten till kommunfullmäktige"),
        ),
        (
            "Kommunstyrelsen uppdrar åt ekonomidirektören att ta fram riktlinjer.",
            ("ekonomidirektören", "att ta fram riktlinjer"),
        ),
        (
            "Nämnden beslutar att uppdra åt förvaltningschefen att teckna avtalet.",
            ("förvaltningschefen", "att teckna avtalet"),
        ),
        (
            "Ärendet återremitteras genom att stadsledningskontoret får i uppdrag "
            "att utreda kostnaderna.",
            ("stadsledningskontoret", "att utreda kostnaderna"),
        ),
        (
            "Vidare ges kommundirektören i uppdrag att se över organisationen.",
            ("kommundirektören", "att se över organisationen"),
        ),
        (
            "Därutöver får socialförvaltningen i uppdrag att utreda behovet.",
            ("socialförvaltningen", "att utreda behovet"),
        ),
        (
            "Uppdrag ges till samhällsbyggnadsförvaltningen att ta fram en plan.",
            ("samhällsbyggnadsförvaltningen", "att ta fram en plan"),
        ),
    ],
)
def test_commission_form(sentence: str, expected: tuple[str, str]) -> None:
    """Each phrasing gives one commission, to the one commissioned as printed."""
    assert _found(sentence) == [(*expected, None, None)]


def test_report_back_is_a_commission() -> None:
    """A report-back, "X ska återrapportera … senast …", commissions X."""
    assert _found(
        "Förvaltningen ska återrapportera till nämnden senast 2025-06-30."
    ) == [
        (
            "Förvaltningen",
            "återrapportera till nämnden senast 2025-06-30",
            "2025-06-30",
            "senast 2025-06-30",
        )
    ]


@pytest.mark.parametrize(
    ("task", "due", "due_text"),
    [
        ("återkomma senast 31 mars 2025", "2025-03-31", "senast 31 mars 2025"),
        ("återkomma senast 2025-03-31", "2025-03-31", "senast 2025-03-31"),
        ("återkomma senast den 31 mars", "2025-03-31", "senast den 31 mars"),
        ("återkomma senast i juni 2025", "2025-06", "senast i juni 2025"),
        ("redovisa till sammanträdet i maj", "2025-05", "till sammanträdet i maj"),
        ("redovisa under hösten 2025", None, "under hösten 2025"),
        ("återkomma första kvartalet 2026", "2026-03", "första kvartalet 2026"),
        ("återkomma under tredje kvartalet", "2025-09", "under tredje kvartalet"),
        (
            "redovisa i samband med delårsrapporten",
            None,
            "i samband med delårsrapporten",
        ),
        ("redovisa till nämnden i maj 2025", "2025-05", "till nämnden i maj 2025"),
        (
            "rapportera till kommunstyrelsen senast 30 juni 2025",
            "2025-06-30",
            "senast 30 juni 2025",
        ),
        ("skicka beslutet till nämnden för kännedom", None, None),
        ("utreda frågan", None, None),
    ],
)
def test_deadline_forms(task: str, due: str | None, due_text: str | None) -> None:
    """A deadline is ISO where derivable; its printed text is kept."""
    assert deadline(task, date=DATE) == (due, due_text)
    assert _found(f"Nämnden ger förvaltningen i uppdrag att {task}.") == [
        ("förvaltningen", f"att {task}", due, due_text)
    ]


def test_deadline_without_year_or_date_keeps_its_text() -> None:
    """With no year printed and no document date, only the text is known."""
    assert deadline("återkomma senast den 31 mars") == (None, "senast den 31 mars")
    assert deadline("redovisa till sammanträdet i maj") == (
        None,
        "till sammanträdet i maj",
    )


def test_deadline_without_year_falls_after_the_decision() -> None:
    """A day or month already past in the document's year is next year's."""
    assert deadline("återkomma senast den 31 mars", date="2025-11-12") == (
        "2026-03-31",
        "senast den 31 mars",
    )
    assert deadline("redovisa till sammanträdet i november", date="2025-11-12") == (
        "2025-11",
        "till sammanträdet i november",
    )


def test_existing_commission_in_prose_is_not_new() -> None:
    """Prose about an assignment already given ("uppdraget") is no commission."""
    text = (
        "Förvaltningen har arbetat med uppdraget att ta fram en plan sedan 2023. "
        "Nämnden gav förvaltningen uppdraget att utreda frågan i fjol."
    )
    assert _found(text) == []


def test_on_behalf_of_is_not_a_commission() -> None:
    """On behalf of ("i uppdrag av", "på uppdrag av") commissions no one."""
    text = (
        "Granskningen har genomförts av EY i uppdrag av revisorerna att bedöma "
        "den interna kontrollen. KPMG har på uppdrag av kommunens revisorer "
        "granskat nämnden."
    )
    assert _found(text) == []


def _paper(*lines: str) -> Source:
    """Return a one-page paper of ``lines``, dated :data:`DATE`."""
    return Source(lines=[(1, line) for line in lines], date=DATE)


def test_yttrande_proposed_commission() -> None:
    """A yttrande's proposed decision is read as a tjänsteskrivelse's is."""
    source = _paper(
        "Yttrande över remiss",
        "Förslag till beslut",
        "1. Nämnden antar yttrandet som sitt eget.",
        "2. Förvaltningen får i uppdrag att återkomma till sammanträdet i maj.",
        "",
        "Ärendet",
    )
    expected = [
        {
            "id": "c0",
            "paragraph_id": None,
            "assignee": "Förvaltningen",
            "text": "att återkomma till sammanträdet i maj",
            "due": "2025-05",
            "due_text": "till sammanträdet i maj",
            "stage": "forslag",
            "status": None,
            "status_date": None,
            "page": 1,
        }
    ]
    assert yttrande.extract(source)["commissions"] == expected
    assert tjansteskrivelse.extract(source)["commissions"] == expected
