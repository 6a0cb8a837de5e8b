"""Who signed or is addressed: signatories, "Till …" lines, a paper's own case number.

Shared by motions and interpellations (and any paper signed by members).
"""

from __future__ import annotations

import re
from typing import Any

from extractors.lang.dates import find_dates
from extractors.lang.dnr import find_dnrs
from extractors.lang.nlp import analyse, persons
from extractors.lang.parties import PARTIES
from extractors.lexicon import load

_PAPERS = load("papers")
#: "För Centerpartiet", "För Moderaterna" above the names that sign.
FOR_PARTY = re.compile(
    rf"^{re.escape(_PAPERS['signed_for']['text'])}\s+([A-ZÅÄÖ][\wåäö]+)\b", re.I
)
#: "Till Göteborgs kommunfullmäktige", "Till: Äldrenämnden".
_ADDRESSEE = re.compile(
    "^(?:"
    + "|".join(
        re.escape(e["text"]) for e in _PAPERS["addressee"] if not e.get("cover_letter")
    )
    + r")\s*:?\s+(.{5,80})$",
    re.IGNORECASE,
)
#: "Göteborg den 17 oktober 2023": the place and date closing a letter.
_DATELINE = re.compile(
    rf"^[A-ZÅÄÖ][\wåäö-]+(?:\s[A-ZÅÄÖ][\wåäö-]+)?,?\s+"
    rf"{re.escape(_PAPERS['dateline']['text'])}\s+(\d.{{5,25}})$"
)
#: The word between the last two names of a list ("… och Eva Lund").
_AND = re.compile(rf",|\s+{re.escape(_PAPERS['names']['and'])}\s+|\n")
_PARTY_NAMES = {
    fold_name: code for code, fold_name in ((c, n.lower()) for c, n in PARTIES.items())
}


def signatories(lines: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """Return the signatories: "Name (PARTY)" lines or "För Partiet" and names."""
    tail = lines[-12:]
    tail_text = "\n".join(t for _, t in tail)
    named = [p for p in persons(analyse(tail_text))]
    if named:
        return [{"name": p.name, "party": p.party} for p in named]
    for i, (_, text) in enumerate(tail):
        m = FOR_PARTY.match(text.strip())
        if not m:
            continue
        party = _party_code(m.group(1))
        names = " ".join(t for _, t in tail[i + 1 : i + 4])
        return [{"name": n, "party": party} for n in _name_list(names)]
    return []


def _party_code(name: str) -> str | None:
    """Return the code of a party written out ("Centerpartiet" → "C")."""
    lowered = name.lower()
    for full, code in _PARTY_NAMES.items():
        if lowered.startswith(full[:6]):
            return code
    return None


def _name_list(text: str) -> list[str]:
    """Split "A B, C D och E F" into names of two to four capitalised words."""
    names = []
    for part in _AND.split(text):
        words = part.split()
        if 2 <= len(words) <= 4 and all(w[0].isupper() for w in words):
            names.append(" ".join(words))
    return names


def addressee(texts: list[str]) -> str | None:
    """Return the addressee of a "Till …" line in the opening lines."""
    return next((m.group(1) for t in texts[:12] if (m := _ADDRESSEE.match(t))), None)


def dateline(texts: list[str]) -> str | None:
    """Return the date of the last dateline ("Göteborg den 17 oktober 2023"), ISO."""
    for text in reversed(texts):
        m = _DATELINE.match(text.strip())
        dates = find_dates(m.group(1)) if m else []
        if dates and len(dates[0].iso) == 10:
            return dates[0].iso
    return None


def own_dnr(texts: list[str]) -> str | None:
    """Return the first case number in the opening lines, canonical."""
    dnrs = find_dnrs("\n".join(texts[:14]))
    return dnrs[0].key if dnrs else None
