"""Unruled vote tables rebuilt from word positions (pipeline/read/grid.py)."""

from __future__ import annotations

from extractors.parts.vote_tables import table_vote
from pipeline.read.grid import vote_grid
from pipeline.read.margin import Box


def words(lines: list[list[tuple[float, str]]], top: float = 100.0) -> list[Box]:
    """Return boxes for lines of (x, word), 14 points apart, 5 points per letter."""
    boxes = []
    for n, line in enumerate(lines):
        y = top + 14 * n
        for x, text in line:
            boxes.append(Box(x, x + 5 * len(text), y, y + 10, text))
    return boxes


def member(name: str, party: str, mark_x: float) -> list[tuple[float, str]]:
    """Return a member line: first and last name, party, an X at ``mark_x``."""
    first, last = name.split()
    return [(60, first), (60 + 5 * len(first) + 3, last), (200, party), (mark_x, "X")]


def test_marks_fall_under_their_columns() -> None:
    """An X counts for the column it stands under; the totals row is kept."""
    page = words(
        [
            [(60, "Omröstningsresultat")],
            [
                (60, "Ledamot"),
                (200, "Parti"),
                (262, "Ja"),
                (302, "Nej"),
                (342, "Avstår"),
            ],
            member("Ulla Persson", "S", 264),
            member("Nina Åberg", "SD", 304),
            member("Omar Said", "S", 352),
            [(60, "Summa"), (264, "1"), (304, "1"), (352, "1")],
            [
                (60, "Med"),
                (80, "1"),
                (90, "ja-röst"),
                (130, "mot"),
                (150, "1"),
                (160, "nej-röst"),
                (210, "beslutar"),
                (260, "fullmäktige"),
                (320, "enligt"),
                (360, "förslaget."),
            ],
        ]
    )
    assert vote_grid(page) == [
        ["Ledamot", "Parti", "Ja", "Nej", "Avstår"],
        ["Ulla Persson", "S", "X", "", ""],
        ["Nina Åberg", "SD", "", "X", ""],
        ["Omar Said", "S", "", "", "X"],
        ["Summa", "", "1", "1", "1"],
    ]
    vote = table_vote(vote_grid(page) or [], 3)
    assert vote is not None
    assert (vote.counts, vote.records) == (
        {"ja": 1, "nej": 1, "avstar": 1},
        [
            ("Ulla Persson", "S", "ja"),
            ("Nina Åberg", "SD", "nej"),
            ("Omar Said", "S", "avstar"),
        ],
    )


def test_serving_substitute_column_and_a_gap_ends_the_table() -> None:
    """A filled substitute cell names who voted; a wide gap ends the rows."""
    page = words(
        [
            [
                (60, "Ledamot"),
                (170, "Tjänstgörande"),
                (236, "ersättare"),
                (300, "Ja"),
                (330, "Nej"),
            ],
            [
                (60, "Eva"),
                (83, "Ek"),
                (96, "(M)"),
                (170, "Per"),
                (190, "Lind"),
                (210, "(M)"),
                (302, "X"),
            ],
            [(60, "Ali"), (83, "Nur"), (101, "(S)"), (332, "X")],
        ]
    ) + words([[(60, "Paragrafen"), (130, "fortsätter")]], top=200)
    assert vote_grid(page) == [
        ["Ledamot", "Tjänstgörande ersättare", "Ja", "Nej"],
        ["Eva Ek (M)", "Per Lind (M)", "X", ""],
        ["Ali Nur (S)", "", "", "X"],
    ]


def test_a_page_without_a_vote_header_has_no_grid() -> None:
    """Ja and Nej must both head a column; prose with "ja" is no table."""
    page = words([[(60, "Ja,"), (80, "nämnden"), (130, "beslutar"), (180, "nej")]])
    assert vote_grid(page) is None
    assert vote_grid(words([[(60, "Ledamot"), (200, "Ja")]])) is None
