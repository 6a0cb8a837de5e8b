"""Yrkanden: a party's or member's written proposal to a body.

A written yrkande (Swedish: a formal proposal put in writing before a
meeting) names its kind and the parties behind it at the top ("Yrkande
Sverigedemokraterna", "Yrkande Moderaterna, Liberalerna,"), then its date
and case ("Datum 2025-08-18 Ärende nr SLK-2025-00345"), a subject
("Yrkande angående …"), the proposed decision (numbered points, att-satser
or one sentence after "Förslag till beslut") and reasons; it may be signed
by names ("Anna Berg (S)"). The proposals are read like a motion's
(:func:`extractors.kinds.motion.clauses`), the signatories as on any paper
signed by members.
"""

from __future__ import annotations

import re

from extractors.core.spec import KindSpec
from extractors.core.tables import Rows, Source, Table
from extractors.kinds.motion import clauses
from extractors.lang.parties import PARTIES, normalise_party, party_list
from extractors.lang.phrases import phrase_regex, words_regex
from extractors.lexicon import load
from extractors.parts.signatures import own_dnr, signatories

NAME = "yrkande"
VERSION = "v1"

TABLES = (
    Table(
        "yrkanden",
        {
            "id": str,
            "title": str,
            "date": str,
            "dnr": str,
            "proposed_by": str,
            "party": str,
            "page": int,
        },
    ),
    Table(
        "yrkande_signatories",
        {"id": str, "yrkande_id": str, "name": str, "party": str},
    ),
    Table(
        "yrkande_clauses",
        {"id": str, "yrkande_id": str, "number": int, "text": str, "page": int},
    ),
)

_LABEL = re.compile(rf"^{phrase_regex(NAME, space=' ')}\b\s*(.*)$", re.IGNORECASE)
_LEXICON = load("motions")["yrkande"]
_PROPOSAL = re.compile(phrase_regex(_LEXICON["proposal"]), re.IGNORECASE)
_REASONS = re.compile(rf"^(?:{words_regex(_LEXICON['reasons'])})\b", re.IGNORECASE)
#: Party name → code ("Sverigedemokraterna" → "SD").
_CODES = {name.lower(): code for code, name in reversed(PARTIES.items())}
#: Lines after the label line that may carry on its list of parties.
_PARTY_LINES = 2


def extract(source: Source) -> Rows:
    """Return the yrkande with who proposes it and its proposals."""
    lines = source.lines
    texts = [t.strip() for _, t in lines]
    groups = proposers(texts[: source.layout.document_header_lines])
    signers = signatories(lines)
    codes = [_CODES.get(g.lower()) or normalise_party(g) for g in groups] or [
        s["party"] for s in signers if s["party"]
    ]
    codes = list(dict.fromkeys(codes))
    row = {
        "id": "yrkande",
        "title": source.title,
        "date": source.date,
        "dnr": own_dnr(texts),
        "proposed_by": ", ".join(groups) or None,
        "party": ", ".join(codes) or None,
        "page": lines[0][0] if lines else None,
    }
    return {
        "yrkanden": [row],
        "yrkande_signatories": [
            {"id": f"s{i}", "yrkande_id": "yrkande", **s} for i, s in enumerate(signers)
        ],
        "yrkande_clauses": [
            {"id": f"c{n}", "yrkande_id": "yrkande", "number": n, "text": t, "page": p}
            for n, (p, t) in enumerate(proposals(lines), start=1)
        ],
    }


def proposers(texts: list[str]) -> list[str]:
    """Return the parties named after the label ("Yrkande M, L och KD"), as printed.

    The list may wrap onto the next lines ("Demokraterna med instämmande av
    Kristdemokraterna").
    """
    for i, text in enumerate(texts):
        m = _LABEL.match(text)
        if not m:
            continue
        found = party_list(m.group(1).strip(" ,"))
        if not found:
            continue
        for more in texts[i + 1 : i + 1 + _PARTY_LINES]:
            extra = party_list(more.strip(" ,"))
            if not extra:
                break
            found += extra
        return found
    return []


def proposals(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Return the proposed decisions with their pages.

    They follow "Förslag till beslut" (wherever it stands, also split over
    two lines) up to the heading of the reasons ("Yrkandet"): numbered
    points or att-satser (read as a motion's), else the first sentence
    ("Bifalla motionen"). Without that phrase, the att-satser anywhere.
    """
    window = _proposal_window(lines)
    if window is None:
        return clauses(lines)
    if window and window[0][1].rstrip().endswith(":"):
        window = window[1:]  # "I kommunstyrelsen och kommunfullmäktige:"
    found = clauses(window, proposing=True)
    if found:
        return found
    text = " ".join(t for _, t in window).strip()
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return [(window[0][0], sentence)] if sentence else []


def _proposal_window(lines: list[tuple[int, str]]) -> list[tuple[int, str]] | None:
    """Return the lines after "Förslag till beslut" up to the reasons heading."""
    joined, starts = "", []
    for _, text in lines:
        starts.append(len(joined))
        joined += text.strip() + " "
    m = _PROPOSAL.search(joined)
    if not m:
        return None
    first = max(i for i, start in enumerate(starts) if start <= m.end())
    rest = joined[m.end() : starts[first + 1] if first + 1 < len(starts) else None]
    rest = rest.lstrip(" :").rstrip()
    window = [(lines[first][0], rest)] if rest else []
    for page, text in lines[first + 1 :]:
        if _REASONS.match(text.strip()):
            break
        window.append((page, text.strip()))
    return window


SPEC = KindSpec(
    name=NAME,
    version=VERSION,
    description="Yrkande: a party's or member's written proposal to a body.",
    labels=(NAME,),
    keywords=(("yrkandet", 2), ("yrkande angående", 3)),
    priority=5,
    tables=TABLES,
    extract=extract,
)
