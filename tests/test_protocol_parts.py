"""A long protocol's paragraphs made in parts, on the cores a file may use.

``extractors.kinds.protokoll`` cuts a protocol's paragraphs into parts of
about ``PART_LINES`` lines; ``pipeline.documents`` has the parts of a long
protocol computed by the worker and its helpers (``Source.each``). Parts
joined in order must give the rows of one pass, with any part size and any
number of processes.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from conftest import CORPUS

from extractors.core.models import FileResult, Line
from extractors.kinds import REGISTRY, protokoll
from extractors.parts.paragraphs import split_paragraphs
from pipeline.documents import _in_parts
from pipeline.parallel import Share
from pipeline.process import process_path
from pipeline.split.segment import Segment

#: Lines of a part in these tests: a few paragraphs each.
FEW_LINES = 60


def records(result: object) -> list[tuple[str, dict]]:
    """Return each document's kind and records."""
    assert isinstance(result, FileResult)
    return [(doc.kind, doc.records) for doc in result.documents]


def part_count(result: object) -> int:
    """Return the parts the protocol of ``result`` is cut in, by its lines."""
    assert isinstance(result, FileResult)
    (doc,) = result.documents
    lines = [(line.page, line.text) for line in doc.lines]
    return len(protokoll._parts(split_paragraphs(lines)[1]))


def test_parts_cover_the_paragraphs_in_order() -> None:
    """Runs of whole paragraphs of at least PART_LINES lines, the last shorter."""
    blocks = [
        protokoll.ParagraphBlock(n, [(1, f"§ {n} Ärende")] * size)
        for n, size in enumerate([3000, 1000, 600, 5000, 10, 20], 1)
    ]
    assert protokoll._parts(blocks) == [range(0, 2), range(2, 4), range(4, 6)]
    assert protokoll._parts([]) == [range(0, 0)]


def test_parts_made_here_give_the_rows_of_one_pass(
    monkeypatch: pytest.MonkeyPatch, long_protocol: Path
) -> None:
    """Every corpus protocol and the long one, a paragraph or a few a part."""
    protocols = sorted(CORPUS.glob("*protokoll*.pdf")) + [long_protocol]
    whole = [records(process_path(str(p))) for p in protocols]
    for lines in (1, FEW_LINES):
        monkeypatch.setattr(protokoll, "PART_LINES", lines)
        assert [records(process_path(str(p))) for p in protocols] == whole


def test_a_long_protocol_in_parts_on_two_cores_equals_one_pass(
    monkeypatch: pytest.MonkeyPatch,
    long_protocol: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The worker and a helper share the parts: a round of as many items as
    parts; the records are those of one process."""
    alone = process_path(str(long_protocol))
    monkeypatch.setattr(protokoll, "PART_LINES", FEW_LINES)
    parts = part_count(alone)
    assert parts >= 5
    with caplog.at_level(logging.DEBUG, logger="pipeline.parallel"):
        shared = process_path(str(long_protocol), None, Share(helpers=1, chunk=10))
    rounds = [
        int(m.group(1))
        for m in (
            re.match(r"a round of (\d+) items", r.getMessage()) for r in caplog.records
        )
        if m
    ]
    assert parts in rounds
    assert records(shared) == records(alone)


def test_only_long_documents_of_a_kind_made_in_parts_are_chosen() -> None:
    """Of a file's segments, the protocol spanning more than twice the chunk's
    pages is made in parts; a shorter protocol and a long motion are not."""

    def segment(first: int, last: int, lines: list[str]) -> Segment:
        pages = range(first, last + 1)
        return Segment([Line(n, text) for n in pages for text in lines])

    minutes = ["Protokoll", "Kommunstyrelsen", "§ 1 Ärende", "Justerare", "Yrkanden"]
    motion = ["Motion om cykelvägar", "Jag föreslår att fullmäktige beslutar"]
    segments = [
        segment(1, 20, minutes),  # 20 pages: not more than twice 10
        segment(21, 45, minutes),
        segment(46, 80, motion),
    ]
    assert _in_parts(segments, Share(helpers=1, chunk=10), REGISTRY) == [1]
    assert _in_parts(segments, Share(helpers=1, chunk=20), REGISTRY) == []
