"""Kallelse / föredragningslista: the meeting and its numbered agenda items.

Two layouts are read: numbered lines ("14. Revisionsrapport …" followed by
"Dnr", "Beslutsunderlag" and "Förslag till beslut"), and agenda tables
converted to text rows ("| 5. | Godkännande av … | 2025-00123 | Förslag … |").
Item numbers must rise one by one, so a numbered proposal ("1. Nämnden
beslutar …") inside an item is not taken for the next item.
"""

from __future__ import annotations

import re
from typing import Any

from extractors.core.spec import KindSpec
from extractors.core.tables import Rows, Source, Table
from extractors.lang.dnr import find_dnrs
from extractors.lang.phrases import RUN_START
from extractors.parts.meeting import MEETINGS, meeting_patterns, meeting_row
from extractors.parts.sections import opens_with

NAME = "kallelse"
VERSION = "v1"

TABLES = (
    MEETINGS,
    Table(
        "agenda_items",
        {
            "id": str,
            "meeting_id": str,
            "number": int,
            "title": str,
            "dnr": str,
            "section": str,
            "proposed_decision": str,
            "page": int,
        },
    ),
    Table("agenda_documents", {"id": str, "agenda_item_id": str, "title": str}),
)

_ITEM = re.compile(r"^(?:[-•*▶]\s*)?(\d{1,3})\.\s+(\S.*?)\s*\**$")
_TIME_IN_TITLE = re.compile(
    rf"{RUN_START}\s*\b\d{{1,2}}[.:]\d{{2}}\s*[-–]\s*\d{{1,2}}[.:]\d{{2}}\b.*$"
)


def extract(source: Source) -> Rows:
    """Return the meeting and agenda rows of a kallelse."""
    lines = source.lines
    rows: Rows = {"meetings": [], "agenda_items": [], "agenda_documents": []}
    items = _table_items(lines) or _line_items(lines)
    first = next(
        (
            i
            for i, (_, t) in enumerate(lines)
            if _ITEM.match(t.strip()) or t.strip().startswith("|")
        ),
        len(lines),
    )
    rows["meetings"].append(
        meeting_row(lines[:first], "kallelse", source.organ, source.date)
    )
    for item in items:
        documents = item.pop("documents")
        rows["agenda_items"].append(item)
        for i, title in enumerate(documents):
            rows["agenda_documents"].append(
                {
                    "id": f"{item['id']}/{i}",
                    "agenda_item_id": item["id"],
                    "title": title,
                }
            )
    return rows


def _item(number: int, title: str, page: int, section: str | None) -> dict[str, Any]:
    """Return a new agenda item."""
    return {
        "id": f"i{number}",
        "meeting_id": "meeting",
        "number": number,
        "title": title,
        "dnr": None,
        "section": section,
        "proposed_decision": None,
        "page": page,
        "documents": [],
    }


def _line_items(lines: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """Return agenda items written as numbered lines."""
    items: list[dict[str, Any]] = []
    section: str | None = None
    mode = ""
    for page, text in lines:
        stripped = text.strip().strip("*").strip()
        named = _agenda_section(stripped)
        m = _ITEM.match(text.strip())
        expected = items[-1]["number"] + 1 if items else None
        if m and (expected is None or int(m.group(1)) == expected):
            items.append(_item(int(m.group(1)), m.group(2).strip("* "), page, section))
            mode = ""
        elif named != "none":
            section, mode = named, ""
        elif items:
            mode = _item_line(items[-1], stripped, mode)
    return items


def _agenda_section(line: str) -> str | None:
    """Return the section an agenda heading opens (None: none), else "none"."""
    agenda = meeting_patterns().agenda
    return next((name for name, p in agenda if p.match(line)), "none")


def _item_line(item: dict[str, Any], text: str, mode: str) -> str:
    """Read one line under an agenda item; return the new reading mode."""
    dnrs = find_dnrs(text)
    if dnrs and item["dnr"] is None and len(text) < 60:
        item["dnr"] = dnrs[0].key
        return mode
    for heading in ("underlag", "proposed"):
        if opens_with(text, heading):
            return heading
    if mode == "underlag" and text.startswith(("-", "•", "▶")):
        item["documents"].append(text.lstrip("-•▶ ").strip())
    elif mode == "underlag" and item["documents"] and text[:1].islower():
        item["documents"][-1] += " " + text
    elif mode == "proposed" and text:
        joined = (
            f"{item['proposed_decision']}\n{text}"
            if item["proposed_decision"]
            else text
        )
        item["proposed_decision"] = joined
    return mode


def _table_items(lines: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """Return agenda items from text table rows "| N. | title | dnr | förslag |"."""
    items: list[dict[str, Any]] = []
    section: str | None = None
    for page, cells in _rows(lines):
        if len(cells) < 2 or set(cells[1].strip()) <= set("-: "):
            continue
        number = re.match(r"^(\d{1,3})\.?$", cells[0].strip())
        title = re.sub(r"\s+", " ", cells[1].replace("<br>", " ")).strip()
        if not number:
            named = _agenda_section(title)
            section = section if named == "none" else named
            continue
        item = _item(int(number.group(1)), _TIME_IN_TITLE.sub("", title), page, section)
        dnrs = find_dnrs(cells[2]) if len(cells) > 2 else []
        item["dnr"] = dnrs[0].key if dnrs else None
        if len(cells) > 3 and cells[3].strip():
            proposal = "\n".join(p.strip() for p in cells[3].split("<br>"))
            item["proposed_decision"] = re.sub(r"[ \t]+", " ", proposal).strip()
        items.append(item)
    return items


def _rows(lines: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    """Join wrapped text-table lines into rows of cells."""
    rows: list[tuple[int, list[str]]] = []
    width = 0
    pending: tuple[int, str] | None = None
    for page, text in lines:
        stripped = text.strip()
        if pending is None:
            if not stripped.startswith("|"):
                continue
            pending = (page, stripped)
        else:
            pending = (pending[0], pending[1] + " " + stripped)
        pipes = pending[1].count("|")
        if not width and pending[1].endswith("|"):
            width = pipes
        if width and pipes >= width and pending[1].endswith("|"):
            rows.append((pending[0], [c.strip() for c in pending[1].split("|")[1:-1]]))
            pending = None
    return rows


def _always(lines: list[str]) -> bool:
    """Return True: a kallelse is always a meeting's papers."""
    return True


SPEC = KindSpec(
    name=NAME,
    version=VERSION,
    description="Kallelse (meeting notice) with its agenda (föredragningslista).",
    labels=(
        "kallelse och föredragningslista",
        "kallelse/föredragningslista",
        "kallelse",
        "föredragningslista",
        "dagordning",
    ),
    keywords=(
        ("informationsärenden", 3),
        ("beslutsärenden", 3),
        ("föredragningslista", 3),
        ("kallelse", 2),
        ("ärenden", 1),
        ("upprop", 2),
    ),
    priority=3,
    tables=TABLES,
    extract=extract,
    meeting_paper=_always,
)
