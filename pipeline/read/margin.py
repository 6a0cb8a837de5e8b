"""Left-margin label columns, found from word positions.

Many protocol templates print section labels ("Beslut", "Yrkanden",
"Förslag till beslut på sammanträdet", "Plats och tid") in a narrow column
left of the body text, on the same baselines as the body. Plain text
extraction then runs label and body together ("Förslag till beslut på Anna
Andersson (S): Bifall …" / "sammanträdet kommunstyrelsens förslag.").

This module is pure geometry over :class:`Box` values (no PDF library): it
finds the body's dominant left edge, decides whether the page has a label
column left of it, and writes each label as its own line (wrapped fragments
joined) followed by the body lines beside it, in reading order.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

MM = 72 / 25.4
#: The body column stands at least this far right of the label column.
MIN_INDENT = 20 * MM
#: ... and the label column is at most this share of the page width.
MAX_LABEL_SHARE = 0.45
#: A gutter between label and body is at least this wide.
MIN_GUTTER = 3 * MM
#: Words whose left edges differ by less than this share an edge.
EDGE_TOLERANCE = 2.5
#: A label fragment has at most this many words.
MAX_LABEL_WORDS = 8


@dataclass(slots=True)
class Box:
    """A word (or text run) on a page, in points from the top-left corner.

    Not frozen, as :class:`pipeline.read.chars.Char` is not: one is built
    for every word and text run read, and nothing changes one once built.
    """

    x0: float
    """Left edge."""
    x1: float
    """Right edge."""
    top: float
    """Top edge."""
    bottom: float
    """Bottom edge."""
    text: str
    """The text it holds."""
    bold: bool = False
    """True when the font is a bold face."""


@dataclass(frozen=True)
class Row:
    """One baseline of a page split at the label column's gutter."""

    label: list[Box]
    """Words left of the gutter (a label fragment), empty when none."""
    body: list[Box]
    """Words of the body column (or the whole line when it is not split)."""


def row_key(box: Box) -> tuple[int, float]:
    """Return the order in which :func:`rows_of` takes the boxes (rounded
    top, then left edge)."""
    return round(box.top), box.x0


def rows_of(boxes: list[Box]) -> list[list[Box]]:
    """Group boxes into lines (shared vertical extent), top to bottom, left to right.

    The order of ``boxes`` counts only through their stable sort by
    :func:`row_key` (boxes with one key in their given order).
    """
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=row_key):
        middle = (box.top + box.bottom) / 2
        for line in lines:
            if line[0].top <= middle <= line[0].bottom:
                line.append(box)
                break
        else:
            lines.append([box])
    lines.sort(key=lambda line: min(b.top for b in line))
    return [sorted(line, key=lambda b: b.x0) for line in lines]


def body_edge(lines: list[list[Box]], width: float) -> float | None:
    """Return the body column's left edge when a label column stands left of it."""
    starts = [line[0].x0 for line in lines] + [
        box.x0
        for line in lines
        for before, box in zip(line, line[1:], strict=False)
        if box.x0 - before.x1 >= MIN_GUTTER
    ]
    if not starts:
        return None
    left = min(line[0].x0 for line in lines)
    if not any(_indented(x - left, width) for x in starts):
        return None  # the edge is one of the starts: none could be
    ordered = sorted(starts)
    counts = {x: _near(x, ordered) for x in set(starts)}
    best = max(counts.values())
    edge = min(x for x, n in counts.items() if n == best)
    return edge if _indented(edge - left, width) else None


def _indented(indent: float, width: float) -> bool:
    """Return True when a body edge this far right of the page's text could
    stand right of a label column."""
    return not (indent < MIN_INDENT or indent > width * MAX_LABEL_SHARE)


def _near(x: float, ordered: list[float]) -> int:
    """Return how many of ``ordered`` (sorted) lie within EDGE_TOLERANCE of ``x``.

    Counted by bisection (every start compared with every other was over a
    million comparisons on a 1,000-page file); only the few starts right at
    the tolerance's edge are compared as before, so the count is the same.
    """
    tolerance, eps = EDGE_TOLERANCE, 1e-6
    outer_lo = bisect.bisect_left(ordered, x - tolerance - eps)
    inner_lo = bisect.bisect_left(ordered, x - tolerance + eps)
    inner_hi = bisect.bisect_right(ordered, x + tolerance - eps)
    outer_hi = bisect.bisect_right(ordered, x + tolerance + eps)
    edges = ordered[outer_lo:inner_lo] + ordered[inner_hi:outer_hi]
    return inner_hi - inner_lo + sum(abs(x - y) <= tolerance for y in edges)


