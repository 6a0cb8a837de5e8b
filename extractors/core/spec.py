"""What a document kind is, in one place: :class:`KindSpec`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .tables import KindExtractor, Table, no_records


def never(lines: list[str]) -> bool:
    """Return False: the kind is never a meeting's papers."""
    return False


def no_title(lines: list[str]) -> str | None:
    """Return None: the kind's title is the header's."""
    return None


@dataclass(frozen=True)
class KindSpec:
    """Everything a document kind is: names, evidence, tables and extractor.

    A new kind is one module that defines a ``SPEC`` and one line in the
    registry (:data:`extractors.kinds.REGISTRY`); nothing about a kind is kept
    in parallel lists elsewhere.
    """

    name: str
    """The kind stored in ``documents.kind`` (``"protokoll"``)."""
    version: str
    """Bumped whenever the kind's output changes, so a re-run knows what to redo."""
    description: str
    """One line for people: what such a document is."""
    labels: tuple[str, ...] = ()
    """Lines that announce the kind ("Tjänsteskrivelse", "Protokollsutdrag").
    Alone on a line (perhaps with a date) a label is strong evidence and a
    document boundary; opening a subject line ("Motion om …") it is weak."""
    keywords: tuple[tuple[str, int], ...] = ()
    """Phrases typical of the kind anywhere in its text, with weights; "…"
    stands for one optional word."""
    priority: int = 50
    """When labels of several kinds head one document, the lowest wins."""
    tables: tuple[Table, ...] = ()
    """The record tables the kind's extractor fills."""
    extract: KindExtractor = no_records
    """Turn one document of the kind into rows."""
    meeting_paper: Callable[[list[str]], bool] = never
    """True when the document's lines are a meeting's papers (a kallelse, the
    minutes of several paragraphs): titled by kind, body and date, dated by
    the meeting, and with no case number of its own."""

    dated_by_meeting: bool = False
    """True when the document's date is its meeting's date ("Sammanträdesdatum")."""
    dated_by_dateline: bool = False
    """True when an undated document takes the date of the dateline closing it
    ("Göteborg den 17 oktober 2023")."""
    own_title: Callable[[list[str]], str | None] = no_title
    """A title the document's text gives itself (a summary naming its full
    report), preferred to the header's."""
    in_parts: bool = False
    """Its extractor computes a long document in parts (``Source.each``),
    which the cores a file may use share; a kind that does not is extracted
    whole, in one process."""
    stored_as: str | None = None
    """The kind stored in ``documents.kind`` when the record contract knows
    this kind under a broader one: a protokollsutdrag is stored as
    ``"protokoll"``, and ``documents.extractor`` ("protokollsutdrag.v2")
    tells the two apart."""

    @property
    def stored_kind(self) -> str:
        """Return the kind stored in ``documents.kind``."""
        return self.stored_as or self.name

    @property
    def label(self) -> str:
        """Return ``name.version``, stored on every row the kind makes."""
        return f"{self.name}.{self.version}"
