"""Page furniture, page continuation and paragraph indexes, unit by unit.

Furniture is learnt per file from lines that recur at the page edges (digits
and initials masked); the signature-footer words of ``lexicon/documents.toml``
are furniture anywhere. Segmentation is fed :class:`Page` objects as the read
stage makes them; paragraph splitting is fed ``(page, text)`` lines.
"""

from __future__ import annotations

import pytest

from extractors.core.models import Page
from extractors.lang.structure import (
    continues_page,
    e_signature,
    signature_block,
    signing_section,
)
from extractors.parts.paragraphs import split_paragraphs
from pipeline.read.furniture import repeated_shapes, split_furniture
from pipeline.split.segment import segment

BODY = [
    "Kommunstyrelsen beslutar att godkänna redovisningen och lägga den till",
    "handlingarna. Ärendet har beretts av kommunledningskontoret.",
    "Yrkanden",
    "Anna Andersson (S) yrkar bifall till förvaltningens förslag.",
]


#: Words that make each page's body its own (a body differing only by digits
#: would be furniture).
TOPICS = ["skolan", "vården", "vägarna", "budgeten"]


def furniture_of(pages: list[list[str]]) -> list[list[str]]:
    """Return the furniture lines found on each page of ``pages``."""
    repeated = repeated_shapes(pages, frozenset())
    return [split_furniture(lines, repeated)[1] for lines in pages]


@pytest.mark.parametrize(
    ("top", "bottom"),
    [
        (["Protokoll Kommunstyrelsen"], ["{n} ({m})"]),
        (["Sammanträdesprotokoll 2024-04-25", "{n} ({m})"], []),
        (["Protokoll nr 9", "Sammanträdesdatum 2024-04-25"], ["Sida {n} av {m}"]),
        (["KOMMUNSTYRELSEN GRANVIK", "Protokoll 2024-04-25 {n} ({m})"], []),
        ([], ["Justerare {a}  {b}", "{n} ({m})"]),
    ],
)
def test_running_lines_are_furniture(top: list[str], bottom: list[str]) -> None:
    """Running headers (one or two lines), page counters, initialled footers.

    Each page's body differs in its text, not only its digits, as real pages do.
    """
    initials = ["AA BB", "CD BB", "AA EF", "GH BB"]
    pages = []
    for n, pair in enumerate(initials, 1):
        a, b = pair.split()
        values = {"n": n, "m": 4, "a": a, "b": b}
        pages.append(
            [t.format(**values) for t in top]
            + [f"{line} ({TOPICS[n - 1]})" for line in BODY]
            + [t.format(**values) for t in bottom]
        )
    expected = [
        [t.format(n=n, m=4, a=p.split()[0], b=p.split()[1]) for t in top + bottom]
        for n, p in enumerate(initials, 1)
    ]
    assert furniture_of(pages) == [[line.strip() for line in e] for e in expected]


@pytest.mark.parametrize(
    "line",
    [
        "Justerandes sign          Utdragsbestyrkande",
        "Justerandes signatur",
        "Ordförandes sign     Justerandes sign",
        "Justerare          Expedierat/bestyrkt",
        "Sekreterarens signum",
    ],
)
def test_signature_footers_are_furniture_anywhere(line: str) -> None:
    """Signature fields are furniture even on a page of their own."""
    assert signature_block().search(line)
    assert split_furniture([*BODY, line], set()) == (BODY, [line])


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Verifikat", True),
        ("Transaktionsidentitet: 4F2A9C71-0B3E-4D55", True),
        ("Undertecknat av följande personer", True),
        ("Signerat med BankID", True),
        ("Dokumentet har signerats elektroniskt med BankID", True),
        ("Verifikationer av leverantörsfakturor har granskats.", False),
    ],
)
def test_e_signature_lines(line: str, expected: bool) -> None:
    """A signing service's lines are known by their opening words."""
    assert bool(e_signature().match(line)) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("§ 13 (forts.)", True),
        ("Forts. § 13", True),
        ("KS § 45 forts", True),
        ("Fortsatt arbete med trafiksäkerhet", False),
        ("Kommunstyrelsen fortsätter arbetet med att ta fram en ny plan.", False),
    ],
)
def test_continuation_lines(line: str, expected: bool) -> None:
    """A short line saying "forts." continues the page before."""
    assert continues_page(line) is expected


def test_signing_section_lines() -> None:
    """The signing part's lines, not a body's genitive ("Ordförandens")."""
    found = [
        bool(signing_section().match(t))
        for t in ["Vid protokollet", "Justerande", "Ordförande", "Ordförandens förslag"]
    ]
    assert found == [True, True, True, False]


