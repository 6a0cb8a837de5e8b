"""Personal identity numbers are masked everywhere; secret pages are withheld."""

from __future__ import annotations

import datetime
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors.lang.contacts import mask_contacts, organisation_domains
from extractors.lang.privacy import _PERSONAL_ID, mask_personal_ids, secrecy_stamp
from extractors.lexicon import load
from pipeline.ingest import ingest


def luhn_digit(nine: str) -> str:
    """Return the check digit that makes ``nine`` + digit pass the Luhn check."""
    total = 0
    for i, char in enumerate(nine):
        product = int(char) * (2 if i % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return str((10 - total % 10) % 10)


def personnummer(born: datetime.date, serial: str, coordination: bool = False) -> str:
    """Return the 12 digits of a valid personnummer (or samordningsnummer)."""
    day = born.day + (60 if coordination else 0)
    short = f"{born:%y%m}{day:02d}{serial}"
    return f"{born:%Y}"[:2] + short + luhn_digit(short)


def test_every_written_form_is_masked() -> None:
    """The seven forms clerks meet: separators, century, samordningsnummer."""
    full = personnummer(datetime.date(1945, 1, 1), "234")  # 19450101234C
    coordination = personnummer(datetime.date(1987, 6, 3), "118", coordination=True)
    forms = {
        f"{full[2:8]}-{full[8:]}": "450101-****",
        f"{full[:8]}-{full[8:]}": "19450101-****",
        f"{full[2:8]}+{full[8:]}": "450101+****",
        full[2:]: "450101-****",
        full: "19450101-****",
        f"{coordination[2:8]}-{coordination[8:]}": "870663-****",
        f"{full[:8]} {full[8:]}": "19450101-****",
    }
    for form, masked in forms.items():
        assert mask_personal_ids(f"Sökande: {form}, Storgatan 1.") == (
            f"Sökande: {masked}, Storgatan 1.",
            1,
        ), form


def test_lookalikes_are_left_alone() -> None:
    """Case numbers, dates, amounts, phone and organisation numbers stay."""
    text = (
        "Dnr KS 2014/101, ÄON 17/063 och 2023-00226:3 beslutades 2024-04-25. "
        "Kostnad 1 234 567 kr, 12 345 678 kr. Ring 070-123 45 67, 0701234567 "
        "eller 08-123 456 78. Org.nr 212000-1355 och 556677-8899; "
        "telefon 031-365 00 00; 20240425 1300."
    )
    assert mask_personal_ids(text) == (text, 0)


@given(st.dates(datetime.date(1900, 1, 1), datetime.date(2025, 12, 31)))
def test_dates_are_never_masked(day: datetime.date) -> None:
    """Dates in ISO and compact form are never personal identity numbers."""
    text = f"Sammanträdet {day.isoformat()} och {day:%Y%m%d}, kl. 13.00."
    assert mask_personal_ids(text) == (text, 0)


@given(
    st.sampled_from(["KS", "ÄON", "SN", "BUN", ""]),
    st.integers(1990, 2099),
    st.integers(1, 99999),
)
def test_case_numbers_are_never_masked(prefix: str, year: int, serial: int) -> None:
    """Case numbers in slash, dash and padded forms are never masked."""
    text = f"Dnr {prefix} {year}/{serial}, {year}-{serial:05d}, {serial:05d}/{year}"
    assert mask_personal_ids(text) == (text, 0)


@given(
    st.from_regex(
        r"(\+46 ?|0)[1-9][0-9]{0,2}[- ]?([0-9]{2,3} ?[0-9]{2} ?[0-9]{2}|[0-9]{5,8})",
        fullmatch=True,
    )
)
def test_phone_numbers_are_never_masked(number: str) -> None:
    """Landline and mobile numbers, national or +46, any grouping, are no
    personal numbers."""
    assert mask_personal_ids(f"Tel {number}") == (f"Tel {number}", 0)


@pytest.mark.parametrize(
    "number", ["+4610070080", "+46701234566", "+46 8-123 456 78", "+468123456"]
)
def test_international_numbers_are_never_masked(number: str) -> None:
    """Digits right after + are an international number, even when they would
    make a valid date and Luhn check ("+46 100700 80" found by hypothesis)."""
    assert mask_personal_ids(f"Tel {number}") == (f"Tel {number}", 0)


@given(st.from_regex(r"07[02369]-?[0-9]{3} ?[0-9]{2} ?[0-9]{2}", fullmatch=True))
def test_mobile_numbers_are_never_masked(number: str) -> None:
    """Swedish mobile numbers, with or without separators, are left alone."""
    assert mask_personal_ids(f"Tel {number}") == (f"Tel {number}", 0)


@given(
    st.integers(1, 9),
    st.from_regex(r"[0-9][2-9][0-9]{3}", fullmatch=True),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
)
def test_organisation_numbers_are_never_masked(
    group: int, rest: str, serial: str
) -> None:
    """Organisation numbers (third digit 2 or more: "month" 20 or more), with
    their Luhn digit, in the forms printed, are never personal numbers."""
    nine = f"{group}{rest}{serial}"
    total = sum(
        (d * 2 - 9 if d * 2 > 9 else d * 2) if i % 2 == 0 else d
        for i, d in enumerate(int(c) for c in nine)
    )
    number = nine + str((10 - total % 10) % 10)
    for form in (f"{number[:6]}-{number[6:]}", number, f"16{number}"):
        assert mask_personal_ids(f"Org.nr {form}.") == (f"Org.nr {form}.", 0)


@given(st.integers(0, 10**12), st.sampled_from([" ", "\u00a0", ""]))
def test_amounts_are_never_masked(amount: int, space: str) -> None:
    """Amounts in kronor, with space, hard-space or no thousands separators
    (without, up to nine digits: ten bare digits can be a personnummer)."""
    amount = amount if space else amount % 10**9
    text = f"Kostnad {amount:,} kr.".replace(",", space)
    assert mask_personal_ids(text) == (text, 0)


@given(
    st.dates(datetime.date(1900, 1, 1), datetime.date(2024, 12, 31)),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
    st.booleans(),
    st.sampled_from(["short-", "short+", "long-", "bare12", "long "]),
)
def test_valid_numbers_are_always_masked(
    born: datetime.date, serial: str, coordination: bool, form: str
) -> None:
    """Any valid personnummer or samordningsnummer is masked in any form."""
    full = personnummer(born, serial, coordination)
    written = {
        "short-": f"{full[2:8]}-{full[8:]}",
        "short+": f"{full[2:8]}+{full[8:]}",
        "long-": f"{full[:8]}-{full[8:]}",
        "bare12": full,
        "long ": f"{full[:8]} {full[8:]}",
    }[form]
    masked, count = mask_personal_ids(f"Pnr {written}.")
    assert count == 1
    assert full[8:] not in masked.removeprefix("Pnr ")[-6:]
    assert masked.endswith("****.")


def test_stamp_only_at_the_page_edge() -> None:
    """A stamp in the first or last lines withholds; a mention mid-page does not."""
    body = [f"Rad {i} med text om ärendet." for i in range(10)]
    stamp = "SEKRETESSBELAGD enligt OSL 26 kap. 1 §"
    assert secrecy_stamp([stamp, *body]) == stamp
    assert secrecy_stamp([*body, "Sekretess gäller enligt 26 kap. 1 § OSL"]) == (
        "Sekretess gäller enligt 26 kap. 1 § OSL"
    )
    middle = [*body[:5], "Ärendet omfattas av sekretess enligt OSL.", *body[5:]]
    assert secrecy_stamp(middle) is None
    assert secrecy_stamp([*body[:5], "Sekretess enligt OSL 26:1", *body[5:]]) is None


def test_ingest_masks_and_withholds(tmp_path: Path) -> None:
    """Through a real PDF: no personnummer and no secret page reach the database."""
    full = personnummer(datetime.date(1962, 3, 14), "482")
    pdf = tmp_path / "in" / "beslut.pdf"
    pdf.parent.mkdir()
    page = canvas.Canvas(str(pdf), pagesize=A4, invariant=1)
    lines = [
        [
            "TJÄNSTESKRIVELSE",
            "Ansökan om bostadsanpassningsbidrag",
            f"Sökande Anna Svensson, {full[2:8]}-{full[8:]}, Storgatan 4.",
            "Förvaltningen föreslår att ansökan beviljas.",
        ],
        [
            "SEKRETESSBELAGD enligt OSL 26 kap. 1 §",
            "Utredning om Anna Svensson, Storgatan 4, hemlig adress Lönnvägen 9.",
        ],
    ]
    for text in lines:
        for i, line in enumerate(text):
            page.drawString(72, 780 - 18 * i, line)
        page.showPage()
    page.save()
    db = tmp_path / "d.db"
    summary = ingest([pdf.parent], str(db))
    assert (summary.masked, summary.withheld) == (
        1,
        [(str(pdf), 2, "SEKRETESSBELAGD enligt OSL 26 kap. 1 §")],
    )
    conn = sqlite3.connect(db)
    try:
        dump = "\n".join(conn.iterdump())
        assert f"{full[2:8]}-{full[8:]}" not in dump
        assert full[2:] not in dump
        assert f"{full[2:8]}-****" in dump
        assert "Lönnvägen" not in dump
        assert conn.execute("select page, masked, withheld from pages").fetchall() == [
            (1, 1, None),
            (2, 0, "SEKRETESSBELAGD enligt OSL 26 kap. 1 §"),
        ]
    finally:
        conn.close()


def test_private_contacts_are_masked_the_organisations_kept() -> None:
    """A citizen's address and mobile go; mailboxes, officials at the
    organisation's domain and switchboard numbers stay (written variants of
    Kungsbacka and Göteborg letterheads)."""
    text = "\n".join(
        [
            "Synpunkt från Anna Svensson, anna.svensson74@gmail.com, 070-123 45 67.",
            "Svar skickas till per.ek@telia.com eller +46 73 987 65 43.",
            "Handläggare Bo Berg, bo.berg@kungsbacka.se, 0300-83 42 17",
            "Kungsbacka kommun, registrator@kungsbacka.se",
            "Telefon växel 0300-83 40 00",
            "Kontaktcenter 031-365 00 00, stadsrevisionen@stadsrevision.goteborg.se",
        ]
    )
    masked, count = mask_contacts(text)
    assert masked.split("\n") == [
        "Synpunkt från Anna Svensson, ****@****.com, 070-*** ** **.",
        "Svar skickas till ****@****.com eller +46 73 *** ** **.",
        "Handläggare Bo Berg, bo.berg@kungsbacka.se, 0300-83 42 17",
        "Kungsbacka kommun, registrator@kungsbacka.se",
        "Telefon växel 0300-83 40 00",
        "Kontaktcenter 031-365 00 00, stadsrevisionen@stadsrevision.goteborg.se",
    ]
    assert count == 4
    block = "Telefon (direkt): 08-523 030 72\nE-post: kerstin.berg@sodertalje.se"
    home = organisation_domains([], "Södertälje")
    assert home == {"sodertalje.se"}
    assert mask_contacts(block, home) == (block, 0)
    assert mask_contacts(block) == (
        "Telefon (direkt): 08-*** *** **\nE-post: ****@****.se",
        2,
    )


def test_contact_lexicon_examples_are_kept() -> None:
    """Every mailbox and public domain example is the organisation's; every
    switchboard example keeps its number."""
    data = load("privacy")
    for entry in data["mailbox"] + data["public_domain"] + data["switchboard"]:
        assert mask_contacts(entry["example"]) == (entry["example"], 0), entry


def test_an_official_number_alone_on_its_line_is_masked() -> None:
    """When in doubt the number goes: a direct number with no switchboard word
    and no organisation address on its line is masked; a run-on figure stays."""
    assert mask_contacts("Direkt 0300-83 42 17 (vardagar) år 2024") == (
        "Direkt 0300-** ** ** (vardagar) år 2024",
        1,
    )
    assert mask_contacts("Ring 070-123 45 67 2024-05-06") == (
        "Ring 070-*** ** ** 2024-05-06",
        1,
    )


@given(
    st.dates(datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)),
    st.integers(1, 99999),
    st.integers(0, 99_999_999),
    st.from_regex(r"[25-9][0-9]{5}-[0-9]{4}", fullmatch=True),
)
def test_contact_masking_leaves_records_alone(
    day: datetime.date, serial: int, amount: int, org: str
) -> None:
    """Dates, case numbers, amounts, organisation numbers and masked
    personnummer are never taken for phone numbers."""
    kronor = f"{amount:,}".replace(",", " ")
    text = (
        f"Dnr KS {day.year}/{serial}, {day.year}-{serial:05d}, beslut {day} "
        f"({day:%Y%m%d}), kl. 08.30-12.00, kostnad {kronor} kr, org.nr {org}, "
        f"pnr {day:%y%m%d}-****."
    )
    assert mask_contacts(text) == (text, 0)


