"""Many granskningar in one paper: the sections of an annual audit summary.

An årsredogörelse (revisionsredogörelse, "Revisorernas redogörelse") sums
up the year's granskningar, one section each: a heading with the
granskning's title, what was audited ("Granskningen omfattade …"), the
assessment, the recommendations ("Vi rekommenderar …", or only "Rekommen-
dationer lämnades till …") and often a reference to the full report ("Läs
mer om granskningen i revisionsrapporten X, 2024-06-12."). The heading may
be printed before the section or, as text order has it in some layouts,
after its last line on the page.

:func:`summary_sections` finds the sections: ended by their references when
the paper has two or more, else opened by a heading and a phrase such as
"Syftet med granskningen" in a paper that calls itself a summary. Each
section is then read as an audit report of its own
(:func:`extractors.parts.audit.extract`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.core.tables import Rows
from extractors.lang.dates import find_dates
from extractors.lang.recipients import generic_number, leading_recipients
from extractors.parts.audit_bodies import as_printed, audited_bodies, report_auditee
from extractors.parts.audit_phrases import Lexicon, Patterns, patterns
from extractors.parts.recommendations import flow_of, recommendations

#: Lines at most this long (in words) may be a heading.
_HEADING_WORDS = 12
#: A heading is at most this many lines.
_HEADING_LINES = 3
#: A line of a table of contents: a title, then its page number.
_TOC_LINE = re.compile(r"^(.*\S)\s+(\d{1,3})$")
#: The table of contents is looked for on this many first lines.
_TOC_SPAN = 150


@dataclass
class Section:
    """One granskning's section of a summary."""

    lines: list[tuple[int, str]]
    """(page, text) of the section's lines, its heading included."""
    heading: str | None
    """The section's heading as printed, lines joined."""
    reference: str | None
    """The sentence naming the full report ("Läs mer … i rapporten X, date.")."""


def summary_sections(
    lines: list[tuple[int, str]], lexicon: Lexicon | None = None
) -> list[Section]:
    """Return the granskningar of a summary paper; [] for a paper of one."""
    p = patterns(lexicon)
    ends = [i for i, (_, t) in enumerate(lines) if p.summary_end.search(t)]
    if len({_reference_key(lines, i) for i in ends}) >= 2:
        return _by_references(lines, ends, p)
    head = " ".join(t for _, t in lines[:40])
    if not p.summary_marker.search(head):
        return []
    starts = _starts(lines, p)
    if len(starts) < 2:
        return []
    bounds = [*starts, len(lines)]
    return [
        Section(lines[a:b], _joined(_leading(lines, a, b)), None)
        for a, b in zip(bounds, bounds[1:], strict=False)
    ]


def _by_references(
    lines: list[tuple[int, str]], ends: list[int], p: Patterns
) -> list[Section]:
    """Return the sections ended by their references to the full reports."""
    found = []
    toc = contents(lines)
    start = _first_start(lines, ends[0], p)
    for end in ends:
        last = _sentence_last_line(lines, end)
        trail = _trailing_heading(lines, last + 1)
        stop = last + 1 + len(trail)
        reference = " ".join(t for _, t in lines[end : last + 1])
        heading = (
            _joined(trail)
            or _joined(_leading(lines, start, stop))
            or _listed(lines[start:stop], toc)
        )
        found.append(Section(lines[start:stop], heading, reference))
        start = stop
    return found


def _reference_key(lines: list[tuple[int, str]], i: int) -> str:
    """Return a reference's sentence folded: one report referred to twice is one."""
    last = _sentence_last_line(lines, i)
    return " ".join(" ".join(t for _, t in lines[i : last + 1]).lower().split())


def _first_start(lines: list[tuple[int, str]], end: int, p: Patterns) -> int:
    """Return where the first section starts, leaving the front matter out.

    That is the top of the page holding the last opening phrase before the
    first reference ("Stadsrevisionen har granskat …"), or its heading when
    the heading is printed above the phrase on that page.
    """
    opening = [
        i
        for i in range(end)
        if p.summary_start.search(lines[i][1]) and not _TOC_LINE.match(lines[i][1])
    ]
    if not opening:
        return 0
    last = opening[-1]
    top = last
    while top > 0 and lines[top - 1][0] == lines[last][0]:
        top -= 1
    return top


def _starts(lines: list[tuple[int, str]], p: Patterns) -> list[int]:
    """Return the starts of sections opened by a heading and an opening phrase."""
    starts: list[int] = []
    for i, (_, text) in enumerate(lines):
        if not p.summary_start.match(text.strip()):
            continue  # the phrase opens a paragraph, so its line
        start = _lead_heading(lines, i)
        before = lines[start - 1] if start else None
        after_sentence = (
            before is None
            or before[0] != lines[start][0]
            or bool(re.search(r"[.!?]\s*$", before[1]))
        )  # a heading follows a finished sentence, or opens its page
        if start < i and after_sentence and (not starts or start > starts[-1]):
            starts.append(start)
    return starts


def _lead_heading(lines: list[tuple[int, str]], i: int) -> int:
    """Return the first line of the heading right above line ``i`` (or ``i``)."""
    start = i
    while (
        start > 0
        and i - start < _HEADING_LINES
        and lines[start - 1][0] == lines[i][0]  # a heading is on its section's page
        and _heading_line(lines[start - 1][1], lines[start - 2][1] if start > 1 else "")
    ):
        start -= 1
    while start < i and not lines[start][1][:1].isupper():
        start += 1  # a heading opens with a capital
    return start


