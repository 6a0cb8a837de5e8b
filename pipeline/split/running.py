"""Page-level evidence for segmentation: running headers, signing pages, continuations.

The running header of minutes ("Sammanträdesprotokoll 2024-04-25") is
furniture, set apart from the text by the read stage, yet it says the pages
are a protocol and carries the meeting's date. A signing service's page and
the top of a page marked "(forts.)" belong to the document before them.
"""

from __future__ import annotations

import re

from extractors.core.models import Line, Page
from extractors.lang.dates import find_dates
from extractors.lang.structure import continues_page, e_signature, signature_block
from pipeline.split.classify import PARAGRAPH_LINE, is_protocol, label_of

Running = dict[int, list[tuple[str, tuple[str, bool] | None]]]
"""Per page, its furniture lines that name a protocol (with the label) or
carry a date (label None)."""


def headed(
    lines: list[tuple[Line, bool]],
    start: int,
    end: int,
    running: Running,
    labels: list[tuple[str, bool]],
) -> list[Line]:
    """Return a protocol's lines, led by its first page's dated running lines.

    A protocol that opens a page gets the dated lines of that page's
    furniture back as its first ("Sammanträdesprotokoll 2024-04-25",
    "Protokoll nr 9" / "Sammanträdesdatum 2024-04-25"): they carry the
    meeting's date.
    """
    own = [line for line, _ in lines[start:end]]
    if not in_protocol(labels) or (start > 0 and not first_on_page(lines, start)):
        return own
    page = own[0].page
    dated = [
        text
        for text, _ in running[page]
        if find_dates(text) and not signature_block().search(text)
    ]
    return [Line(page, text) for text in dated] + own


def in_protocol(header: list[tuple[str, bool]]) -> bool:
    """Return True when a segment's header labels make it a protocol."""
    return any(is_protocol(kind) for kind, _ in header)


#: A protocol label in a running line counts among its first this many words.
RUNNING_LABEL_WORDS = 4


def furniture_labels(pages: list[Page]) -> Running:
    """Return the furniture lines of each page that name a protocol.

    "Sammanträdesprotokoll 2024-04-25" or "Kommunstyrelsen Protokoll
    2024-04-25" repeated on every page is furniture, so it is gone from the
    text, yet it still says the pages are a protocol.
    """
    found: Running = {}
    for page in pages:
        running = [(t, _protocol_label(t)) for t in page.furniture.split("\n")]
        found[page.number] = [(t, k) for t, k in running if k or find_dates(t)]
    return found


def _protocol_label(text: str) -> tuple[str, bool] | None:
    """Return the protocol label among a running line's first words."""
    for word in list(re.finditer(r"\S+", text))[:RUNNING_LABEL_WORDS]:
        rest = text[word.start() :]
        label = label_of(rest[:1].upper() + rest[1:])
        if label and is_protocol(label[0]) and not PARAGRAPH_LINE.match(rest):
            return label
    return None


#: A signing service's page has at least this many of its lines ("Verifikat",
#: "Signerat med BankID"); one such word in a report's prose makes none.
E_SIGNATURE_LINES = 2


def inert_lines(pages: list[Page], lines: list[tuple[Line, bool]]) -> list[bool]:
    """Flag the lines that never start a document.

    Every line of a signing service's page ("Verifikat", "Signerat med
    BankID"): it belongs to the document it signs. The top lines of a page
    that says it continues the one before ("§ 13 (forts.)").
    """
    signed = {
        page.number
        for page in pages
        if sum(bool(e_signature().match(t.strip())) for t in page.text.split("\n"))
        >= E_SIGNATURE_LINES
    }
    continuing = {
        line.page for line, at_top in lines if at_top and continues_page(line.text)
    }
    return [
        line.page in signed or (at_top and line.page in continuing)
        for line, at_top in lines
    ]


def first_on_page(lines: list[tuple[Line, bool]], i: int) -> bool:
    """Return True when line ``i`` is the first line of a new page."""
    return i > 0 and lines[i][0].page != lines[i - 1][0].page
