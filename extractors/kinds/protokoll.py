"""Protokoll: meeting header, attendance and every § with what was decided.

A protocol (or an extract of one) is a header followed by paragraphs opened
by "§ N". Each paragraph is split into sections (:mod:`extractors.parts.sections`)
and the sections are read for yrkanden, votes, reservations and declarations
(:mod:`extractors.parts.decisions`). A table of contents, where printed, is checked
against the paragraphs found in the body. The paragraphs' rows are made in
parts of about :data:`PART_LINES` lines (``Source.each``: on every core a
file may use, for a long protocol), then the vote tables are given out.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from extractors.core.spec import KindSpec
from extractors.core.tables import Rows, Source, Table
from extractors.lang.dnr import find_dnrs
from extractors.parts.attendance import ATTENDANCE, OFFICIALS, attendance, officials
from extractors.parts.commissions import TABLE as COMMISSIONS
from extractors.parts.commissions import commissions
from extractors.parts.decisions import PROPOSALS, adopted, chair_person, proposals
from extractors.parts.declarations import (
    DECLARATIONS_TABLE,
    declarations,
    section_declaration,
)
from extractors.parts.meeting import (
    MEETINGS,
    meeting_row,
    secretary_of,
    titled_person,
)
from extractors.parts.paragraphs import (
    PARAGRAPH,
    ParagraphBlock,
    paragraph_title,
    split_paragraphs,
)
from extractors.parts.reservations import RESERVATIONS, reservations
from extractors.parts.sections import (
    Section,
    proposes_to_council,
    split_sections,
)
from extractors.parts.vote_rows import ruled, section_votes, table_votes, vote_runs
from extractors.parts.votes import VOTE_RECORDS, VOTES

NAME = "protokoll"
VERSION = "v9"

#: Sections never read for a vote's counts (they report or comment, not decide).
_NO_VOTES = (
    "summary",
    "underlag",
    "history",
    "dispatch",
    "jav",
    "reservation",
    "notes",
)

TABLES = (
    MEETINGS,
    ATTENDANCE,
    OFFICIALS,
    Table(
        "paragraphs",
        {
            "id": str,
            "meeting_id": str,
            "number": int,
            "title": str,
            "dnr": str,
            "summary": str,
            "proposed": str,
            "decision": str,
            "decision_kind": str,
            "proposition_order": str,
            "adopted": str,
            "found_in": str,
            "page": int,
        },
    ),
    PROPOSALS,
    VOTES,
    VOTE_RECORDS,
    RESERVATIONS,
    DECLARATIONS_TABLE,
    Table("dispatches", {"id": str, "paragraph_id": str, "recipient": str}),
    COMMISSIONS,
)


def extract(source: Source) -> Rows:
    """Return the meeting, attendance and paragraph rows of a protocol."""
    header, blocks, toc = split_paragraphs(source.lines)
    meeting = meeting_row(
        header or source.lines[:12], "protokoll", source.organ, source.date
    )
    rows: Rows = {t.name: [] for t in TABLES}
    rows["meetings"].append(meeting)
    page = header[0][0] if header else None
    for i, person in enumerate(attendance(header)):
        rows["attendance"].append(
            {"id": f"a{i}", "meeting_id": "meeting", "page": page, **person}
        )
    for i, official in enumerate(officials(header)):
        rows["officials"].append(
            {"id": f"o{i}", "meeting_id": "meeting", "page": page, **official}
        )
    _chair_and_secretary(meeting, rows, header)
    seen: set[int] = set()
    keys = []
    for block in blocks:
        key = f"p{block.number}" if block.number not in seen else f"p{block.number}b"
        seen.add(block.number)
        keys.append(key)
    parts = _parts(blocks) if len(set(keys)) == len(keys) else [range(len(blocks))]

    def part_rows(k: int) -> Rows:
        """Return the rows of the paragraphs of part ``k``, as one pass adds them."""
        mine: Rows = {t.name: [] for t in TABLES}
        mine["meetings"] = rows["meetings"]  # the chair, to read
        numbers: Counter[tuple[str, str]] = Counter()
        for i in parts[k]:
            found_in = "body+toc" if blocks[i].number in toc else "body"
            _paragraph(blocks[i], keys[i], found_in, source, mine, numbers)
        del mine["meetings"]
        return mine

    for part in source.each(part_rows, len(parts)):
        for table, added in part.items():
            rows[table].extend(added)
    table_votes(blocks, keys, source, rows)
    for number, (title, page) in toc.items():
        if number not in seen:
            rows["paragraphs"].append(_toc_only(number, title, page))
    return rows


#: Lines of a protocol's paragraphs in one part (:func:`_parts`): a few
#: seconds' work at most, so that parts on several cores end together.
PART_LINES = 4000


def _parts(blocks: list[ParagraphBlock]) -> list[range]:
    """Return consecutive runs of ``blocks`` of about :data:`PART_LINES`
    lines each, whose rows are made apart (:attr:`Source.each`): a
    paragraph's rows are its own (its keys are unique), and parts joined in
    order give the rows of one pass."""
    parts, start, lines = [], 0, 0
    for i, block in enumerate(blocks):
        lines += len(block.lines)
        if lines >= PART_LINES:
            parts.append(range(start, i + 1))
            start, lines = i + 1, 0
    if start < len(blocks) or not parts:
        parts.append(range(start, len(blocks)))
    return parts


def _chair_and_secretary(
    meeting: dict[str, Any], rows: Rows, header: list[tuple[int, str]]
) -> None:
    """Fill chair and secretary from the attendance list when no field names them."""
    if meeting["chair"] is None:
        meeting["chair"] = next(
            (
                f"{p['name']} ({p['party']})" if p["party"] else p["name"]
                for p in rows["attendance"]
                if p["role"] == "ordforande"
            ),
            None,
        )
    elif "(" not in meeting["chair"]:  # signed without party: the list has it
        meeting["chair"] = next(
            (
                f"{p['name']} ({p['party']})"
                for p in rows["attendance"]
                if p["name"] == meeting["chair"] and p["party"]
            ),
            meeting["chair"],
        )
    if meeting["secretary"] is None:
        meeting["secretary"] = titled_person(header, "secretary") or secretary_of(
            rows["officials"]
        )


def _paragraph(
    block: ParagraphBlock,
    key: str,
    found_in: str,
    source: Source,
    rows: Rows,
    numbers: Counter[tuple[str, str]],
) -> None:
    """Add the rows of one paragraph to ``rows`` (``numbers``: :func:`_add_row`)."""
    first_page = block.lines[0][0]
    title, title_len = paragraph_title(block.lines, source.layout)
    head_text = "\n".join(t for _, t in block.lines[: title_len + 2])
    dnrs = find_dnrs(head_text)
    sections = split_sections(block.lines[title_len:])
    by_name: dict[str, list[Section]] = {}
    for section in sections:
        by_name.setdefault(section.name, []).append(section)
    summary = _joined(by_name.get("summary")) or _joined(by_name.get("intro"))
    proposition = _joined(by_name.get("proposition"))
    rows["paragraphs"].append(
        {
            "id": key,
            "meeting_id": "meeting",
            "number": block.number,
            "title": title,
            "dnr": dnrs[0].key if dnrs else None,
            "summary": summary,
            "proposed": _joined(by_name.get("proposed")),
            "decision": _joined(by_name.get("decision")),
            "decision_kind": _decision_kind(by_name.get("decision")),
            "proposition_order": proposition,
            "adopted": adopted(proposition),
            "found_in": found_in,
            "page": first_page,
        }
    )
    _meeting_acts(key, sections, source, block, rows, numbers)


def _meeting_acts(
    key: str,
    sections: list[Section],
    source: Source,
    block: ParagraphBlock,
    rows: Rows,
    numbers: Counter[tuple[str, str]],
) -> None:
    """Add the yrkanden, votes, reservations and declarations of a paragraph."""
    chair = chair_person(rows["meetings"][0]["chair"])
    on_ruled_page = ruled(source, block)  # once: a long § has many sections

    def _add(table: str, tag: str, row: dict[str, Any]) -> None:
        _add_row(rows, numbers, table, key, tag, row)

    for section in vote_runs(sections):
        page = section.page or block.lines[0][0]
        text = section.text
        if section.name in ("yrkanden", "debate", "proposition", "intro", "decision"):
            heading = section.name == "yrkanden"
            for row in proposals(text, page, under_heading=heading, chair=chair):
                _add("proposals", "y", row)
        for row in reservations(
            text, page, under_heading=section.name == "reservation"
        ):
            _add("reservations", "r", row)
        default = section_declaration(section.name)
        if section.name != "dispatch":
            for row in declarations(text, page, default):
                if section.name == "reservation" and row["kind"] is None:
                    continue
                _add("declarations", "d", row)
        if section.name not in _NO_VOTES:
            first = numbers["votes", key]
            numbers["votes", key] += section_votes(
                rows, key, text, page, on_ruled_page, first
            )
        if section.name in ("decision", "proposed"):
            stage = "beslut" if section.name == "decision" else "forslag"
            for row in commissions(text, page, stage, date=source.date):
                _add("commissions", "u", row)
        if section.name == "dispatch":
            for _, line in section.lines:
                recipient = line.strip(" -•–*")
                if recipient:
                    _add("dispatches", "e", {"recipient": recipient})


def _add_row(
    rows: Rows,
    numbers: Counter[tuple[str, str]],
    table: str,
    key: str,
    tag: str,
    row: dict[str, Any],
) -> None:
    """Append ``row`` to ``table`` with a local id under paragraph ``key``:
    ``numbers`` counts the rows each paragraph has in each table (counting
    them in the table for each row made a long protocol quadratic)."""
    n = numbers[table, key]
    numbers[table, key] += 1
    rows[table].append({"id": f"{key}/{tag}{n}", "paragraph_id": key, **row})


def _decision_kind(sections: list[Section] | None) -> str | None:
    """Return "forslag" for a proposal to the council, "beslut" for a decision."""
    if not sections:
        return None
    text = " ".join((s.heading or "") + " " + s.text for s in sections)
    return "forslag" if proposes_to_council(text) else "beslut"


def _joined(sections: list[Section] | None) -> str | None:
    """Return the text of sections joined, or None when empty."""
    if not sections:
        return None
    text = "\n\n".join(s.text.strip() for s in sections if s.text.strip())
    return text or None


def _toc_only(number: int, title: str, page: int) -> dict[str, Any]:
    """Return a paragraph row known only from the table of contents."""
    return {
        "id": f"p{number}",
        "meeting_id": "meeting",
        "number": number,
        "title": title,
        "dnr": None,
        "summary": None,
        "proposed": None,
        "decision": None,
        "decision_kind": None,
        "proposition_order": None,
        "adopted": None,
        "found_in": "toc",
        "page": page,
    }


def _several_paragraphs(lines: list[str]) -> bool:
    """Return True for minutes of more than one paragraph (not an extract)."""
    return sum(1 for line in lines if PARAGRAPH.match(line)) > 1


SPEC = KindSpec(
    name=NAME,
    version=VERSION,
    description="Protokoll: the minutes of a meeting.",
    labels=(
        "sammanträdesprotokoll",
        "protokoll",
    ),
    keywords=(
        ("justerare", 2),
        ("beslutande", 2),
        ("propositionsordning", 2),
        ("justerandes signum", 2),
        ("yrkanden", 1),
        ("reservation", 1),
        ("protokollsutdrag", 2),
        ("sammanträdesdatum", 1),
        ("omröstning", 1),
        ("justeringens plats och tid", 2),
        ("utses att justera", 2),
        ("tjänstgörande ersättare", 2),
        ("övriga närvarande", 2),
    ),
    priority=4,
    tables=TABLES,
    extract=extract,
    in_parts=True,
    meeting_paper=_several_paragraphs,
    dated_by_meeting=True,
)
