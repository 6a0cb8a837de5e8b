"""Meeting header fields and attendance, shared by kallelser and protokoll.

A field is a label at the start of a line ("Plats och tid", "Ordförande",
"Justerare") with its value on the same line or, when the label stands
alone, on the next line. Labels, roles and agenda headings come from
``lexicon/meeting.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from extractors.core.tables import Table
from extractors.lang.dates import find_dates
from extractors.lang.nlp import analyse, persons
from extractors.lang.phrases import (
    Lexicon,
    any_of,
    compiled,
    conjunction,
    entries,
    phrase_pattern,
)
from extractors.lang.structure import signature_block
from extractors.lexicon import load

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
#: What follows the text of a furniture line (see ``[[furniture]]``).
_THEN = {"number": r"\s+\d+", "date": r":?\s*[\d-]+", "anything": ".*"}


@dataclass(frozen=True)
class MeetingPatterns:
    """The meeting-record wordings compiled from ``meeting.toml``."""

    fields: list[tuple[str, re.Pattern[str]]]
    """``(field, pattern)`` per label, longest first; group 1 is the value."""
    roles: list[tuple[str, re.Pattern[str]]]
    """``(role, pattern)`` per attendance heading; group 1 is the rest."""
    titles: list[dict[str, str]]
    """Field entries with a ``title_role`` (a title after a member's name)."""
    substitute: re.Pattern[str]
    """"tjänstgör för" between a substitute and the member replaced."""
    time: re.Pattern[str]
    """A time of day or span ("kl. 09.00–11.45"): groups start and end."""
    place_end: re.Pattern[str]
    """Where the place ends in "Stadshuset, Granvik, 2024-04-02 kl. 13.00"."""
    agenda: list[tuple[str | None, re.Pattern[str]]]
    """``(section, pattern)`` of a kallelse's agenda headings."""
    furniture: re.Pattern[str]
    """Running header and footer lines inside a protocol's body."""
    labels: dict[str, list[str]]
    """Field → its labels."""
    role_headings: list[str]
    """The attendance headings."""


def meeting_patterns(lexicon: Lexicon | None = None) -> MeetingPatterns:
    """Return the patterns of ``lexicon`` (default: ``meeting.toml``)."""
    return compiled("meeting", _compile, lexicon)


def _compile(lexicon: Lexicon) -> MeetingPatterns:
    """Compile a meeting lexicon."""
    fields = sorted(entries(lexicon, "field"), key=lambda f: -len(f["label"]))
    roles = sorted(entries(lexicon, "role"), key=lambda r: -len(r["heading"]))
    furniture = [
        phrase_pattern(f["text"]) + _THEN[f["then"]]
        for f in entries(lexicon, "furniture")
    ]
    furniture += [
        phrase_pattern(f["label"]) + _THEN["date"] for f in fields if f.get("running")
    ]
    clock = phrase_pattern(lexicon["clock"]["text"])
    labels: dict[str, list[str]] = {}
    for f in fields:
        labels.setdefault(f["field"], []).append(f["label"])
    return MeetingPatterns(
        fields=_labelled(fields, "label", "field", r"\b\s*:?\s*(.*)$"),
        roles=_labelled(roles, "heading", "role", r"\s*:?\s*(.*)$"),
        titles=[f for f in fields if f.get("title_role")],
        substitute=re.compile(
            any_of(t["text"] for t in entries(lexicon, "substitute")) + r"\s+", re.I
        ),
        time=re.compile(
            rf"(?:{clock}\.?\s*)?(\d{{1,2}}[.:]\d{{2}})(?:\s*[-–]\s*(\d{{1,2}}[.:]\d{{2}}))?"
        ),
        place_end=re.compile(
            rf",?\s*(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\s+\w+\s+\d{{4}}|{clock}\.?\s*\d)"
        ),
        agenda=_labelled(
            entries(lexicon, "agenda_section"), "text", "section", r"\s*:?$"
        ),
        furniture=re.compile(rf"^(?:{'|'.join(furniture)})$", re.I),
        labels=labels,
        role_headings=[r["heading"] for r in roles],
    )


def _labelled(
    items: list[dict[str, Any]], text: str, name: str, tail: str
) -> list[tuple[Any, re.Pattern[str]]]:
    """Return ``(item[name], pattern)`` of phrases ``item[text]`` opening a line."""
    return [
        (item.get(name), re.compile(rf"^{phrase_pattern(item[text])}{tail}", re.I))
        for item in items
    ]


def header_fields(
    lines: list[tuple[int, str]], lexicon: Lexicon | None = None
) -> dict[str, str]:
    """Return the labelled fields found in ``lines`` (first value wins)."""
    fields: dict[str, str] = {}
    patterns = meeting_patterns(lexicon)
    for i, (_, text) in enumerate(lines):
        for name, pattern in patterns.fields:
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
    lines: list[tuple[int, str]],
    kind: str,
    organ: str | None,
    date: str | None,
    lexicon: Lexicon | None = None,
) -> dict[str, Any]:
    """Return the ``meetings`` row of a kallelse or protokoll header."""
    patterns = meeting_patterns(lexicon)
    fields = header_fields(lines, lexicon)
    year = int(date[:4]) if date else None
    when = " ".join(fields.get(k, "") for k in ("place_time", "time", "date"))
    dates = find_dates(when, default_year=year)
    time = patterns.time.search(re.sub(r"\d{4}-\d{2}-\d{2}", "", when))
    place = fields.get("place") or _place(fields.get("place_time"), patterns)
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


