"""Ruled tables and label columns are read in one pdfplumber pass per file.

Opening the PDF again for every page that hints at a table made a long
protocol cost quadratic time; now each file is opened at most once, only the
pages whose page objects can hold a table are given to pdfplumber, and the
tables are the same as reading each page on its own. The counts come from
the counters in :mod:`pipeline.read.pdf`, which every real open moves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.parts.vote_tables import vote_columns
from pipeline.process import process_path
from pipeline.read import pdf, read_pdf
from pipeline.read.grid import may_have_grid
from tests.conftest import corpus_pdfs, shared_pdfs

MM = 72 / 25.4

VOTES = [
    ["Ledamot", "Parti", "Ja", "Nej", "Avstår"],
    ["Maria Lindqvist", "S", "X", "", ""],
    ["Per Holmberg", "M", "", "X", ""],
    ["Elin Dahl", "V", "", "", "X"],
]


def write_protocol(path: Path) -> bytes:
    """Write four A4 pages: a label column, a ruled vote table, plain text, a count.

    The last page hints at a table in its words ("ja-röster") but has none.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    doc = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    y = A4[1] - 30 * MM
    for label, body in [
        ("Förslag till", "Anna Andersson (S): Bifall till kommunstyrelsens"),
        ("beslut", "förslag."),
        ("Beslutsgång", "Ordföranden ställer proposition på förslagen och"),
        (None, "finner att fullmäktige bifaller kommunstyrelsens förslag."),
        ("Beslut", "Kommunfullmäktige antar detaljplanen."),
    ]:
        if label:
            doc.setFont("Helvetica-Bold", 10)
            doc.drawString(20 * MM, y, label)
        doc.setFont("Helvetica", 10)
        doc.drawString(60 * MM, y, body)
        y -= 5 * MM
    doc.showPage()
    doc.setFont("Helvetica", 10)
    doc.drawString(20 * MM, A4[1] - 30 * MM, "Omröstning")
    xs = [20 * MM, 70 * MM, 90 * MM, 105 * MM, 120 * MM, 140 * MM]
    top = A4[1] - 40 * MM
    ys = [top - i * 8 * MM for i in range(len(VOTES) + 1)]
    doc.grid(xs, ys)
    for row, y in zip(VOTES, ys, strict=False):
        for cell, x in zip(row, xs, strict=False):
            doc.drawString(x + 2 * MM, y - 5.5 * MM, cell)
    doc.showPage()
    doc.drawString(20 * MM, A4[1] - 30 * MM, "Mötet avslutas kl. 15.30.")
    doc.showPage()
    doc.setFont("Helvetica", 10)
    doc.drawString(20 * MM, A4[1] - 30 * MM, "Med 2 ja-röster mot 1 nej-röst")
    doc.drawString(20 * MM, A4[1] - 36 * MM, "bifaller fullmäktige förslaget.")
    doc.showPage()
    doc.save()
    return path.read_bytes()


def _counts() -> tuple[int, int]:
    return pdf.PLUMBER_OPENS, pdf.PLUMBER_PAGES


def test_label_column_and_tables_without_pdfplumber(tmp_path: Path) -> None:
    """The ruled table (page 2) and the label column need no pdfplumber open.

    The label column (page 1) is read from the engine's words, the table
    from the engine's page objects (:mod:`pipeline.read.ruled`). Page 4
    hints at a table in its words but draws no lines and has no vote
    header: no table is looked for.
    """
    opens, parsed = _counts()
    pages = read_pdf(write_protocol(tmp_path / "protokoll.pdf"))
    assert _counts() == (opens, parsed)
    assert pages[0].text.split("\n")[:2] == [
        "Förslag till beslut",
        "Anna Andersson (S): Bifall till kommunstyrelsens",
    ]
    assert [p.tables for p in pages] == [[], [VOTES], [], []]


def test_tables_in_one_pass_equal_page_by_page(tmp_path: Path) -> None:
    """Every page's tables read in the one pass equal reading that page alone."""
    data = write_protocol(tmp_path / "protokoll.pdf")
    raw = pdf.read_pages(data, wants_tables=lambda text: "ja" in text.lower())
    assert [p.tables is not None for p in raw] == [False, True, False, True]
    assert [p.ruled for p in raw] == [False, True, False, False]
    alone = {n: pdf.read_tables(data, [n])[n] for n in (1, 2, 3, 4)}
    assert raw[1].tables == alone[2] == [VOTES]
    assert raw[3].tables == alone[4] == []
    assert pdf.read_tables(data, [4, 3, 1, 2]) == alone


