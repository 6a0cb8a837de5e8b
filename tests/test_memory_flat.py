"""Memory that does not grow with one file's length: the engine's document
opened again every few pages, and a long result sent in parts."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest
from test_structure import dump

from extractors.core.models import ExtractionFailure, Failure, FileResult
from pipeline import parts
from pipeline.ingest import ingest
from pipeline.isolate import Limits, run_isolated
from pipeline.parts import Head, join, split
from pipeline.process import process_path, source_of
from pipeline.read import pdf
from pipeline.read.pdf import in_turn, read_pages
from pipeline.store import save

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
#: A real six-page kallelse (several documents, case-number mentions).
KALLELSE = CORPUS / "granvik_an_kallelse_2024-03-12.pdf"


def test_the_engine_document_is_closed_before_the_next_is_opened() -> None:
    """Six pages read four at a time: two documents, the first closed (its
    parsed objects freed) before the second yields a page."""
    data = KALLELSE.read_bytes()
    documents, closed_before = [], []
    for index, page in in_turn(data, range(6), every=4):
        if page.pdf not in documents:
            closed_before.append([d.raw is None for d in documents])
            documents.append(page.pdf)
        assert page.pdf is documents[index // 4]
        page.close()
    assert closed_before == [[], [True]]
    assert [d.raw for d in documents] == [None, None]  # the last closed at the end


def test_pages_read_in_turns_equal_pages_read_in_one_open(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every page's text, tables and shapes are the same whether the file
    is opened once or again every two pages."""
    data = KALLELSE.read_bytes()
    once = read_pages(data)
    monkeypatch.setattr(pdf, "REOPEN_PAGES", 2)
    assert read_pages(data) == once
    assert [p.number for p in once] == [1, 2, 3, 4, 5, 6]


def _small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make parts of two pages, documents of 20 lines, three mentions."""
    monkeypatch.setattr(parts, "PART_PAGES", 2)
    monkeypatch.setattr(parts, "PART_LINES", 20)
    monkeypatch.setattr(parts, "PART_MENTIONS", 3)


def _result() -> FileResult:
    result = process_path(str(KALLELSE))
    assert isinstance(result, FileResult)
    return result


def test_a_long_result_goes_in_parts_and_comes_back_equal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Through a real pipe: a head, three parts of pages, the documents a
    part per 20 lines, the mentions three a part; joined, the result equals
    the one sent and its failure names the joined document itself."""
    _small_parts(monkeypatch)
    result = _result()
    failed = result.documents[1]
    result.extraction_failures = [ExtractionFailure(failed, "kind.9", "Boom: x")]
    lines = [len(d.lines) for d in result.documents]
    ours, theirs = multiprocessing.Pipe()
    messages = list(split(result))
    head = messages[0]
    assert isinstance(head, Head)
    assert head.failures == [(1, "kind.9", "Boom: x")]
    assert head.result.pages == head.result.documents == []
    names = [m[0] for m in messages[1:]]  # type: ignore[index]
    assert names.count("pages") == 3
    assert names.count("documents") == _document_parts(lines, 20)
    assert names.count("mentions") == -(-len(result.mentions) // 3)
    assert head.parts == len(messages) - 1
    for message in messages:
        theirs.send(message)
    first = ours.recv()
    assert isinstance(first, Head)
    joined = join(first, ours.recv)
    assert joined == result
    assert isinstance(joined, FileResult)
    assert joined.extraction_failures[0].document is joined.documents[1]


def _document_parts(lines: list[int], most: int) -> int:
    """Return the parts documents of ``lines`` lines each take, ``most`` a part."""
    count, held = 0, 0
    for i, n in enumerate(lines):
        held += n
        if held >= most or i == len(lines) - 1:
            count, held = count + 1, 0
    return count


def test_a_result_of_few_pages_goes_whole() -> None:
    """Six pages are fewer than a part holds: one message, the result itself."""
    result = _result()
    assert list(split(result)) == [result]


def test_a_worker_sends_a_long_result_that_equals_one_read_in_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A forked worker sends the file in parts of two pages; the pool joins
    them into the result of the same file read in this process."""
    _small_parts(monkeypatch)
    data = KALLELSE.read_bytes()
    source = source_of(str(KALLELSE), data)
    got = list(run_isolated([source], [None], process_path))
    assert got == [_result()]


class _Stall:
    """Stands for a page whose pickling stalls (a stopped or swapping worker)."""

    def __reduce__(self) -> tuple[object, tuple[()]]:
        time.sleep(60)
        return (_Stall, ())


def _stalls_in_its_third_part(path: str, hint: str | None) -> FileResult | Failure:
    """Read ``path``; a stalling page replaces its fifth (the third part's)."""
    result = process_path(path, hint)
    if isinstance(result, FileResult) and path.endswith(KALLELSE.name):
        result.pages[4] = _Stall()  # type: ignore[call-overload]
    return result


def test_a_file_whose_parts_stall_past_its_limit_fails_and_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The limit holds between parts: the stalled file fails with it (not
    with its result after the 60 s stall) and a new worker reads the next."""
    _small_parts(monkeypatch)
    files = [KALLELSE, CORPUS / "granvik_ks_kallelse_2024-04-02.pdf"]
    sources = [source_of(str(f), f.read_bytes()) for f in files]
    got = list(
        run_isolated(sources, [None, None], _stalls_in_its_third_part, 1, Limits(2))
    )
    assert isinstance(got[0], Failure)
    assert got[0].reason == "took longer than 2 s"
    assert got[1] == process_path(str(files[1]))


def test_rows_saved_in_slices_and_results_sent_in_parts_give_the_same_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The corpus loaded by two workers sending one-page parts, and saved a
    page's and a document's rows at a time, equals it loaded whole."""
    whole, sliced = tmp_path / "whole.db", tmp_path / "sliced.db"
    ingest([CORPUS], str(whole))
    monkeypatch.setattr(parts, "PART_PAGES", 1)
    monkeypatch.setattr(parts, "PART_LINES", 1)
    monkeypatch.setattr(save, "ROWS_AT_ONCE", 1)
    summary = ingest([CORPUS], str(sliced), workers=2)
    assert (summary.loaded, summary.pages) == (9, 27)
    assert dump(sliced) == dump(whole)


def test_the_found_paths_are_not_held_while_files_load(tmp_path: Path) -> None:
    """Once the files are hashed, the batch keeps their paths as text: none
    of the ``Path`` objects discovery made for them is alive while files
    load (they were a third of what a file of the batch held: 1.1 KB a
    file, a million files a gigabyte)."""
    import gc
    from pathlib import PurePath

    folder = tmp_path / "in"
    folder.mkdir()
    for pdf_file in sorted(CORPUS.glob("*.pdf"))[:3]:
        (folder / pdf_file.name).write_bytes(pdf_file.read_bytes())
    names = {str(p) for p in folder.glob("*.pdf")}
    alive: list[int] = []

    def look(progress: object) -> None:
        gc.unfreeze()  # the start's objects are frozen, out of get_objects()
        paths = [o for o in gc.get_objects() if isinstance(o, PurePath)]
        gc.freeze()
        alive.append(sum(str(p) in names for p in paths))

    summary = ingest([folder], str(tmp_path / "db.db"), on_progress=look)
    assert summary.loaded == 3
    assert alive == [0, 0, 0]