def _place(place_time: str | None, patterns: MeetingPatterns) -> str | None:
    """Return the place part of "Stadshuset, Granvik, 2024-04-02 kl. 13.00"."""
    if not place_time:
        return None
    cut = patterns.place_end.split(place_time)[0]
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


def attendance(
    lines: list[tuple[int, str]], lexicon: Lexicon | None = None
) -> list[dict[str, Any]]:
    """Return one row per person listed under an attendance heading."""
    rows: list[dict[str, Any]] = []
    role: str | None = None
    patterns = meeting_patterns(lexicon)
    for _, text in lines:
        stripped = text.strip()
        matched = next(
            ((r, m) for r, p in patterns.roles if (m := p.match(stripped))), None
        )
        if matched:
            role, rest = matched[0], matched[1].group(1)
            rows += _people_on_line(rest, role, patterns) if rest else []
            continue
        if role is None:
            continue
        if any(p.match(stripped) for _, p in patterns.fields) or not stripped:
            role = None
            continue
        rows += _people_on_line(stripped, role, patterns)
    return rows


_PRESENCE = re.compile(
    rf"§§?\s*\d{{1,4}}(?:\s*(?:[-–]|{conjunction()}|,)\s*\d{{1,4}})*"
)


def _paragraphs(text: str) -> str | None:
    """Return the paragraphs a person attended, where the line says ("§§ 41–45")."""
    m = _PRESENCE.search(text)
    return re.sub(r"\s+", " ", m.group(0)).strip() if m else None


def _people_on_line(
    text: str, role: str, patterns: MeetingPatterns
) -> list[dict[str, Any]]:
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
    sub = patterns.substitute.search(doc.text)
    substitute_for = None
    if sub:
        after = [p for p in people if p.start >= sub.end()]
        substitute_for = after[0].name if after else None
        people = [p for p in people if p.start < sub.start()]
    rows = []
    for person in people:
        tail = doc.text[person.end : person.end + 25].lower()
        person_role = _title_role(tail, patterns) or role
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


def _title_role(tail: str, patterns: MeetingPatterns) -> str | None:
    """Return the role a title after a member's name gives ("…, ordförande")."""
    for title in patterns.titles:
        unless = title.get("title_unless")
        if title["label"] in tail and not (unless and unless in tail):
            return title["title_role"]
    return None


@dataclass(frozen=True)
class DateCues:
    """Where a meeting's papers print the meeting's date."""

    running: re.Pattern[str]
    """A line opening with a running date field ("Sammanträdesdatum"): any page."""
    header: re.Pattern[str]
    """A date field or phrase anywhere on a line, or a line opening with a
    place-and-time field: in the header only."""


@cache
def date_cues() -> DateCues:
    """Return the meeting-date cues of ``lexicon/meeting.toml``."""
    lexicon = load("meeting")
    fields = entries(lexicon, "field")
    running = [f["label"] for f in fields if f["field"] == "date" and f.get("running")]
    dated = [f["label"] for f in fields if f["field"] == "date"]
    dated += [p["text"] for p in entries(lexicon, "date_phrase")]
    place_time = [f["label"] for f in fields if f["field"] == "place_time"]
    return DateCues(
        re.compile(rf"^\s*{any_of(running)}", re.I),
        re.compile(rf"^\s*{any_of(place_time)}|{any_of(dated)}", re.I),
    )


def is_body_furniture(line: str, lexicon: Lexicon | None = None) -> bool:
    """Return True for a running header or footer line inside a protocol's body."""
    return bool(
        meeting_patterns(lexicon).furniture.match(line) or signature_block().match(line)
    )


def titled_person(
    lines: list[tuple[int, str]], field: str, lexicon: Lexicon | None = None
) -> str | None:
    """Return the name on a line "Jonas Ek, sekreterare" ending in ``field``'s label.

    An attendance heading before the name ("Övriga närvarande") is dropped.
    """
    patterns = meeting_patterns(lexicon)
    ending = re.compile(rf",\s*{any_of(patterns.labels.get(field, []))}\s*$", re.I)
    name = next((t.strip().split(",")[0] for _, t in lines if ending.search(t)), None)
    heading = re.compile(rf"^{any_of(patterns.role_headings)}\s*:?\s+", re.I)
    return heading.sub("", name) if name else name
