"""Who attended a meeting: the decision makers, substitutes and officials.

A heading at the start of a line ("Beslutande", "Tjänstgörande ersättare",
"Övriga närvarande") opens a block of people, one or several per line:
"Anna Andersson (S), ordförande", "Eva Ek (C) tjänstgörande ersättare för
Olle Ek (C)", "Lisa Ro (V) §§ 150–160". Headings, titles, substitute phrases
and name particles come from ``lexicon/meeting.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from extractors.core.tables import Table
from extractors.lang.parties import PARTIES, normalise_party
from extractors.lang.phrases import (
    RUN_START,
    Lexicon,
    any_of,
    compiled,
    conjunction,
    entries,
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

OFFICIALS = Table(
    "officials",
    {
        "id": str,
        "meeting_id": str,
        "name": str,
        "title": str,
        "page": int,
    },
)

#: Roles of the people who decide (a substitute named in their block serves).
DECIDING = ("ledamot", "ordforande")
SERVING = "tjanstgorande_ersattare"
OFFICIAL = "tjansteperson"
ABSENT = "franvarande"

_WORD = r"[A-ZÅÄÖÉÜØÆ][a-zåäöéüøæáàíóúèëïçñ'’]+(?:-[A-ZÅÄÖÉ]?[a-zåäöéü]+)*"
#: A middle initial: "Anna K. Andersson".
_INITIAL = r"[A-ZÅÄÖ]\."
_LEADER = re.compile(rf"{RUN_START}\s*(?:[.…_]\s*){{3,}}\s*")


@dataclass(frozen=True)
class AttendancePatterns:
    """The attendance wordings compiled from ``meeting.toml``."""

    headings: list[tuple[str, re.Pattern[str]]]
    """``(role, pattern)`` per heading, longest first; group 1 is the rest."""
    titles: list[tuple[str, re.Pattern[str]]]
    """``(role, pattern)`` per title after or before a name, longest first."""
    lead_title: re.Pattern[str]
    """A title opening a line ("Ordförande Anna Andersson (S)")."""
    substitute: re.Pattern[str]
    """A substitute phrase ending the text between two names."""
    name: re.Pattern[str]
    """A name, with its party in parentheses or as a bare code."""
    ends: re.Pattern[str]
    """A header field or signature label that ends a block."""
    not_name: frozenset[str]
    """Capitalised label words that are never part of a name."""
    serving: re.Pattern[str]
    """A serving-substitute heading anywhere: a column of a members' table."""
    listing: frozenset[str]
    """Lower-case words of titles and substitute phrases (not prose)."""


def attendance_patterns(lexicon: Lexicon | None = None) -> AttendancePatterns:
    """Return the attendance patterns of ``lexicon`` (default: ``meeting.toml``)."""
    return compiled("meeting", _compile, lexicon)


def _compile(lexicon: Lexicon) -> AttendancePatterns:
    """Compile the attendance part of a meeting lexicon."""
    roles = sorted(entries(lexicon, "role"), key=lambda r: -len(r["heading"]))
    titles = sorted(entries(lexicon, "title"), key=lambda t: -len(t["text"]))
    particles = any_of(p["text"] for p in entries(lexicon, "name_particle"))
    codes = "|".join(sorted(map(re.escape, PARTIES), key=len, reverse=True))
    labels = [f["label"] for f in entries(lexicon, "field")]
    labels += [p["text"] for p in entries(lexicon, "signing_prefix")]
    words = labels + [r["heading"] for r in roles] + [t["text"] for t in titles]
    words += lexicon["table_columns"]["words"]
    return AttendancePatterns(
        headings=[
            (r["role"], re.compile(rf"^{any_of([r['heading']])}\b\s*:?\s*(.*)$", re.I))
            for r in roles
        ],
        titles=[(t["role"], re.compile(_title(t["text"]), re.I)) for t in titles],
        lead_title=re.compile(
            rf"^(?:\d:[ae]\s+)?{any_of(t['text'] for t in titles)}(?!\w)\s*:?\s*",
            re.I,
        ),
        substitute=re.compile(
            rf"{any_of(s['text'] for s in entries(lexicon, 'substitute'))}\s*:?\s*$",
            re.I,
        ),
        name=re.compile(
            rf"(?<![\wåäöÅÄÖ])(?P<name>{_WORD}"
            rf"(?:\s+(?:{particles}\s+)*(?:{_INITIAL}\s*)?{_WORD}){{1,3}})"
            rf"(?:\s*\(\s*(?P<party>[^()\s]{{1,5}})\s*\)|,?\s+(?P<bare>{codes})\b)?"
        ),
        ends=re.compile(rf"^{any_of(labels)}(?!\w)", re.I),
        not_name=frozenset(w.capitalize() for t in words for w in t.split()),
        serving=re.compile(
            any_of(r["heading"] for r in roles if r["role"] == SERVING), re.I
        ),
        listing=frozenset(
            w
            for t in [*words, *(s["text"] for s in entries(lexicon, "substitute"))]
            for w in t.lower().split()
        ),
    )


