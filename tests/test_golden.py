"""Record-level golden tests: everything extracted from every real PDF.

For each seed, real record and corpus file, ``tests/golden/<name>.json`` holds
the file's summary (documents, kinds, pages, titles, dates, case numbers) and
the full records of every document, table by table. A change in output must
be reviewed against the PDF (``pytest --update-golden``, then read the diff).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import SHARED_REASON, compare_golden, corpus_pdfs, shared_pdfs

from extractors.core.models import FileResult
from pipeline.process import process_path, summarise


def golden_of(result: FileResult) -> dict[str, Any]:
    """Return the summary and every document's records, with document-local ids."""
    return {
        "summary": summarise(result),
        "records": [
            {"document": doc.index, "kind": doc.kind, "tables": doc.records}
            for doc in result.documents
            if doc.records
        ],
    }


@pytest.mark.parametrize("pdf", shared_pdfs() or [None], ids=lambda p: p and p.stem)
def test_shared_golden(pdf: Path | None, update_golden: bool) -> None:
    """The seeds and the real records give exactly the reviewed records."""
    if pdf is None:
        pytest.skip(SHARED_REASON)
    result = process_path(str(pdf))
    assert isinstance(result, FileResult)
    compare_golden(pdf.stem, golden_of(result), update_golden)


@pytest.mark.parametrize("pdf", corpus_pdfs(), ids=lambda p: p.stem)
def test_corpus_golden(pdf: Path, update_golden: bool) -> None:
    """The bundled corpus gives exactly the reviewed records."""
    result = process_path(str(pdf))
    assert isinstance(result, FileResult)
    compare_golden(f"corpus_{pdf.stem}", golden_of(result), update_golden)
