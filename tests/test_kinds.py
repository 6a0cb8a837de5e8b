"""One fixture per document kind: its text, its PDF and its expected records.

Every kind in :data:`extractors.kinds.REGISTRY` has ``tests/fixtures/kinds/
<kind>.txt`` (a short fictional Granviks kommun paper), the PDF rendered from
it by ``make_fixtures.py`` and ``<kind>.expected.json``: the document's common
fields and every record row its extractor makes, reviewed by hand. A change in
output must be reviewed the same way (``pytest --update-golden``).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from extractors.core.models import FileResult
from extractors.kinds import REGISTRY
from pipeline.process import document_fields, process_path
from pipeline.store.schema import PROVENANCE

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "kinds"


def _make_fixtures() -> ModuleType:
    """Load ``tests/fixtures/kinds/make_fixtures.py`` (not a package)."""
    spec = importlib.util.spec_from_file_location(
        "make_fixtures", FIXTURES / "make_fixtures.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_fixtures = _make_fixtures()


def kind_records(pdf: Path) -> dict[str, Any]:
    """Return the documents and record rows of ``pdf`` as plain data."""
    result = process_path(str(pdf))
    assert isinstance(result, FileResult), result
    assert result.extraction_failures == []
    return {
        "documents": [document_fields(d) for d in result.documents],
        "records": {
            table: [
                {k: v for k, v in row.items() if k not in PROVENANCE} for row in rows
            ]
            for d in result.documents
            for table, rows in d.records.items()
        },
    }


def test_every_kind_has_a_fixture() -> None:
    """Each registered kind has a text, a PDF and expected records; no extras."""
    kinds = set(REGISTRY)
    assert {p.stem for p in FIXTURES.glob("*.txt")} == kinds
    assert {p.stem for p in FIXTURES.glob("*.pdf")} == kinds
    assert {
        p.name.removesuffix(".expected.json") for p in FIXTURES.glob("*.expected.json")
    } == kinds


@pytest.mark.parametrize("kind", list(REGISTRY))
def test_fixture_pdfs_are_current(kind: str, tmp_path: Path) -> None:
    """The committed PDF is exactly what make_fixtures renders from the text."""
    rendered = make_fixtures.render(FIXTURES / f"{kind}.txt", tmp_path / f"{kind}.pdf")
    assert rendered.read_bytes() == (FIXTURES / f"{kind}.pdf").read_bytes()


@pytest.mark.parametrize("kind", list(REGISTRY))
def test_kind_records(kind: str, update_golden: bool) -> None:
    """The fixture is one document of its kind with exactly the reviewed records.

    The kind stored is the spec's ``stored_kind`` (a protokollsutdrag is
    stored as protokoll); the extractor names the kind itself.
    """
    actual = kind_records(FIXTURES / f"{kind}.pdf")
    result = process_path(str(FIXTURES / f"{kind}.pdf"))
    assert isinstance(result, FileResult)
    assert [d.extractor for d in result.documents] == [REGISTRY[kind].label]
    assert [d["kind"] for d in actual["documents"]] == [REGISTRY[kind].stored_kind]
    path = FIXTURES / f"{kind}.expected.json"
    if update_golden or not path.exists():
        text = json.dumps(actual, ensure_ascii=False, indent=2) + "\n"
        path.write_text(text, encoding="utf-8")
        if not update_golden:
            pytest.fail(f"{path.name} was missing and has been written")
    assert json.loads(path.read_text(encoding="utf-8")) == actual
