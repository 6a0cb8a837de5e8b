"""Who signed or is addressed: signatories, "Till …" lines, a paper's own case number.

Shared by motions and interpellations (and any paper signed by members), and
the signature lines of a protocol's front page (chair, secretary, justerare).
"""

from __future__ import annotations

import re
from typing import Any

from extractors.lang.dates import find_dates
from extractors.lang.dnr import find_dnrs
from extractors.lang.nlp import analyse, persons
from extractors.lang.parties import PARTIES
from extractors.lang.phrases import Lexicon, any_of, entries
from extractors.lexicon import load
from extractors.parts.attendance import named, strip_leaders

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


#: The meeting fields a protocol's signature lines name.
_SIGNED = ("chair", "secretary", "justerare")


def signing(
    lines: list[tuple[int, str]], lexicon: Lexicon | None = None
) -> dict[str, str]:
    """Return chair, secretary and justerare from a protocol's signature lines.

    "Underskrifter Sekreterare ……… Paragrafer 150–170" and "Ordförande ………"
    lines, the names on the lines below, in the order of the labels; or the
    name on the label's own line. The first name found per field wins.
    """
    found: dict[str, str] = {}
    label, prefix = _signing_patterns(lexicon)
    pending: list[str] = []
    carried: list[str] = []
    for _, text in lines:
        line = prefix.sub("", text.strip())
        hits = list(label.finditer(line)) if label.match(line) else []
        if hits:
            pending, carried = _signed_on_line(line, hits, found, lexicon)
            continue
        names = carried + named(strip_leaders(line), lexicon)
        for field, name in _assign(pending, names):
            found.setdefault(field, name)
        pending, carried = [], []
    for field, name in _assign(pending, carried):
        found.setdefault(field, name)
    return found


def _signed_on_line(
    line: str, hits: list[re.Match[str]], found: dict[str, str], lexicon: Lexicon | None
) -> tuple[list[str], list[str]]:
    """Read the names beside the labels of one line; return the labels left bare.

    A label followed by prose ("Ordförande ställer proposition …") is no
    signature line: it is neither read nor left waiting for a name. Names
    after the last of several bare labels ("Ordförande Justerande Eva Ek
    (MP)") are the first of those labels' names, in order: returned carried.
    """
    pending: list[str] = []
    for hit, nxt in zip(hits, [*hits[1:], None], strict=True):
        value = strip_leaders(line[hit.end() : nxt.start() if nxt else None])
        field = _field_of(hit.group(0), lexicon)
        names = named(value, lexicon)
        if names and pending and nxt is None:
            return [*pending, field], names
        if names:
            found.setdefault(field, _joined(field, names))
        elif not value:
            pending.append(field)
    return pending, []


def _joined(field: str, names: list[str]) -> str:
    """Return the justerare joined, or the one chair or secretary."""
    return ", ".join(names) if field == "justerare" else names[0]


def _assign(fields: list[str], names: list[str]) -> list[tuple[str, str]]:
    """Pair the labels of a signature line with the names printed under them."""
    if not fields or not names:
        return []
    if len(fields) == 1:
        return [(fields[0], _joined(fields[0], names))]
    if len(names) == 1 and len(names[0].split()) == 2 * len(fields):
        words = names[0].split()  # "Anna Andersson Jonas Ek" under two labels
        names = [" ".join(words[i : i + 2]) for i in range(0, len(words), 2)]
    return list(zip(fields, names, strict=False))


def _signing_patterns(
    lexicon: Lexicon | None,
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Return the signature-label and "Underskrifter" patterns of ``lexicon``."""
    data = lexicon or load("meeting")
    labels = [f["label"] for f in entries(data, "field") if f["field"] in _SIGNED]
    prefixes = [p["text"] for p in entries(data, "signing_prefix")]
    return (
        re.compile(rf"(?<!\w){any_of(labels)}(?!\w)\s*:?", re.I),
        re.compile(rf"^{any_of(prefixes)}\s*:?\s+(?=\w)", re.I),
    )


def _field_of(label: str, lexicon: Lexicon | None) -> str:
    """Return the meeting field of a signature label as printed."""
    data = lexicon or load("meeting")
    wanted = " ".join(label.lower().rstrip(":").split())
    return next(
        f["field"] for f in entries(data, "field") if f["label"] == wanted.strip()
    )
