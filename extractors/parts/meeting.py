"""Meeting header fields and attendance, shared by kallelser and protokoll.

A field is a label at the start of a line ("Plats och tid", "Ordförande",
"Justerare") with its value on the same line or, when the label stands
alone, on the next line.
"""

from __future__ import annotations

import re
from typing import Any

from extractors.core.tables import Table
from extractors.lang.dates import find_dates
from extractors.lang.nlp import analyse, persons

MEETINGS = Table(
    "meetings",
    {
        "id": str,
        "kind": str,
        "body": str,
        "date": str,
        "time": str,
        "place": str,
        "chair": str,
        "secretary": str,
        "justerare": str,
        "anslag_up": str,
        "anslag_down": str,
        "page": int,
    },
)

ATTENDANCE = Table(
    "attendance",
    {
        "id": str,
        "meeting_id": str,
        "name": str,
        "party": str,
        "role": str,
        "substitutes_for": str,
        "paragraphs": str,
        "page": int,
    },
)
#: Field label → field name, longest first so "plats och tid" beats "plats".
FIELDS: tuple[tuple[str, str], ...] = (
    ("datum då anslaget sätts upp", "anslag_up"),
    ("datum då anslaget tas ned", "anslag_down"),
    ("anslaget sätts upp", "anslag_up"),
    ("anslaget tas ned", "anslag_down"),
    ("anslagsdatum", "anslag_up"),
    ("sammanträdesdatum", "date"),
    ("plats och tid", "place_time"),
    ("tid och plats", "place_time"),
    ("justeringens plats och tid", "justering"),
    ("justerare", "justerare"),
    ("justerande", "justerare"),
    ("ordförande", "chair"),
    ("sekreterare", "secretary"),
    ("plats", "place"),
    ("tid", "time"),
    ("sammanträde", "time"),
)
_FIELD_RE = [
    (name, re.compile(rf"^{re.escape(label)}\b\s*:?\s*(.*)$", re.IGNORECASE))
    for label, name in FIELDS
]
_TIME = re.compile(r"(?:kl\.?\s*)?(\d{1,2}[.:]\d{2})(?:\s*[-–]\s*(\d{1,2}[.:]\d{2}))?")

#: Attendance block headings → role of the people listed under them.
ROLES: tuple[tuple[str, str], ...] = (
    ("tjänstgörande ersättare", "ersattare"),
    ("närvarande ersättare", "ersattare"),
    ("ej tjänstgörande ersättare", "ersattare"),
    ("beslutande ledamöter", "ledamot"),
    ("beslutande", "ledamot"),
    ("närvarande ledamöter", "ledamot"),
    ("ledamöter", "ledamot"),
    ("ersättare", "ersattare"),
    ("övriga närvarande", "tjansteperson"),
    ("övriga deltagare", "tjansteperson"),
    ("tjänstepersoner", "tjansteperson"),
    ("tjänstemän", "tjansteperson"),
)
_ROLE_RE = [
    (role, re.compile(rf"^{re.escape(head)}\s*:?\s*(.*)$", re.IGNORECASE))
    for head, role in ROLES
]
_SUBSTITUTE = re.compile(
    r"tjänstgör(?:ande)?\s+(?:för|i stället för|istället för)\s+", re.IGNORECASE
)


def header_fields(lines: list[tuple[int, str]]) -> dict[str, str]:
    """Return the labelled fields found in ``lines`` (first value wins)."""
    fields: dict[str, str] = {}
    for i, (_, text) in enumerate(lines):
        for name, pattern in _FIELD_RE:
            m = pattern.match(text.strip())
            if not m:
                continue
            value = m.group(1).strip()
            if not value and i + 1 < len(lines):
                value = lines[i + 1][1].strip()
            if value and name not in fields:
                fields[name] = value
            break
    return fields