def split_row(line: list[Box], edge: float) -> Row:
    """Split a line at a gutter just before ``edge`` (whole line as body if none).

    The body part must start at the edge; a line left of the edge only is
    all label (a wrapped fragment, judged by :func:`margin_rows`).
    """
    for i, box in enumerate(line):
        if box.x0 >= edge - EDGE_TOLERANCE:
            at_edge = box.x0 <= edge + EDGE_TOLERANCE
            if i and at_edge and box.x0 - line[i - 1].x1 >= MIN_GUTTER:
                return Row(line[:i], line[i:])
            return Row([], line)
    if line[-1].x1 < edge - MIN_GUTTER:
        return Row(line, [])
    return Row([], line)


def is_label(words: list[Box]) -> bool:
    """Return True for a short fragment that starts with a letter."""
    count = sum(len(box.text.split()) for box in words)
    return 0 < count <= MAX_LABEL_WORDS and words[0].text[:1].isalpha()


def margin_rows(
    boxes: list[Box], width: float, *, weigh_bold: bool = True
) -> list[Row] | None:
    """Return the page's rows split at its label column, or None without one.

    A page needs a body edge with at least three lines on it and label
    fragments beside body text; most text left of the edge must be label-like
    (a table's first column of dates or numbers is not). Labels in bold
    beside plain text make a column; otherwise it takes two labels beside at
    most half of the body lines (a second text column fills most rows).
    ``weigh_bold=False`` skips the last two tests (a first look from text
    runs, which carry no font, deciding whether to read the words).
    """
    lines = rows_of(boxes)
    edge = body_edge(lines, width) if len(lines) >= 3 else None
    if edge is None:
        return None
    rows: list[Row] = []
    beside = 0
    for line in lines:
        row = split_row(line, edge)
        beside += bool(row.body and any(c.isalnum() for b in row.label for c in b.text))
        alone = row.label and not row.body
        if not is_label(row.label) or (alone and not _continues(row, rows)):
            row = Row([], line)
        rows.append(row)
    labels = [row.label for row in rows if row.label and row.body]
    at_edge = sum(
        1 for row in rows if any(abs(b.x0 - edge) <= EDGE_TOLERANCE for b in row.body)
    )
    if at_edge < 3 or not labels or len(labels) * 2 < beside:
        return None
    if not weigh_bold:
        return rows
    bold = all(box.bold for label in labels for box in label)
    if bold and not all(box.bold for row in rows for box in row.body):
        return rows
    return rows if len(labels) >= 2 and beside * 2 <= at_edge else None


def _joined(words: list[Box]) -> str:
    return " ".join(box.text.strip() for box in words)


def _continues(row: Row, before: list[Row]) -> bool:
    """Return True when ``row``'s label fragment wraps the one just before it."""
    if not before or not before[-1].label:
        return False
    last, first = before[-1].label[0], row.label[0]
    return first.text[:1].islower() and first.top - last.bottom < last.bottom - last.top


def label_text(boxes: list[Box], width: float) -> str | None:
    """Return the page text rebuilt from its words, None without a label column."""
    rows = margin_rows(boxes, width)
    return margin_text(rows) if rows else None


def margin_text(rows: list[Row]) -> str:
    """Return page text: each label on its own line before the body lines beside it."""
    out: list[str] = []
    label: list[str] = []
    bodies: list[str] = []
    for i, row in enumerate(rows):
        if row.label and _continues(row, rows[:i]):
            label.append(_joined(row.label))
        else:
            out += ([" ".join(label)] if label else []) + bodies
            label = [_joined(row.label)] if row.label else []
            bodies = []
        if row.body:
            (bodies if label else out).append(_joined(row.body))
    out += ([" ".join(label)] if label else []) + bodies
    return "\n".join(out)
