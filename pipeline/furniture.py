"""Page furniture: running headers and footers, page numbers, signature blocks.

Furniture is found, not assumed: a line in the top or bottom zone of a page is
furniture when the same line (digits ignored) stands in that zone on several
pages, or when it has the shape of a page number or a signature block.
"""

from __future__ import annotations

import re
from collections import Counter

from extractors.swedish import find_dnrs

#: How many lines at the top and at the bottom of a page count as its zones.
ZONE = 4

_PAGE_NUMBER = re.compile(
    r"^(?:sida\s*)?[-–]?\s*\d{1,3}\s*(?:\(\s*\d{1,3}\s*\)|av\s+\d{1,3}|/\s*\d{1,3})?\s*[-–]?$",
    re.IGNORECASE,
)
_SIGNATURE_BLOCK = re.compile(
    r"justerandes\s+signum|utdragsbestyrkande|ordförandes\s+signum|"
    r"sekreterarens\s+signum|justerares\s+signum",
    re.IGNORECASE,
)
_RULE = re.compile(r"^[\s\-–—_|=]+$")


def shape(line: str) -> str:
    """Return the line with digits masked and spaces folded, for comparison."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", line)).strip().lower()


def is_furniture_line(line: str) -> bool:
    """Return True for lines that are furniture wherever they stand."""
    stripped = line.strip()
    return bool(
        _PAGE_NUMBER.match(stripped)
        or _SIGNATURE_BLOCK.search(stripped)
        or (stripped and _RULE.match(stripped))
    )


def repeated_shapes(pages: list[list[str]], keep: frozenset[str]) -> set[str]:
    """Return line shapes that recur in the top or bottom zone of several pages.

    Only shapes with some letters and either two words or a number count, so
    a bare date heading two attached papers and a one-word heading ("Beslut")
    that happens to open several pages are kept; lines with a case number are
    kept by :func:`split_furniture`.

    ``keep`` holds shapes that are never furniture (document kind labels such
    as "tjänsteskrivelse", which may head several attached papers).
    """
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        zone = {shape(line) for line in lines[:ZONE] + lines[-ZONE:] if line.strip()}
        counts.update(zone)
    needed = 2 if len(pages) <= 4 else 3
    return {
        s
        for s, n in counts.items()
        if n >= needed
        and s not in keep
        and sum(c.isalpha() for c in s) >= 3
        and (" " in s or "#" in s)
    }


def split_furniture(
    lines: list[str], repeated: set[str]
) -> tuple[list[str], list[str]]:
    """Split one page's lines into (content, furniture)."""
    content: list[str] = []
    furniture: list[str] = []
    last = len(lines)
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        in_zone = i < ZONE or i >= last - ZONE
        repeats = in_zone and shape(line) in repeated and not find_dnrs(line)
        if is_furniture_line(line) or repeats:
            furniture.append(line.strip())
        else:
            content.append(line)
    return content, furniture
