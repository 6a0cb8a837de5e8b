"""Segment stage: split a file's lines into logical documents.

A bundled PDF (a kallelse with its attachments, a protocol extract with the
motion it answers) holds several documents, and in text rendered from a
register they often start in the middle of a page. Boundaries are found at
line level from three cues:

* a **label line** naming a kind ("TJÄNSTESKRIVELSE", "Motion",
  "Revisionskrivelse"); a weak label ("Motion om …") counts only at the top
  of a page; inside a protocol only a strong label other than a protocol one;
* an **attachment line** ("Bilaga 1") standing alone;
* the end of a **dispatch list** ("Beslutet skickas till" and its short
  recipient lines) followed by a long line that is not a new paragraph.

A letter signed off at the foot of a page ("För revisorsgruppen" and the
names) ends there: the next page starts a new document.

Minutes are one document from their first page to their last signature
(issue 10). A protocol label in the running header ("Sammanträdesprotokoll
2024-04-25", furniture on every page) makes the pages a protocol; inside one
a "§ N" line, a table-of-contents line, a reservation's "För Centerpartiet",
a dispatch list followed by the next § and the signing part never start a
document; a label of another kind does when it stands alone, or opens a page
after the signing part. A signing service's page ("Verifikat", "Signerat med
BankID") and the top of a page marked "(forts.)" never start one.

A cue within the first lines of the current document only adds to its
header. A municipal letterhead or register stamp ("SÖDERTÄLJE KOMMUN", date,
"Dnr: 17/063") just above a boundary moves the boundary up to include it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.core.layout import DEFAULT, LayoutProfile
from extractors.core.models import Line, Page
from extractors.lang.dates import find_dates
from extractors.lang.dnr import find_dnrs
from extractors.lang.phrases import conjunction
from extractors.lang.recipients import leading_recipients, split_recipients
from extractors.lang.structure import (
    attachment,
    closing,
    letterhead,
    signing_section,
)
from extractors.parts.paragraphs import TOC_ENTRY
from extractors.parts.sections import opens_with
from pipeline.split.classify import PARAGRAPH_LINE, is_protocol, label_of
from pipeline.split.running import (
    first_on_page,
    furniture_labels,
    headed,
    in_protocol,
    inert_lines,
)


@dataclass
class Segment:
    """A run of lines that forms one document, with the labels in its header."""

    lines: list[Line]
    """The document's lines."""
    labels: list[tuple[str, bool]] = field(default_factory=list)
    """``(kind, strong)`` of every label line in the header."""


def page_lines(
    pages: list[Page], layout: LayoutProfile = DEFAULT
) -> list[tuple[Line, bool]]:
    """Return every content line with a flag for lines at the top of a page."""
    out = []
    for page in pages:
        for i, text in enumerate(t for t in page.text.split("\n") if t.strip()):
            out.append((Line(page.number, text.strip()), i < layout.page_top_lines))
    return out


def segment(pages: list[Page], layout: LayoutProfile = DEFAULT) -> list[Segment]:
    """Split the pages of one file into segments, one per logical document."""
    lines = page_lines(pages, layout)
    header_lines = layout.segment_header_lines
    if not lines:
        return []
    inert = inert_lines(pages, lines)
    ahead = _paragraphs_ahead(lines, header_lines)
    running = furniture_labels(pages)
    starts: list[int] = [0]
    labels: dict[int, list[tuple[str, bool]]] = {0: []}
    state = _State(layout)
    position = 0  # header position in the current segment, metadata not counted
    for i, (line, at_top) in enumerate(lines):
        current = starts[-1]
        kind_strong = label_of(line.text)
        cue = not inert[i] and _cue(
            lines, i, state, kind_strong, in_protocol(labels[current]), ahead[i]
        )
        opens_page = at_top and kind_strong is not None and kind_strong[1]
        if cue and (position >= header_lines or (opens_page and position >= 3)):
            start = _with_stamp(lines, i, current + 1, layout.stamp_lookback)
            starts.append(start)
            labels[start] = []
            state = _State(layout)
            current = start
            position = i - start
        if position < header_lines and (i == 0 or first_on_page(lines, i)):
            new = [label for _, label in running.get(line.page, []) if label]
            labels[current].extend(k for k in new if k not in labels[current])
        if kind_strong and position < header_lines:
            labels[current].append(kind_strong)
        if not is_metadata(line.text):
            position += 1
        state.advance(line.text)
    ends = starts[1:] + [len(lines)]
    return [
        Segment(headed(lines, s, e, running, labels[s]), labels[s])
        for s, e in zip(starts, ends, strict=True)
    ]


def _cue(
    lines: list[tuple[Line, bool]],
    i: int,
    state: _State,
    kind_strong: tuple[str, bool] | None,
    protocol: bool,
    ahead: bool,
) -> bool:
    """Return True when line ``i`` announces a new document.

    ``protocol`` says the current segment's header makes it a protocol;
    ``ahead`` says a "§ N" line follows within the header's reach. Inside a
    protocol a reservation's "För Centerpartiet" at the foot of a page is no
    letter's closing, so only a label or an attachment line cues.
    """
    line, at_top = lines[i]
    if state.boundary(line.text, at_top, kind_strong, protocol, ahead):
        return True
    if protocol:
        return False
    return first_on_page(lines, i) and _signed_off(lines, i, state.layout)


def _paragraphs_ahead(lines: list[tuple[Line, bool]], reach: int) -> list[bool]:
    """Return, for each line, whether a "§ N" line is among it and the
    ``reach - 1`` lines after it (each line is matched once)."""
    seen = [0]
    for line, _ in lines:
        seen.append(seen[-1] + bool(PARAGRAPH_LINE.match(line.text)))
    count = len(lines)
    return [seen[min(i + reach, count)] > seen[i] for i in range(count)]


