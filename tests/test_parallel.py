"""All cores on one file: page ranges and document groups give the same database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import CORPUS, ROOT, SHARED_REASON, shared_pdfs
from test_stop import Watch
from test_structure import dump

from extractors.core.layout import DEFAULT
from extractors.core.models import Failure, FileResult
from pipeline import pages
from pipeline.discover import describe
from pipeline.ingest import ingest
from pipeline.isolate import Limits, LocalExecutor, run_isolated
from pipeline.parallel import Share, page_ranges, shared_map
from pipeline.process import process_path


def joined(names: list[Path], path: Path, pages: int = 10_000) -> Path:
    """Write the first ``pages`` pages of the PDFs ``names``, one after another."""
    out = pdfium.PdfDocument.new()
    for name in names:
        part = pdfium.PdfDocument(name.read_bytes())
        room = min(len(part), pages - len(out))
        if room > 0:
            out.import_pages(part, list(range(room)))
        part.close()
    out.save(str(path))
    out.close()
    return path


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One 32-page PDF: every corpus file in turn, then the KS minutes again."""
    names = sorted(CORPUS.glob("*.pdf")) + [
        CORPUS / "granvik_ks_protokoll_2024-04-02.pdf"
    ]
    return joined(names, tmp_path_factory.mktemp("bundle") / "bundle.pdf")


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


def _slow_square(i: int) -> tuple[int, int]:
    time.sleep(0.4)
    return i * i, os.getpid()


def test_shared_map_shares_items_between_the_worker_and_its_helpers() -> None:
    """Results come back by index; the worker takes items itself, beside a helper."""
    done = shared_map(_slow_square, 4, 2, order=[3, 2, 1, 0])
    assert [value for value, _ in done] == [0, 1, 4, 9]
    pids = {pid for _, pid in done}
    assert os.getpid() in pids and len(pids) == 2
    alone = shared_map(lambda i: (i, os.getpid()), 3, 1)
    assert alone == [(0, os.getpid()), (1, os.getpid()), (2, os.getpid())]


def _fails_on_two(i: int) -> int:
    if i == 2:
        raise ValueError(f"item {i}")
    return i


def test_shared_map_raises_what_an_item_raised() -> None:
    """An exception, in the worker or in a helper, reaches the caller."""
    with pytest.raises(ValueError, match="item 2"):
        shared_map(_fails_on_two, 5, 2)
    with pytest.raises(ValueError, match="item 2"):
        shared_map(_fails_on_two, 5, 1)


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


def test_pdfplumber_pages_and_masked_contacts_read_in_ranges_equal_one_pass(
    tmp_path: Path,
) -> None:
    """Real records: the pages pdfplumber reads (rotated text in the audit
    report) shared out after the ranges, and contacts masked with the
    organisation's domains of the whole file, give what one pass gives."""
    records = shared_pdfs()
    if not records:
        pytest.skip(SHARED_REASON)
    report = next(
        p for p in records if p.name == "goteborg_revisionsberattelse_2024.pdf"
    )
    mixed = joined(records, tmp_path / "mixed.pdf", 60)
    for path, contacts in ((report, False), (mixed, True)):
        whole = process_path(str(path), None, None, contacts)
        assert isinstance(whole, FileResult)
        for share in (Share(helpers=1, chunk=8), Share(helpers=2, chunk=8)):
            assert process_path(str(path), None, share, contacts) == whole
    assert sum(p.masked_contacts for p in whole.pages) == 12


def test_a_municipal_layout_profile_read_in_ranges_equals_one_pass(
    bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A profile other than the default (a wider furniture zone, as
    ``layout.toml`` may set for a municipality) sets the furniture apart
    again in the worker: the pages are those of one pass."""
    default = process_path(str(bundle))
    wide = replace(DEFAULT, furniture_zone=DEFAULT.furniture_zone + 2)
    monkeypatch.setattr(pages, "layout_profile", lambda name=None: wide)
    whole = process_path(str(bundle), None, None, True)
    split = process_path(str(bundle), None, Share(helpers=1, chunk=10), True)
    assert isinstance(whole, FileResult) and isinstance(default, FileResult)
    assert whole.pages != default.pages  # the profile moved some furniture
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
