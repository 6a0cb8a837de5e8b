"""Swedish text helpers shared by every extractor: case numbers, dates, parties, OCR.

Everything here is pure and cached where it pays: no PDF, no database.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import dateparser

# ---------------------------------------------------------------------------
# OCR folding
# ---------------------------------------------------------------------------

#: Characters OCR engines produce in place of å, ä and ö (seen in seed 004:
#: "6versyn" for översyn, "Gtgdrder" for åtgärder, "drendet" for ärendet,
#: "bestéllare" for beställare).
_LOOKALIKES = {
    "å": "åaàáâäeédgG6",
    "ä": "äaàáâåeédgiG6",
    "ö": "öoòóô0eé6",
}


def fold(text: str) -> str:
    """Return ``text`` lower-cased with diacritics removed (å→a, ä→a, ö→o, é→e)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=512)
def ocr_regex(phrase: str) -> re.Pattern[str]:
    """Compile ``phrase`` so that it also matches OCR-damaged å/ä/ö and line wraps.

    ``ocr_regex("förslag till beslut")`` matches "Forslag till beslut" and
    "Förslag  till\\nbeslut"; letters without diacritics must match exactly
    (case-insensitively), so the pattern stays precise.
    """
    parts = []
    for char in phrase.lower():
        if char in _LOOKALIKES:
            parts.append("[" + re.escape(_LOOKALIKES[char]) + "]")
        elif char == " ":
            parts.append(r"\s+")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE)


