"""The votes of a protocol as rows: prose counts, vote tables and vote lists.

Finds, per paragraph, the votes counted in prose (:mod:`.votes`) or in a vote
table (:mod:`.vote_tables`), and gives each ruled table to its paragraph:
the one its list heading names ("Voteringslista § 45") or the last one with a
vote and no count of its own.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import pairwise
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


def section_votes(
    rows: Rows, key: str, text: str, page: int, ruled: bool, number: int
) -> int:
    """Add the votes counted in a section's prose, else in a vote table as
    text; return how many. ``number`` is the number of votes paragraph
    ``key`` has so far."""
    votes = prose_votes(text, page)
    for n, vote in enumerate(votes, number):
        add_vote(rows, key, vote, "prose", n)
    totals = None if votes or ruled else text_table_vote(text, page)
    if totals is not None:
        add_vote(rows, key, totals, "text table", number)
        return 1
    return len(votes)


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

    Each table finds its paragraph through indexes (:class:`_Ballots`), not
    by looking through every paragraph and every vote: that took 25 of the
    35 s a 2,000-page protocol with a vote table on two pages of three spent
    in its extractor, four times the time of 1,000 pages.
    """
    tables = merged_tables(source.tables)
    if not tables:
        return
    numbered = {b.number: k for b, k in zip(blocks, keys, strict=True)}
    candidates = [
        (block.lines[0][0], key)
        for block, key in zip(blocks, keys, strict=True)
        if _has_vote_section(block) or _mentions_vote(block)
    ]
    ballots = _Ballots(rows, candidates)
    on_page: dict[int, list[str]] = {}
    for page, text in source.lines:
        on_page.setdefault(page, []).append(text)
    for page, table in tables:
        found = table_vote(table, page)
        if found is None or not found.records:
            continue
        listed = listed_paragraph(on_page.get(page, []))
        if listed in numbered:
            _give(rows, ballots, numbered[listed], found)
            continue
        vote = ballots.matching(page, found)
        if vote is not None:
            ballots.named(vote)
            _merge(rows, vote, found)
        elif (key := ballots.last_unvoted(page)) is not None:
            add_vote(rows, key, found, "table", ballots.count(key))
            ballots.added(key)


def _give(rows: Rows, ballots: _Ballots, key: str, found: Vote) -> None:
    """Give a listed table to paragraph ``key``: to a vote without names, or as one."""
    vote = ballots.first(key, _marks(found)) or ballots.first(key)
    if vote is not None:
        ballots.named(vote)
        _merge(rows, vote, found)
    elif not ballots.count(key):
        add_vote(rows, key, found, "table", 0)
        ballots.added(key)


def _marks(found: Vote) -> tuple[int, int]:
    """Return the ja and nej a table's members give."""
    marks = Counter(r[2] for r in found.records)
    return marks["ja"], marks["nej"]


class _Ballots:
    """The votes of a protocol while its tables are given out, indexed.

    ``candidates`` are the paragraphs that speak of a vote, in order, each
    with the page it starts on. A table may go to those starting on or
    before its page: to the last of them with a vote without names whose ja
    and nej counts are the table's (the first such vote of that paragraph),
    else to the last of them that had no vote before the tables. Votes
    without names are kept by paragraph, and the positions of their
    paragraphs by counts, so a table looks up its paragraph instead of
    looking through every paragraph and vote.
    """

    def __init__(self, rows: Rows, candidates: list[tuple[int, str]]) -> None:
        self.starts = [start for start, _ in candidates]
        self.keys = [key for _, key in candidates]
        self.ordered = all(a <= b for a, b in pairwise(self.starts))
        named = {r["vote_id"] for r in rows["vote_records"]}
        self.counts = Counter(v["paragraph_id"] for v in rows["votes"])
        self.unvoted = [i for i, k in enumerate(self.keys) if k not in self.counts]
        self.unnamed: dict[str, list[dict[str, Any]]] = {}
        for vote in rows["votes"]:
            if vote["id"] not in named:
                self.unnamed.setdefault(vote["paragraph_id"], []).append(vote)
        self.places: dict[str, list[int]] = {}
        for i, key in enumerate(self.keys):
            self.places.setdefault(key, []).append(i)
        self.by_marks: dict[tuple[int, int], list[int]] = {}
        for key, votes in self.unnamed.items():
            for marks in {_counts(v) for v in votes}:
                self.by_marks.setdefault(marks, []).extend(self.places.get(key, []))
        for places in self.by_marks.values():
            places.sort()

    def count(self, key: str) -> int:
        """Return the number of votes of paragraph ``key``."""
        return self.counts[key]

    def added(self, key: str) -> None:
        """Count a vote with names added to paragraph ``key``."""
        self.counts[key] += 1

    def first(
        self, key: str, marks: tuple[int, int] | None = None
    ) -> dict[str, Any] | None:
        """Return the first vote without names of paragraph ``key`` (with
        ``marks``: whose ja and nej counts are those)."""
        votes = self.unnamed.get(key, ())
        return next((v for v in votes if marks in (None, _counts(v))), None)

    def matching(self, page: int, found: Vote) -> dict[str, Any] | None:
        """Return the vote without names a table on ``page`` reproduces."""
        marks = _marks(found)
        place = next(self._by(page, self.by_marks.get(marks, [])), None)
        return None if place is None else self.first(self.keys[place], marks)

    def last_unvoted(self, page: int) -> str | None:
        """Return the last paragraph starting by ``page`` that had no vote
        before the tables were given out."""
        place = next(self._by(page, self.unvoted), None)
        return None if place is None else self.keys[place]

    def named(self, vote: dict[str, Any]) -> None:
        """Forget ``vote`` as one without names (a table gave it its members)."""
        key, marks = vote["paragraph_id"], _counts(vote)
        votes = self.unnamed[key]
        votes[:] = [v for v in votes if v is not vote]
        if any(_counts(v) == marks for v in votes):
            return
        places = self.by_marks.get(marks, [])
        for place in self.places.get(key, []):  # still sorted: no pass over all
            at = bisect_left(places, place)
            if at < len(places) and places[at] == place:
                del places[at]

    def _by(self, page: int, among: Sequence[int]) -> Iterator[int]:
        """Yield the positions ``among`` (ascending) of paragraphs starting
        by ``page``, last first."""
        if self.ordered:  # those paragraphs come first: no others to pass
            end = bisect_left(among, bisect_right(self.starts, page))
            yield from (among[i] for i in range(end - 1, -1, -1))
            return
        yield from (i for i in reversed(among) if self.starts[i] <= page)


def _counts(vote: dict[str, Any]) -> tuple[int, int]:
    """Return a vote row's ja and nej counts."""
    return vote["yes"], vote["no"]


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


def add_vote(
    rows: Rows, key: str, vote: Vote, source: str, number: int | None = None
) -> None:
    """Append a vote and its named records; ``number``, when known, is the
    number of votes paragraph ``key`` has (else they are counted)."""
    n = number
    if n is None:
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
