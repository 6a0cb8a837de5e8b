"""Swedish dates: found with our own patterns, normalised with dateparser."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import dateparser

MONTHS = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
_MONTH_RE = (
    r"(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober"
    r"|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|okt|nov|dec)\.?"
)
_ISO_RE = r"(?P<iso>(?:19|20)\d{2}-[01]\d-[0-3]\d)(?![\d-])"
_DAY_MONTH_RE = rf"(?P<dm>(?<!\d)[0-3]?\d\s+{_MONTH_RE}(?:\s+(?:19|20)\d{{2}})?)(?!\d)"
_MONTH_YEAR_RE = rf"(?P<my>(?<![\w]){_MONTH_RE}\s+(?:19|20)\d{{2}})(?!\d)"
DATE_RE = re.compile(f"{_ISO_RE}|{_DAY_MONTH_RE}|{_MONTH_YEAR_RE}", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    """A date found in text, normalised to ISO 8601."""

    raw: str
    """The text as printed."""
    iso: str
    """``YYYY-MM-DD``, or ``YYYY-MM`` when only month and year are given."""
    start: int
    """Offset of ``raw`` in the searched text."""


def find_dates(text: str, default_year: int | None = None) -> list[DateMention]:
    """Find Swedish dates in ``text`` and normalise them.

    ``default_year`` completes dates printed without a year ("29 januari");
    without it such dates are skipped.
    """
    found = []
    for m in DATE_RE.finditer(text):
        raw = m.group(0)
        if m.group("iso"):
            iso = normalise_date(raw)
        elif m.group("dm"):
            if not re.search(r"\d{4}$", raw):
                if default_year is None:
                    continue
                raw_full = f"{raw} {default_year}"
            else:
                raw_full = raw
            iso = normalise_date(raw_full)
        else:
            iso = normalise_date("1 " + raw)
            iso = iso[:7] if iso else None
        if iso:
            found.append(DateMention(raw.strip(), iso, m.start()))
    return found


#: dateparser's settings. Only its parser of dates as written: what reaches it
#: is a date our patterns found (ISO, or day, month and year), and its default
#: parsers first try each text as a timestamp and as a relative date ("i går",
#: read against the clock, so not a function of the file). Without them a
#: call took about a third less (5,214 dates: 2.7 → 1.9 s) with the same
#: answers.
SETTINGS = {"DATE_ORDER": "DMY", "STRICT_PARSING": True, "PARSERS": ["absolute-time"]}


@lru_cache(maxsize=4096)
def normalise_date(text: str) -> str | None:
    """Return ``text`` (a Swedish date with day, month and year) as ``YYYY-MM-DD``.

    A relative date ("i går") or a timestamp is no date here: None.
    """
    text = re.sub(r"\s+", " ", text.strip().lower())
    parsed = dateparser.parse(text, languages=["sv"], settings=SETTINGS)
    if parsed is None:
        return None
    if not 1990 <= parsed.year <= 2099:
        return None
    return dt.date(parsed.year, parsed.month, parsed.day).isoformat()