def _signed_off(lines: list[tuple[Line, bool]], i: int, layout: LayoutProfile) -> bool:
    """Return True when the page before line ``i`` ends with a letter's closing."""
    page = lines[i - 1][0].page
    tail = [line for line, _ in lines[max(0, i - layout.closing_lines) : i]]
    return any(line.page == page and closing().match(line.text) for line in tail)


#: A numbered list item ("1. Kommunstyrelsen …").
_NUMBERED = re.compile(r"^\d{1,3}\.\s")


@dataclass
class _State:
    """Running state inside one segment: dispatch lists and document lists."""

    layout: LayoutProfile
    in_dispatch: bool = False
    list_lines_left: int = 0
    last_paragraph: int = 0
    """The number of the last "§ N" heading in the segment (0: none yet)."""
    signed: bool = False
    """A signing part ("Vid protokollet", "Justerande") after the last "§ N"."""

    def boundary(
        self,
        text: str,
        at_top: bool,
        label: tuple[str, bool] | None,
        protocol: bool,
        paragraph_ahead: bool = False,
    ) -> bool:
        """Return True when ``text`` starts a new document (``protocol``: the
        segment's header makes it a protocol).

        Inside a protocol the end of a dispatch list followed by the next
        "§ N" within a few lines is that paragraph's title or text, and a
        label of another kind starts a document when it stands alone or opens
        a page after the protocol was signed.
        """
        if self.in_dispatch and _ends_dispatch(text, self.layout):
            return not (PARAGRAPH_LINE.match(text) or (protocol and paragraph_ahead))
        if attachment().match(text):
            return not protocol or at_top or self.signed
        if label is None or (self.list_lines_left > 0 and not at_top):
            return False
        kind, strong = label
        if self._next_paragraph(text) or TOC_ENTRY.match(text):
            return False
        if protocol:
            return not is_protocol(kind) and (strong or (at_top and self.signed))
        return strong or at_top

    def _next_paragraph(self, text: str) -> bool:
        """Return True for a "§ N" heading in a segment that has had one.

        Minutes whose kind is printed nowhere in their text still run from
        paragraph to paragraph (after their index, the numbers start over).
        """
        return bool(self.last_paragraph and PARAGRAPH_LINE.match(text))

    def advance(self, text: str) -> None:
        """Update the state after ``text``."""
        paragraph = PARAGRAPH_LINE.match(text)
        if opens_with(text, "dispatch"):
            self.in_dispatch = True
        elif self.in_dispatch and _ends_dispatch(text, self.layout):
            self.in_dispatch = False
        elif self.in_dispatch and (paragraph or signing_section().match(text)):
            self.in_dispatch = False
        if paragraph:
            self.last_paragraph, self.signed = int(paragraph.group(1)), False
        elif self.last_paragraph and signing_section().match(text):
            self.signed = True
        self.list_lines_left = max(0, self.list_lines_left - 1)
        if _NUMBERED.match(text):
            self.list_lines_left = 0  # a new numbered item ends the list
        if len(text) < 40 and opens_with(text, "underlag"):
            self.list_lines_left = self.layout.segment_header_lines


def _ends_dispatch(text: str, layout: LayoutProfile) -> bool:
    """Return True when a line is too long for a recipient and names no bodies."""
    return len(text) > layout.max_recipient and not _names_bodies(text)


def _names_bodies(text: str) -> bool:
    """Return True for a long dispatch-list line that only names bodies.

    "Socialnämnderna – Centrum, Hisingen, Nordost, Sydväst" (a body and its
    districts) is a recipient; "Kommunstyrelsen har behandlat …" opens with a
    body but goes on in lower case, so it is prose.
    """
    if text.rstrip().endswith("."):
        return False
    if split_recipients(text):
        return True
    lead = leading_recipients(text)
    if lead is None:
        return False
    rest = text.split()[len(lead[0].replace(",", " ").split()) :]
    joins = re.compile(rf"^(?:{conjunction()}|[-–,])$", re.I)
    return all(w[0].isupper() or joins.match(w) for w in rest)


_METADATA = re.compile(
    r"^(?:---+|<!--.*-->|#+\s.*|[a-z_]+:(?:\s.*)?|https?://\S+|\S+\.pdf|"
    r"\[[^\]]*\]\([^)]*\)|\|[\s\-|]+\|)$"
)


def is_metadata(text: str) -> bool:
    """Return True for converter metadata: front matter, comments, links, rules.

    Such lines ("kommun: kungsbacka", "<!-- sida 1 -->", "# SOURCE NOTE: …")
    come from tools that turned a record into text; they do not push a kind
    label out of a document's header.
    """
    return bool(_METADATA.match(text.strip()))


def _with_stamp(
    lines: list[tuple[Line, bool]], index: int, floor: int, lookback: int
) -> int:
    """Move a boundary at ``index`` up over a letterhead or register stamp.

    A letterhead ("SÖDERTÄLJE KOMMUN") up to a few short lines above moves the
    boundary to it; short dated lines right above ("Rapport | 2017-12-20") are
    taken along too.
    """
    start = index
    for j in range(index - 1, max(floor, index - lookback) - 1, -1):
        text = lines[j][0].text
        if letterhead().match(text):
            return j
        if len(text) > 60 or text.endswith("."):
            break
    while start - 1 >= floor and _is_dated_stub(lines[start - 1][0].text):
        start -= 1
    return start


def _is_dated_stub(text: str) -> bool:
    """Return True for a short line carrying a date or case number and little else."""
    if len(text) > 40:
        return False
    return bool(find_dates(text) or find_dnrs(text))
