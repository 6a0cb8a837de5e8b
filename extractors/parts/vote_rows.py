"""The votes of a protocol as rows: prose counts, vote tables and vote lists.

Finds, per paragraph, the votes counted in prose (:mod:`.votes`) or in a vote
table (:mod:`.vote_tables`), and gives each ruled table to its paragraph:
the one its list heading names ("Voteringslista § 45") or the last one with a
vote and no count of its own.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from extractors.core.tables import Rows, Source
from extractors.parts.paragraphs import ParagraphBlock, merged_tables
from extractors.parts.sections import Section, heading_of, mentions
from extractors.parts.vote_tables import (
    listed_paragraph,
    table_vote,
    text_table_vote,
)
from extractors.parts.votes import Vote, prose_votes


def vote_runs(sections: list[Section]) -> list[Section]:
    """Return ``sections`` with each run of vote sections joined into one.

    "Omröstning" (the question, the lists) and "Omröstningsresultat" (the
    count) are one vote; the later headings stay in the text as lines, where
    :func:`~extractors.parts.votes.prose_votes` cuts at those that open a vote
    ("Omröstning 2").
    """
    runs: list[Section] = []
    for section in sections:
        if runs and section.name == runs[-1].name == "vote":
            head = [(section.page or 0, section.heading or "")]
            runs[-1].lines = runs[-1].lines + head + section.lines
        else:
            runs.append(
                Section(
                    section.name,
                    section.heading,
                    section.heading_page,
                    list(section.lines),
                )
            )
    return runs


def section_votes(rows: Rows, key: str, text: str, page: int, ruled: bool) -> None:
    """Add the votes counted in a section's prose, else in a vote table as text."""
    votes = prose_votes(text, page)
    for vote in votes:
        add_vote(rows, key, vote, "prose")
    totals = None if votes or ruled else text_table_vote(text, page)
    if totals is not None:
        add_vote(rows, key, totals, "text table")


def ruled(source: Source, block: ParagraphBlock) -> bool:
    """Return True when a ruled table stands on a page of the paragraph."""
    return any(page in source.tables for page, _ in block.lines)


def table_votes(
    blocks: list[ParagraphBlock], keys: list[str], source: Source, rows: Rows
) -> None:
    """Give each vote table to its paragraph's vote.

    A table belongs to the paragraph its list heading names ("Voteringslista
    § 45", often in an annex). Else its members go to the vote counted in
    prose without names whose counts they reproduce, in a paragraph starting
    on or before the table's page; else the table is the vote of the last
    such paragraph that speaks of a vote and has none. A table continued over
    a page break (same header row) is read as one.
    """
    voted = {r["paragraph_id"] for r in rows["votes"]}
    numbered = {b.number: k for b, k in zip(blocks, keys, strict=True)}
    candidates = [
        (block.lines[0][0], key)
        for block, key in zip(blocks, keys, strict=True)
        if _has_vote_section(block) or _mentions_vote(block)
    ]
    for page, table in merged_tables(source.tables):
        found = table_vote(table, page)
        if found is None or not found.records:
            continue
        listed = listed_paragraph([t for p, t in source.lines if p == page])
        if listed in numbered:
            _give(rows, numbered[listed], found)
            continue
        owners = [key for start, key in candidates if start <= page]
        vote = _bare(rows, owners, found, matching=True)
        unvoted = [key for key in owners if key not in voted]
        if vote is not None:
            _merge(rows, vote, found)
        elif unvoted:
            add_vote(rows, unvoted[-1], found, "table")


def _give(rows: Rows, key: str, found: Vote) -> None:
    """Give a listed table to paragraph ``key``: to a vote without names, or as one."""
    vote = _bare(rows, [key], found, matching=True) or _bare(rows, [key], found)
    if vote is not None:
        _merge(rows, vote, found)
    elif not any(v["paragraph_id"] == key for v in rows["votes"]):
        add_vote(rows, key, found, "table")


def _bare(
    rows: Rows, keys: list[str], found: Vote, matching: bool = False
) -> dict[str, Any] | None:
    """Return the first vote without names of the last of ``keys`` that has one.

    With ``matching``, only a vote whose ja and nej counts equal the table's.
    """
    named = {r["vote_id"] for r in rows["vote_records"]}
    marks = Counter(r[2] for r in found.records)
    for key in reversed(keys):
        for vote in rows["votes"]:
            if vote["paragraph_id"] != key or vote["id"] in named:
                continue
            if not matching or (vote["yes"], vote["no"]) == (marks["ja"], marks["nej"]):
                return vote
    return None


def _merge(rows: Rows, vote: dict[str, Any], found: Vote) -> None:
    """Give a table's members to a vote counted in prose, keeping its counts."""
    counts = {"ja": vote["yes"], "nej": vote["no"], "avstar": vote["abstain"]}
    counts["franvarande"] = vote["absent"]
    merged = Vote(vote["question"], vote["page"], counts, found.records)
    vote.update({k: v for k, v in merged.row().items() if k != "page"})
    _add_records(rows, vote["id"], merged)


def _has_vote_section(block: ParagraphBlock) -> bool:
    """Return True when the paragraph has an Omröstning / Votering heading."""
    return any(heading_of(t) == "vote" for _, t in block.lines)


def _mentions_vote(block: ParagraphBlock) -> bool:
    """Return True when a paragraph speaks of a roll-call vote."""
    return any(mentions(t, "vote") for _, t in block.lines)


def add_vote(rows: Rows, key: str, vote: Vote, source: str) -> None:
    """Append a vote and its named records."""
    n = sum(1 for r in rows["votes"] if r["paragraph_id"] == key)
    vote_id = f"{key}/v{n}"
    rows["votes"].append(
        {"id": vote_id, "paragraph_id": key, "source": source, **vote.row()}
    )
    _add_records(rows, vote_id, vote)


def _add_records(rows: Rows, vote_id: str, vote: Vote) -> None:
    """Append the named records of a vote."""
    for i, (name, party, choice) in enumerate(vote.records):
        rows["vote_records"].append(
            {
                "id": f"{vote_id}/{i}",
                "vote_id": vote_id,
                "name": name,
                "party": party,
                "vote": choice,
            }
        )
