"""Section headings inside paragraphs, tjänsteskrivelser and reports.

A heading is a line of its own ("Yrkanden", "Kommunstyrelsens beslut",
"Beslutet skickas till"); the lines up to the next heading are its section.
Headings come from ``lexicon/sections.toml``; they are matched
OCR-tolerantly and mapped to a canonical section name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from extractors.lang.phrases import Lexicon, any_of, compiled, entries, phrase_pattern

#: A heading line longer than this is prose.
_MAX_HEADING = 70


@dataclass(frozen=True)
class HeadingPatterns:
    """The heading patterns compiled from one sections lexicon."""

    whole: list[tuple[str, re.Pattern[str]]]
    """``(section, pattern)`` of each heading as a line of its own."""
    body: list[tuple[str, re.Pattern[str]]]
    """``(section, pattern)`` of each heading after a body's genitive."""
    to_council: re.Pattern[str]
    """Phrases of a decision that proposes to the council."""
    prefixes: dict[str, re.Pattern[str]]
    """Section → pattern of its headings at the start of a line."""
    anywhere: dict[str, re.Pattern[str]]
    """Section → pattern of its headings anywhere in a text (as printed)."""
    any_heading: re.Pattern[str]
    """Matches a line that :attr:`whole` or :attr:`body` matches: the
    alternatives in their order, the ``i``-th as group ``h{i}``."""
    sections: tuple[str, ...]
    """The section of each alternative of :attr:`any_heading`."""


def heading_patterns(lexicon: Lexicon | None = None) -> HeadingPatterns:
    """Return the patterns of ``lexicon`` (default: ``sections.toml``)."""
    return compiled("sections", _compile, lexicon)


def _compile(lexicon: Lexicon) -> HeadingPatterns:
    """Compile the heading entries of a sections lexicon."""
    heads = sorted(entries(lexicon, "heading"), key=lambda h: -len(h["text"]))
    owner = lexicon["body_owner"]["pattern"]
    whole = [
        (
            h["section"],
            re.compile(
                rf"^{phrase_pattern(h['text'], ocr=True)}{_numbered(h)}\s*:?$", re.I
            ),
        )
        for h in heads
        if h.get("body") != "only"
    ]
    body = [
        (h["section"], re.compile(rf"^{owner}\s+{re.escape(h['text'])}\s*:?$", re.I))
        for h in heads
        if h.get("body") in ("also", "only")
    ]
    council = [h["text"] for h in heads if h.get("to_council")]
    council += [p["text"] for p in entries(lexicon, "to_council")]
    by_section: dict[str, list[str]] = {}
    for h in heads:
        by_section.setdefault(h["section"], []).append(h["text"])
    prefixes = {
        s: re.compile(rf"^{any_of(texts, ocr=True)}\b", re.I)
        for s, texts in by_section.items()
    }
    anywhere = {s: re.compile(any_of(texts), re.I) for s, texts in by_section.items()}
    every = re.compile(
        "|".join(f"(?P<h{i}>{p.pattern})" for i, (_, p) in enumerate(whole + body)),
        re.I,
    )
    return HeadingPatterns(
        whole,
        body,
        re.compile(any_of(council, wrap=False), re.I),
        prefixes,
        anywhere,
        every,
        tuple(section for section, _ in whole + body),
    )


def _numbered(heading: dict[str, Any]) -> str:
    """Return the optional number after a ``numbered`` heading ("Omröstning 2")."""
    return r"(?:\s+(?:nr\.?\s*)?\d{1,2})?" if heading.get("numbered") else ""


def heading_of(line: str, lexicon: Lexicon | None = None) -> str | None:
    """Return the canonical section a heading line opens, or None."""
    text = line.strip()
    if not text or len(text) > _MAX_HEADING:
        return None
    patterns = heading_patterns(lexicon)
    m = patterns.any_heading.match(text)
    if m is None or m.lastgroup is None:
        return None
    # The first alternative that matches, as trying each in turn finds: the
    # group of a whole alternative closes after any group inside it.
    return patterns.sections[int(m.lastgroup[1:])]


def opens_with(line: str, section: str, lexicon: Lexicon | None = None) -> bool:
    """Return True when ``line`` starts with one of ``section``'s headings."""
    pattern = heading_patterns(lexicon).prefixes.get(section)
    return bool(pattern and pattern.match(line.strip()))


def proposes_to_council(text: str, lexicon: Lexicon | None = None) -> bool:
    """Return True when a decision text only proposes to the council."""
    return bool(heading_patterns(lexicon).to_council.search(text))


def mentions(text: str, section: str, lexicon: Lexicon | None = None) -> bool:
    """Return True when ``text`` names one of ``section``'s headings anywhere."""
    pattern = heading_patterns(lexicon).anywhere.get(section)
    return bool(pattern and pattern.search(text))


@dataclass
class Section:
    """The lines under one heading."""

    name: str
    """Canonical section name (``lexicon/sections.toml``); ``"intro"`` before any."""
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


def split_sections(
    lines: list[tuple[int, str]], lexicon: Lexicon | None = None
) -> list[Section]:
    """Split lines into sections at heading lines."""
    sections = [Section("intro", None)]
    for page, text in lines:
        name = heading_of(text, lexicon)
        if name:
            sections.append(Section(name, text.strip(), page))
        else:
            sections[-1].lines.append((page, text))
    return sections
