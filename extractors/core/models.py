"""Typed records passed between the pipeline stages.

discover → :class:`SourceFile`; read → :class:`Page`; segment and classify →
:class:`Document`; extract → :class:`Document` fields plus :class:`DnrMention`
and kind-specific rows; the whole per-file result is a :class:`FileResult`,
or a :class:`Failure` when the file could not be read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A PDF found on disk (a run holds one per file: slots keep it small)."""

    path: str
    """Path as given or found by walking a folder."""
    sha256: str
    """Hex SHA-256 of the file's bytes: the identity of the file everywhere."""
    bytes: int
    """File size in bytes."""


@dataclass
class Page:
    """The text of one PDF page, with its page furniture set apart."""

    number: int
    """1-based page number."""
    text: str
    """Page text without furniture (running headers, footers, page numbers)."""
    furniture: str = ""
    """The furniture lines removed from ``text``, one per line."""
    needs_ocr: bool = False
    """True when the page carries images but no text layer (a scanned page)
    and was not read with OCR (tesseract absent or turned off)."""
    quality: str = "text"
    """Where the text comes from: ``text`` (the text layer), ``text-damaged``
    (a text layer that lost å, ä and ö: an earlier OCR), ``ocr``,
    ``ocr-low-confidence`` (read by tesseract) or ``empty`` (no text)."""
    ocr_confidence: float | None = None
    """Mean word confidence (0–100) of a page read with OCR."""
    ocr_source: str | None = None
    """How a page read with OCR was read: ``tesseract`` (run now) or ``cache``
    (tesseract's output for the same image, from the OCR cache); None for
    other pages. Not stored: the ingest summary counts it."""
    tables: list[list[list[str]]] = field(default_factory=list)
    """Ruled tables read with pdfplumber (rows of cell texts), on pages whose
    text suggests one (vote tables, audit question tables)."""
    masked: int = 0
    """Personal identity numbers masked in the page's text and furniture."""
    masked_contacts: int = 0
    """E-mail addresses and phone numbers of private persons masked (only
    with ``--mask-contacts``)."""
    withheld: str | None = None
    """The secrecy stamp of a withheld page (its text is then empty)."""


@dataclass(slots=True)
class Line:
    """One text line of a file, the unit segmentation works on (without a
    ``__dict__``: a file has some 30 lines a page, each kept to its end)."""

    page: int
    """1-based page the line is on."""
    text: str
    """The line's text, right-stripped."""


@dataclass
class Document:
    """A logical document inside a file (a file may bundle several)."""

    index: int
    """0-based position of the document in its file."""
    lines: list[Line]
    """The document's lines, furniture removed."""
    kind: str = "other"
    """A kind registered in :data:`extractors.kinds.REGISTRY`."""
    title: str | None = None
    """Subject line as printed, joined onto one line."""
    date: str | None = None
    """The document's own date, ISO 8601 (``YYYY-MM`` at month precision)."""
    dnr: str | None = None
    """Canonical key of the document's own case number."""
    dnr_raw: str | None = None
    """The document's own case number as printed in its header."""
    organ: str | None = None
    """The body (committee, board, auditors) named in the header."""
    extractor: str = ""
    """Name and version of the extractors that filled the fields."""
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Kind-specific rows by table name, filled by kind extractors."""
    id: str = ""
    """Id derived from the document's content (kind, date, case number or
    body, title), unique within its file, so that it survives a re-saved
    PDF; set by :func:`pipeline.split.ids.assign_ids` (empty until then)."""

    @property
    def page_start(self) -> int:
        """Return the page of the first line."""
        return self.lines[0].page

    @property
    def page_end(self) -> int:
        """Return the page of the last line."""
        return self.lines[-1].page

    @property
    def body(self) -> str:
        """Return the document's text."""
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class DnrMention:
    """One case-number mention in a document."""

    document_index: int
    """Index of the mentioning :class:`Document` in its file."""
    dnr: str
    """Canonical key (``"ÄON 2017/63"``)."""
    raw: str
    """The text as printed (``"Dnr: ÄON 17/063"``)."""
    page: int
    """1-based page of the mention."""
    prefix: str | None
    """Register prefix, None when neither printed nor implied."""
    year: int
    """Four-digit year."""
    serial: int
    """Serial number without leading zeros."""


@dataclass(frozen=True)
class ExtractionFailure:
    """A document whose kind extractor raised; the rest of the file is kept."""

    document: Document
    """The document (kept, with its common fields and no kind records)."""
    extractor: str
    """Name and version of the extractor that failed."""
    error: str
    """``ExceptionType: message``."""


@dataclass
class FileResult:
    """Everything extracted from one PDF: the pure output of per-file work."""

    source: SourceFile
    """The file."""
    pages: list[Page]
    """Every page, in order."""
    documents: list[Document]
    """Logical documents, in order."""
    mentions: list[DnrMention]
    """Every case-number mention, in text order."""
    municipality: str | None = None
    """The municipality (or region) named in the file's letterheads, if any."""
    extraction_failures: list[ExtractionFailure] = field(default_factory=list)
    """Documents whose kind extractor raised: kept with common fields only."""


@dataclass(frozen=True)
class Failure:
    """A file that could not be processed."""

    source: SourceFile
    """The file."""
    reason: str
    """One line a clerk understands, e.g. ``"encrypted PDF (password required)"``."""
    unread: bool = False
    """The file was not read at all (a cluster with no worker): it is reported
    but not recorded, so its stored rows stay and the next run reads it."""
    refused: bool = False
    """The file was refused for what it is (empty, not a PDF, damaged,
    encrypted, unreadable): the worker is as it was and goes on, unlike
    after a crash, an internal error or running out of memory."""
    again: bool = False
    """The worker could not read the file for a fault of its own (no file
    descriptor or memory left): a fresh worker reads it once more."""
