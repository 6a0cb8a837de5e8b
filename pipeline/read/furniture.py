"""Page furniture: running headers and footers, page numbers, signature blocks.

Furniture is found, not assumed: a line in the top or bottom zone of a page is
furniture when the same line (digits ignored) stands in that zone on several
pages, or when it has the shape of a page number or a signature block.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from extractors.core.layout import DEFAULT, LayoutProfile
from extractors.lang.bodies import find_body
from extractors.lang.dnr import find_dnrs
from extractors.lang.structure import (
    may_hold_signature_field,
    page_number,
    signature_block,
)

_RULE = re.compile(r"^[\s\-–—_|=]+$")


#: Initials standing alone ("AA", "B.B."): signed by hand, they differ per page.
_INITIALS = re.compile(r"(?<!\S)(?:[A-ZÅÄÖ]\.?){1,3}(?!\S)")


def shape(line: str) -> str:
    """Return the line with digits and initials masked, spaces folded.

    "Justerandes sign AA BB" and "Justerandes sign CD BB" on two pages have
    one shape, as have "11 (68)" and "12 (68)".
    """
    masked = _INITIALS.sub("@", re.sub(r"\d+", "#", line))
    return re.sub(r"\s+", " ", masked).strip().lower()


_DIGIT = re.compile(r"\d")


def _numbered(line: str) -> bool:
    """Return True when the shape of ``line`` has a "#" (cheaper than the shape)."""
    return "#" in line or _DIGIT.search(line) is not None


def is_furniture_line(line: str, fields: bool = True) -> bool:
    """Return True for lines that are furniture wherever they stand.

    ``fields`` False says the line's page holds no signature field (see
    :func:`~extractors.lang.structure.may_hold_signature_field`).
    """
    stripped = line.strip()
    return bool(
        page_number().match(stripped)
        or (fields and signature_block().search(stripped))
        or (stripped and _RULE.match(stripped))
    )


@dataclass(frozen=True)
class PageShapes:
    """What one page brings to the count of running lines (see :func:`running`)."""

    outer: frozenset[str]
    """Shapes of the lines within reach of the page's top or bottom."""
    top: str | None
    """Shape of a one-word body header opening the page ("KOMMUNSTYRELSEN")."""


@dataclass(frozen=True)
class Running:
    """A file's running lines: shapes set apart as furniture, and page headers."""

    repeated: frozenset[str]
    """Shapes that recur at the top or bottom of several pages."""
    tops: tuple[str | None, ...]
    """Every page's :attr:`PageShapes.top`, in page order."""

    def named_before(self, index: int) -> set[str]:
        """Return the body headers opening the pages before the ``index``-th."""
        return {top for top in self.tops[:index] if top}


def repeated_shapes(
    pages: list[list[str]], keep: frozenset[str], layout: LayoutProfile = DEFAULT
) -> set[str]:
    """Return line shapes that recur at the top or bottom of several pages.

    A shape with a number in it ("Sida # av #", "Stadsrevisionen, … # (#)")
    may stand anywhere in the outer ``furniture_zone`` lines of the layout;
    one without a number ("Granviks kommun | Äldrenämnden") must be one of the
    ``furniture_edge`` lines at the very top or bottom, so the opening lines
    that several attached papers share ("Till Granviks kommunfullmäktige")
    stay content. Only shapes with letters and two words or a number count;
    lines with a case number are kept by :func:`split_furniture`.

    ``keep`` holds shapes that are never furniture (document kind labels such
    as "tjänsteskrivelse", which may head several attached papers).
    """
    shapes = [page_shapes(lines, layout) for lines in pages]
    return set(running(shapes, keep).repeated)


def page_shapes(lines: list[str], layout: LayoutProfile = DEFAULT) -> PageShapes:
    """Return the shapes one page (its non-blank lines) adds to the file's counts.

    Pages are shaped apart (in page ranges, by helper processes) and
    counted together by :func:`running`.
    """
    zone = max(layout.furniture_zone, layout.furniture_edge)
    outer = lines[:zone] + lines[max(zone, len(lines) - zone) :]
    first = range(min(zone, len(lines)))
    indexes = [*first, *range(max(zone, len(lines) - zone), len(lines))]
    found = frozenset(
        shape(line)
        for i, line in zip(indexes, outer, strict=True)
        if line.strip() and _in_reach(i, len(lines), _numbered(line), layout)
    )
    top = shape(lines[0]) if lines and _body_word(lines[0]) else None
    return PageShapes(found, top)


def running(shapes: list[PageShapes], keep: frozenset[str]) -> Running:
    """Return the running lines of a file from every page's shapes, in page order.

    See :func:`repeated_shapes`.
    """
    tops = tuple(page.top for page in shapes)
    if len(shapes) < 2:
        return Running(frozenset(), tops)
    counts = Counter(s for page in shapes for s in page.outer)
    needed = 2 if len(shapes) <= 4 else 3
    heads = Counter(top for top in tops if top)
    repeated = {
        s
        for s, n in counts.items()
        if n >= needed
        and s not in keep
        and sum(c.isalpha() for c in s) >= 3
        and (" " in s or "#" in s)
    } | {s for s, n in heads.items() if n >= needed and 2 * n >= len(shapes)}
    return Running(frozenset(repeated), tops)


def _body_word(line: str) -> bool:
    """Return True for a line that is one word naming a body ("KOMMUNSTYRELSEN").

    Printed alone at the top of most pages it is a running header; it counts
    only as the first line of a page, and not where it first heads a page
    (see :func:`split_furniture`).
    """
    word = line.strip()
    return bool(word) and " " not in word and find_body(word) is not None


def _in_reach(index: int, count: int, numbered: bool, layout: LayoutProfile) -> bool:
    """Return True when line ``index`` of ``count`` may be a running line."""
    reach = layout.furniture_zone if numbered else layout.furniture_edge
    return index < reach or index >= count - reach


def split_furniture(
    lines: list[str],
    repeated: AbstractSet[str],
    layout: LayoutProfile = DEFAULT,
    named: set[str] | None = None,
) -> tuple[list[str], list[str]]:
    """Split one page's lines into (content, furniture).

    ``named`` collects, across the pages of a file, the one-word body
    headers already kept once: the first page a body's name heads stays
    content (it names the body of the document opening there), later ones
    are furniture.
    """
    content: list[str] = []
    furniture: list[str] = []
    fields = may_hold_signature_field("\n".join(lines))
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if _body_word(line):
            form = shape(line)
            reach = i == 0 and named is not None and form in named
            if named is not None and i == 0:
                named.add(form)
        else:
            reach = _in_reach(i, len(lines), _numbered(line), layout)
        repeats = reach and shape(line) in repeated and not find_dnrs(line)
        if is_furniture_line(line, fields) or repeats:
            furniture.append(line.strip())
        else:
            content.append(line)
    if not content and furniture and _body_word(furniture[0]):
        content.append(furniture.pop(0))  # keeps an otherwise empty page in place
    return content, furniture
