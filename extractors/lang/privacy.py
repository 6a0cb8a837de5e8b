"""Personal identity numbers and secrecy stamps.

Swedish personnummer and samordningsnummer (day + 60) are masked wherever
they stand: ``YYMMDD-NNNN``, ``YYMMDD+NNNN``, ``YYYYMMDD-NNNN``, 10 or 12
digits without separator, or a space before the last four ("19450101 2340").
Digits are ASCII digits, and a run of digits right after ``+`` is an
international telephone number ("+4610070080"), never a personnummer.
A number counts only when its date is a real calendar date and its last
digit passes the Luhn check, so case numbers, dates, amounts, phone numbers
and organisation numbers (month 20 or more) are left alone. The masked form
keeps the birth date: ``YYMMDD-****``.
"""

from __future__ import annotations

import datetime
import re
from functools import cache

from extractors.lang.phrases import any_of
from extractors.lexicon import load

_PERSONAL_ID = re.compile(
    r"(?<![\d/.,:+-])"
    r"(?P<century>19|20)?(?P<date>\d{6})"
    r"(?P<sep>[-+ ]?)(?P<tail>\d{4})"
    r"(?![\d/]|[.,:-]\d)",
    re.ASCII,
)


#: Six digits in a row, which every candidate holds (its date): a text
#: without them (most pages) is not searched for the whole pattern.
_SIX_DIGITS = re.compile(r"\d{6}", re.ASCII)


def mask_personal_ids(text: str) -> tuple[str, int]:
    """Return ``text`` with every personnummer masked, and how many there were."""
    if not _SIX_DIGITS.search(text):
        return text, 0
    count = 0

    def mask(m: re.Match[str]) -> str:
        nonlocal count
        if not is_personal_id(m):
            return m.group(0)
        count += 1
        sep = m.group("sep") if m.group("sep") in "-+" and m.group("sep") else "-"
        return f"{m.group('century') or ''}{m.group('date')}{sep}****"

    return _PERSONAL_ID.sub(mask, text), count


def is_personal_id(m: re.Match[str]) -> bool:
    """Return True when a candidate match is a valid personal identity number."""
    digits = m.group("date") + m.group("tail")
    if not m.group("century") and not m.group("sep") and digits.startswith("0"):
        return False  # ten bare digits from 0: a telephone number
    if not m.group("century") and m.group("sep") == " ":
        return False  # "123456 7890" is an amount or a list, not a personnummer
    return _real_date(m.group("century"), m.group("date")) and _luhn(digits)


def _real_date(century: str | None, date: str) -> bool:
    """Return True for a real birth date (a samordningsnummer's day is + 60)."""
    year, month, day = int(date[:2]), int(date[2:4]), int(date[4:])
    if day > 60:
        day -= 60
    full = int(century + date[:2]) if century else 2000 + year
    try:
        datetime.date(full, month, day)
    except ValueError:
        return False
    return True


def _luhn(ten: str) -> bool:
    """Return True when the ten digits pass the Luhn check (weights 2,1,2,…)."""
    total = 0
    for i, char in enumerate(ten):
        product = int(char) * (2 if i % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def secrecy_stamp(lines: list[str]) -> str | None:
    """Return the secrecy stamp among a page's edge lines, or None."""
    stamp = load("privacy")["stamp"]
    edge = lines[: stamp["top_lines"]] + lines[-stamp["bottom_lines"] :]
    for line in edge:
        text = line.strip()
        if len(text) <= stamp["max_length"] and _stamp_regex().match(text):
            return text
    return None


@cache
def _stamp_regex() -> re.Pattern[str]:
    """Compile the secrecy phrases of ``lexicon/privacy.toml``."""
    phrases = [entry["phrase"] for entry in load("privacy")["secrecy"]]
    return re.compile(r"(?:" + any_of(phrases) + r")\b", re.IGNORECASE)
