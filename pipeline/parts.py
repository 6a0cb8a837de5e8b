"""A long file's result sent from its worker in parts, so neither side holds
the whole of it pickled.

Sent in one message, a result is pickled whole in the worker beside its
objects, and read whole in the parent beside the objects made from it. On
a 5,000-page file (a 26 MB pickle) the pickling took the worker 55 MiB
more than the result's objects, and the parent grew 144 MiB while it
received the result (67 MiB in parts). A result of more than
:data:`PART_PAGES` pages goes as a :class:`Head` (the result without its
lists) and then its pages, documents and case-number mentions a slice at a
time; the parent puts them back (:func:`join`) into a result equal to the
one sent, each failure naming the document itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any, cast

from extractors.core.models import (
    ExtractionFailure,
    Failure,
    FileResult,
)

#: Pages in one part; a result of no more goes whole.
PART_PAGES = 500
#: Lines of the documents in one part (about as many pages' worth).
PART_LINES = 15000
#: Case-number mentions in one part.
PART_MENTIONS = 5000


@dataclass(frozen=True)
class Head:
    """The first message of a result sent in parts."""

    result: FileResult
    """The result with empty lists of pages, documents, mentions and failures."""
    parts: int
    """The messages that follow."""
    failures: list[tuple[int, str, str]]
    """Each extraction failure: its document's position in the documents,
    its extractor and its error."""


#: One part: ``("pages" | "documents" | "mentions", items)``.
Part = tuple[str, list[Any]]


def split(result: FileResult | Failure | Any) -> Iterator[object]:
    """Yield what is sent for ``result``: itself, or a :class:`Head` and its parts.

    A result of at most :data:`PART_PAGES` pages, and one whose failures
    name a document it does not hold (none does), goes whole.
    """
    if not isinstance(result, FileResult) or len(result.pages) <= PART_PAGES:
        yield result
        return
    at = {id(doc): i for i, doc in enumerate(result.documents)}
    if any(id(f.document) not in at for f in result.extraction_failures):
        yield result
        return
    failures = [
        (at[id(f.document)], f.extractor, f.error) for f in result.extraction_failures
    ]
    slices = _slices(result)
    empty = replace(result, pages=[], documents=[], mentions=[], extraction_failures=[])
    yield Head(empty, len(slices), failures)
    for name, start, stop in slices:
        yield name, getattr(result, name)[start:stop]


def _slices(result: FileResult) -> list[tuple[str, int, int]]:
    """Return the parts of ``result`` as ``(list name, start, stop)``."""
    out = [
        ("pages", start, start + PART_PAGES)
        for start in range(0, len(result.pages), PART_PAGES)
    ]
    start, lines = 0, 0
    for i, doc in enumerate(result.documents):
        lines += len(doc.lines)
        if lines >= PART_LINES or i == len(result.documents) - 1:
            out.append(("documents", start, i + 1))
            start, lines = i + 1, 0
    mentions = range(0, len(result.mentions), PART_MENTIONS)
    return out + [("mentions", m, m + PART_MENTIONS) for m in mentions]


def join(head: Head, receive: Callable[[], object]) -> FileResult | Failure:
    """Return the result whose :class:`Head` came, its parts read with
    ``receive``; a :class:`Failure` sent instead of a part is returned."""
    result = replace(head.result, pages=[], documents=[], mentions=[])
    for _ in range(head.parts):
        part = receive()
        if isinstance(part, Failure):  # the worker could not send the rest
            return part
        name, items = cast(Part, part)
        getattr(result, name).extend(items)
    result.extraction_failures = [
        ExtractionFailure(result.documents[i], extractor, error)
        for i, extractor, error in head.failures
    ]
    return result
