"""All cores on one file: page ranges and document groups give the same database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import CORPUS, ROOT
from test_stop import Watch
from test_structure import dump

from extractors.core.models import Failure, FileResult
from pipeline.discover import describe
from pipeline.ingest import ingest
from pipeline.isolate import Limits, LocalExecutor, run_isolated
from pipeline.parallel import Share, balanced, page_ranges
from pipeline.process import process_path


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One 32-page PDF: every corpus file in turn, then the KS minutes again."""
    out = pdfium.PdfDocument.new()
    names = sorted(CORPUS.glob("*.pdf")) + [
        CORPUS / "granvik_ks_protokoll_2024-04-02.pdf"
    ]
    for name in names:
        part = pdfium.PdfDocument(name.read_bytes())
        out.import_pages(part)
        part.close()
    path = tmp_path_factory.mktemp("bundle") / "bundle.pdf"
    out.save(str(path))
    out.close()
    return path


def test_ranges_are_few_even_and_cover_the_file() -> None:
    """A file is cut into at most two ranges per process, none under the chunk."""
    assert page_ranges(32, 3) == [range(1, 11), range(11, 22), range(22, 33)]
    assert Share(helpers=1, chunk=10).ranges(32) == page_ranges(32, 3)
    assert Share(helpers=1).ranges(1000) == [
        range(1, 251),
        range(251, 501),
        range(501, 751),
        range(751, 1001),
    ]
    assert Share(helpers=1).ranges(250) == [range(1, 126), range(126, 251)]
    assert not Share(helpers=1, chunk=10).splits(20)
    assert Share(helpers=1, chunk=10).splits(21)
    assert not Share(helpers=0, chunk=10).splits(1000)


def test_documents_are_grouped_by_even_weight() -> None:
    """Groups of documents are consecutive runs of about equal line counts."""
    assert balanced([3, 3, 3, 3], 2) == [range(0, 2), range(2, 4)]
    assert balanced([5, 5, 5, 5, 100, 1], 2) == [range(0, 5), range(5, 6)]
    assert balanced([7], 2) == [range(0, 1)]


def test_a_file_read_in_ranges_equals_one_pass(bundle: Path) -> None:
    """Three page ranges and two document groups give the very same result."""
    whole = process_path(str(bundle))
    split = process_path(str(bundle), None, Share(helpers=1, chunk=10))
    assert isinstance(whole, FileResult) and isinstance(split, FileResult)
    assert len(whole.pages) == 32
    assert len(whole.documents) >= 2  # so two groups of documents are extracted
    assert split.pages == whole.pages
    assert split.documents == whole.documents
    assert split == whole


def test_two_workers_on_one_file_give_the_same_database(
    bundle: Path, tmp_path: Path
) -> None:
    """Ingesting one multi-range file with 1 and with 2 workers: every table equal."""
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    first = ingest([bundle], str(one))
    second = ingest([bundle], str(two), executor=LocalExecutor(2, Limits(), chunk=10))
    assert (first.loaded, second.loaded, first.pages) == (1, 1, 32)
    assert dump(one) == dump(two)


def test_a_timed_out_file_takes_its_helpers_with_it(tmp_path: Path) -> None:
    """A file read on two cores past its time limit fails; no helper is left.

    400 pages: a 90-page protocol is now read within the 0.5 s limit."""
    long = tmp_path / "long.pdf"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "long_protocol.py"), "400", str(long)],
        check=True,
    )
    with Watch() as watch:
        results = run_isolated(
            [describe(long)], [None], process_path, 2, Limits(seconds=0.5), chunk=30
        )
        reasons = [r.reason for r in results if isinstance(r, Failure)]
    assert reasons == ["took longer than 0.5 s"]
    assert len(watch.seen) >= 2  # the worker and its helpers
    assert watch.left() == []
