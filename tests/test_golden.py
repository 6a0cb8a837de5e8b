"""Golden tests: every real PDF's documents, kinds, pages, titles, dates and dnr.

Each expected JSON in tests/golden was reviewed by hand against the PDF; a
change in output must be reviewed the same way (``pytest --update-golden``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SHARED_REASON, compare_golden, corpus_pdfs, shared_pdfs

from extractors.core.models import FileResult
from pipeline.process import process_path, summarise


@pytest.mark.parametrize("pdf", shared_pdfs() or [None], ids=lambda p: p and p.stem)
def test_shared_golden(pdf: Path | None, update_golden: bool) -> None:
    """The seeds and the real records give exactly the reviewed output."""
    if pdf is None:
        pytest.skip(SHARED_REASON)
    result = process_path(str(pdf))
    assert isinstance(result, FileResult)
    compare_golden(pdf.stem, summarise(result), update_golden)


@pytest.mark.parametrize("pdf", corpus_pdfs(), ids=lambda p: p.stem)
def test_corpus_golden(pdf: Path, update_golden: bool) -> None:
    """The bundled corpus gives exactly the reviewed output."""
    result = process_path(str(pdf))
    assert isinstance(result, FileResult)
    compare_golden(f"corpus_{pdf.stem}", summarise(result), update_golden)