def meeting_row(
    lines: list[tuple[int, str]], kind: str, organ: str | None, date: str | None
) -> dict[str, Any]:
    """Return the ``meetings`` row of a kallelse or protokoll header."""
    fields = header_fields(lines)
    year = int(date[:4]) if date else None
    when = " ".join(fields.get(k, "") for k in ("place_time", "time", "date"))
    dates = find_dates(when, default_year=year)
    time = _TIME.search(re.sub(r"\d{4}-\d{2}-\d{2}", "", when))
    place = fields.get("place") or _place(fields.get("place_time"))
    return {
        "id": "meeting",
        "kind": kind,
        "body": organ,
        "date": dates[0].iso if dates else date,
        "time": _format_time(time) if time else None,
        "place": place,
        "chair": _person(fields.get("chair")),
        "secretary": _person(fields.get("secretary")),
        "justerare": fields.get("justerare"),
        "anslag_up": _date(fields.get("anslag_up")),
        "anslag_down": _date(fields.get("anslag_down")),
        "page": lines[0][0] if lines else None,
    }


def _format_time(m: re.Match[str]) -> str:
    """Return "13.00" or "13.00–15.30" from a time match."""
    start = m.group(1).replace(":", ".")
    return f"{start}–{m.group(2).replace(':', '.')}" if m.group(2) else start


def _place(place_time: str | None) -> str | None:
    """Return the place part of "Stadshuset, Granvik, 2024-04-02 kl. 13.00"."""
    if not place_time:
        return None
    cut = re.split(
        r",?\s*(?:\d{4}-\d{2}-\d{2}|\d{1,2}\s+\w+\s+\d{4}|kl\.?\s*\d)", place_time
    )[0]
    return cut.strip(" ,") or None


def _person(value: str | None) -> str | None:
    """Return a person's name without trailing titles ("Anna Berg (S)")."""
    if not value:
        return None
    return re.split(r"\s{2,}|\t", value)[0].strip() or None


def _date(value: str | None) -> str | None:
    """Return the first date in a field value."""
    dates = find_dates(value or "")
    return dates[0].iso if dates else None


def attendance(lines: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """Return one row per person listed under an attendance heading."""
    rows: list[dict[str, Any]] = []
    role: str | None = None
    for _, text in lines:
        stripped = text.strip()
        matched = next(((r, m) for r, p in _ROLE_RE if (m := p.match(stripped))), None)
        if matched:
            role, rest = matched[0], matched[1].group(1)
            rows += _people_on_line(rest, role) if rest else []
            continue
        if role is None:
            continue
        if any(p.match(stripped) for _, p in _FIELD_RE) or not stripped:
            role = None
            continue
        rows += _people_on_line(stripped, role)
    return rows


_PRESENCE = re.compile(r"§§?\s*\d{1,4}(?:\s*(?:[-–]|och|,)\s*\d{1,4})*")


def _paragraphs(text: str) -> str | None:
    """Return the paragraphs a person attended, where the line says ("§§ 41–45")."""
    m = _PRESENCE.search(text)
    return re.sub(r"\s+", " ", m.group(0)).strip() if m else None


def _people_on_line(text: str, role: str) -> list[dict[str, Any]]:
    """Return the attendance rows of one line of an attendance block."""
    doc = analyse(text)
    people = persons(doc)
    if not people:
        if role != "tjansteperson":
            return []
        name = re.split(r",|\s{2,}|\t", text)[0].strip()
        if len(name.split()) < 2 or len(name) > 40:
            return []
        return [
            {
                "name": name,
                "party": None,
                "role": role,
                "substitutes_for": None,
                "paragraphs": _paragraphs(text),
            }
        ]
    sub = _SUBSTITUTE.search(doc.text)
    substitute_for = None
    if sub:
        after = [p for p in people if p.start >= sub.end()]
        substitute_for = after[0].name if after else None
        people = [p for p in people if p.start < sub.start()]
    rows = []
    for person in people:
        tail = doc.text[person.end : person.end + 25].lower()
        person_role = (
            "ordforande" if "ordförande" in tail and "vice" not in tail else role
        )
        if substitute_for and person_role == "ledamot":
            person_role = "ersattare"  # a serving substitute (tjänstgörande)
        rows.append(
            {
                "name": person.name,
                "party": person.party,
                "role": person_role,
                "substitutes_for": substitute_for,
                "paragraphs": _paragraphs(text),
            }
        )
    return rows
