"""Common header fields of every document: title, date, own case number, body.

The header is the first lines of a document. Its title is the first line
there that is not a kind label, a date, a case number, a letterhead, an
address field or a sender's unit; its date and case number are the first
ones printed in the header.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from extractors.core.layout import DEFAULT, LayoutProfile
from extractors.lang.bodies import find_body
from extractors.lang.dates import find_dates
from extractors.lang.dnr import Dnr, dnr_label, find_dnrs
from extractors.lang.structure import BODY_MARK, page_count_end
from extractors.lexicon import load
from extractors.parts.meeting import date_cues

NAME = "common"
VERSION = "v1"


_PARAGRAPH = re.compile(rf"^{BODY_MARK}§\s*\d{{1,4}}\s*")


@dataclass(frozen=True)
class Header:
    """The common fields read from a document's header."""

    title: str | None
    """Subject line as printed, joined onto one line."""
    date: str | None
    """First date in the header, ISO 8601."""
    dnr: Dnr | None
    """First case number in the header."""
    organ: str | None
    """First body (committee) named in the header."""


def _no_label(line: str) -> bool:
    """Treat no line as the document's own kind label."""
    return False


def extract_header(
    lines: list[str],
    own_label: Callable[[str], bool] = _no_label,
    own_subject: Callable[[str], bool] = _no_label,
    layout: LayoutProfile = DEFAULT,
    is_kind_label: Callable[[str], bool] = _no_label,
) -> Header:
    """Read title, date, case number and body from a document's lines.

    ``own_label`` tells the lines that name the document's own kind
    ("Revisionsrapport 7 2017" heading an audit report): they are not its
    title, and a date right after one is its date. ``own_subject`` tells
    subject lines opening with the kind ("Motion om …"), preferred as title.
    ``is_kind_label`` tells a line that is any kind's label standing alone
    ("TJÄNSTESKRIVELSE", "Missiv"): never a title.
    """
    head = lines[: layout.document_header_lines]
    head_text = "\n".join(head)
    short = layout.field_line
    return Header(
        title=_title(head, own_label, own_subject, is_kind_label, layout.long_title),
        date=_date(head, _header_year(head_text), own_label, is_kind_label, short),
        dnr=_dnr(head, short),
        organ=find_body("\n".join(line for line in head if len(line) <= short)),
    )


def document_title(
    kind: str,
    header: Header,
    lines: list[str],
    meeting_paper: bool,
    layout: LayoutProfile = DEFAULT,
) -> str | None:
    """Return the title to show: a meeting's kind, body and date, else the subject.

    A meeting's papers (a kallelse, minutes of several paragraphs) have no
    subject line of their own, so they are titled like
    "Kallelse Äldreomsorgsnämnden 2018-01-29".
    """
    if meeting_paper:
        date = header.date or meeting_date(lines, layout)
        parts = [kind.capitalize(), header.organ, date]
        return " ".join(p for p in parts if p)
    return header.title


def meeting_date(lines: list[str], layout: LayoutProfile = DEFAULT) -> str | None:
    """Return the meeting's date from its header fields.

    A running date field ("Sammanträdesdatum") counts anywhere (it repeats
    on the pages of some protocols); other date fields, "Plats och tid" and
    "sammanträdet den" only in the header, so a postponement "till
    sammanträdet den 7 maj" is not taken (``lexicon/meeting.toml``). A label
    printed alone (a left-margin column) takes its value from the next line.
    """
    cues = date_cues()
    for i, line in enumerate(lines):
        opens = cues.running.match(line)
        in_header = i < layout.document_header_lines * 2 and cues.header.search(line)
        if opens or in_header:
            dates = find_dates(line) or find_dates(" ".join(lines[i + 1 : i + 2]))
            if dates:
                return dates[0].iso
    return None


def _date(
    head: list[str],
    year: int | None,
    own_label: Callable[[str], bool],
    is_kind_label: Callable[[str], bool],
    short: int,
) -> str | None:
    """Return the document's own date: after a kind label, else the first field date.

    Only short lines count, so a date quoted in the opening prose is not taken
    for the document's date.
    """
    fields = [(i, line) for i, line in enumerate(head) if len(line) <= short]
    for i, line in fields:
        if is_kind_label(line.strip()) or own_label(line):
            for following in head[i : i + 3]:
                dates = find_dates(following, default_year=year)
                if dates and len(following) <= short:
                    return dates[0].iso
    for _, line in fields:
        dates = find_dates(line, default_year=year)
        if dates:
            return dates[0].iso
    return None


