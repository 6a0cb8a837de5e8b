"""Vote tables given to their paragraphs through indexes, as the plain rule gives them.

:func:`extractors.parts.vote_rows.table_votes` looks each table's paragraph
up (``_Ballots``) instead of looking through every paragraph and vote for
each table, which made a long protocol's extraction quadratic. The rule
itself is written out plainly here (:func:`given_plainly`: each table
looks at every paragraph and every vote), and random protocols must come
out of both with the same rows. A list continued on the next page is joined
to the last one; the next vote's list on the next page is not.
"""

from __future__ import annotations

import copy
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.core.models import FileResult
from extractors.core.tables import Rows, Source
from extractors.parts.paragraphs import ParagraphBlock, merged_tables
from extractors.parts.vote_rows import (
    _has_vote_section,
    _mentions_vote,
    _merge,
    add_vote,
    table_votes,
)
from extractors.parts.vote_tables import listed_paragraph, table_vote
from extractors.parts.votes import Vote
from pipeline.process import process_path

HEADER = ["Ledamot", "Parti", "Ja", "Nej", "Avstår"]


def given_plainly(
    blocks: list[ParagraphBlock], keys: list[str], source: Source, rows: Rows
) -> None:
    """The rule of :func:`table_votes`, every paragraph and vote looked at
    for each table."""
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
            key = numbered[listed]
            vote = _bare(rows, [key], found, True) or _bare(rows, [key], found)
            if vote is not None:
                _merge(rows, vote, found)
            elif not any(v["paragraph_id"] == key for v in rows["votes"]):
                add_vote(rows, key, found, "table")
            continue
        owners = [key for start, key in candidates if start <= page]
        vote = _bare(rows, owners, found, matching=True)
        unvoted = [key for key in owners if key not in voted]
        if vote is not None:
            _merge(rows, vote, found)
        elif unvoted:
            add_vote(rows, unvoted[-1], found, "table")


def _bare(
    rows: Rows, keys: list[str], found: Vote, matching: bool = False
) -> dict[str, Any] | None:
    """The first vote without names of the last of ``keys`` that has one
    (``matching``: whose ja and nej are the table's)."""
    named = {r["vote_id"] for r in rows["vote_records"]}
    marks = Counter(r[2] for r in found.records)
    for key in reversed(keys):
        for vote in rows["votes"]:
            if vote["paragraph_id"] != key or vote["id"] in named:
                continue
            if not matching or (vote["yes"], vote["no"]) == (marks["ja"], marks["nej"]):
                return vote
    return None


def _table(marks: list[str]) -> list[list[str]]:
    """A ruled vote table of members marking ja, nej or avstår."""
    column = {"ja": 2, "nej": 3, "avstar": 4}
    rows = [HEADER]
    for i, mark in enumerate(marks):
        row = [f"Ledamot{chr(65 + i)} Efternamn", "S", "", "", ""]
        row[column[mark]] = "X"
        rows.append(row)
    return rows


#: A table's marks: most give the ja and nej of a prose count below.
MARKS = st.one_of(
    st.sampled_from([["ja"], ["nej"], ["ja", "ja", "nej"], ["ja", "nej"]]),
    st.lists(st.sampled_from(["ja", "nej", "avstar"]), min_size=1, max_size=4),
)
#: A paragraph's second line: a vote heading, no vote, a vote mentioned.
SPEAKS = ["Omröstning", "Ärendet diskuteras.", "votering"]
COUNTS = st.sampled_from([(1, 0), (0, 1), (2, 1), (1, 1), (None, None)])


@st.composite
def protocols(draw: st.DrawFn) -> tuple[list[ParagraphBlock], list[str], Source, Rows]:
    """A protocol of a few paragraphs, prose votes and vote tables."""
    count = draw(st.integers(1, 8))
    starts = sorted(draw(st.lists(st.integers(1, 9), min_size=count, max_size=count)))
    if draw(st.booleans()):  # now and then out of page order
        starts = draw(st.permutations(starts))
    numbers = draw(
        st.lists(st.integers(1, 6), min_size=count, max_size=count)
    )  # repeated numbers give repeated keys, as "p3b" twice
    seen: set[int] = set()
    blocks, keys = [], []
    for start, number in zip(starts, numbers, strict=True):
        speaks = draw(
            st.sampled_from(["Omröstning", "Ärendet diskuteras.", "votering"])
        )
        blocks.append(
            ParagraphBlock(number, [(start, f"§ {number} Ärende"), (start, speaks)])
        )
        keys.append(f"p{number}" if number not in seen else f"p{number}b")
        seen.add(number)
    rows: Rows = {"votes": [], "vote_records": []}
    for key in draw(st.lists(st.sampled_from(keys), max_size=10)):
        yes, no = draw(COUNTS)
        counts = {"ja": yes, "nej": no, "avstar": None, "franvarande": None}
        named = [("Anna Ek", "S", "ja")] if draw(st.integers(0, 4)) == 0 else []
        add_vote(rows, key, Vote(None, 1, counts, named), "prose")
    tables: dict[int, list[list[list[str]]]] = {}
    lines = [(start, text) for block in blocks for start, text in block.lines]
    for page in draw(st.lists(st.integers(1, 10), max_size=8)):
        tables.setdefault(page, []).append(_table(draw(MARKS)))
        if draw(st.integers(0, 3)) == 0:
            lines.append((page, f"Voteringslista § {draw(st.sampled_from(numbers))}"))
    return blocks, keys, Source(lines, tables), rows


