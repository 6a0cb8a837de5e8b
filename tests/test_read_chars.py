"""The engine's characters, objects and words are read with as little work as can be.

:func:`pipeline.read.chars.page_chars` asks pdfium whether a character was
generated (a space or line break pdfium inferred) only for the characters
pdfium ever generates (``GENERABLE``). These tests check that assumption
on every character of the corpus and the shared records, that ligatures
and pdfium's kept hyphen are written out as pdfplumber has them, and that
the page objects read through pdfium's own calls
(:func:`pipeline.read.hints.shapes`, :func:`pipeline.read.hints.text_runs`,
:func:`pipeline.read.hints.run_texts`) are pypdfium2's, and that a line's
words built in one loop are the words of the general rules
(:func:`pipeline.read.words._split`).
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.read import hints
from pipeline.read.chars import GENERABLE, Char, page_chars
from pipeline.read.words import _line_words, _split, _word
from tests.conftest import corpus_pdfs, shared_pdfs


def generated_texts(path: Path) -> tuple[set[str], int]:
    """Return the texts of the characters pdfium generated in a PDF, and how
    many characters it has."""
    found, total = set(), 0
    pdf = pdfium.PdfDocument(path.read_bytes())
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        for char in range(textpage.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(textpage.raw, char):
                found.add(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, char)))
            total += 1
        textpage.close()
        page.close()
    pdf.close()
    return found, total


def test_pdfium_generates_only_spaces_and_line_breaks() -> None:
    """Every generated character of the real records is a space, CR or LF."""
    paths = corpus_pdfs() + shared_pdfs()
    texts, total = set(), 0
    for path in paths:
        found, count = generated_texts(path)
        texts |= found
        total += count
    assert texts == {" ", "\r", "\n"}
    assert texts <= GENERABLE
    assert total > (100_000 if shared_pdfs() else 20_000)  # the corpus alone: 20,577


def test_ligatures_and_kept_hyphen_written_out(tmp_path: Path) -> None:
    """A ligature is its letters; a hyphen pdfium keeps at a line end is "-"."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.exists():
        pytest.skip("DejaVu Sans (with ligature glyphs) is not installed")
    pdfmetrics.registerFont(TTFont("DejaVu", str(font)))
    path = tmp_path / "ligature.pdf"
    doc = canvas.Canvas(str(path), invariant=1)
    doc.setFont("DejaVu", 11)
    doc.drawString(72, 700, "Den \ufb01nala och kommun-")
    doc.drawString(72, 686, "styrelsen")
    doc.showPage()
    doc.save()
    pdf = pdfium.PdfDocument(path.read_bytes())
    page = pdf[0]
    chars = page_chars(page.get_textpage(), page.get_height())
    assert chars is not None
    text = "".join(char.text for char in chars)
    assert text == "Den finala och kommun-styrelsen"


def reference_ruled(objects: list[pdfium.PdfObject]) -> bool:
    """Return whether pypdfium2's objects could rule a table (as hints.ruled)."""
    across = down = False
    for obj in objects:
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            return True
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            left, bottom, right, top = obj.get_bounds()
            across = across or right - left >= hints.MIN_EDGE
            down = down or top - bottom >= hints.MIN_EDGE
    return across and down


def test_shapes_are_pypdfium2_objects() -> None:
    """The page objects read through pdfium's calls are ``get_objects(max_depth=2)``
    without text, in order, and rule a table where pypdfium2's would; the
    text runs are ``get_rect``'s and their texts ``get_text_bounded``'s."""
    pages = ruled = held = 0
    for path in corpus_pdfs() + shared_pdfs():
        pdf = pdfium.PdfDocument(path.read_bytes())
        for index in range(len(pdf)):
            page = pdf[index]
            theirs = [o for o in page.get_objects(max_depth=2) if o.type != 1]
            ours = hints.shapes(page)
            assert [kind for kind, _ in ours] == [obj.type for obj in theirs]
            assert hints.ruled(ours) == reference_ruled(theirs), (path.name, index)
            textpage = page.get_textpage()
            runs = [textpage.get_rect(i) for i in range(textpage.count_rects())]
            assert hints.text_runs(textpage) == runs
            texts = [textpage.get_text_bounded(*run) for run in runs]
            assert hints.run_texts(textpage, runs) == texts
            held += sum(bool(text.strip()) for text in texts)
            textpage.close()
            pages, ruled = pages + 1, ruled + hints.ruled(ours)
            page.close()
        pdf.close()
    assert pages > (300 if shared_pdfs() else 26)  # the corpus alone: 27 pages
    assert 0 < ruled < pages
    assert held > 10 * pages


#: Steps between characters: back, none, and at, under and over the tolerance.
STEPS = st.sampled_from([-4.0, -0.5, 0.0, 1.0, 2.9999, 3.0, 3.0001, 4.5])


@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", " ", "\r"]), STEPS, STEPS, STEPS),
        max_size=30,
    ),
    st.booleans(),
)
def test_line_words_are_the_general_rules(
    drawn: list[tuple[str, float, float, float]], bold: bool
) -> None:
    """Words of a line in one loop equal words split by _split and _begins_word:
    each character stands a step after the last one's right edge, a step
    wide (at least nothing), a step above or below it."""
    line: list[Char] = []
    x1, top = 100.0, 100.0
    for text, gap, width, shift in drawn:
        x0, top = x1 + gap, top + shift
        x1 = x0 + max(width, 0.0)
        line.append(Char(text, x0, x1, top, top + 10, "F", 10.0))
    expected = [_word(word, bold) for word in _split(line)]
    assert _line_words(line, bold) == expected
    assert len(expected) <= len(line)