def _dnr(head: list[str], short: int) -> Dnr | None:
    """Return the first case number printed as a header field."""
    for line in head:
        if len(line) <= short or dnr_label().search(line):
            dnrs = find_dnrs(line)
            if dnrs:
                return dnrs[0]
    return None


def _header_year(text: str) -> int | None:
    """Return the first four-digit year in the header, to complete short dates."""
    m = re.search(r"\b(19[89]\d|20\d\d)\b", text)
    return int(m.group(1)) if m else None


def _title(
    head: list[str],
    own_label: Callable[[str], bool],
    own_subject: Callable[[str], bool],
    is_kind_label: Callable[[str], bool],
    long_title: int,
) -> str | None:
    """Return the subject line of the header, continuation joined.

    A line opening with the document's own kind ("Motion av … om …",
    "Yttrande över …") is preferred; otherwise the first subject-like line.
    """
    preferred = [i for i, line in enumerate(head) if own_subject(line)]
    for i, line in [(i, head[i]) for i in preferred] + list(enumerate(head)):
        text = _PARAGRAPH.sub("", line).strip()
        if own_label(line) or not _is_subject(text, is_kind_label):
            continue
        parts = [text]
        for following in head[i + 1 : i + 4]:
            if not _continues(parts[-1], following):
                break
            parts.append(following.strip())
        return _cut_run_on(" ".join(parts), long_title)
    return None


def _cut_run_on(title: str, long_title: int) -> str:
    """Cut a long title where the text after it starts a sentence."""
    if len(title) <= long_title:
        return title
    m = _patterns().run_on.search(title, 30)
    return title[: m.start()].rstrip(" ,") if m else title


def _is_subject(text: str, is_kind_label: Callable[[str], bool]) -> bool:
    """Return True for a line that can be a document's subject."""
    if len(text) < 8 or len(text.split()) < 2 and len(text) < 16 or len(text) > 200:
        return False
    if _patterns().contact.search(text):
        return False
    if text.startswith(("#", "<!--", "|", "[", "---")) or re.match(r"[a-z_]+:\s", text):
        return False
    if find_body(text) and len(text.split()) <= 3 and not title_continues(text):
        return False  # a body's name, not a title running on ("X och")
    if is_kind_label(text) or _patterns().field.match(text):
        return False
    if find_dnrs(text) and len(text) < 40:
        return False
    if re.fullmatch(r"[\d\s\-/.:,|]+", text) or (find_dates(text) and len(text) < 30):
        return False
    if _patterns().sender.search(text) and len(text.split()) <= 4:
        return False
    if page_count_end().search(text):  # a letterhead counting its pages
        return False
    return not (text.isupper() and find_body(text) is not None)


def _continues(previous: str, line: str) -> bool:
    """Return True when ``line`` carries on the title in ``previous``."""
    line = line.strip()
    if not line or previous.endswith((".", ":", "?", "!")):
        return False
    if find_dnrs(line) or find_dates(line) and len(line) < 30:
        return False
    return line[0].islower() or (previous.count('"') % 2 == 1)


def title_continues(line: str) -> bool:
    """Return True when a title line ends in a word that never ends a title."""
    return bool(_patterns().continues.search(line.strip()))


@dataclass(frozen=True)
class _Patterns:
    """The header words of ``lexicon/header.toml``, compiled."""

    field: re.Pattern[str]
    sender: re.Pattern[str]
    contact: re.Pattern[str]
    run_on: re.Pattern[str]
    continues: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    """Compile the header lexicon once."""
    data = load("header")

    def words(entries: list[dict[str, str]]) -> str:
        return "|".join(
            re.escape(e["text"]).replace(r"\ ", r"\s*").replace("\\#", r"\d+")
            for e in entries
        )

    starters = "|".join(map(re.escape, data["run_on"]["words"]))
    return _Patterns(
        field=re.compile(rf"^(?:{words(data['field'])})\b", re.I),
        sender=re.compile(rf"(?:{words(data['sender'])})\s*$", re.I),
        contact=re.compile("|".join(map(re.escape, data["contact"]["words"])), re.I),
        run_on=re.compile(
            r"(?<=[a-zåäö0-9)”\"])\s+(?=(?:" + starters.replace(r"\ ", " ") + r")\b)"
        ),
        continues=re.compile(
            rf"(?:^|\s)(?:{'|'.join(map(re.escape, data['continues']['words']))})$",
            re.I,
        ),
    )
