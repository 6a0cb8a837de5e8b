"""Protokoll: meeting header, attendance and every § with what was decided.

A protocol (or an extract of one) is a header followed by paragraphs opened
by "§ N". Each paragraph is split into sections (:mod:`extractors.parts.sections`)
and the sections are read for yrkanden, votes, reservations and declarations
(:mod:`extractors.parts.decisions`). A table of contents, where printed, is checked
against the paragraphs found in the body.
"""

from __future__ import annotations

from typing import Any

from extractors.core.spec import KindSpec
from extractors.core.tables import Rows, Source, Table
from extractors.lang.dnr import find_dnrs
from extractors.parts.commissions import TABLE as COMMISSIONS
from extractors.parts.commissions import commissions
from extractors.parts.decisions import PROPOSALS, adopted, proposals
from extractors.parts.declarations import (
    DECLARATIONS_TABLE,
    declarations,
    section_declaration,
)
from extractors.parts.meeting import (
    ATTENDANCE,
    MEETINGS,
    attendance,
    meeting_row,
    titled_person,
)
from extractors.parts.paragraphs import (
    PARAGRAPH,
    ParagraphBlock,
    merged_tables,
    paragraph_title,
    split_paragraphs,
)
from extractors.parts.reservations import RESERVATIONS, reservations
from extractors.parts.sections import (
    Section,
    heading_of,
    mentions,
    proposes_to_council,
    split_sections,
)
from extractors.parts.votes import VOTE_RECORDS, VOTES, prose_votes, table_vote

NAME = "protokoll"
VERSION = "v3"

TABLES = (
    MEETINGS,
    ATTENDANCE,
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
    for i, person in enumerate(attendance(header)):
        rows["attendance"].append(
            {"id": f"a{i}", "meeting_id": "meeting", "page": header[0][0], **person}
        )
    seen: set[int] = set()
    keys = []
    for block in blocks:
        key = f"p{block.number}" if block.number not in seen else f"p{block.number}b"
        seen.add(block.number)
        keys.append(key)
        found_in = "body+toc" if block.number in toc else "body"
        _paragraph(block, key, found_in, source, rows)
    _table_votes(blocks, keys, source, rows)
    _chair_and_secretary(meeting, rows["attendance"], header)
    for number, (title, page) in toc.items():
        if number not in seen:
            rows["paragraphs"].append(_toc_only(number, title, page))
    return rows


def _chair_and_secretary(
    meeting: dict[str, Any],
    present: list[dict[str, Any]],
    header: list[tuple[int, str]],
) -> None:
    """Fill chair and secretary from the attendance list when no field names them."""
    if meeting["chair"] is None:
        meeting["chair"] = next(
            (
                f"{p['name']} ({p['party']})"
                for p in present
                if p["role"] == "ordforande"
            ),
            None,
        )
    if meeting["secretary"] is None:
        meeting["secretary"] = titled_person(header, "secretary")


def _paragraph(
    block: ParagraphBlock, key: str, found_in: str, source: Source, rows: Rows
) -> None:
    """Add the rows of one paragraph to ``rows``."""
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
    _meeting_acts(key, sections, source, block, rows)


def _meeting_acts(
    key: str, sections: list[Section], source: Source, block: ParagraphBlock, rows: Rows
) -> None:
    """Add the yrkanden, votes, reservations and declarations of a paragraph."""
    for section in sections:
        page = section.page or block.lines[0][0]
        text = section.text
        if section.name in ("yrkanden", "proposition", "intro", "decision"):
            for row in proposals(text, page, under_heading=section.name == "yrkanden"):
                _add(rows, "proposals", key, "y", row)
        for row in reservations(
            text, page, under_heading=section.name == "reservation"
        ):
            _add(rows, "reservations", key, "r", row)
        default = section_declaration(section.name)
        if section.name != "dispatch":
            for row in declarations(text, page, default):
                if section.name == "reservation" and row["kind"] is None:
                    continue
                _add(rows, "declarations", key, "d", row)
        if section.name in ("vote", "proposition", "decision", "yrkanden"):
            for vote in prose_votes(text, page):
                _add_vote(rows, key, vote, "prose")
        if section.name in ("decision", "proposed"):
            stage = "beslut" if section.name == "decision" else "forslag"
            for row in commissions(text, page, stage, date=source.date):
                _add(rows, "commissions", key, "u", row)
        if section.name == "dispatch":
            for _, line in section.lines:
                recipient = line.strip(" -•–*")
                if recipient:
                    _add(rows, "dispatches", key, "e", {"recipient": recipient})


def _table_votes(
    blocks: list[ParagraphBlock], keys: list[str], source: Source, rows: Rows
) -> None:
    """Give each vote table to the paragraph that voted without a prose count.

    A table belongs to the last paragraph, starting on or before its page,
    that has a vote section and no vote counted in prose; a table continued
    over a page break (same header row) is read as one.
    """
    voted = {r["paragraph_id"] for r in rows["votes"]}
    candidates = [
        (block.lines[0][0], key)
        for block, key in zip(blocks, keys, strict=True)
        if key not in voted and (_has_vote_section(block) or _mentions_vote(block))
    ]
    for page, table in merged_tables(source.tables):
        owners = [key for start, key in candidates if start <= page]
        found = table_vote(table, page)
        if owners and found is not None and found.records:
            _add_vote(rows, owners[-1], found, "table")


def _has_vote_section(block: ParagraphBlock) -> bool:
    """Return True when the paragraph has an Omröstning / Votering heading."""
    return any(heading_of(t) == "vote" for _, t in block.lines)


def _mentions_vote(block: ParagraphBlock) -> bool:
    """Return True when a paragraph speaks of a roll-call vote."""
    return any(mentions(t, "vote") for _, t in block.lines)


def _add(rows: Rows, table: str, key: str, tag: str, row: dict[str, Any]) -> None:
    """Append ``row`` to ``table`` with a local id under paragraph ``key``."""
    n = sum(1 for r in rows[table] if r["paragraph_id"] == key)
    rows[table].append({"id": f"{key}/{tag}{n}", "paragraph_id": key, **row})


def _add_vote(rows: Rows, key: str, vote: Any, source: str) -> None:
    """Append a vote and its named records."""
    n = sum(1 for r in rows["votes"] if r["paragraph_id"] == key)
    vote_id = f"{key}/v{n}"
    rows["votes"].append(
        {"id": vote_id, "paragraph_id": key, "source": source, **vote.row()}
    )
    for i, (name, party, choice) in enumerate(vote.records):
        rows["vote_records"].append(
            {
                "id": f"{vote_id}/{i}",
                "vote_id": vote_id,
                "name": name,
                "party": party,
                "vote": choice,
            }
        )


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
    description="Protokoll (minutes) or protokollsutdrag (an extract of one §).",
    labels=(
        "protokollsutdrag",
        "utdrag ur protokoll",
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
    ),
    priority=4,
    tables=TABLES,
    extract=extract,
    meeting_paper=_several_paragraphs,
    dated_by_meeting=True,
)