def test_no_open_without_label_column_or_table(tmp_path: Path) -> None:
    """A file whose only hint is a vote count in prose is never opened by pdfplumber."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "count.pdf"
    doc = canvas.Canvas(str(path), invariant=1)
    doc.drawString(72, 720, "Med 31 ja-röster mot 28 nej-röster och 2 som avstår")
    doc.line(72, 700, 500, 700)  # a rule across, none down: no table
    doc.showPage()
    doc.save()
    opens = pdf.PLUMBER_OPENS
    assert [p.tables for p in read_pdf(path.read_bytes())] == [[]]
    assert pdf.PLUMBER_OPENS == opens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ledamot Parti Ja Nej Avstår", True),
        ("Ledamöter   Tjänstgörande ersättare   Ja   Nej   Avstår", True),
        ("Ja-röster 45 Nej-röster 36", False),
        ("Med 31 ja-röster mot 28 nej-röster beslutar fullmäktige", False),
    ],
)
def test_vote_header_words_decide_a_grid_read(text: str, expected: bool) -> None:
    """Only the header words standing alone send an unruled page to pdfplumber."""
    assert may_have_grid(text) is expected


def _every_word_asked(text: str) -> bool:
    """may_have_grid as it was: every word of the text asked for its column."""
    columns = vote_columns(list(set(text.lower().split())))
    return "ja" in columns and "nej" in columns


@pytest.mark.parametrize(
    "text",
    [
        "LEDAMOT\tPARTI\tJA\tNEJ\tAVSTÅR",
        "Nej  Ja",
        "Ja, Nej, Avstår",  # a comma clings to the word: no header word alone
        "ja\nnej",
        "Ja-röster Nej",
        "Avstår Frånvarande",
    ],
)
def test_header_words_alone_are_found_as_every_word_asked_finds_them(
    text: str,
) -> None:
    """Asking only the header words of the ja and nej columns gives what
    asking every word of the text gives (written variants)."""
    assert may_have_grid(text) is _every_word_asked(text)


def test_header_words_alone_on_every_page_of_the_records() -> None:
    """... and on every page of the corpus and the shared records, of which
    some have the header words alone and some do not."""
    found = []
    for path in corpus_pdfs() + shared_pdfs():
        for page in pdf.read_pages(path.read_bytes()):
            assert may_have_grid(page.text) is _every_word_asked(page.text)
            found.append(may_have_grid(page.text))
    assert True in found and False in found


@pytest.mark.parametrize("path", corpus_pdfs() + shared_pdfs(), ids=lambda p: p.name)
def test_every_file_opened_at_most_once(path: Path) -> None:
    """Reading a whole file, municipality layout included, opens it at most once."""
    opens = pdf.PLUMBER_OPENS
    process_path(str(path))
    assert pdf.PLUMBER_OPENS - opens <= 1


def test_vote_header_set_out_in_columns(tmp_path: Path) -> None:
    """Header words spaced into columns send a page to pdfplumber; prose does not.

    Page 1 is a real line of a count in prose; page 2 prints the header as
    one run of text with wide word spaces (as a word processor's tabs do);
    page 3 the same words closely set, as a sentence.
    """
    from reportlab.pdfgen import canvas

    path = tmp_path / "header.pdf"
    doc = canvas.Canvas(str(path), invariant=1)
    for spacing, line in [
        (0, "Omröstningen utfaller med 48 Ja mot 19 Nej. 14 ledamöter avstår."),
        (24, "Ledamot Parti Ja Nej Avstår"),
        (0, "Ledamot Parti Ja Nej Avstår"),
    ]:
        text = doc.beginText(72, 720)
        text.setFont("Helvetica", 10)
        text.setWordSpace(spacing)
        text.textLine(line)
        doc.drawText(text)
        doc.showPage()
    doc.save()
    raw = pdf.read_pages(path.read_bytes(), wants_tables=lambda text: True)
    assert [p.aligned for p in raw] == [False, True, False]
    assert [p.ruled for p in raw] == [False, False, False]