def clean_text(text: str) -> str:
    """Normalise extracted PDF text: line endings, soft hyphens, odd spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # pdfium marks a hyphen it broke a word at with U+FFFE or U+00AD.
    text = re.sub("[\ufffe\u00ad]\n?", "", text)
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\t", " ")
    text = text.replace("\x0c", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n"))


# ---------------------------------------------------------------------------
# Case numbers (diarienummer)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Dnr:
    """A case number as found in text, with its canonical parts."""

    raw: str
    """The text as printed, e.g. ``"Dnr: ÄON 17/063"``."""
    prefix: str | None
    """Register prefix (``"ÄON"``, ``"KS"``, ``"SLK"``); None when not printed."""
    year: int
    """Four-digit year; two-digit years are read as 20xx."""
    serial: int
    """Serial number within the register and year, without leading zeros."""
    start: int
    """Offset of ``raw`` in the searched text."""

    @property
    def key(self) -> str:
        """Return the canonical key, e.g. ``"ÄON 2017/63"`` or ``"2017/277"``."""
        return format_dnr(self.prefix, self.year, self.serial)


def format_dnr(prefix: str | None, year: int, serial: int) -> str:
    """Format canonical dnr parts as ``"PREFIX YYYY/serial"``."""
    core = f"{year}/{serial}"
    return f"{prefix} {core}" if prefix else core


_PREFIX = r"[A-ZÅÄÖ][A-ZÅÄÖa-zåäö]{0,5}(?:-[A-ZÅÄÖ]{1,4})?"
_LABEL = r"(?:Dnr|DNR|Diarienummer|Diarienr|Ärendenummer|Ärendenr|Vårt dnr|Er ref)\.?:?"
# ``Dnr: ÄON 2017/063``, ``KS 14/101``, ``Dnr: 17/063``, ``Dnr 2017-277``,
# ``Ärendenummer SLK-2025-00035``, ``ÄN 2023/118``.
_DNR_RE = re.compile(
    rf"(?P<label>{_LABEL}\s*)?"
    rf"(?:(?P<prefix>{_PREFIX})(?:\s+|-))?"
    r"(?P<year>(?:19|20)?\d{2})(?P<sep>[/-])(?P<serial>\d{1,6})"
    r"(?![\d/]|-\d|:\d|\.\d)"
)
#: Prefixes that look like registers but are laws, standards or report series.
_NOT_PREFIXES = frozenset(
    {
        "SFS",
        "SOSFS",
        "HSLF",
        "SOU",
        "DS",
        "Ds",
        "Prop",
        "SKR",
        "LOU",
        "LOV",
        "SoL",
        "LSS",
        "HSL",
        "KL",
        "MBL",
        "Nr",
        "nr",
        "Nr.",
        "PM",
        "ISO",
        "EU",
        "EG",
        "BFS",
    }
)


def find_dnrs(text: str) -> list[Dnr]:
    """Find every case number in ``text``.

    A match needs a register prefix or a Dnr label, so fractions and dates
    are not mistaken for case numbers; the dash form (``2017-277``) also needs
    a label or prefix, except a zero-padded serial (``2025-00014``).
    """
    found = []
    for m in _DNR_RE.finditer(text):
        before = text[m.start() - 1] if m.start() > 0 else " "
        if before.isalnum() or before in "/-":
            continue
        prefix = m.group("prefix")
        if prefix and (prefix in _NOT_PREFIXES or not _looks_like_prefix(prefix)):
            if not m.group("label"):
                continue
            prefix = None
        year_text, serial_text = m.group("year"), m.group("serial")
        has_context = bool(m.group("label") or prefix)
        if m.group("sep") == "-":
            if len(year_text) != 4:
                continue
            padded = len(serial_text) >= 4 and serial_text.startswith("0")
            if not has_context and not padded:
                continue
        elif not has_context:
            continue
        year = int(year_text)
        year = year + 2000 if year < 100 else year
        if not 1990 <= year <= 2099 or int(serial_text) == 0:
            continue
        raw = m.group(0).strip()
        found.append(Dnr(raw, prefix, year, int(serial_text), m.start()))
    return found


def _looks_like_prefix(word: str) -> bool:
    """Return True for register-like prefixes: short, mostly upper case."""
    letters = word.replace("-", "")
    upper = sum(1 for c in letters if c.isupper())
    return upper >= max(1, len(letters) - 1) and len(letters) <= 6


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

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


@lru_cache(maxsize=4096)
def normalise_date(text: str) -> str | None:
    """Return ``text`` (a Swedish date with day, month and year) as ``YYYY-MM-DD``."""
    text = re.sub(r"\s+", " ", text.strip().lower())
    parsed = dateparser.parse(
        text,
        languages=["sv"],
        settings={"DATE_ORDER": "DMY", "STRICT_PARSING": True},
    )
    if parsed is None:
        return None
    if not 1990 <= parsed.year <= 2099:
        return None
    return dt.date(parsed.year, parsed.month, parsed.day).isoformat()


# ---------------------------------------------------------------------------
# Parties and bodies
# ---------------------------------------------------------------------------

PARTIES = {
    "S": "Socialdemokraterna",
    "M": "Moderaterna",
    "SD": "Sverigedemokraterna",
    "C": "Centerpartiet",
    "V": "Vänsterpartiet",
    "KD": "Kristdemokraterna",
    "L": "Liberalerna",
    "FP": "Liberalerna",
    "MP": "Miljöpartiet",
}
_PARTY_ALIASES = {"FP": "L", "Fp": "L", "Mp": "MP", "Kd": "KD", "Sd": "SD"}


def normalise_party(code: str) -> str:
    """Return the canonical party code (``"Fp"`` → ``"L"``, ``"mp"`` → ``"MP"``)."""
    code = code.strip().strip("()")
    return _PARTY_ALIASES.get(code, code.upper() if len(code) <= 3 else code)


#: Body names (and their genitive and short forms) → canonical body name.
BODIES = {
    "kommunfullmäktige": "Kommunfullmäktige",
    "kommunstyrelsen": "Kommunstyrelsen",
    "socialnämnden": "Socialnämnden",
    "äldreomsorgsnämnden": "Äldreomsorgsnämnden",
    "äldrenämnden": "Äldrenämnden",
    "omsorgsnämnden": "Omsorgsnämnden",
    "barn- och utbildningsnämnden": "Barn- och utbildningsnämnden",
    "utbildningsnämnden": "Utbildningsnämnden",
    "grundskolenämnden": "Grundskolenämnden",
    "byggnadsnämnden": "Byggnadsnämnden",
    "kultur- och fritidsnämnden": "Kultur- och fritidsnämnden",
    "miljö- och hälsoskyddsnämnden": "Miljö- och hälsoskyddsnämnden",
    "revisorerna": "Revisorerna",
    "stadsrevisionen": "Revisorerna",
    "kommunrevisionen": "Revisorerna",
}
_BODY_RE = re.compile(
    r"\b("
    + "|".join(sorted((re.escape(b) for b in BODIES), key=len, reverse=True))
    + r")s?\b",
    re.IGNORECASE,
)
#: Any committee name: "…nämnden", "…nämnd", plus the fixed bodies above.
_NAMND_RE = re.compile(
    r"\b([A-ZÅÄÖ][a-zåäö-]+(?: och [a-zåäö-]+)?nämnd(?:en)?"
    r"|[A-ZÅÄÖ][a-zåäö]+a nämnden)\b"
)


def find_body(text: str) -> str | None:
    """Return the first body named in ``text`` in canonical form, or None."""
    m = _BODY_RE.search(text)
    if m:
        return BODIES[m.group(1).lower()]
    m = _NAMND_RE.search(text)
    if m:
        name = m.group(1)
        return name if name.endswith("en") else name + "en"
    return None
