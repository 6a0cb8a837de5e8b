"""Personal identity numbers are masked everywhere; secret pages are withheld."""

from __future__ import annotations

import datetime
import sqlite3
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors.lang.privacy import mask_personal_ids, secrecy_stamp
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


@given(st.from_regex(r"07[02369]-?\d{3} ?\d{2} ?\d{2}", fullmatch=True))
def test_mobile_numbers_are_never_masked(number: str) -> None:
    """Swedish mobile numbers, with or without separators, are left alone."""
    assert mask_personal_ids(f"Tel {number}") == (f"Tel {number}", 0)


@given(
    st.dates(datetime.date(1900, 1, 1), datetime.date(2024, 12, 31)),
    st.from_regex(r"\d{3}", fullmatch=True),
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
