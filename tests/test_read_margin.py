"""Left-margin label columns read from word positions (pipeline/read/margin.py).

Each PDF is drawn with reportlab the way protocol templates print it: labels
in a narrow column at 20 mm, often bold and wrapped, the text at 60 mm on
the same baselines. The page text must give each label its own line.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pipeline.read import read_pdf
from pipeline.read.margin import (
    EDGE_TOLERANCE,
    Box,
    _near,
    margin_rows,
    margin_text,
)

MM = 72 / 25.4

#: (label or None, body) per baseline, 5 mm apart.
Rows = list[tuple[str | None, str | None]]


def draw(
    path: Path, rows: Rows, heading: str | None = None, bold: bool = True
) -> bytes:
    """Write one A4 page: an optional full-width heading, then label/body rows."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    y = A4[1] - 30 * MM
    if heading:
        pdf.setFont("Helvetica-Bold", 12)
        pdf.drawString(20 * MM, y, heading)
        y -= 8 * MM
    for label, body in rows:
        if label:
            pdf.setFont("Helvetica-Bold" if bold else "Helvetica", 10)
            pdf.drawString(20 * MM, y, label)
        if body:
            pdf.setFont("Helvetica", 10)
            pdf.drawString(60 * MM, y, body)
        y -= 5 * MM
    pdf.save()
    return path.read_bytes()


def lines_of(data: bytes) -> list[str]:
    """Return the content lines of the first page."""
    return read_pdf(data)[0].text.split("\n")


def test_wrapped_label_stands_before_the_proposals(tmp_path: Path) -> None:
    """A label wrapped over three lines is one line, then the text beside it."""
    data = draw(
        tmp_path / "yrkanden.pdf",
        [
            ("Förslag till", "Anna Andersson (S): Bifall till kommunstyrelsens"),
            ("beslut på", "förslag."),
            ("sammanträdet", "Per Holm (M) i första hand återremiss, i andra hand"),
            (None, "avslag."),
            ("Beslutsgång", "Ordföranden ställer proposition på förslagen och"),
            (None, "finner att fullmäktige bifaller kommunstyrelsens förslag."),
            ("Beslut", "Kommunfullmäktige antar detaljplanen."),
            ("Reservation", "Per Holm (M) reserverar sig mot beslutet."),
        ],
        heading="§ 12 Detaljplan för Norra hamnen",
    )
    assert lines_of(data) == [
        "§ 12 Detaljplan för Norra hamnen",
        "Förslag till beslut på sammanträdet",
        "Anna Andersson (S): Bifall till kommunstyrelsens",
        "förslag.",
        "Per Holm (M) i första hand återremiss, i andra hand",
        "avslag.",
        "Beslutsgång",
        "Ordföranden ställer proposition på förslagen och",
        "finner att fullmäktige bifaller kommunstyrelsens förslag.",
        "Beslut",
        "Kommunfullmäktige antar detaljplanen.",
        "Reservation",
        "Per Holm (M) reserverar sig mot beslutet.",
    ]


MEMBERS = [
    "Per Holmberg (M)",
    "Elin Dahl (V)",
    "Anna Berg (C)",
    "Olof Ek (MP)",
    "Karin Ljung (M)",
    "Tomas Bergh (SD)",
]


def test_front_page_labels_and_names_one_per_line(tmp_path: Path) -> None:
    """Consecutive labels stay apart; a lowercase fragment continues a label.

    The labels are plain type: two or more labels beside a body of mostly
    unlabelled lines (the members) make the column.
    """
    data = draw(
        tmp_path / "framsida.pdf",
        [
            ("Plats och tid", "Kommunhuset, Granvik, 2024-09-10 kl. 13.00–15.30"),
            ("Beslutande", "Maria Lindqvist (S), ordförande"),
            (None, "Erik Sund (S)"),
            *[(None, name) for name in MEMBERS],
            ("Övriga", "Jonas Ek, sekreterare"),
            ("närvarande", "Lena Ström, kommundirektör"),
            ("Utses att justera", "Per Holmberg (M)"),
        ],
        bold=False,
    )
    assert lines_of(data) == [
        "Plats och tid",
        "Kommunhuset, Granvik, 2024-09-10 kl. 13.00–15.30",
        "Beslutande",
        "Maria Lindqvist (S), ordförande",
        "Erik Sund (S)",
        *MEMBERS,
        "Övriga närvarande",
        "Jonas Ek, sekreterare",
        "Lena Ström, kommundirektör",
        "Utses att justera",
        "Per Holmberg (M)",
    ]


