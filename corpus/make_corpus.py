"""Generate the sample corpus: records of the fictional Granviks kommun.

Usage: python corpus/make_corpus.py [--out DIR] [--copies N]

Writes the PDFs and ``manifest.json`` (the truth by construction: each
file's documents with kind, title, date, dnr and page range, and its
image-only pages). Output is byte-identical on every run. ``--copies N`` also
writes N varied copies of every file to ``DIR/bulk/`` for benchmarks.
"""

from __future__ import annotations

import argparse
import io
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from texts import FILES, Block, Doc, Layout  # type: ignore[import-not-found]

HERE = Path(__file__).resolve().parent


class Marker(Flowable):
    """A zero-size flowable that records the page it lands on."""

    def __init__(self, pages: list[int]) -> None:
        super().__init__()
        self.pages = pages
        self.width = self.height = 0

    def draw(self) -> None:
        self.pages.append(self.canv.getPageNumber())


@dataclass
class Built:
    """A document placed in a PDF: its manifest entry and page markers."""

    doc: Doc
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)


def styles(layout: Layout) -> dict[str, ParagraphStyle]:
    """Return paragraph styles for a layout (font family and sizes)."""
    base = ParagraphStyle(
        "body",
        fontName=layout.font,
        fontSize=layout.size,
        leading=layout.size * 1.35,
        alignment=TA_LEFT,
        spaceAfter=layout.size * 0.6,
    )
    bold = layout.font + ("-Bold" if layout.font == "Helvetica" else "")
    if layout.font == "Times-Roman":
        bold = "Times-Bold"
    return {
        "body": base,
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=bold,
            fontSize=layout.size + 5,
            leading=layout.size * 1.9,
            spaceAfter=8,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=bold,
            fontSize=layout.size + 1,
            spaceBefore=6,
            spaceAfter=3,
        ),
        "small": ParagraphStyle(
            "small",
            parent=base,
            fontSize=layout.size - 1.5,
            leading=(layout.size - 1.5) * 1.3,
        ),
        "bullet": ParagraphStyle(
            "bullet", parent=base, leftIndent=14, bulletIndent=3, spaceAfter=3
        ),
    }


