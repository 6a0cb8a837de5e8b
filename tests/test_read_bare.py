"""Calls into pdfium made without argument conversion
(:func:`pipeline.read.chars.bare`) answer as pypdfium2's typed calls do."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pipeline.read import chars, hints
from pipeline.read.grid import has_grid_header, may_have_grid
from pipeline.read.margin import Box
from pipeline.read.runs import TOLERANCE as WORD_GAP
from tests.conftest import corpus_pdfs, shared_pdfs

NAMES = ["granvik_ks_protokoll_2024-04-02.pdf", "goteborg_revisionsberattelse_2024.pdf"]


def _named(name: str) -> Path:
    """Return the shared or corpus PDF called ``name``."""
    found = [p for p in [*shared_pdfs(), *corpus_pdfs()] if p.name == name]
    if not found:
        pytest.skip(f"{name} is not here")
    return found[0]


@pytest.mark.parametrize("name", NAMES)
def test_bare_calls_answer_as_typed_ones(name: str) -> None:
    """Every character's text object, loose box and generated flag as
    pypdfium2's own prototypes give them."""
    doc = pdfium.PdfDocument(str(_named(name)))
    compared = 0
    try:
        for page in (doc[i] for i in range(min(len(doc), 6))):
            textpage = page.get_textpage()
            raw = textpage.raw
            bare = ctypes.c_void_p(ctypes.cast(raw, ctypes.c_void_p).value)
            mine, theirs = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
            for index in range(textpage.count_chars()):
                typed = pdfium_c.FPDFText_GetTextObject(raw, index)
                address = ctypes.cast(typed, ctypes.c_void_p).value
                assert chars._text_object(bare, index) == address
                assert chars._is_generated(bare, index) == (
                    pdfium_c.FPDFText_IsGenerated(raw, index)
                )
                assert chars._loose_box(bare, index, ctypes.byref(mine)) == 1
                pdfium_c.FPDFText_GetLooseCharBox(raw, index, theirs)
                sides = ("left", "top", "right", "bottom")
                assert [getattr(mine, s) for s in sides] == [
                    getattr(theirs, s) for s in sides
                ]
                compared += 1
            textpage.close()
            page.close()
    finally:
        doc.close()
    assert compared > 1000


def test_a_bare_prototype_passes_its_arguments_as_given() -> None:
    """Without argument types a Python int goes as a C int: a pointer must
    be a ``c_void_p`` (the address of a page's text, here)."""
    call = chars.bare(pdfium_c.FPDFText_CountChars, ctypes.c_int)
    doc = pdfium.PdfDocument(str(_named(NAMES[0])))
    page = doc[0]
    textpage = page.get_textpage()
    address = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    assert call(ctypes.c_void_p(address)) == textpage.count_chars() > 0
    textpage.close()
    page.close()
    doc.close()


def _aligned_as_typed(
    textpage: pdfium.PdfTextPage, page: pdfium.PdfPage, text: str
) -> bool:
    """hints.aligned_header as it was: pypdfium2's typed ``get_charbox``, a
    word's box built again for each character."""
    if len(text) != textpage.count_chars():
        return True
    height = page.get_height()
    words: list[Box] = []
    for index, char in enumerate(text):
        if char.isspace():
            words.append(Box(0, 0, 0, 0, ""))
            continue
        left, bottom, right, top = textpage.get_charbox(index, loose=True)
        box = Box(left, right, height - top, height - bottom, char)
        last = words[-1] if words else None
        if (
            last
            and last.text
            and abs(box.top - last.top) <= WORD_GAP
            and box.x0 <= last.x1 + WORD_GAP
        ):
            text_so_far = last.text + char
            box = Box(last.x0, max(last.x1, box.x1), last.top, last.bottom, text_so_far)
            words[-1] = box
        else:
            words.append(box)
    return has_grid_header([w for w in words if w.text])


def test_aligned_header_reads_the_boxes_the_typed_calls_give() -> None:
    """The vote header found in the characters' bare loose boxes is the one
    found in pypdfium2's typed ones, on every page of the shared records and
    the corpus with the header words alone (some set out in columns)."""
    answers = []
    for path in [*shared_pdfs(), *corpus_pdfs()]:
        doc = pdfium.PdfDocument(str(path))
        try:
            for page in (doc[i] for i in range(len(doc))):
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                if may_have_grid(text):
                    found = hints.aligned_header(textpage, page, text)
                    assert found is _aligned_as_typed(textpage, page, text), path
                    answers.append(found)
                textpage.close()
                page.close()
        finally:
            doc.close()
    assert True in answers and False in answers
