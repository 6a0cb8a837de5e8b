"""Vote tables: Ledamot | Parti | Ja | Nej | Avstår with a mark per member.

A ruled table read by the PDF reader gives each member's vote and the
totals row; the header and cell words come from ``lexicon/votes.toml``.
"""

from __future__ import annotations

import re

from extractors.lang.phrases import Lexicon
from extractors.parts.vote_patterns import VotePatterns, vote_patterns
from extractors.parts.votes import Vote


def vote_columns(header: list[str], lexicon: Lexicon | None = None) -> dict[str, int]:
    """Return ``{vote: column}`` of a vote table's header row."""
    patterns = vote_patterns(lexicon)
    columns: dict[str, int] = {}
    for i, cell in enumerate(c.strip().lower() for c in header):
        vote = _column_vote(patterns, cell)
        if vote is not None:
            columns[vote] = i
    return columns


#: Cell texts remembered per patterns object (:attr:`VotePatterns.heads`).
_HEADS_KEPT = 20000


def _column_vote(patterns: VotePatterns, cell: str) -> str | None:
    """Return the vote of the first column whose header ``cell`` is, or None."""
    known = patterns.heads
    if cell in known:
        return known[cell]
    vote = None
    for column in patterns.columns:
        prefix = column.get("header_prefix")
        if cell == column.get("header") or (prefix and cell.startswith(prefix)):
            vote = column["vote"]
            break
    if len(known) >= _HEADS_KEPT:
        known.clear()
    known[cell] = vote
    return vote


def _is_header(row: list[str], patterns: VotePatterns) -> bool:
    """Return True for a header row with both a ja and a nej column."""
    cells = {c.strip().lower() for c in row}
    heads = {c["vote"]: c.get("header") for c in patterns.columns}
    return heads.get("ja") in cells and heads.get("nej") in cells


def table_vote(
    table: list[list[str]], page: int, lexicon: Lexicon | None = None
) -> Vote | None:
    """Return the vote in a table with Ja / Nej (/ Avstår) columns, if it is one.

    A member's name cell may carry the party ("Anna Ek (S)") and a role
    ("…, ordförande"); a serving substitute's cell, where filled, names who
    voted.
    """
    patterns = vote_patterns(lexicon)
    header_index = next(
        (i for i, row in enumerate(table) if _is_header(row, patterns)), None
    )
    if header_index is None:
        return None
    header = [c.strip().lower() for c in table[header_index]]
    columns = vote_columns(header, lexicon)
    substitute = _column(header, patterns.table.get("substitute_prefixes", []))
    name_col = _column(header, patterns.table["name_prefixes"]) or 0
    party_col = _column(header, patterns.table["party_prefixes"])
    totals = tuple(patterns.table["total_prefixes"])
    records, counts = [], {}
    for row in table[header_index + 1 :]:
        name = _cell(row, substitute) or _cell(row, name_col)
        if not name:
            continue
        marks = {v for v, i in columns.items() if i < len(row) and row[i].strip()}
        if name.lower().startswith(totals):
            counts = {v: _int(row[i]) for v, i in columns.items() if i < len(row)}
            continue
        if len(marks) == 1:
            person, party = _member(name)
            party = _cell(row, party_col) or party
            records.append((person, party or None, marks.pop()))
    return Vote(None, page, counts, records)


def _cell(row: list[str], column: int | None) -> str:
    """Return the stripped cell of ``column`` ("" when absent)."""
    if column is None or column >= len(row):
        return ""
    return (row[column] or "").strip()


def _member(cell: str) -> tuple[str, str | None]:
    """Return the name and party of "Anna Ek (S), ordförande" (name only if none)."""
    text = re.sub(r"\s+", " ", cell)
    m = re.match(r"^(.+?)\s*\(([^()]{1,6})\)", text)
    if m:
        return m.group(1).strip(), m.group(2).strip()
    return text.split(",")[0].strip(), None


def _column(header: list[str], prefixes: list[str]) -> int | None:
    """Return the first column whose header starts with one of ``prefixes``."""
    return next(
        (i for i, h in enumerate(header) if h.startswith(tuple(prefixes))), None
    )


def _int(text: str) -> int | None:
    """Return the integer in a cell, or None."""
    m = re.search(r"\d+", text or "")
    return int(m.group(0)) if m else None


def text_table_vote(
    text: str, page: int, lexicon: Lexicon | None = None
) -> Vote | None:
    """Return the totals of a vote table printed as text, without ruling.

    A header line with ja and nej columns ("Ledamot Parti Ja Nej Avstår") and,
    below it, a totals line ("Summa 6 5 2"): the numbers are the vote columns
    in the header's order. Members' marks cannot be placed without ruling and
    are left out.
    """
    patterns = vote_patterns(lexicon)
    totals = tuple(patterns.table["total_prefixes"])
    order: list[str] = []
    for line in text.splitlines():
        words = line.split()
        if _is_header(words, patterns):
            columns = vote_columns(words, lexicon)
            order = sorted(columns, key=lambda v: columns[v])
        elif order and words and words[0].lower().startswith(totals):
            numbers = [int(n) for n in re.findall(r"(?<![\d/.-])\d{1,3}(?!\d)", line)]
            if 2 <= len(numbers) <= len(order):
                counts: dict[str, int | None] = dict(zip(order, numbers, strict=False))
                return Vote(None, page, counts, [])
    return None


def listed_paragraph(lines: list[str], lexicon: Lexicon | None = None) -> int | None:
    """Return N of a vote list headed "Voteringslista § N" among ``lines``."""
    heads = vote_patterns(lexicon).table_list
    for line in lines:
        m = re.match(rf"\s*{heads}\w*\b[^§]{{0,40}}§\s*(\d+)", line, re.I)
        if m:
            return int(m.group(1))
    return None
