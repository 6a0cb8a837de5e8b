"""A protocol is one document from its first page to its last signature.

Running headers, page counters, signature footers, a table of contents, dispatch
lists and a signing service's verification page never start a new document
(issue 10). The synthetic protocols are small real PDFs drawn with reportlab:
each page has its header lines at the top edge, its body, and its footer lines
at the bottom edge, as minutes are printed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SHARED, SHARED_REASON
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors.core.models import FileResult
from pipeline.process import process_path

PageSpec = tuple[list[str], list[str], list[str]]
"""(header lines, body lines, footer lines) of one synthetic page."""


def draw(path: Path, pages: list[PageSpec]) -> Path:
    """Write ``pages`` as a PDF: headers at the top, footers at the bottom."""
    _, height = A4
    sheet = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for header, body, footer in pages:
        sheet.setFont("Helvetica", 10)
        y = height - 40
        for line in header + [""] + body:
            if line:
                sheet.drawString(56, y, line)
            y -= 14
        y = 30 + 14 * len(footer)
        for line in footer:
            sheet.drawString(56, y, line)
            y -= 14
        sheet.showPage()
    sheet.save()
    return path


def result_of(path: Path) -> FileResult:
    """Return the processed file (no extraction failure allowed)."""
    result = process_path(str(path))
    assert isinstance(result, FileResult), result
    assert result.extraction_failures == []
    return result


def numbers(result: FileResult) -> list[int]:
    """Return the § numbers of every paragraph row, in order."""
    return [
        row["number"]
        for doc in result.documents
        for row in doc.records.get("paragraphs", [])
    ]


FRONT = [
    "Kommunstyrelsen",
    "Plats och tid: Stadshuset, kl. 13.00-15.30",
    "Beslutande: Anna Andersson (S), ordförande",
    "Bo Berg (M)",
    "Cecilia Ceder (C)",
    "Utses att justera: Bo Berg (M)",
    "Justeringens plats och tid: Stadshuset 2024-04-30",
    "Paragrafer: 12-14",
]
TOC = [
    "Innehållsförteckning",
    "§ 12 Val av justerare .................................. 3",
    "§ 13 Svar på motion om laddstolpar ..................... 3",
    "§ 14 Budget 2025 för kommunstyrelsen ................... 4",
]
P12 = [
    "§ 12",
    "Val av justerare",
    "Kommunstyrelsens beslut",
    "Kommunstyrelsen beslutar att utse Bo Berg (M) att justera protokollet.",
    "Beslutet skickas till",
    "Kommunledningskontoret",
]
P13 = [
    "§ 13",
    "Svar på motion om laddstolpar",
    "Dnr KS 2024/118",
    "Sammanfattning av ärendet",
    "Cecilia Ceder (C) har i en motion föreslagit fler laddstolpar vid kommunens",
    "förskolor och skolor. Kommunledningskontoret har berett ärendet.",
    "Beslutsunderlag",
    "Tjänsteskrivelse 2024-03-12",
    "Yrkanden",
    "Cecilia Ceder (C) yrkar bifall till motionen.",
    "Anna Andersson (S) yrkar avslag på motionen.",
]
P13_REST = [
    "§ 13 (forts.)",
    "Kommunstyrelsens beslut",
    "Kommunstyrelsen föreslår kommunfullmäktige att avslå motionen.",
    "Reservation",
    "Cecilia Ceder (C) reserverar sig mot beslutet till förmån för eget yrkande.",
    "Protokollsutdrag skickas till",
    "Kommunfullmäktige",
    "Motionären",
]
P14 = [
    "§ 14",
    "Budget 2025 för kommunstyrelsen",
    "Dnr KS 2024/77",
    "Ekonomiavdelningen har tagit fram ett förslag till budget för år 2025 som",
    "omfattar driftbudget och investeringsbudget för kommunstyrelsen.",
    "Kommunstyrelsens beslut",
    "Kommunstyrelsen beslutar att fastställa budgeten för år 2025.",
    "Expedieras till",
    "Ekonomiavdelningen",
]
SIGNATURES = [
    "Underskrifter",
    "Sekreterare",
    "Dora Dahl",
    "Ordförande",
    "Anna Andersson",
    "Justerare",
    "Bo Berg",
]
E_SIGNATURE = [
    "Verifikat",
    "Transaktion 09222115557512345678",
    "Dokument",
    "Protokoll KS 2024-04-25",
    "Huvuddokument",
    "5 sidor",
    "Startades 2024-04-30 08:12:01 CEST (+0200) av Dora Dahl (DD)",
    "Färdigställt 2024-04-30 16:40:11 CEST (+0200)",
    "Signerande parter",
    "Anna Andersson (AA)",
    "Signerat med Svenskt BankID",
    "Bo Berg (BB)",
    "Signerat med Svenskt BankID",
    "Detta verifikat är utfärdat av Scrive. Dokumentet har signerats elektroniskt.",
]


def sammantradesprotokoll() -> list[PageSpec]:
    """Return the pages of a protocol in a common Word layout (six pages)."""
    header = ["Sammanträdesprotokoll 2024-04-25"]
    footer = ["Justerandes sign        Utdragsbestyrkande"]
    bodies = [FRONT, TOC, P12 + P13, P13_REST + P14, SIGNATURES]
    pages = [(header + [f"{n} (5)"], body, footer) for n, body in enumerate(bodies, 1)]
    return pages + [([], E_SIGNATURE, [])]


def test_synthetic_protocol_is_one_document(tmp_path: Path) -> None:
    """Running header, "N (M)", signature footer, TOC and e-signature page."""
    result = result_of(draw(tmp_path / "ks.pdf", sammantradesprotokoll()))
    assert [(d.kind, d.page_start, d.page_end) for d in result.documents] == [
        ("protokoll", 1, 6)
    ]
    assert numbers(result) == [12, 13, 14]
    records = result.documents[0].records
    assert [m["date"] for m in records["meetings"]] == ["2024-04-25"]
    # The signing part and the e-signature page are no recipients, and the
    # "§ 13 (forts.)" line is no part of a yrkande.
    assert [(r["paragraph_id"], r["recipient"]) for r in records["dispatches"]] == [
        ("p12", "Kommunledningskontoret"),
        ("p13", "Kommunfullmäktige"),
        ("p13", "Motionären"),
        ("p14", "Ekonomiavdelningen"),
    ]
    assert [r["text"] for r in records["proposals"]] == [
        "bifall till motionen",
        "avslag på motionen",
    ]


@pytest.mark.parametrize(
    ("header", "footer"),
    [
        (
            ["Protokoll Kommunstyrelsen", "Sammanträdesdatum 2024-04-25"],
            ["Sida {n} av 5"],
        ),
        (["Protokoll nr 9", "Sammanträdesdatum 2024-04-25", "{n} (5)"], []),
        (["KOMMUNSTYRELSEN", "Protokoll 2024-04-25"], ["Justerandes signatur", "{n}"]),
        (
            ["Sammanträdesprotokoll", "Kommunstyrelsen 2024-04-25"],
            ["Ordförandes sign  Justerandes sign  Utdragsbestyrkande", "Sida {n} av 5"],
        ),
        (
            ["Protokoll Kommunstyrelsen 2024-04-25", "{n} (5)"],
            ["Justerare        Expedierat/bestyrkt"],
        ),
        (
            ["Protokoll Kommunstyrelsen 2024-04-25", "{n} (5)"],
            ["Justerandes sign {n}", "Ordförandes sign"],
        ),
        (["Kommunstyrelsen Protokoll 2024-04-25"], ["Sida {n} av 5"]),
        (["Granviks kommun  Kommunstyrelsen  Protokoll"], ["{n} ({m})"]),
    ],
)
def test_furniture_shapes_never_split(
    tmp_path: Path, header: list[str], footer: list[str]
) -> None:
    """Every header and footer shape of the brief keeps the protocol whole."""
    bodies = [FRONT, TOC, P12 + P13, P13_REST + P14, SIGNATURES]
    pages = [
        (
            [h.format(n=n) for h in header],
            body,
            [f.format(n=n, m=5) for f in footer],
        )
        for n, body in enumerate(bodies, 1)
    ]
    result = result_of(draw(tmp_path / "ks.pdf", pages + [([], E_SIGNATURE, [])]))
    assert [(d.kind, d.page_start, d.page_end) for d in result.documents] == [
        ("protokoll", 1, 6)
    ]
    assert numbers(result) == [12, 13, 14]
    meetings = result.documents[0].records["meetings"]
    printed = any("2024-04-25" in line for line in header)
    assert [m["date"] for m in meetings] == ["2024-04-25" if printed else None]


def real_protocols() -> list[Path]:
    """Return every real protocol file in ../shared/real."""
    return sorted((SHARED / "real").glob("*protokoll*.pdf")) if SHARED.is_dir() else []


@pytest.mark.parametrize(
    "pdf", real_protocols() or [None], ids=lambda p: getattr(p, "name", "none")
)
def test_real_protocol_is_one_document(pdf: Path | None) -> None:
    """Each real protocol file is exactly one protocol spanning all its pages."""
    if pdf is None:
        pytest.skip(SHARED_REASON)
    result = result_of(pdf)
    assert [(d.kind, d.page_start, d.page_end) for d in result.documents] == [
        ("protokoll", 1, len(result.pages))
    ]
    found = numbers(result)
    assert len(found) == len(set(found))


def long_paragraph(n: int) -> list[str]:
    """Return one § of a long protocol; every third has a party's reservation."""
    body = [f"§ {n}", f"Ärende nummer {n} om verksamheten", f"Dnr KS 2024/{n}0"]
    body += ["Sammanfattning av ärendet", P13[4], P13[5], "Beslutsunderlag"]
    body += [f"Tjänsteskrivelse 2024-03-{n:02d}", "Yrkanden", P13[9], "Beslut"]
    body += ["Kommunstyrelsen beslutar att godkänna förslaget."]
    if n % 3 == 0:
        body += ["Reservation", P13_REST[4], "För Centerpartiet"]
    return body + ["Protokollsutdrag skickas till", "Kommunledningskontoret"]


