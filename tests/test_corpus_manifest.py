"""The bundled corpus against its truth by construction (corpus/manifest.json).

The manifest is written by corpus/make_corpus.py from the same data the PDFs
are drawn from, so these tests measure the pipeline, not its own output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CORPUS

from extractors.core.models import FileResult
from pipeline.process import process_path

MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
FIELDS = ("kind", "title", "date", "dnr", "page_start", "page_end")


@pytest.mark.parametrize("entry", MANIFEST, ids=lambda e: e["file"])
def test_documents_match_the_manifest(entry: dict[str, object]) -> None:
    """Every document: kind, title, date, dnr and page range exactly as built."""
    result = process_path(str(CORPUS / str(entry["file"])))
    assert isinstance(result, FileResult)
    found = [{f: getattr(d, f) for f in FIELDS} for d in result.documents]
    assert found == entry["documents"]
    assert len(result.pages) == entry["pages"]
    assert [p.number for p in result.pages if p.needs_ocr] == entry["image_only_pages"]
    assert sorted({m.dnr for m in result.mentions}) == entry["dnr_mentions"]


def test_generator_is_deterministic(tmp_path: Path) -> None:
    """Regenerating the corpus gives byte-identical PDFs and manifest."""
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, str(CORPUS / "make_corpus.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for entry in MANIFEST:
        name = str(entry["file"])
        assert (tmp_path / name).read_bytes() == (CORPUS / name).read_bytes(), name
    assert (tmp_path / "manifest.json").read_text(encoding="utf-8") == (
        CORPUS / "manifest.json"
    ).read_text(encoding="utf-8")