def _title(text: str) -> str:
    """Return the pattern of a title as a whole word or abbreviation."""
    return rf"(?<!\w){any_of([text])}(?!\w)"


def attendance(
    lines: list[tuple[int, str]], lexicon: Lexicon | None = None
) -> list[dict[str, Any]]:
    """Return one row per member or substitute listed under an attendance heading."""
    return [
        {k: v for k, v in row.items() if k != "title"}
        for row in _present(lines, lexicon)
        if row["role"] != OFFICIAL
    ]


def officials(
    lines: list[tuple[int, str]], lexicon: Lexicon | None = None
) -> list[dict[str, Any]]:
    """Return the officials present ("Övriga närvarande"): name and title."""
    return [
        {"name": row["name"], "title": row["title"]}
        for row in _present(lines, lexicon)
        if row["role"] == OFFICIAL
    ]


def _present(
    lines: list[tuple[int, str]], lexicon: Lexicon | None
) -> list[dict[str, Any]]:
    """Return every person read from the attendance blocks of ``lines``."""
    patterns = attendance_patterns(lexicon)
    rows: list[dict[str, Any]] = []
    for role, columns, text in _block_lines(lines, patterns):
        if role != ABSENT:
            rows += people_on_line(text, role, patterns, columns=columns)
    return rows


def _block_lines(
    lines: list[tuple[int, str]], patterns: AttendancePatterns
) -> Iterator[tuple[str, str | None, str]]:
    """Yield ``(role, columns, text)`` for each line inside an attendance block.

    ``columns`` is the role of a members table's second column, or None.
    """
    role: str | None = None
    columns: str | None = None
    title = ""
    for _, text in lines:
        stripped = text.strip()
        found = _headings(stripped, patterns)
        if found:
            roles, stripped = found
            role = roles[-1]
            columns = _columns(roles, stripped, patterns)
            role = roles[0] if columns else role
            stripped = "" if columns else stripped
        elif role is None:
            continue
        elif not stripped or (
            patterns.ends.match(stripped) and not patterns.lead_title.match(stripped)
        ):
            role = None
            continue
        lead = patterns.lead_title.match(stripped)
        if lead and lead.end() == len(stripped):  # "Ordförande" above the name
            title = stripped
        elif _prose(stripped, patterns):
            role = None
        elif stripped:
            yield role, columns, f"{title} {stripped}".strip()
            title = ""


def _columns(roles: list[str], rest: str, patterns: AttendancePatterns) -> str | None:
    """Return the second column's role of a members table heading, or None.

    "Ledamöter Tjänstgörande ersättare" (or "Ledamot Parti … Tjänstgörande
    ersättare"), "Ledamöter Ersättare": headings side by side, no names.
    """
    if roles[0] not in DECIDING or _mentions(rest, patterns):
        return None
    if SERVING in roles[1:] or patterns.serving.search(rest):
        return SERVING
    return next((r for r in roles[1:] if r == "ersattare"), None)


#: Lower-case words beyond titles and phrases that make a line a sentence
#: (two fewer when it ends with a full stop).
_PROSE_WORDS = 4


def _prose(text: str, patterns: AttendancePatterns) -> bool:
    """Return True for a sentence ("… deltar ej i beslutet."), not a list line."""
    words = re.findall(r"(?<![\w(])[a-zåäöé]+\b", text)
    limit = _PROSE_WORDS - 2 if text.endswith(".") else _PROSE_WORDS
    return sum(w not in patterns.listing for w in words) >= limit


def _headings(text: str, patterns: AttendancePatterns) -> tuple[list[str], str] | None:
    """Return the roles of the headings opening ``text`` and the rest of it."""
    roles: list[str] = []
    while True:
        hit = next(((r, m) for r, p in patterns.headings if (m := p.match(text))), None)
        if hit is None:
            return (roles, text) if roles else None
        roles.append(hit[0])
        text = hit[1].group(1).strip()


