"""Section headings inside paragraphs, tjänsteskrivelser and reports.

A heading is a line of its own ("Yrkanden", "Kommunstyrelsens beslut",
"Beslutet skickas till"); the lines up to the next heading are its section.
Headings are matched OCR-tolerantly and mapped to a canonical section name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extractors.lang.text import ocr_regex

#: Canonical section → headings that open it (whole line, colon optional).
HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": (
        "sammanfattning av ärendet",
        "sammanfattning",
        "ärendet",
        "ärendebeskrivning",
        "beskrivning av ärendet",
        "bakgrund",
    ),
    "underlag": ("beslutsunderlag", "handlingar", "handling", "underlag"),
    "proposed": (
        "förslag till beslut",
        "förvaltningens förslag till beslut",
        "förslag till beslut på sammanträdet",
    ),
    "yrkanden": ("yrkanden", "yrkande", "förslag och yrkanden", "yrkanden och förslag"),
    "proposition": ("propositionsordning", "beslutsgång", "proposition"),
    "vote": ("omröstning", "votering", "omröstningsresultat", "omröstningslista"),
    "decision": ("beslut", "beslutet", "förslag till kommunfullmäktige"),
    "reservation": ("reservation", "reservationer"),
    "notes": (
        "protokollsanteckning",
        "protokollsanteckningar",
        "särskilt yttrande",
        "särskilda yttranden",
    ),
    "jav": ("jäv", "anmälan om jäv", "jävsanmälan"),
    "dispatch": (
        "beslutet skickas till",
        "protokollsutdrag skickas till",
        "expedieras till",
        "beslutet expedieras till",
        "sändlista",
        "expediering",
    ),
    "history": ("tidigare behandling",),
    "other": (
        "ekonomiska konsekvenser",
        "bedömning",
        "finansiering",
        "samråd",
        "uppföljning",
        "konsekvenser",
        "förvaltningens bedömning",
        "ärendets beredning",
    ),
}
#: "Kommunstyrelsens beslut", "Socialnämndens förslag till kommunfullmäktige".
_BODY_DECISION = re.compile(
    r"^[A-ZÅÄÖ][\w\- ]{2,60}?s\s+(?:beslut|förslag till (?:kommun)?fullmäktige"
    r"|förslag till beslut)\s*:?$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _heading_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Return (section, whole-line pattern) pairs, longest heading first."""
    pairs = [(s, h) for s, heads in HEADINGS.items() for h in heads]
    pairs.sort(key=lambda p: -len(p[1]))
    return [
        (section, re.compile(rf"^{ocr_regex(head).pattern}\s*:?$", re.IGNORECASE))
        for section, head in pairs
    ]


def heading_of(line: str) -> str | None:
    """Return the canonical section a heading line opens, or None."""
    text = line.strip()
    if not text or len(text) > 70:
        return None
    for section, pattern in _heading_patterns():
        if pattern.match(text):
            return section
    if _BODY_DECISION.match(text):
        return (
            "proposed" if text.lower().endswith("förslag till beslut") else "decision"
        )
    return None


@dataclass
class Section:
    """The lines under one heading."""

    name: str
    """Canonical section name (see :data:`HEADINGS`); ``"intro"`` before any."""
    heading: str | None
    """The heading as printed."""
    heading_page: int | None = None
    """Page of the heading line."""
    lines: list[tuple[int, str]] = field(default_factory=list)
    """``(page, text)`` of the section's lines."""

    @property
    def text(self) -> str:
        """Return the section's lines joined with newlines."""
        return "\n".join(text for _, text in self.lines)

    @property
    def page(self) -> int | None:
        """Return the page of the heading, else of the first line."""
        if self.heading_page is not None:
            return self.heading_page
        return self.lines[0][0] if self.lines else None


def split_sections(lines: list[tuple[int, str]]) -> list[Section]:
    """Split lines into sections at heading lines."""
    sections = [Section("intro", None)]
    for page, text in lines:
        name = heading_of(text)
        if name:
            sections.append(Section(name, text.strip(), page))
        else:
            sections[-1].lines.append((page, text))
    return sections
