"""Tjänsteskrivelser (officer's reports): the proposed decision and its commissions.

A tjänsteskrivelse proposes decisions ("Förslag till beslut", numbered);
the commissions among them are kept with stage "forslag".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from extractors.core.spec import KindSpec
from extractors.core.tables import Rows, Source
from extractors.lang.phrases import phrase_regex
from extractors.lang.text import fold
from extractors.lexicon import load
from extractors.parts.commissions import TABLE as COMMISSIONS
from extractors.parts.commissions import commissions
from extractors.parts.sections import heading_of

NAME = "tjansteskrivelse"
VERSION = "v2"
TABLES = (COMMISSIONS,)


def proposal_head(lexicon: Mapping[str, Any]) -> re.Pattern[str]:
    """Return the pattern of a heading that opens the proposed decision.

    ``lexicon`` is ``load("proposal_heads")`` or a variant. The pattern is
    matched on folded text, so OCR-damaged diacritics are tolerated:
    "Förslag till beslut", "Förslag till socialnämndens beslut", "Kontorets
    förslag till nämnden".
    """
    heads = []
    for entry in lexicon["officer_head"]:
        words = " ".join(w if w == "…" else fold(w) for w in entry["text"].split())
        genitive = "s " if entry.get("genitive") else ""
        heads.append(
            f".{{0,{entry['before']}}}{genitive}{phrase_regex(words, space=' ')}"
        )
    return re.compile(rf"^(?:{'|'.join(heads)})\s*:?\s*$")


_PROPOSAL_HEAD = proposal_head(load("proposal_heads"))


def extract(source: Source) -> Rows:
    """Return the commissions proposed in a tjänsteskrivelse."""
    return {"commissions": proposed_commissions(source)}


def proposed_commissions(source: Source) -> list[dict[str, Any]]:
    """Return the commissions under a paper's proposed decision, stage "forslag".

    Also read in yttranden, which propose decisions the same way.
    """
    found = []
    capture = False
    for page, text in source.lines:
        stripped = text.strip()
        if _PROPOSAL_HEAD.match(fold(stripped)):
            capture = True
            continue
        if capture and (heading_of(stripped) or not stripped):
            capture = False
        if capture:
            found.append((page, stripped))
    rows = []
    for page, text in _sentences(found):
        rows += commissions(text, page, "forslag", date=source.date)
    return [{"id": f"c{i}", "paragraph_id": None, **r} for i, r in enumerate(rows)]


def _sentences(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Join wrapped lines into numbered points or sentences, with their page."""
    joined: list[tuple[int, str]] = []
    for page, text in lines:
        starts = re.match(r"^(?:[-•]\s*)?\d{1,2}[.)]?\s", text) or not joined
        if starts or joined[-1][1].rstrip().endswith("."):
            joined.append((page, re.sub(r"^(?:[-•]\s*)?\d{1,2}[.)]?\s+", "", text)))
        else:
            joined[-1] = (joined[-1][0], joined[-1][1] + "\n" + text)
    return joined


SPEC = KindSpec(
    name=NAME,
    version=VERSION,
    description="Tjänsteskrivelse or tjänsteutlåtande: the officers' report.",
    labels=("tjänsteskrivelse", "tjänsteutlåtande", "tjänsteutlatande"),
    keywords=(
        ("förslag till beslut", 3),
        ("förslag till … beslut", 3),
        ("sammanfattning av ärendet", 2),
        ("beslutet skickas till", 2),
        ("beslutsunderlag", 2),
        ("ärendet", 1),
        ("handläggare", 2),
        ("bedömning", 1),
        ("tjänsteskrivelse", 2),
        ("tjänsteutlåtande", 2),
        ("ekonomiska konsekvenser", 2),
        ("förvaltningens förslag", 2),
    ),
    priority=5,
    tables=TABLES,
    extract=extract,
)
