"""Unit tests of the Swedish helpers: case numbers, dates, OCR folding, parties."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.lang.bodies import find_body
from extractors.lang.dates import find_dates, normalise_date
from extractors.lang.dnr import canonical_dnr, find_dnrs
from extractors.lang.parties import normalise_party
from extractors.lang.text import fold, ocr_regex


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dnr: KS 14/101", [("Dnr: KS 14/101", "KS 2014/101")]),
        ("KS 2015/0193", [("KS 2015/0193", "KS 2015/193")]),
        (
            "ÄON 2017/063 och ÄON 17/063",
            [("ÄON 2017/063", "ÄON 2017/63"), ("ÄON 17/063", "ÄON 2017/63")],
        ),
        ("Dnr 2017-277", [("Dnr 2017-277", "2017/277")]),
        ("Dnr: 17/063\tDoknr: 10705", [("Dnr: 17/063", "2017/63")]),
        (
            "Ärendenummer SLK-2025-00035",
            [("Ärendenummer SLK-2025-00035", "SLK 2025/35")],
        ),
        ("| 2025-00014 |", [("2025-00014", "2025/14")]),
        ("Dnr KS 2024/0057", [("Dnr KS 2024/0057", "KS 2024/57")]),
        # Not case numbers: regulations, report numbers, dates, ranges, laws.
        ("SOSFS 2011:9", []),
        ("Revisionsrapport nr 7/2017", []),
        ("2017-12-20", []),
        ("SFS 2001/453", []),
        ("1-30 Sept", []),
        ("mellan 2015 och 12/3", []),
    ],
)
def test_find_dnrs(text: str, expected: list[tuple[str, str]]) -> None:
    """Case numbers are found in every printed form and nothing else is."""
    assert [(d.raw, d.key) for d in find_dnrs(text)] == expected


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("den 22 maj 2015", None, ["2015-05-22"]),
        ("Tid 29 januari kl.13.00", 2018, ["2018-01-29"]),
        ("Tid 29 januari kl.13.00", None, []),
        ("senast februari 2016", None, ["2016-02"]),
        ("Stockholm den 16 november 2017", None, ["2017-11-16"]),
        ("Svar emottas senast 2018-01-31.", None, ["2018-01-31"]),
        ("1 sept 2017 och 2017-13-45", None, ["2017-09-01"]),
        ("SOSFS 2011:9 och 23 %", None, []),
    ],
)
def test_find_dates(text: str, year: int | None, expected: list[str]) -> None:
    """Swedish dates become ISO; a bare day and month needs a context year."""
    assert [d.iso for d in find_dates(text, default_year=year)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 April  2024", "2024-04-02"),
        ("2024-04-02", "2024-04-02"),
        ("1 sept. 2017", "2017-09-01"),
        ("31 februari 2024", None),
        ("1 januari 1989", None),
        # Read against the clock by dateparser's default parsers: no date here.
        ("i går", None),
        ("idag", None),
        ("för 2 dagar sedan", None),
        ("1700000000", None),
    ],
)
def test_normalise_date(text: str, expected: str | None) -> None:
    """A date as written becomes ISO; relative dates and timestamps are none."""
    assert normalise_date(text) == expected


@pytest.mark.parametrize(
    ("phrase", "damaged"),
    [
        ("förslag till beslut", "Forslag till beslut"),
        ("ärendet", "Sammanfattning av drendet"),
        ("åtgärder", "Vidtagna Gtgdrder"),
        ("översyn", "behov av 6versyn"),
        ("beställare", "till bestéllare"),
        ("förslag till beslut", "Förslag  till\nbeslut"),
    ],
)
def test_ocr_regex_matches_damage(phrase: str, damaged: str) -> None:
    """Keywords are found in OCR-damaged text (seed 004's damage)."""
    assert ocr_regex(phrase).search(damaged) is not None


def test_ocr_regex_stays_precise() -> None:
    """Letters without diacritics must still match exactly."""
    assert ocr_regex("ärendet").search("Sammanfattning av beredningen") is None
    assert fold("Äldreomsorgsnämnden") == "aldreomsorgsnamnden"


def test_parties_and_bodies() -> None:
    """Party codes and body names are normalised."""
    assert [normalise_party(p) for p in ["(Fp)", "mp", "S", "Kd"]] == [
        "L",
        "MP",
        "S",
        "KD",
    ]
    assert find_body("ÄLDREOMSORGSNÄMNDEN") == "Äldreomsorgsnämnden"
    assert find_body("Till: Kommunstyrelsens arbetsutskott") == "Kommunstyrelsen"
    assert find_body("Tekniska nämnden") == "Tekniska nämnden"


def test_canonical_dnr_reads_a_typed_case_number() -> None:
    """Case, year width, zero padding and a label do not matter; prose gives None."""
    assert canonical_dnr("än 23/118") == "ÄN 2023/118"
    assert canonical_dnr("ÄON 2017/0063") == "ÄON 2017/63"
    assert canonical_dnr("Dnr KS 14/101") == "KS 2014/101"
    assert canonical_dnr(" 2017/277 ") == "2017/277"
    assert canonical_dnr("äldreomsorg") is None


@given(st.text())
def test_fold_removes_every_combining_mark(text: str) -> None:
    """fold is NFKD of the lower-cased text without combining marks, for any text."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    expected = "".join(c for c in decomposed if not unicodedata.combining(c))
    assert fold(text) == expected


def test_fold_of_swedish_and_ascii() -> None:
    """å, ä, ö, é and ligatures fold; ASCII text is only lower-cased."""
    assert fold("Återremiss ÄRENDE Överförmyndare ﬁnans Café") == (
        "aterremiss arende overformyndare finans cafe"
    )
    assert fold("KS 2024/17") == "ks 2024/17"