@given(
    st.from_regex(
        r"(0[1-9][0-9]{0,2}|\+46 [1-9][0-9]{0,2})-?[0-9]{2,3} ?[0-9]{2} ?[0-9]{2}",
        fullmatch=True,
    ).filter(lambda n: 8 <= len(re.sub(r"\D", "", n.replace("+46 ", "0"))) <= 10),
    st.from_regex(r"[a-z][a-z0-9.]{0,20}[a-z0-9]", fullmatch=True),
    st.sampled_from(["gmail.com", "hotmail.se", "telia.com", "foretaget.se"]),
)
def test_private_contacts_are_always_masked(
    number: str, local: str, domain: str
) -> None:
    """Any Swedish phone number and any private address is masked and
    counted: the name goes, and the number keeps only its area code."""
    masked, count = mask_contacts(f"Kontakt: {local}@{domain}, tel {number}.")
    assert count == 2
    assert f"{local}@" not in masked and "****@****." in masked
    shown = masked.rsplit("tel ", 1)[1]
    assert shown.count("*") >= 4  # only the area code is left
    assert re.sub(r"\d", "*", shown) == re.sub(r"\d", "*", f"{number}.")


def test_ingest_masks_contacts_only_when_asked(tmp_path: Path) -> None:
    """Without the option the text is kept; with it the same file is read
    again, the private contacts masked and counted per document."""
    pdf = tmp_path / "in" / "synpunkt.pdf"
    pdf.parent.mkdir()
    page = canvas.Canvas(str(pdf), pagesize=A4, invariant=1)
    lines = [
        "TJÄNSTESKRIVELSE",
        "2024-05-06",
        "Svar på synpunkt om gatubelysning",
        "Synpunkten kom från Anna Svensson, anna.svensson74@gmail.com, 070-123 45 67.",
        "Frågor besvaras av kommunstyrelsen@granvik.se, telefon växel 0300-83 40 00.",
    ]
    for i, line in enumerate(lines):
        page.drawString(72, 780 - 18 * i, line)
    page.save()
    db = tmp_path / "d.db"
    assert ingest([pdf], str(db)).masked_contacts == 0
    assert "anna.svensson74@gmail.com" in "\n".join(sqlite3.connect(db).iterdump())
    summary = ingest([pdf], str(db), mask_contacts=True)
    assert (summary.loaded, summary.unchanged, summary.masked_contacts) == (1, 0, 2)
    conn = sqlite3.connect(db)
    try:
        dump = "\n".join(conn.iterdump())
        assert "anna.svensson74" not in dump and "123 45 67" not in dump
        assert "kommunstyrelsen@granvik.se" in dump and "0300-83 40 00" in dump
        assert conn.execute("select masked_contacts from documents").fetchall() == [
            (2,)
        ]
    finally:
        conn.close()


@given(
    st.lists(
        st.sampled_from(["19", "811218", "9876", "-", "+", " ", "5", "/", "x", "\n"]),
        max_size=14,
    ).map("".join)
)
def test_a_text_without_six_digits_in_a_row_is_left_as_it_is(text: str) -> None:
    """Only a text with six digits in a row is searched for personnummer:
    in one without, the whole pattern finds no candidate either."""
    masked, count = mask_personal_ids(text)
    if not re.search(r"[0-9]{6}", text):
        assert (masked, count) == (text, 0)
        assert _PERSONAL_ID.search(text) is None


def test_six_digits_in_a_row_are_searched() -> None:
    """A personnummer, with its century or without, is found past the check."""
    assert mask_personal_ids("Anna Ek 811218-9876 och 19811218-9876") == (
        "Anna Ek 811218-**** och 19811218-****",
        2,
    )
    assert mask_personal_ids("8112 18-9876") == ("8112 18-9876", 0)
