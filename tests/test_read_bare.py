"""Calls into pdfium made without argument conversion
(:func:`pipeline.read.chars.bare`) answer as pypdfium2's typed calls do."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pipeline.read import chars
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
