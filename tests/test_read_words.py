"""Words built from pdfium's characters are pdfplumber's words.

A label column's text is rebuilt from word positions and fonts; the words
now come from the engine's characters (:mod:`pipeline.read.words`), a
hundred times faster than pdfplumber parsing the page. These tests compare
the two on real PDFs.
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

from pipeline.read.margin import Box, margin_rows, margin_text, rows_of
from pipeline.read.pdf import _boxes
from pipeline.read.words import page_words
from tests.conftest import corpus_pdfs, shared_pdfs


def both(data: bytes) -> list[tuple[list[Box] | None, list[Box], float]]:
    """Return (engine words, pdfplumber words, width) of every page."""
    out = []
    pdf = pdfium.PdfDocument(data)
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        for index, page in enumerate(plumber.pages):
            engine = pdf[index]
            textpage = engine.get_textpage()
            words = page_words(textpage, engine.get_height())
            theirs = _boxes(page.extract_words(extra_attrs=["fontname", "size"]))
            out.append((words, theirs, float(page.width)))
            textpage.close()
            engine.close()
            page.close()
    pdf.close()
    return out


def test_words_of_a_label_column_page(tmp_path: Path) -> None:
    """Text, font weight and edges of every word equal pdfplumber's."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "labels.pdf"
    doc = canvas.Canvas(str(path), invariant=1)
    for y, label, body in [
        (700, "Förslag till", "Anna Andersson (S): Bifall till kommunstyrelsens"),
        (686, "beslut", "förslag. Fiskeflottans flöde."),
        (660, "Beslut", "Kommunfullmäktige antar detaljplanen."),
    ]:
        doc.setFont("Helvetica-Bold", 10)
        doc.drawString(57, y, label)
        doc.setFont("Helvetica", 10)
        doc.drawString(170, y, body)
    doc.showPage()
    doc.save()
    [(words, theirs, _)] = both(path.read_bytes())
    assert words is not None
    key = [box for line in rows_of(theirs) for box in line]
    mine = [box for line in rows_of(words) for box in line]
    assert [(b.text, b.bold) for b in mine] == [(b.text, b.bold) for b in key]
    assert [b.text for b in mine][:3] == ["Förslag", "till", "Anna"]
    for a, b in zip(mine, key, strict=True):
        assert a.x0 == pytest.approx(b.x0, abs=0.05)
        assert a.x1 == pytest.approx(b.x1, abs=0.05)
        assert a.bottom - a.top == pytest.approx(b.bottom - b.top, abs=0.05)


def test_rotated_text_is_left_to_pdfplumber(tmp_path: Path) -> None:
    """Rotated characters in a font that is not embedded (pdfium's descent
    for Helvetica is not pdfminer's) give no words: pdfplumber reads the
    page (tests/test_read_turned.py has the rotated words that are given)."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "rotated.pdf"
    doc = canvas.Canvas(str(path), invariant=1)
    doc.drawString(72, 700, "Beslut")
    doc.rotate(90)
    doc.drawString(100, -40, "Justerandes signatur")
    doc.showPage()
    doc.save()
    [(words, _, _)] = both(path.read_bytes())
    assert words is None


@pytest.mark.parametrize("path", corpus_pdfs() + shared_pdfs(), ids=lambda p: p.name)
def test_label_columns_read_alike(path: Path) -> None:
    """Every page's label-column text from the engine's words equals pdfplumber's."""
    for words, theirs, width in both(path.read_bytes()):
        if words is None:
            continue
        ours, expected = margin_rows(words, width), margin_rows(theirs, width)
        assert (margin_text(ours) if ours else None) == (
            margin_text(expected) if expected else None
        )