def test_a_page_without_a_label_column_is_read_as_before(tmp_path: Path) -> None:
    """Labels above their text at the left edge: the engine's lines, unchanged."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "vanlig.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    lines = [
        "Beslut",
        "Kommunstyrelsen beslutar att anta riktlinjerna.",
        "Reservation",
        "Per Holm (M) reserverar sig.",
    ]
    for i, line in enumerate(lines):
        pdf.drawString(20 * MM, A4[1] - (30 + 6 * i) * MM, line)
    pdf.save()
    assert lines_of(path.read_bytes()) == [
        "Beslut",
        "Kommunstyrelsen beslutar att anta riktlinjerna.",
        "Reservation",
        "Per Holm (M) reserverar sig.",
    ]


def test_a_table_of_dates_is_no_label_column(tmp_path: Path) -> None:
    """A first column of dates beside activities keeps its rows whole."""
    rows: Rows = [
        ("Datum", "Aktivitet"),
        ("12 mars", "Uppstart med budgeten"),
        (None, "och genomgång av tidplanen."),
        ("20 mars", "Nämnderna lämnar budgetskrivelser"),
        ("1 april", "Budgetberedning dag 1"),
        ("24 april", "Budgetberedning dag 2"),
    ]
    assert lines_of(draw(tmp_path / "tidplan.pdf", rows)) == [
        "Datum Aktivitet",
        "12 mars Uppstart med budgeten",
        "och genomgång av tidplanen.",
        "20 mars Nämnderna lämnar budgetskrivelser",
        "1 april Budgetberedning dag 1",
        "24 april Budgetberedning dag 2",
    ]


def box(x0: float, top: float, text: str, bold: bool = False) -> Box:
    """Return a word box 10 pt high, 5 pt per character wide."""
    return Box(x0, x0 + 5 * len(text), top, top + 10, text, bold)


def test_two_text_columns_are_no_label_column() -> None:
    """Text left of the edge on most rows is a second column, not labels."""
    boxes = [
        b
        for top in range(100, 200, 12)
        for b in (box(57, top, "Revisorerna"), box(300, top, "granskar"))
    ]
    assert margin_rows(boxes, 595) is None


def test_one_label_needs_bold_type() -> None:
    """A single plain fragment beside the text is no column; in bold it is."""
    body = [box(170, top, "text") for top in (100, 112, 124, 136)]
    assert margin_rows([box(57, 100, "Beslut"), *body], 595) is None
    rows = margin_rows([box(57, 100, "Beslut", bold=True), *body], 595)
    assert rows is not None
    assert margin_text(rows) == "Beslut\ntext\ntext\ntext\ntext"


def test_paragraph_number_in_the_margin_stays_with_its_title() -> None:
    """ "§ 12" left of the title is a heading, not a label."""
    boxes = [
        box(57, 88, "§"),
        box(65, 88, "12"),
        box(170, 88, "Detaljplan"),
        box(57, 100, "Beslut", bold=True),
        *[box(170, top, "text") for top in (100, 112, 124, 136)],
    ]
    rows = margin_rows(boxes, 595)
    assert rows is not None
    assert margin_text(rows) == "§ 12 Detaljplan\nBeslut\ntext\ntext\ntext\ntext"


def test_bullets_hanging_left_of_the_text_are_no_labels() -> None:
    """Bullets left of the body edge neither count as labels nor crowd them out."""
    boxes = [box(57, 100, "Beslut", bold=True), box(170, 100, "Nämnden:")]
    for top in (112, 124, 136):
        boxes += [box(150, top, "•"), box(170, top, "punkt")]
    boxes += [box(57, 148, "Reservation", bold=True), box(170, 148, "Ingen.")]
    rows = margin_rows(boxes, 595)
    assert rows is not None
    assert margin_text(rows).split("\n") == [
        "Beslut",
        "Nämnden:",
        "• punkt",
        "• punkt",
        "• punkt",
        "Reservation",
        "Ingen.",
    ]


@given(
    st.lists(
        st.one_of(
            st.floats(0, 600, allow_nan=False),
            st.integers(0, 600).map(float),
            st.integers(0, 6000).map(lambda n: n / 10),
        ),
        min_size=1,
        max_size=60,
    )
)
def test_near_counts_like_comparing_every_pair(starts: list[float]) -> None:
    """The bisection count equals comparing each start with every other."""
    ordered = sorted(starts)
    for x in starts:
        expected = sum(abs(x - y) <= EDGE_TOLERANCE for y in starts)
        assert _near(x, ordered) == expected
