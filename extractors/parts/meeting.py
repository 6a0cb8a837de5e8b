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
from extractors.lang.phrases import (
    RUN_START,
    Lexicon,
    any_of,
    compiled,
    entries,
    phrase_pattern,
)
from extractors.lang.structure import signature_block
from extractors.lexicon import load
from extractors.parts.attendance import named, strip_leaders
from extractors.parts.signatures import signing

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

#: What follows the text of a furniture line (see ``[[furniture]]``).
_THEN = {"number": r"\s+\d+", "date": r":?\s*[\d-]+", "anything": ".*"}


@dataclass(frozen=True)
class MeetingPatterns:
    """The meeting-record wordings compiled from ``meeting.toml``."""

    fields: list[tuple[str, re.Pattern[str]]]
    """``(field, pattern)`` per label, longest first; group 1 is the value."""
    signing_prefix: re.Pattern[str]
    """"Underskrifter" before the first signature label of a front page."""
    time: re.Pattern[str]
    """A time of day or span ("kl. 09.00–11.45"): groups start and end."""
    hour: re.Pattern[str]
    """A whole hour after the clock word ("kl. 13"): group 1."""
    place_end: re.Pattern[str]
    """A date, weekday or time in "Stadshuset, Granvik, 2024-04-02 kl. 13.00"."""
    agenda: list[tuple[str | None, re.Pattern[str]]]
    """``(section, pattern)`` of a kallelse's agenda headings."""
    furniture: re.Pattern[str]
    """Running header and footer lines inside a protocol's body."""
    labels: dict[str, list[str]]
    """Field → its labels."""
    inner_label: re.Pattern[str]
    """A label of two words or more, where a line holds two fields."""
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
    clock = any_of(lexicon["clock"]["words"])
    labels: dict[str, list[str]] = {}
    for f in fields:
        labels.setdefault(f["field"], []).append(f["label"])
    return MeetingPatterns(
        fields=_labelled(fields, "label", "field", r"\b\s*:?\s*(.*)$"),
        signing_prefix=re.compile(
            rf"^{any_of(p['text'] for p in entries(lexicon, 'signing_prefix'))}"
            r"\s*:?\s+(?=\w)",
            re.I,
        ),
        time=re.compile(
            rf"(?:{clock}\.?\s*)?(\d{{1,2}}[.:]\d{{2}})(?:\s*[-–]\s*(\d{{1,2}}[.:]\d{{2}}))?"
        ),
        hour=re.compile(rf"\b{clock}\.?\s*(\d{{1,2}})(?![\d.:])", re.I),
        place_end=re.compile(
            rf"{RUN_START}(?:(?:\b{any_of(lexicon['weekdays']['words'])}\b\s*)+"
            rf"|,?\s*(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\s+[a-zåäö]{{3,}}\.?\s+\d{{4}}"
            rf"|(?:{clock}\.?\s*)?\d{{1,2}}[.:]\d{{2}}(?:\s*[-–]\s*\d{{1,2}}[.:]\d{{2}})?"
            rf"|{clock}\.?\s*\d{{1,2}}))",
            re.I,
        ),
        agenda=_labelled(
            entries(lexicon, "agenda_section"), "text", "section", r"\s*:?$"
        ),
        furniture=re.compile(rf"^(?:{'|'.join(furniture)})$", re.I),
        labels=labels,
        inner_label=re.compile(
            rf"(?<!\w){any_of(f['label'] for f in fields if ' ' in f['label'])}(?!\w)",
            re.I,
        ),
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


#: The fields whose value may go on with a time on the next line.
_WHEN = ("place_time", "time")


def header_fields(
    lines: list[tuple[int, str]], lexicon: Lexicon | None = None
) -> dict[str, str]:
    """Return the labelled fields found in ``lines`` (first value wins)."""
    fields: dict[str, str] = {}
    patterns = meeting_patterns(lexicon)
    texts = [
        part
        for _, t in lines
        for part in _split_fields(patterns.signing_prefix.sub("", t.strip()), patterns)
    ]
    for i, text in enumerate(texts):
        for name, pattern in patterns.fields:
            m = pattern.match(text)
            if not m:
                continue
            value = strip_leaders(m.group(1))
            following = texts[i + 1] if i + 1 < len(texts) else ""
            if not value and not _labelled_line(following):
                value = strip_leaders(following)
            elif name in _WHEN and patterns.time.match(following):
                value += " " + following  # "Plats och tid Kommunhuset," / "kl. 13.00"
            if value and name not in fields:
                fields[name] = value
            break
    return fields


def _split_fields(text: str, patterns: MeetingPatterns) -> list[str]:
    """Split "Datum då anslaget sätts upp 2024-05-02 Datum då anslaget tas ned …"."""
    starts = [
        m.start()
        for m in patterns.inner_label.finditer(text)
        if m.start() > 0 and text[m.start()].isupper()
    ]
    return [
        text[a:b].strip() for a, b in zip([0, *starts], [*starts, None], strict=True)
    ]


def _labelled_line(text: str, lexicon: Lexicon | None = None) -> bool:
    """Return True when ``text`` opens with a header field's label."""
    return any(p.match(text) for _, p in meeting_patterns(lexicon).fields)


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
    signed = signing(lines, lexicon)
    return {
        "id": "meeting",
        "kind": kind,
        "body": organ or fields.get("organ"),
        "date": dates[0].iso if dates else date,
        "time": _format_time(time) if time else _hour(when, patterns),
        "place": place,
        "chair": _person(fields.get("chair")) or signed.get("chair"),
        "secretary": _person(fields.get("secretary")) or signed.get("secretary"),
        "justerare": ", ".join(named(fields.get("justerare") or ""))
        or signed.get("justerare"),
        "anslag_up": _date(fields.get("anslag_up")),
        "anslag_down": _date(fields.get("anslag_down")),
        "page": lines[0][0] if lines else None,
    }


def _format_time(m: re.Match[str]) -> str:
    """Return "13.00" or "13.00–15.30" from a time match."""
    start = m.group(1).replace(":", ".")
    return f"{start}–{m.group(2).replace(':', '.')}" if m.group(2) else start


def _hour(when: str, patterns: MeetingPatterns) -> str | None:
    """Return "13.00" from "kl. 13", or None."""
    m = patterns.hour.search(when)
    return f"{int(m.group(1)):02d}.00" if m and int(m.group(1)) < 24 else None


def _place(place_time: str | None, patterns: MeetingPatterns) -> str | None:
    """Return the place part of "Stadshuset, Granvik, 2024-04-02 kl. 13.00"."""
    if not place_time:
        return None
    text = re.sub(r"\([^)]*\)", "", place_time)
    pieces = patterns.place_end.split(text)
    cut = pieces[0].strip(" ,.–-")
    if not cut:  # the date and time first: "Tisdag 25 april 2024, kl. 13, Kommunhuset"
        cut = pieces[-1].strip(" ,.–-")
    return cut or None


def _person(value: str | None) -> str | None:
    """Return the first name in a field's value ("Anna Berg (S)"), or None."""
    names = named(value or "")
    return names[0] if names else None


def _date(value: str | None) -> str | None:
    """Return the first date in a field value."""
    dates = find_dates(value or "")
    return dates[0].iso if dates else None


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
    dated = [f["label"] for f in fields if f["field"] == "date" and f.get("cue", True)]
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


def secretary_of(
    staff: list[dict[str, Any]], lexicon: Lexicon | None = None
) -> str | None:
    """Return the official whose title is a secretary's ("nämndsekreterare")."""
    words = meeting_patterns(lexicon).labels.get("secretary", [])
    return next(
        (
            o["name"]
            for o in staff
            if any(w in (o.get("title") or "").lower() for w in words)
        ),
        None,
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
