"""Write one long synthetic protokoll for scaling measurements.

Usage: python bench/long_protocol.py PAGES OUT.pdf

Every page holds one paragraph (§) of a fictional committee's minutes with a
running header and a "Sida N av M" footer. Two pages of three carry a vote
with a ruled "Ledamot Parti Ja Nej Avstår" table (pages whose text hints at a
table, read again with pdfplumber); every tenth page sets its labels in a
left margin column (read word by word with pdfplumber). The output is the
same bytes on every run, so sizes can be compared.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "corpus"))
from texts_common import KS_MEMBERS  # type: ignore[import-not-found]  # noqa: E402

MEMBERS = KS_MEMBERS  # the corpus's Kommunstyrelsen
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10.5, leading=14)
HEAD = ParagraphStyle("head", parent=BODY, fontName="Helvetica-Bold", fontSize=12)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=9, leading=11)


def paragraph(number: int, rng: random.Random) -> list[Flowable]:
    """Return the flowables of one § (one page)."""
    dnr = f"Dnr KS 2024/{100 + number:04d}"
    title = f"§ {number} {rng.choice(TOPICS).capitalize()}, kvarteret {_name(number)}"
    yes = rng.sample(MEMBERS, 6)
    story: list[Flowable] = [Paragraph(title, HEAD), Paragraph(dnr, BODY)]
    prose = [
        "Sammanfattning av ärendet",
        f"Förvaltningen har utrett {rng.choice(TOPICS)} och föreslår att "
        "kommunstyrelsen godkänner förslaget i dess helhet.",
        "Yrkanden",
        f"{yes[0][0]} ({yes[0][1]}) yrkar bifall till förvaltningens förslag.",
        f"{yes[1][0]} ({yes[1][1]}) yrkar avslag.",
    ]
    if number % 10 == 0:
        story.append(_margin([(prose[0], [prose[1]]), (prose[2], prose[3:])]))
    else:
        story += [Paragraph(text, BODY) for text in prose]
    if number % 3:
        story += _vote(yes, rng, _name(number))
    story += [
        Paragraph("Beslut", HEAD),
        Paragraph(
            f"Kommunstyrelsen beslutar att godkänna förslaget för {_name(number)}.",
            BODY,
        ),
        PageBreak(),
    ]
    return story


def _name(number: int) -> str:
    """Return a made-up place name, different for each number below 4096."""
    syllables = ["lo", "ma", "ri", "sa", "ve", "ka", "no", "te"]
    return "".join(syllables[number // 8**i % 8] for i in range(4)).capitalize()


TOPICS = [
    "detaljplan för Norra hamnen",
    "budget för äldreomsorgen",
    "ny förskola i Västra Granvik",
    "taxor för vatten och avlopp",
    "upphandling av skolskjuts",
]


def _vote(yes: list[tuple[str, str]], rng: random.Random, place: str) -> list[Flowable]:
    """Return a vote: the proposition, a ruled table, the count."""
    rows = [["Ledamot", "Parti", "Ja", "Nej", "Avstår"]]
    counts = {"Ja": 0, "Nej": 0, "Avstår": 0}
    for name, party in MEMBERS:
        choice = "Ja" if (name, party) in yes else rng.choice(["Nej", "Avstår"])
        counts[choice] += 1
        rows.append([name, party] + ["X" if c == choice else "" for c in counts])
    table = Table(
        [[Paragraph(c, SMALL) for c in row] for row in rows],
        colWidths=[50 * mm, 20 * mm, 15 * mm, 15 * mm, 18 * mm],
        hAlign="LEFT",
    )
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black)]))
    return [
        Paragraph("Omröstning", HEAD),
        Paragraph(
            "Ordföranden ställer proposition på förslagen och finner att "
            "kommunstyrelsen bifallit förvaltningens förslag. Votering begärs.",
            BODY,
        ),
        table,
        Spacer(1, 6),
        Paragraph(
            f"Med {counts['Ja']} ja-röster mot {counts['Nej']} nej-röster och "
            f"{counts['Avstår']} som avstår bifaller kommunstyrelsen förslaget "
            f"om {place}.",
            BODY,
        ),
    ]


def _margin(rows: list[tuple[str, list[str]]]) -> Table:
    """Return labels in a narrow left column beside their text."""
    table = Table(
        [
            [
                Paragraph(f"<b>{label}</b>", BODY),
                [Paragraph(text, BODY) for text in texts],
            ]
            for label, texts in rows
        ],
        colWidths=[40 * mm, 130 * mm],
        hAlign="LEFT",
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def write(pages: int, out: Path) -> None:
    """Write a protokoll of ``pages`` pages to ``out``."""
    rng = random.Random(pages)

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.setFont("Helvetica", 9)
        canvas.drawString(20 * mm, 285 * mm, "Granviks kommun  Kommunstyrelsen")
        canvas.drawString(150 * mm, 285 * mm, "PROTOKOLL 2024-04-02")
        canvas.drawString(20 * mm, 12 * mm, "Justerandes sign")
        canvas.drawString(170 * mm, 12 * mm, f"Sida {doc.page} av {pages}")

    doc = BaseDocTemplate(str(out), pagesize=A4, invariant=1)
    frame = Frame(20 * mm, 20 * mm, 170 * mm, 255 * mm)
    doc.addPageTemplates([PageTemplate("p", [frame], onPage=on_page)])
    story = [Paragraph("Kommunstyrelsen", HEAD), Paragraph("Protokoll", HEAD)]
    for number in range(1, pages + 1):
        story += paragraph(number, rng)
    doc.build(story[:-1])


if __name__ == "__main__":
    write(int(sys.argv[1]), Path(sys.argv[2]))