def _leading(
    lines: list[tuple[int, str]], start: int, stop: int
) -> list[tuple[int, str]]:
    """Return the heading lines that open ``lines[start:stop]``: the fewest
    that are followed by a line opening a sentence (a wrapped sentence is no
    heading)."""
    page = lines[start][0] if start < stop else None
    for k in range(1, min(_HEADING_LINES, stop - start - 1) + 1):
        head = lines[start : start + k]
        if not head[0][1][:1].isupper() or any(pg != page for pg, _ in head):
            return []
        if not all(
            _heading_line(t, head[j - 1][1] if j else "")
            for j, (_, t) in enumerate(head)
        ):
            return []
        after = lines[start + k][1]
        if after[:1].isupper() or after[:1].isdigit():
            return head
    return []


def _trailing_heading(lines: list[tuple[int, str]], i: int) -> list[tuple[int, str]]:
    """Return the heading printed after a section's last line, ending its page."""
    if i >= len(lines):
        return []
    page = lines[i][0]
    rest = [(pg, t) for pg, t in lines[i : i + _HEADING_LINES + 1] if pg == page]
    ends_page = i + len(rest) >= len(lines) or lines[i + len(rest)][0] != page
    if not rest or len(rest) > _HEADING_LINES or not ends_page:
        return []
    if not rest[0][1][:1].isupper():
        return []
    if all(
        _heading_line(t, rest[k - 1][1] if k else "") for k, (_, t) in enumerate(rest)
    ):
        return rest
    return []


def _heading_line(text: str, before: str) -> bool:
    """Return True when ``text`` may be (part of) a heading: short, unfinished."""
    text = text.strip()
    if not text or len(text.split()) > _HEADING_WORDS:
        return False
    if re.search(r"[.:;,!?]$", text) or re.match(r"^[-•●▪*–]\s", text):
        return False
    return text[:1].isupper() or text[:1].isdigit() or bool(before)


def contents(lines: list[tuple[int, str]]) -> list[str]:
    """Return the titles of the table of contents ("Informationssäkerhet 17").

    A title may wrap: a line without a number carries on into the next.
    """
    titles: list[str] = []
    carry = ""
    for _, text in lines[:_TOC_SPAN]:
        m = _TOC_LINE.match(text.strip())
        if m:
            titles.append(f"{carry} {m.group(1)}".strip())
            carry = ""
        elif titles and len(text.split()) <= _HEADING_WORDS and not carry:
            carry = text.strip()
        else:
            carry = ""
    return titles


def _listed(lines: list[tuple[int, str]], toc: list[str]) -> str | None:
    """Return the contents title printed as a line of ``lines`` (or its start)."""
    folded = {t.lower(): t for t in toc}
    for _, text in lines:
        line = re.sub(r"\s+", " ", text).strip().lower()
        if line in folded:
            return folded[line]
        if len(line.split()) >= 3 and not re.search(r"[.:;,]$", line):
            for key, title in folded.items():
                if key.startswith(line + " "):
                    return title
    return None


def _sentence_last_line(lines: list[tuple[int, str]], i: int) -> int:
    """Return the line where the sentence opening on line ``i`` ends."""
    for k in range(i, min(len(lines), i + 6)):
        if re.search(r"[.!?]\s*$", lines[k][1]):
            return k
    return i


def _joined(lines: list[tuple[int, str]]) -> str | None:
    """Return the heading lines as one title."""
    text = re.sub(r"\s+", " ", " ".join(t for _, t in lines)).strip()
    return text or None


def reference_report(
    reference: str | None, lexicon: Lexicon | None = None
) -> tuple[str | None, str | None]:
    """Return (title, ISO date) of the full report a reference names."""
    if not reference:
        return None, None
    m = patterns(lexicon).summary_report.search(reference)
    dates = find_dates(reference)
    if m is None:
        return None, dates[0].iso if dates else None
    rest = reference[m.end() :]
    after = [d for d in find_dates(rest)]
    cut = after[0].start if after else len(rest)
    title = re.split(r"\s\(|\.\s*$", rest[:cut])[0]
    title = re.sub(r"\s+", " ", title).strip(" ,–-(")
    return (title or None), (after[0].iso if after else None)


def given_to(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """Return the bodies a section says its recommendations or criticism went to."""
    for m in patterns(lexicon).given_to.finditer(text):
        found = leading_recipients(text[m.end() :].lstrip())
        if found and not any(_generic(n) for n in found[1]):
            return [as_printed(n) for n in found[1]]
    return []


def _generic(name: str) -> bool:
    """Return True for a body named only generically ("nämnderna", "bolagets
    styrelse": the genitive of a generic body names none in particular)."""
    first = name.split()[0] if name.split() else ""
    return bool(generic_number(name) or generic_number(first.removesuffix("s")))


def summary_rows(sections: list[Section], firm: str | None) -> Rows:
    """Return one audit report per section, each with its recommendations."""
    rows: Rows = {
        "audit_reports": [],
        "audit_questions": [],
        "recommendation_mentions": [],
    }
    for n, section in enumerate(sections, start=1):
        rid = f"report{n}"
        text = flow_of(section.lines).text
        covered = audited_bodies(text)
        found = recommendations(section.lines, audited=covered[1] if covered else None)
        title, date = reference_report(section.reference)
        rows["audit_reports"].append(
            {
                "id": rid,
                "number": None,
                "year": int(date[:4]) if date else None,
                "title": section.heading or title,
                "firm": firm,
                "auditee": (covered[0] if covered else None)
                or report_auditee((r["auditee"] for r in found), given_to(text)),
                "date": date,
                "reply_due": None,
                "dnr": None,
                "page": section.lines[0][0],
            }
        )
        for rec in found:
            i = len(rows["recommendation_mentions"]) + 1
            rows["recommendation_mentions"].append(
                {"id": f"m{i}", "report_id": rid, "number": i, **rec}
            )
    return rows
