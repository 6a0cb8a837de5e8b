"""Case numbers (diarienummer): find them in text and give them canonical form."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from extractors.lexicon import load


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


def _dnr_regex(lexicon: Mapping[str, Any]) -> re.Pattern[str]:
    """Return the case-number pattern, labels as the lexicon lists them.

    ``Dnr: ÄON 2017/063``, ``KS 14/101``, ``Dnr: 17/063``, ``Dnr 2017-277``,
    ``Ärendenummer SLK-2025-00035``, ``ÄN 2023/118``.
    """
    labels = "|".join(re.escape(e["text"]) for e in lexicon["label"])
    return re.compile(
        rf"(?P<label>(?:{labels})\.?:?\s*)?"
        rf"(?:(?P<prefix>{_PREFIX})(?:\s+|-))?"
        r"(?:(?P<year>(?:19|20)?\d{2})(?P<sep>[/-])(?P<serial>\d{1,6})"
        r"(?P<sub>:-?\d{1,4})?"
        r"|(?P<serial_first>0\d{2,5}|\d{5,6})/(?P<year_last>(?:19|20)\d{2}|\d{2}))"
        r"(?![\d/]|-\d|:\d|\.\d)"
    )


def _not_prefixes(lexicon: Mapping[str, Any]) -> frozenset[str]:
    """Return the prefixes that are laws, standards or report series."""
    return frozenset(e["text"] for e in lexicon["not_prefix"])


_DNR_RE = _dnr_regex(load("dnr"))
#: What every case number holds: digits on both sides of its "/" or "-".
_DIGITS_APART = re.compile(r"\d[/-]\d")
#: Prefixes that look like registers but are laws, standards or report series.
_NOT_PREFIXES = _not_prefixes(load("dnr"))


@cache
def dnr_label() -> re.Pattern[str]:
    """Return the pattern of a case-number label word anywhere ("Dnr", "Ärendenr")."""
    words = "|".join(re.escape(e["text"]) for e in load("dnr")["label"])
    return re.compile(rf"\b(?:{words})\b", re.IGNORECASE)


def find_dnrs(text: str, lexicon: Mapping[str, Any] | None = None) -> list[Dnr]:
    """Find every case number in ``text``.

    A match needs a register prefix or a Dnr label, so fractions and dates
    are not mistaken for case numbers; the dash form (``2017-277``) also needs
    a label or prefix, except a zero-padded serial (``2025-00014``). A
    sub-number after the dash form (``SLK-2023-00226:3``) is dropped; the
    serial-first form (``Diarienummer 00181/2024``) needs a label.
    """
    if not _DIGITS_APART.search(text):
        return []  # most lines: the full pattern is not tried at every offset
    pattern = _DNR_RE if lexicon is None else _dnr_regex(lexicon)
    not_prefixes = _NOT_PREFIXES if lexicon is None else _not_prefixes(lexicon)
    found = []
    for m in pattern.finditer(text):
        before = text[m.start() - 1] if m.start() > 0 else " "
        if before.isalnum() or before in "/-":
            continue
        prefix = m.group("prefix")
        if prefix and (prefix in not_prefixes or not _looks_like_prefix(prefix)):
            if not m.group("label"):
                continue
            prefix = None
        parts = _year_and_serial(m, bool(m.group("label") or prefix))
        if parts:
            raw = m.group(0).strip()
            found.append(Dnr(raw, prefix, parts[0], parts[1], m.start()))
    return found


def canonical_dnr(typed: str) -> str | None:
    """Return the canonical key of a case number as a person types it.

    Case and year width do not matter: "än 23/118", "ÄN 2023/118" and
    "Dnr ÄN 23/0118" all give "ÄN 2023/118"; "2023/118" gives "2023/118".
    Returns None when ``typed`` holds no case number.
    """
    found = find_dnrs("Dnr " + typed.strip().upper())
    return found[0].key if found else None


def _year_and_serial(m: re.Match[str], has_context: bool) -> tuple[int, int] | None:
    """Return ``(year, serial)`` of a case-number match, or None when it is none."""
    if m.group("serial_first"):
        if not m.group("label"):
            return None
        year_text, serial_text = m.group("year_last"), m.group("serial_first")
    else:
        year_text, serial_text = m.group("year"), m.group("serial")
        if m.group("sep") == "-":
            if len(year_text) != 4:
                return None
            padded = len(serial_text) >= 4 and serial_text.startswith("0")
            if not has_context and not padded:
                return None
        elif m.group("sub") or not has_context:
            return None
    year = int(year_text)
    year = year + 2000 if year < 100 else year
    if not 1990 <= year <= 2099 or int(serial_text) == 0:
        return None
    return year, int(serial_text)


def _looks_like_prefix(word: str) -> bool:
    """Return True for register-like prefixes: short, mostly upper case."""
    letters = word.replace("-", "")
    upper = sum(1 for c in letters if c.isupper())
    return upper >= max(1, len(letters) - 1) and len(letters) <= 6
