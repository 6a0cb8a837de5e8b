"""Unruled vote tables read from word positions.

Many protocols print a roll-call vote as an unruled table: a header
"Ledamot  Parti  Ja  Nej  Avstår" and one line per member with an "X" under
the column of their vote. The text layer loses which column an "X" stands
in; the word positions keep it. :func:`vote_grid` rebuilds such a table as
rows of cells, the shape a ruled table has, so the vote-table parser reads
both alike. It imports no PDF library: :mod:`pipeline.read.pdf` gives it the
words of a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from extractors.parts.vote_patterns import vote_patterns
from extractors.parts.vote_tables import vote_columns
from pipeline.read.margin import Box, rows_of

#: Words closer than this (points) belong to one cell ("Anna Ek", "Tjänstgörande
#: ersättare"); a column gap is wider.
CELL_GAP = 6.0
#: A row cell belongs to the column whose left edge is at most this far right of it.
SLACK = 6.0
#: A gap between lines of more than this many line heights ends the table.
MAX_LINE_GAP = 2.5


@dataclass(frozen=True)
class Cell:
    """Adjacent words of one line that form one cell."""

    x0: float
    x1: float
    text: str


def vote_grid(boxes: list[Box]) -> list[list[str | None]] | None:
    """Return the vote table among a page's words as rows of cells, or None."""
    rows_of_words = rows_of(boxes)
    lines = [_cells(line) for line in rows_of_words]
    tops = [min(b.top for b in line) for line in rows_of_words]
    start = next((i for i, cells in enumerate(lines) if _is_header(cells)), None)
    if start is None:
        return None
    header = lines[start]
    lefts = [c.x0 for c in header]
    rows: list[list[str | None]] = [[c.text for c in header]]
    height = _line_height(tops)
    for i in range(start + 1, len(lines)):
        if tops[i] - tops[i - 1] > MAX_LINE_GAP * height:
            break
        row = _place(lines[i], lefts, header[-1].x1)
        if row is None:
            break
        rows.append(row)
    return rows if len(rows) > 1 else None


def may_have_grid(text: str) -> bool:
    """Return True when a page's text has the words of a vote header standing alone.

    :func:`vote_grid` needs a line whose cells are a ja and a nej column
    header; a cell is whole words, so without both words standing alone in
    the text ("ja-röster" does not) there is no vote grid to read.
    """
    words = set(text.lower().split())
    quick = [_stands_alone(words, vote) for vote in ("ja", "nej")]
    if None not in quick:
        return all(quick)
    columns = vote_columns(list(words))  # keys only: any order
    return "ja" in columns and "nej" in columns


def _stands_alone(words: set[str], vote: str) -> bool | None:
    """Return whether one of ``words`` heads the column of ``vote``, asking
    only its header words (not every word of the page); None when a column
    of the vote is headed by a prefix, which any word could start with."""
    heads = _headers(vote)
    return None if heads is None else not heads.isdisjoint(words)


@cache
def _headers(vote: str) -> frozenset[str] | None:
    """Return the words that head the column of ``vote`` (the shipped
    lexicon's, worked out once); None when one of its columns is headed by
    a prefix.

    A word heads the column when it is a header of the vote and no column
    before takes it (:func:`extractors.parts.vote_tables.vote_columns`).
    """
    columns = [c for c in vote_patterns().columns if c.get("vote") == vote]
    if any(column.get("header_prefix") for column in columns):
        return None
    return frozenset(
        head
        for column in columns
        if (head := column.get("header")) and vote_columns([head]).get(vote) == 0
    )


def has_grid_header(boxes: list[Box]) -> bool:
    """Return True when a line of the words is a vote header (:func:`vote_grid`'s)."""
    return any(_is_header(_cells(line)) for line in rows_of(boxes))


def has_vote_header(table: list[list[str | None]]) -> bool:
    """Return True when a table read some other way already has a vote header."""
    for row in table:
        columns = vote_columns([cell or "" for cell in row])
        if "ja" in columns and "nej" in columns:
            return True
    return False


def _cells(line: list[Box]) -> list[Cell]:
    """Merge a line's words into cells split at wide gaps."""
    cells: list[Cell] = []
    for box in line:
        if cells and box.x0 - cells[-1].x1 < CELL_GAP:
            last = cells[-1]
            cells[-1] = Cell(last.x0, box.x1, f"{last.text} {box.text}")
        else:
            cells.append(Cell(box.x0, box.x1, box.text))
    return cells


def _is_header(cells: list[Cell]) -> bool:
    """Return True for a line whose cells name both a ja and a nej column."""
    columns = vote_columns([c.text for c in cells])
    return "ja" in columns and "nej" in columns


def _place(
    cells: list[Cell], lefts: list[float], right: float
) -> list[str | None] | None:
    """Return a row's cells under the header's columns; None for a non-row line.

    A cell that reaches over the next column's start, or stands right of the
    table, is prose: the table has ended.
    """
    row: list[str | None] = [""] * len(lefts)
    for cell in cells:
        column = max(
            (i for i, left in enumerate(lefts) if left <= cell.x0 + SLACK), default=0
        )
        next_left = lefts[column + 1] if column + 1 < len(lefts) else right + 40
        if cell.x1 > next_left + SLACK or cell.x0 > right + 40:
            return None
        row[column] = f"{row[column] or ''} {cell.text}".strip()
    return row


def _line_height(tops: list[float]) -> float:
    """Return the usual distance between lines (the median gap)."""
    gaps = sorted(b - a for a, b in zip(tops, tops[1:], strict=False) if b > a)
    return gaps[len(gaps) // 2] if gaps else 12.0
