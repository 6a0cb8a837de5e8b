"""The votes of a protocol as rows: prose counts, vote tables and vote lists.

Finds, per paragraph, the votes counted in prose (:mod:`.votes`) or in a vote
table (:mod:`.vote_tables`), and gives each ruled table to its paragraph:
the one its list heading names ("Voteringslista § 45") or the last one with a
vote and no count of its own.
"""

from __future__ import annotations

from extractors.core.tables import Rows, Source
from extractors.parts.paragraphs import ParagraphBlock, merged_tables
from extractors.parts.sections import heading_of, mentions
from extractors.parts.vote_tables import (
    listed_paragraph,
    table_vote,
    text_table_vote,
)
from extractors.parts.votes import Vote, prose_votes


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
    """Give each vote table to the paragraph that voted without a prose count.

    A table belongs to the paragraph its list heading names ("Voteringslista
    § 45", often in an annex), else to the last paragraph, starting on or
    before its page, that has a vote section and no vote counted in prose; a
    table continued over a page break (same header row) is read as one.
    """
    voted = {r["paragraph_id"] for r in rows["votes"]}
    numbered = {b.number: k for b, k in zip(blocks, keys, strict=True)}
    candidates = [
        (block.lines[0][0], key)
        for block, key in zip(blocks, keys, strict=True)
        if key not in voted and (_has_vote_section(block) or _mentions_vote(block))
    ]
    for page, table in merged_tables(source.tables):
        found = table_vote(table, page)
        if found is None or not found.records:
            continue
        listed = listed_paragraph([t for p, t in source.lines if p == page])
        if listed in numbered and _named(rows, numbered[listed], found):
            continue
        owners = [key for start, key in candidates if start <= page]
        if owners:
            add_vote(rows, owners[-1], found, "table")


def _named(rows: Rows, key: str, found: Vote) -> bool:
    """Give a listed table's members to the paragraph's last vote without names.

    The printed counts of the vote are kept; a paragraph with no such vote
    gets the table as a vote of its own. Return False when not given.
    """
    named = {r["vote_id"] for r in rows["vote_records"]}
    bare = [
        v for v in rows["votes"] if v["paragraph_id"] == key and v["id"] not in named
    ]
    if not bare and any(v["paragraph_id"] == key for v in rows["votes"]):
        return False
    if not bare:
        add_vote(rows, key, found, "table")
        return True
    vote = bare[-1]
    counts = {"ja": vote["yes"], "nej": vote["no"], "avstar": vote["abstain"]}
    counts["franvarande"] = vote["absent"]
    merged = Vote(vote["question"], vote["page"], counts, found.records)
    vote.update({k: v for k, v in merged.row().items() if k != "page"})
    _add_records(rows, vote["id"], merged)
    return True


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