def people_on_line(
    text: str,
    role: str,
    patterns: AttendancePatterns | None = None,
    *,
    columns: str | None = None,
) -> list[dict[str, Any]]:
    """Return the people of one line of an attendance block, in order.

    The text between two names gives the first one's title and, when it ends
    in a substitute phrase, makes the second name the member replaced.
    In a two-column table a second name serves for the first (an
    "Ersättare" column: only for a member of the same party, else the second
    is an ersättare present).
    """
    patterns = patterns or attendance_patterns()
    lead = patterns.lead_title.match(text)
    lead_role = _title_role(lead.group(0), patterns) if lead else None
    text = text[lead.end() :] if lead else text
    mentions = _mentions(text, patterns)
    rows: list[dict[str, Any]] = []
    i = 0
    while i < len(mentions):
        name, party, _, end = mentions[i]
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        own = text[end : nxt[2] if nxt else len(text)]
        phrase = patterns.substitute.search(own)
        title = own[: phrase.start()] if phrase else own
        replaced = None
        if nxt and (phrase or _serves(columns, party, nxt[1])):
            replaced, i = nxt[0], i + 1
            after = mentions[i + 1][2] if i + 1 < len(mentions) else len(text)
            own += text[nxt[3] : after]
            if not phrase:  # a table row: the second column serves for the first
                replaced, name, party, title = name, nxt[0], nxt[1], ""
        block = columns if columns and i > 0 and not replaced else role
        titled = lead_role or _title_role(title, patterns) or block
        party = party or _party_after(title)
        rows.append(_row(name, party, titled, block, own, replaced))
        lead_role = None
        i += 1
    return rows


def _serves(columns: str | None, party: str | None, other: str | None) -> bool:
    """Return True when a table's second name serves for the first.

    Only a column headed as serving ("Tjänstgörande ersättare") says so; a
    plain "Ersättare" column beside the members lists substitutes present,
    whatever their party: who serves for whom is then printed in words.
    """
    return columns == SERVING


def _row(
    name: str,
    party: str | None,
    role: str,
    block: str,
    tail: str,
    replaced: str | None,
) -> dict[str, Any]:
    """Return one person's row: ``role`` as titled, the block's kind decides."""
    if block == OFFICIAL:
        # A party and no title other than ersättare: a substitute, not staff.
        untitled = role == OFFICIAL and not tail.strip(" ,;:-–")
        role = "ersattare" if party and (untitled or role == "ersattare") else OFFICIAL
    elif replaced or (role == "ersattare" and block in DECIDING):
        role = SERVING
    return {
        "name": name,
        "party": party,
        "role": role,
        "substitutes_for": replaced,
        "paragraphs": _paragraphs(tail),
        "title": tail.strip(" ,;:-–()") or None,
    }


_PARENTHESIS = re.compile(r"\(\s*([A-Za-zÅÄÖåäö]{1,4})\s*\)")


def _party_after(title: str) -> str | None:
    """Return a party printed after the title ("Anna Ek, ordförande (S)")."""
    m = _PARENTHESIS.search(title)
    party = normalise_party(m.group(1)) if m else None
    return party if party in PARTIES else None


def _title_role(text: str, patterns: AttendancePatterns) -> str | None:
    """Return the role the longest title in ``text`` gives."""
    return next((role for role, p in patterns.titles if p.search(text)), None)


def _mentions(
    text: str, patterns: AttendancePatterns
) -> list[tuple[str, str | None, int, int]]:
    """Return ``(name, party, start, end)`` of each name on a line."""
    found = []
    for m in patterns.name.finditer(text):
        words = m.group("name").split()
        start = m.start()
        while words and words[0] in patterns.not_name:
            start = text.index(words[1], start) if len(words) > 1 else m.end()
            words = words[1:]
        while words and words[-1] in patterns.not_name:
            words = words[:-1]
        if len(words) < 2:
            continue
        party = m.group("party") or m.group("bare")
        found.append(
            (" ".join(words), normalise_party(party) if party else None, start, m.end())
        )
    return found


_PRESENCE = re.compile(
    rf"§§?\s*\d{{1,4}}(?:\s*(?:[-–]|{conjunction()}|,)\s*\d{{1,4}})*"
)


def _paragraphs(text: str) -> str | None:
    """Return the paragraphs a person attended, where the line says ("§§ 41–45")."""
    m = _PRESENCE.search(text)
    return re.sub(r"\s+", " ", m.group(0)).strip() if m else None


def strip_leaders(text: str) -> str:
    """Return ``text`` up to a dotted signature line ("Ordförande ………")."""
    return _LEADER.split(text)[0].strip()


def named(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """Return each name in ``text`` as printed in a field: "Anna Berg (S)"."""
    return [
        f"{name} ({party})" if party else name
        for name, party, _, _ in _mentions(text, attendance_patterns(lexicon))
    ]