def pages_of(*texts: list[str]) -> list[Page]:
    """Return pages numbered from 1 with ``texts`` as their lines."""
    return [Page(n, "\n".join(t)) for n, t in enumerate(texts, 1)]


def spans(pages: list[Page]) -> list[tuple[int, int]]:
    """Return the first and last page of every segment."""
    return [(s.lines[0].page, s.lines[-1].page) for s in segment(pages)]


FIRST = ["Protokoll", "Kommunstyrelsen", "Sammanträdesdatum 2024-04-25", *BODY]


def test_reservation_closing_at_page_foot_continues() -> None:
    """ "För Centerpartiet" at the foot of a page is a reservation's, not a letter's."""
    first = [*FIRST, "§ 12", "Motion om laddstolpar", *BODY, "För Centerpartiet"]
    second = ["Cecilia Ceder (C)", *BODY, "§ 13", "Budget 2025", *BODY]
    assert spans(pages_of(first, second)) == [(1, 2)]


def test_dispatch_list_then_next_paragraph_title_continues() -> None:
    """A title printed above its "§ N" after a dispatch list is no new document."""
    first = [*FIRST, "§ 12", "Val av justerare", *BODY, "Beslutet skickas till"]
    first += ["Kommunledningskontoret"]
    second = ["Svar på motion om fler laddstolpar vid kommunens förskolor", "§ 13"]
    assert spans(pages_of(first, second + BODY)) == [(1, 2)]


def test_dispatch_list_then_attached_paper_starts_one() -> None:
    """After an extract's dispatch list a long line with no § ahead is a new paper."""
    first = [*FIRST, "§ 12", "Val av justerare", *BODY, "Expedieras till"]
    first += ["Kommunledningskontoret"]
    second = ["Sammanfattningsvis föreslår vi att fullmäktige ger styrelsen i uppdrag"]
    assert spans(pages_of(first, second + BODY)) == [(1, 1), (2, 2)]


def test_e_signature_page_belongs_to_the_protocol() -> None:
    """A signing service's page after the last § joins the protocol."""
    last = ["Verifikat", "Transaktion 09222115557512345678", "Dokument"]
    last += ["Startades 2024-04-30 08:12:01 CEST (+0200) av Dora Dahl (DD)"]
    last += ["Signerat med BankID", "Tjänsteskrivelse 2024-04-30"]
    first = [*FIRST, "§ 12", "Val av justerare", *BODY, "Expedieras till", "Akten"]
    assert spans(pages_of(first, last)) == [(1, 2)]


def test_running_header_names_the_protocol() -> None:
    """A protocol label left only in the furniture still makes a protocol."""
    first = Page(1, "\n".join(["Kommunstyrelsen", *BODY]), "Protokoll 2024-04-25")
    second = Page(2, "\n".join(["§ 12", "Val av justerare", *BODY]))
    found = segment([first, second])
    assert [(s.labels, s.lines[0].text) for s in found] == [
        ([("protokoll", True), ("protokoll", False)], "Protokoll 2024-04-25")
    ]


def test_paragraph_index_without_page_numbers_makes_no_rows() -> None:
    """A wrapped index ("§ 13 Svar på motion … / förskolor") precedes the body."""
    lines = [
        (1, "Paragrafer"),
        (1, "§ 12 Val av justerare"),
        (1, "§ 13 Svar på motion om laddstolpar vid kommunens"),
        (1, "förskolor"),
        (1, "§ 14  Budget 2025  4"),
        (2, "§ 12"),
        (2, "Val av justerare"),
        *[(2, t) for t in BODY],
        (2, "§ 13 Svar på motion om laddstolpar"),
        *[(2, t) for t in BODY],
        (3, "§ 14 Budget 2025"),
        *[(3, t) for t in BODY],
    ]
    header, blocks, _ = split_paragraphs(lines)
    assert [(b.number, b.lines[0][0], len(b.lines)) for b in blocks] == [
        (12, 2, 6),
        (13, 2, 5),
        (14, 3, 5),
    ]
    assert header == lines[:5]


def test_paragraph_reference_never_reopens() -> None:
    """A § line in a body that repeats a number with a body is kept in its block."""
    lines = [(1, "§ 12 Val av justerare"), *[(1, t) for t in BODY]]
    lines += [(1, "§ 13 Budget"), (1, "§ 12 Kommunallagen gäller."), (1, BODY[0])]
    _, blocks, _ = split_paragraphs(lines)
    assert [(b.number, len(b.lines)) for b in blocks] == [(12, 5), (13, 3)]