def flowables(
    block: Block, st: dict[str, ParagraphStyle], scans: dict[str, bytes]
) -> list[Flowable]:
    """Turn one text block into reportlab flowables."""
    kind, content = block
    if kind in ("h1", "h2", "body", "small"):
        return [Paragraph(escape(content), st[kind])]
    if kind == "bullets":
        return [
            Paragraph(escape(item), st["bullet"], bulletText="•") for item in content
        ]
    if kind == "fields":
        rows = [
            [
                Paragraph(f"<b>{escape(k)}</b>", st["body"]),
                Paragraph(escape(v), st["body"]),
            ]
            for k, v in content
        ]
        table = Table(rows, colWidths=[52 * mm, 110 * mm], hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return [table, Spacer(1, 6)]
    if kind == "margin":
        return [_margin_table(content, st), Spacer(1, 4)]
    if kind == "table":
        rows = [[Paragraph(escape(c), st["small"]) for c in row] for row in content]
        table = Table(rows, hAlign="LEFT", repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return [table, Spacer(1, 8)]
    if kind == "pagebreak":
        return [PageBreak()]
    if kind == "spacer":
        return [Spacer(1, content)]
    if kind == "scan":
        return [
            NextPageTemplate("scan"),
            PageBreak(),
            Image(io.BytesIO(scans[content]), width=170 * mm, height=240 * mm),
            NextPageTemplate("text"),
        ]
    raise ValueError(f"unknown block kind {kind!r}")


def _margin_table(
    content: list[tuple[str, list[str]]], st: dict[str, ParagraphStyle]
) -> Table:
    """Return labels in a narrow left column beside their text (one row each)."""
    rows = [
        [
            Paragraph(f"<b>{escape(label)}</b>", st["body"]),
            [Paragraph(escape(text), st["body"]) for text in texts],
        ]
        for label, texts in content
    ]
    table = Table(rows, colWidths=[40 * mm, 130 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def escape(text: str) -> str:
    """Escape text for a reportlab Paragraph."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def scan_image(lines: list[str], seed: int) -> bytes:
    """Render lines of text as a grey, slightly noisy scanned page (PNG bytes)."""
    import reportlab
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    font_path = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    font = ImageFont.truetype(str(font_path), 34)
    image = PILImage.new("L", (1240, 1754), 246)
    draw = ImageDraw.Draw(image)
    y = 140
    for line in lines:
        draw.text((120, y), line, fill=30, font=font)
        y += 56 if line else 30
    rng = random.Random(seed)
    pixels = image.load()
    for _ in range(6000):
        x, yy = rng.randrange(1240), rng.randrange(1754)
        pixels[x, yy] = rng.choice((200, 215, 230))
    image = image.rotate(0.4, fillcolor=246)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def on_page(
    layout: Layout, running: Callable[[int], str]
) -> Callable[[Any, Any], None]:
    """Return the callback drawing a layout's running header and footer."""

    def draw(canvas: Any, doc: Any) -> None:
        page = canvas.getPageNumber()
        canvas.saveState()
        canvas.setFont(layout.font, 8.5)
        width, height = A4
        if layout.header:
            canvas.drawString(20 * mm, height - 14 * mm, layout.header)
            canvas.drawRightString(width - 20 * mm, height - 14 * mm, running(page))
        elif layout.page_footer:
            canvas.drawCentredString(width / 2, 12 * mm, running(page))
        if layout.footer:
            canvas.drawString(20 * mm, 18 * mm, layout.footer)
        canvas.restoreState()

    return draw


def build(spec: dict[str, Any], out: Path, scans: dict[str, bytes]) -> dict[str, Any]:
    """Write one PDF; return its manifest entry."""
    layout: Layout = spec["layout"]
    story, _ = _story(spec, scans)
    total = _count_pages(story, layout)
    story, built = _story(spec, scans)
    path = out / spec["file"]
    _render(path, story, layout, total, spec["title"])
    scans_at = [n for n, (kind, _) in _page_kinds(path) if kind == "scan"]
    return {
        "file": spec["file"],
        "pages": total,
        "image_only_pages": scans_at,
        "documents": [
            {
                "kind": b.doc.kind,
                "title": b.doc.title,
                "date": b.doc.date,
                "dnr": b.doc.dnr,
                "page_start": b.start[-1],
                "page_end": b.end[-1],
            }
            for b in built
        ],
        "dnr_mentions": spec["dnr_mentions"],
    }


def _story(
    spec: dict[str, Any], scans: dict[str, bytes]
) -> tuple[list[Flowable], list[Built]]:
    """Return fresh flowables for a file (platypus consumes them when building)."""
    st = styles(spec["layout"])
    story: list[Flowable] = []
    built = []
    for i, doc in enumerate(spec["documents"]):
        placed = Built(doc)
        if i and doc.new_page:
            story.append(PageBreak())
        story.append(Marker(placed.start))
        for block in doc.blocks:
            if block[0] != "scan":
                story += flowables(block, st, scans)
        story.append(Marker(placed.end))
        for block in doc.blocks:
            if block[0] == "scan":
                story += flowables(block, st, scans)
        built.append(placed)
    return story, built


def _templates(layout: Layout, total: int) -> list[PageTemplate]:
    """Return the text and scan page templates of a layout."""

    def running(page: int) -> str:
        return layout.running.format(page=page, total=total)

    frame = Frame(20 * mm, 24 * mm, 170 * mm, 250 * mm, id="main")
    scan_frame = Frame(15 * mm, 15 * mm, 180 * mm, 267 * mm, id="scan")
    return [
        PageTemplate("text", [frame], onPage=on_page(layout, running)),
        PageTemplate("scan", [scan_frame]),
    ]


def _count_pages(story: list[Flowable], layout: Layout) -> int:
    """Lay the story out once to learn the page count (for "Sida N av M")."""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=A4, invariant=1)
    doc.addPageTemplates(_templates(layout, 0))
    doc.build(list(story))
    return doc.page


def _render(
    path: Path, story: list[Flowable], layout: Layout, total: int, title: str
) -> None:
    """Write the PDF with the real page count in the running texts."""
    doc = BaseDocTemplate(
        str(path),
        pagesize=A4,
        invariant=1,
        title=title,
        author="Granviks kommun (fiktiv)",
        creator="diarium corpus",
    )
    doc.addPageTemplates(_templates(layout, total))
    doc.build(story)


def _page_kinds(path: Path) -> list[tuple[int, tuple[str, int]]]:
    """Return (page, (kind, characters)) with kind "scan" for pages without text."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            text = page.get_textpage().get_text_range().strip()
            out.append((i + 1, ("scan" if not text else "text", len(text))))
            page.close()
        return out
    finally:
        pdf.close()


def main() -> None:
    """Write the corpus (and optional bulk copies)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--copies", type=int, default=0)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    manifest = []
    for spec in FILES(0):
        scans = {
            key: scan_image(lines, seed=len(key))
            for key, lines in spec.get("scans", {}).items()
        }
        manifest.append(build(spec, args.out, scans))
    (args.out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    if args.copies:
        bulk = args.out / "bulk"
        bulk.mkdir(exist_ok=True)
        for n in range(1, args.copies + 1):
            for spec in FILES(n):
                scans = {
                    key: scan_image(lines, seed=n)
                    for key, lines in spec.get("scans", {}).items()
                }
                spec["file"] = spec["file"].replace(".pdf", f"_{n:04d}.pdf")
                build(spec, bulk, scans)
    print(f"wrote {len(manifest)} files to {args.out}")


if __name__ == "__main__":
    main()