def test_long_protocol_with_dispatch_lists_is_one_document(tmp_path: Path) -> None:
    """Eleven pages: two-line header, "Sida N av M", an index without dots,
    a dispatch list closing every §, a signing page and a signing service's page."""
    index = ["Ärendelista"]
    index += [
        f"§ {n}  Ärende nummer {n} om verksamheten  {n - 7}" for n in range(10, 18)
    ]
    signing = [*SIGNATURES, "ANSLAGSBEVIS"]
    signing += [
        "Protokollet är justerat. Justeringen har tillkännagivits genom anslag."
    ]
    bodies = [FRONT, index, *[long_paragraph(n) for n in range(10, 18)], signing]
    header = ["Protokoll nr 9", "Sammanträdesdatum 2024-04-25"]
    pages: list[PageSpec] = [
        (header, body, ["Justerandes signatur", f"Sida {n} av {len(bodies)}"])
        for n, body in enumerate(bodies, 1)
    ]
    service = ["Undertecknat av följande personer", "Anna Andersson"]
    service += ["Transaktionsidentitet: 4F2A9C71-0B3E-4D55-9E1A-2C7B8D6E0F13"]
    service += ["Dokumentet har signerats elektroniskt med BankID"]
    result = result_of(draw(tmp_path / "ks.pdf", [*pages, ([], service, [])]))
    assert [(d.kind, d.page_start, d.page_end, d.date) for d in result.documents] == [
        ("protokoll", 1, 12, "2024-04-25")
    ]
    assert numbers(result) == list(range(10, 18))
    dispatches = result.documents[0].records["dispatches"]
    assert {r["recipient"] for r in dispatches} == {"Kommunledningskontoret"}
    assert len(dispatches) == 8
