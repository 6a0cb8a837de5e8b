"""Protokollsutdrag: an extract of one or a few paragraphs of a protocol.

An extract ("Utdrag ur protokoll", "Protokollsutdrag") is read exactly like
the protocol it comes from (:mod:`extractors.kinds.protokoll`): the same
paragraph, proposal, vote and decision parsers fill the same tables, once a
paragraph printed title first ("… / § 31, 008/24") is put in the "§ N
title" form (:func:`title_first`). It is
a kind of its own so that segmentation and classification can tell it from
full minutes (it travels inside case bundles, after the papers it
decided on), and ``documents.extractor`` records which it was. The record
contract knows extracts as protocols, so ``documents.kind`` stores
``"protokoll"`` (:attr:`KindSpec.stored_as`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractors.core.spec import KindSpec
from extractors.core.tables import Rows, Source
from extractors.kinds import protokoll
from extractors.lexicon import load
from extractors.parts.paragraphs import PARAGRAPH

NAME = "protokollsutdrag"
VERSION = "v2"

LABELS = (
    "protokollsutdrag",
    "utdrag ur protokoll",
    "utdrag ur sammanträdesprotokoll",
    "protokoll (utdrag)",
)
_LABEL = re.compile("^(?:" + "|".join(map(re.escape, LABELS)) + ")", re.IGNORECASE)
#: "§ 31, 008/24" (alone or ending the title's last line): the paragraph's
#: number and its register number, printed after the title. The title is
#: the shortest that the rest follows, so it never ends in a space (one less
#: would do) and those are not tried; the register number before "/" ends in
#: a digit. Each line is read in linear time, also a run of spaces or digits.
_NUMBER_AFTER = re.compile(r"^((?:.*?\S)??)\s*§\s*(\d{1,4}),\s*[\w-]*(?<=\d)/\d+$")
_SIGN_OFF = re.compile(
    "^(?:"
    + "|".join(map(re.escape, load("labels")["extract_sign_off"]["texts"]))
    + ")",
    re.IGNORECASE,
)
#: Lines above a number printed after the title that may hold the title.
_TITLE_LINES = 5


def extract(source: Source) -> Rows:
    """Return the protocol rows of an extract, read by the protokoll extractor."""
    lines = sign_off_first(title_first(source.lines))
    return protokoll.extract(replace(source, lines=lines))


def sign_off_first(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Move an extract's sign-off from after its paragraphs to its header.

    "Dag för justering 2024-06-19 / Vid protokollet / Sekreterare …" closes
    an extract; the protocol reads such fields in the header, and a
    paragraph would take them for its own text. The sign-off runs to the
    next "§ N" or label line; a sentence ("Vid protokollet antecknas …")
    is no sign-off.
    """
    head: list[tuple[int, str]] = []
    body: list[tuple[int, str]] = []
    signing = False
    for page, text in lines:
        stripped = text.strip()
        if PARAGRAPH.match(stripped) or _LABEL.match(stripped):
            signing = False
        elif _signs_off(stripped) and any(PARAGRAPH.match(t) for _, t in body):
            signing = True
        (head if signing else body).append((page, text))
    first = next((i for i, (_, t) in enumerate(body) if PARAGRAPH.match(t)), 0)
    return body[:first] + head + body[first:]


def _signs_off(text: str) -> bool:
    """Return True for a sign-off line ("Vid protokollet Sekreterare …"), not prose."""
    return bool(_SIGN_OFF.match(text)) and not text.endswith(".")


def title_first(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Rewrite paragraphs printed title first into the "§ N title" form.

    Some registers print an extract's paragraph as its title, then "§ 31,
    008/24" (number and register number), after the label line ("Utdrag
    ur protokoll"). Such a paragraph becomes "§ 31 <title>", so the
    protocol's parsers read it; "§ N Title" lines are left as they are.
    """
    out: list[tuple[int, str]] = []
    for page, text in lines:
        m = _NUMBER_AFTER.match(text.strip())
        if not m:
            out.append((page, text))
            continue
        title = [m.group(1)] if m.group(1) else []
        for j in range(len(out) - 1, max(-1, len(out) - 1 - _TITLE_LINES), -1):
            if _LABEL.match(out[j][1].strip()):
                title = [t.strip() for _, t in out[j + 1 :]] + title
                del out[j + 1 :]
                break
        out.append((page, " ".join([f"§ {m.group(2)}", *title]).strip()))
    return out


SPEC = KindSpec(
    name=NAME,
    version=VERSION,
    description="Protokollsutdrag: an extract of one or a few § of a protocol.",
    labels=LABELS,
    keywords=(("utdragsbestyrkande", 3), ("rätt utdraget intygar", 3)),
    priority=3,
    tables=protokoll.TABLES,
    extract=extract,
    meeting_paper=protokoll.SPEC.meeting_paper,
    dated_by_meeting=True,
    stored_as=protokoll.NAME,
)