def test_unlabelled_minutes_run_from_paragraph_to_paragraph() -> None:
    """Minutes whose kind is printed nowhere: index, then § after § at page tops."""
    first = ["Kommunstyrelsen", "Sammanträdesdatum 2024-04-25", *BODY, *BODY]
    index = ["Ärendelista", "§ 12 Val av justerare 3", "§ 13 Budget 2025 4"]
    third = ["§ 12", "Val av justerare", *BODY]
    fourth = ["§ 13", "Budget 2025", *BODY]
    assert spans(pages_of(first, index, third, fourth)) == [(1, 4)]


def test_last_paragraph_ends_at_the_signing_part() -> None:
    """Signatures and a signing service's page are not the last § 's text."""
    lines = [(1, "§ 14 Budget 2025"), *[(1, t) for t in BODY]]
    lines += [(1, "Justerare: Bo Berg (M) och Cecilia Ceder (C)")]
    lines += [(1, "Expedieras till"), (1, "Ekonomiavdelningen")]
    lines += [(2, "Justerare ......................"), (2, "Bo Berg")]
    lines += [(3, "Signerat med BankID"), (3, "Anna Andersson (AA)")]
    _, blocks, _ = split_paragraphs(lines)
    assert [text for _, text in blocks[-1].lines[-3:]] == [
        "Justerare: Bo Berg (M) och Cecilia Ceder (C)",
        "Expedieras till",
        "Ekonomiavdelningen",
    ]
    assert len(blocks[-1].lines) == 8


@pytest.mark.parametrize(
    ("running", "first"),
    [
        (
            "Kommunstyrelsen Protokoll 2024-04-25",
            "Kommunstyrelsen Protokoll 2024-04-25",
        ),
        ("Granviks kommun Kommunstyrelsen protokoll", "Kommunstyrelsen"),
    ],
)
def test_protocol_label_inside_a_running_line(running: str, first: str) -> None:
    """A label among a running line's first words makes a protocol; a dated
    running line leads the document (it carries the meeting date)."""
    front = ["Kommunstyrelsen", "Sammanträdesdatum 2024-04-25", *BODY, *BODY]
    first_page = Page(1, "\n".join(front), running)
    second = Page(2, "\n".join(["§ 12", "Val av justerare", *BODY]), running)
    found = segment([first_page, second])
    assert [(s.lines[0].text, s.lines[-1].page) for s in found] == [(first, 2)]
    assert found[0].labels[0] == ("protokoll", True)


def test_attachment_line_inside_a_paragraph_starts_nothing() -> None:
    """ "Bilaga 1" under a § is a reference; after the signatures it starts one."""
    first = [*FIRST, "§ 12", "Val av justerare", *BODY, "Bilaga 1", *BODY]
    first += ["§ 13", "Budget 2025", *BODY, "Justerare", "Bo Berg"]
    attached = ["Bilaga 1", "Omröstningslista § 12", *BODY]
    assert spans(pages_of(first)) == [(1, 1)]
    assert spans(pages_of(first, attached)) == [(1, 1), (2, 2)]


def test_one_signing_word_in_prose_makes_no_signing_page() -> None:
    """A report page opening a line with "Verifikat" still starts its document."""
    first = [*FIRST, "§ 12", "Val av justerare", *BODY, "Justerare", "Bo Berg"]
    report = ["Bilaga 1", "Verifikat och underlag har granskats stickprovsvis.", *BODY]
    assert spans(pages_of(first, report)) == [(1, 1), (2, 2)]


def test_one_word_body_header_is_furniture_after_its_first_page() -> None:
    """ "KOMMUNSTYRELSEN" atop every page: kept where it first heads a page only.

    The same name inside a page (a dispatch recipient) always stays content.
    """
    pages = [
        ["Sammanträdesprotokoll", "Plats och tid Kommunhuset"],
        [
            "KOMMUNSTYRELSEN",
            "§ 12 Budget",
            "Beslutet skickas till",
            "Kommunfullmäktige",
        ],
        ["KOMMUNSTYRELSEN", "§ 13 Taxor", "Beslut"],
        ["KOMMUNSTYRELSEN", "§ 14 Val", "Kommunfullmäktige"],
        ["KOMMUNSTYRELSEN"],
    ]
    repeated = repeated_shapes(pages, frozenset())
    named: set[str] = set()
    split = [split_furniture(lines, repeated, named=named) for lines in pages]
    assert [content for content, _ in split] == [
        ["Sammanträdesprotokoll", "Plats och tid Kommunhuset"],
        [
            "KOMMUNSTYRELSEN",
            "§ 12 Budget",
            "Beslutet skickas till",
            "Kommunfullmäktige",
        ],
        ["§ 13 Taxor", "Beslut"],
        ["§ 14 Val", "Kommunfullmäktige"],
        ["KOMMUNSTYRELSEN"],  # a page of nothing else keeps its place
    ]