@settings(max_examples=400)
@given(protocols())
def test_tables_go_where_the_plain_rule_gives_them(
    protocol: tuple[list[ParagraphBlock], list[str], Source, Rows],
) -> None:
    """Same votes, members and ids as looking through everything for each table."""
    blocks, keys, source, rows = protocol
    plain = copy.deepcopy(rows)
    given_plainly(blocks, keys, source, plain)
    table_votes(blocks, keys, source, rows)
    assert rows == plain


def test_a_table_takes_the_last_matching_vote_before_it() -> None:
    """Three paragraphs with prose counts: a 2-1 table on page 5 goes to the
    last paragraph by then whose count is 2-1, not to a later one."""
    blocks = [
        ParagraphBlock(1, [(1, "§ 1 Ärende"), (1, "Omröstning")]),
        ParagraphBlock(2, [(3, "§ 2 Ärende"), (3, "Omröstning")]),
        ParagraphBlock(3, [(4, "§ 3 Ärende"), (4, "Omröstning")]),
        ParagraphBlock(4, [(6, "§ 4 Ärende"), (6, "Omröstning")]),
    ]
    keys = ["p1", "p2", "p3", "p4"]
    rows: Rows = {"votes": [], "vote_records": []}
    for key, (yes, no) in zip(keys, [(2, 1), (2, 1), (1, 2), (2, 1)], strict=True):
        counts = {"ja": yes, "nej": no, "avstar": None, "franvarande": None}
        add_vote(rows, key, Vote(None, 1, counts, []), "prose")
    source = Source([], {5: [_table(["ja", "ja", "nej"])]})
    table_votes(blocks, keys, source, rows)
    assert [(r["vote_id"], r["vote"]) for r in rows["vote_records"]] == [
        ("p2/v0", "ja"),
        ("p2/v0", "ja"),
        ("p2/v0", "nej"),
    ]
    assert [v["counts_agree"] for v in rows["votes"]] == [None, 1, None, None]


def test_two_votes_of_one_count_take_two_tables_in_turn() -> None:
    """A paragraph with two 1-0 votes without names: the first 1-0 table
    names the first vote, the next one the second."""
    blocks = [ParagraphBlock(1, [(1, "§ 1 Ärende"), (1, "Omröstning")])]
    rows: Rows = {"votes": [], "vote_records": []}
    counts: dict[str, int | None] = {"ja": 1, "nej": 0, "avstar": None}
    for _ in range(2):
        add_vote(rows, "p1", Vote(None, 1, counts, []), "prose")
    source = Source([], {2: [_table(["ja"])], 4: [_table(["ja"])]})
    table_votes(blocks, ["p1"], source, rows)
    assert [r["id"] for r in rows["vote_records"]] == ["p1/v0/0", "p1/v1/0"]


def test_a_list_continued_on_the_next_page_is_one_table() -> None:
    """Same header, other members on the next page: one list."""
    first = [HEADER, ["Anna Ek", "S", "X", "", ""], ["Bo Lind", "M", "", "X", ""]]
    rest = [HEADER, ["Cecilia Holm", "V", "X", "", ""]]
    assert merged_tables({4: [first], 5: [rest]}) == [(4, first + rest[1:])]


def test_the_next_votes_list_on_the_next_page_is_its_own_table() -> None:
    """Same header, the same members again on the next page: two votes,
    not one member voting twice; a page between also keeps them apart."""
    first = [HEADER, ["Anna Ek", "S", "X", "", ""], ["Bo Lind", "M", "", "X", ""]]
    again = [HEADER, ["Anna Ek", "S", "", "X", ""], ["Bo Lind", "M", "", "X", ""]]
    assert merged_tables({4: [first], 5: [again]}) == [(4, first), (5, again)]
    rest = [HEADER, ["Cecilia Holm", "V", "X", "", ""]]
    assert merged_tables({4: [first], 6: [rest]}) == [(4, first), (6, rest)]


def test_each_vote_of_a_long_protocol_takes_its_own_list(tmp_path: Path) -> None:
    """The generated protocol puts a vote with its list on two pages of three,
    so lists of two paragraphs stand on consecutive pages: every page with a
    list gives one vote its members, none named twice."""
    path = tmp_path / "long.pdf"
    script = ROOT / "bench" / "long_protocol.py"
    subprocess.run([sys.executable, str(script), "30", str(path)], check=True)
    result = process_path(str(path))
    assert isinstance(result, FileResult)
    (doc,) = result.documents
    listed = sum(1 for page in result.pages if page.tables)
    members = Counter(r["vote_id"] for r in doc.records["vote_records"])
    assert listed == 20
    assert len(members) == listed
    pairs = Counter((r["vote_id"], r["name"]) for r in doc.records["vote_records"])
    assert max(pairs.values()) == 1
