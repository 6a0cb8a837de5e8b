"""Unruled vote tables rebuilt from word positions (pipeline/read/grid.py)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors.core.models import FileResult
from extractors.parts.vote_tables import table_vote
from pipeline.process import process_path
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


def test_unruled_vote_table_in_a_real_pdf(tmp_path: Path) -> None:
    """Through the reader: an X under "Avstår" is an abstention, not a yes."""
    path = tmp_path / "kf.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    y = 800.0

    def line(*cells: tuple[float, str]) -> None:
        nonlocal y
        for x, text in cells:
            pdf.drawString(x, y, text)
        y -= 15

    line((50, "Protokoll Kommunfullmäktige 2024-06-10"))
    line((50, "§ 31 Årsredovisning 2023"))
    line((50, "Omröstningsresultat"))
    line((60, "Ledamot"), (200, "Parti"), (260, "Ja"), (300, "Nej"), (340, "Avstår"))
    for name, party, x in [
        ("Ulla Persson", "S", 262),
        ("Nina Åberg", "SD", 302),
        ("Omar Said", "S", 348),
        ("Britt Lund", "KD", 262),
    ]:
        line((60, name), (200, party), (x, "X"))
    line((60, "Summa"), (262, "2"), (302, "1"), (348, "1"))
    line((50, "Med 2 ja-röster mot 1 nej-röst beslutar fullmäktige enligt förslaget."))
    pdf.showPage()
    pdf.save()
    result = process_path(str(path))
    assert isinstance(result, FileResult)
    records = result.documents[0].records
    assert [(v["yes"], v["no"], v["abstain"]) for v in records["votes"]] == [(2, 1, 1)]
    assert [(r["name"], r["party"], r["vote"]) for r in records["vote_records"]] == [
        ("Ulla Persson", "S", "ja"),
        ("Nina Åberg", "SD", "nej"),
        ("Omar Said", "S", "avstar"),
        ("Britt Lund", "KD", "ja"),
    ]
