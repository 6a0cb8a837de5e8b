"""Recommendation mentions in audit papers: clauses in prose, and lists.

Swedish auditors write a recommendation as a clause naming its recipients up
to "att" ("Stadsrevisionen rekommenderar socialnämnden att …", "Grundskole-
nämnden och förskolenämnden rekommenderas att …"), the recommendation running
to the end of the sentence; or as a lead-in ("Vi rekommenderar därför
kommunstyrelsen att:", "Vi lämnar följande rekommendationer:") followed by
bullet points or lines opening with "att". The phrasings are
``lexicon/audit.toml``; recipients are split into one body each
(:mod:`extractors.lang.recipients`), one mention per body. Every occurrence
is kept with its page; :mod:`pipeline.analysis.tracking` merges the repeats.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from extractors.lang.nlp import nlp
from extractors.lang.recipients import (
    generic_number,
    leading_recipients,
    split_recipients,
    trailing_recipients,
)
from extractors.lang.text import holds_any, letters_folded
from extractors.parts.audit_bodies import as_printed
from extractors.parts.audit_phrases import Lexicon, Patterns, patterns

#: Bullet glyphs that only ever mark a point (also Symbol and Wingdings ones).
_GLYPHS = "•●◦○▪■□▶►➢\uf0b7\uf0a7\uf0d8"
#: A bullet point: a glyph, a dash or a number, then its text.
BULLET = re.compile(rf"^\s*(?:[-{_GLYPHS}*–—]\s*|\d{{1,2}}[.)]\s+)+(.+)$")
#: A bullet glyph inside a line: "att: • säkerställa … • utveckla …".
_INLINE_BULLET = re.compile(rf"(?<=[^\s{_GLYPHS}*–—-])\s+(?=[{_GLYPHS}]\s)")
#: A line that is only a bullet glyph: its text is on the next line.
_LONE_BULLET = re.compile(rf"^\s*[-{_GLYPHS}*–—]\s*$")
#: A line opening with "att": a list item whose bullet glyph was lost.
_ATT = re.compile(r"^att\s", re.IGNORECASE)
#: The word a recommendation's text opens with after its clause.
_ATT_WORD = re.compile(r"att(?!\w)", re.IGNORECASE)
#: A window this wide around "rekommend" is searched for clauses.
_WINDOW = 260
#: The stem of every recommending word (lower-case ASCII: found in the
#: text's :func:`~extractors.lang.text.letters_folded` form).
_STEM = "rekommend"


@dataclass
class Flow:
    """The lines of a document joined into one text, wrapped words rejoined."""

    lines: list[tuple[int, str]]
    """(page, text) of every line, inline bullet points on lines of their own."""
    text: str = ""
    """The joined text."""
    starts: list[int] = field(default_factory=list)
    """Where each line starts in ``text``."""
    bullets: set[int] = field(default_factory=set)
    """The lines that are bullet points."""

    def line_of(self, pos: int) -> int:
        """Return the line that holds character ``pos``."""
        return bisect_right(self.starts, pos) - 1

    def line_end(self, line: int) -> int:
        """Return where line ``line`` ends in ``text``."""
        return self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)


def flow_of(lines: list[tuple[int, str]]) -> Flow:
    """Return the flow of ``lines``: one text, hyphenated line ends rejoined."""
    split: list[tuple[int, str]] = []
    for page, text in lines:
        for part in _INLINE_BULLET.split(text.strip()):
            if split and _LONE_BULLET.match(split[-1][1]):
                part = f"{split.pop()[1].strip()} {part}"
            split.append((page, part))
    flow = Flow(split)
    parts: list[str] = []
    size = 0
    for i, (_, text) in enumerate(split):
        bullet = BULLET.match(text)
        if bullet and not is_heading(text):
            flow.bullets.add(i)
            text = bullet.group(1)
        text = text.strip()
        if parts and _hyphenated(parts[-1], text):
            parts[-1] = parts[-1][:-1]
            size -= 1
        elif parts:
            parts.append(" ")
            size += 1
        flow.starts.append(size)
        parts.append(text)
        size += len(text)
    flow.text = "".join(parts)
    return flow


def _hyphenated(line: str, after: str) -> bool:
    """Return True when ``line`` ends in a word broken at the line end."""
    if not line.endswith(("-", "-\n")):  # where "$" lets the hyphen stand
        return False
    return bool(
        re.search(r"[a-zåäö]-$", line)
        and re.match(r"[a-zåäö]", after)
        and not re.match(r"(?:och|eller|samt)\b", after)
    )


@dataclass
class _Item:
    """One recommendation before it is given to each of its recipients."""

    pos: int
    """Where its text starts in the flow."""
    page: int
    """Its page."""
    text: str
    """Its text."""
    recipients: list[str] | None
    """The bodies it is given to as printed (None: not named)."""


@dataclass
class _Opener:
    """A line that opens a list of recommendations."""

    recipients: list[str] | None
    """The bodies the list is given to (None: not named)."""
    singular: bool = False
    """True after "följande rekommendation:": the next sentence is the item."""


def recommendations(
    lines: list[tuple[int, str]],
    lexicon: Lexicon | None = None,
    audited: list[str] | None = None,
    flow: Flow | None = None,
) -> list[dict[str, Any]]:
    """Return every recommendation mention, one per recipient.

    ``audited`` names the bodies the report covers: the recipients of a list
    that names none, and of "nämnderna". ``flow``, when the caller has it,
    is :func:`flow_of` of ``lines``.
    """
    p = patterns(lexicon)
    flow = flow_of(lines) if flow is None else flow
    items, openers, covered = _clauses(flow, p)
    items += _lists(flow, openers, covered, p)
    found = []
    for item in sorted(items, key=lambda i: i.pos):
        text = re.sub(r"\s+", " ", item.text).strip()
        for body in _resolve(item.recipients, audited or []):
            found.append(
                {"text": text, "page": item.page, "auditee": body, "assessment": None}
            )
    return found


def _resolve(recipients: list[str] | None, audited: list[str]) -> list[str | None]:
    """Return the recipients, generic ones ("nämnderna") as the audited bodies."""
    if not recipients:
        return list(audited) or [None]
    out: list[str | None] = []
    for name in recipients:
        number = generic_number(name)
        if (number == "plural" and len(audited) > 1) or (
            number == "singular" and len(audited) == 1
        ):
            out += [b for b in audited if b not in out]
        elif as_printed(name) not in out:
            out.append(as_printed(name))
    return out


def _clauses(
    flow: Flow, p: Patterns
) -> tuple[list[_Item], dict[int, _Opener], set[int]]:
    """Return the clause recommendations, the lines opening lists, covered lines."""
    found = _find_clauses(flow, p)
    bounds = sorted(
        [start for start, _, _ in found] + [flow.starts[i] for i in flow.bullets]
    )
    items: list[_Item] = []
    openers: dict[int, _Opener] = {}
    covered: set[int] = set()
    for start, att, names in found:
        line = flow.line_of(att)
        rest = flow.text[att : flow.line_end(line)]
        rest = _ATT_WORD.sub("", rest, count=1) if _ATT_WORD.match(rest) else rest
        if re.fullmatch(r"\s*:?\s*", rest) and (
            ":" in rest or _opens_list(flow, line + 1)
        ):
            openers[line] = _Opener(names)
            continue
        colon = re.match(r"att\s*:\s*", flow.text[att:], re.IGNORECASE)
        text_start = att + colon.end() if colon else att  # "att: säkerställa …"
        bound = next((b for b in bounds if b > att), None)
        end = _paragraph_end(flow, text_start, bound, p)
        page = flow.lines[line][0]
        items.append(_Item(att, page, flow.text[text_start:end], names))
        covered.update(range(flow.line_of(start), flow.line_of(max(end - 1, att)) + 1))
    return items, openers, covered


def _find_clauses(flow: Flow, p: Patterns) -> list[tuple[int, int, list[str]]]:
    """Return (clause start, text start, recipients) of every clause, in order.

    A clause is looked for in a window around each "rekommend"; a pattern
    is not run over a window that lacks the letters each of its matches
    holds (:func:`~extractors.lang.phrases.phrase_letters`).
    """
    text, found = flow.text, {}
    folded = letters_folded(text)
    clauses = tuple(zip(p.recommends, p.recommends_letters, strict=True))
    k = folded.find(_STEM)
    while k >= 0:
        lo = text.find(" ", max(0, k - _WINDOW)) + 1 if k > _WINDOW else 0
        hi = min(len(text), k + _WINDOW)
        k = folded.find(_STEM, k + len(_STEM))
        for pattern, letters in clauses:
            if folded.find(letters, lo, hi) < 0:
                continue
            for m in pattern.finditer(text, lo, hi):
                start, names = _recipients(m.group("recipients"), p)
                if names and m.end() not in found:
                    if m.start() == m.start("recipients"):  # "X rekommenderas att"
                        start += m.start()
                    else:  # the clause opens with its subject or verb
                        start = m.start()
                    found[m.end()] = (start, m.end() - 3, names)
        if not holds_any(folded, p.recommends_that_letters, lo, hi):
            continue
        for m in p.recommends_that.finditer(text, lo, hi):
            after = text[m.end() :].lstrip()
            lead = leading_recipients(after)
            if lead is None or m.end() in found:
                continue
            skip = _skip_phrase(after, lead[0])
            if re.match(r":|(?!(?:och|samt|eller|respektive)\b)[a-zåäö]", after[skip:]):
                verb = len(text) - len(after) + skip
                found[m.end()] = (m.start(), verb, lead[1])
    return sorted(found.values())


def _skip_phrase(after: str, phrase: str) -> int:
    """Return how many characters of ``after`` the recipients phrase takes."""
    words = len(phrase.replace(",", " , ").split())
    m = re.match(rf"(?:\s*(?:,|[^\s,:;.]+)){{{words}}}\s*", after)
    return m.end() if m else 0


def _recipients(raw: str, p: Patterns) -> tuple[int, list[str]]:
    """Return (offset, bodies) of the recipients in a clause's slot, or []."""
    words = [w for w in re.finditer(r"\S+", raw)]
    while words and p.filler.match(words[0].group()):
        words.pop(0)
    while words and p.filler.match(words[-1].group()):
        words.pop()
    if not words:
        return 0, []
    phrase = raw[words[0].start() : words[-1].end()]
    names = split_recipients(phrase)
    if names:
        return words[0].start(), names
    start, names = trailing_recipients(phrase)
    return words[0].start() + start, names


def _opens_list(flow: Flow, line: int) -> bool:
    """Return True when line ``line`` is a bullet point or opens with "att"."""
    if line >= len(flow.lines):
        return False
    return line in flow.bullets or bool(_ATT.match(flow.lines[line][1].strip()))


def _paragraph_end(flow: Flow, pos: int, bound: int | None, p: Patterns) -> int:
    """Return where the recommendation starting at ``pos`` ends.

    It runs to the end of its sentence, and on through the sentences that
    follow on the same line (a new paragraph starts a new line: "Särskilt
    behöver …", "I detta ingår även …"), unless the auditors speak again
    ("Vi bedömer …", "Vidare …"); never past ``bound``, the next clause or
    bullet point.
    """
    stop = len(flow.text) if bound is None else bound
    end = min(_sentence_end(flow, pos), stop)
    while end < stop:
        rest = flow.text[end : flow.line_end(flow.line_of(end - 1))].split()
        if not rest or p.filler.match(rest[0]):
            break
        end = min(_sentence_end(flow, end + 1), stop)
    return end


def _sentence_end(flow: Flow, pos: int) -> int:
    """Return where the sentence holding ``pos`` ends (spaCy's sentencizer)."""
    line = flow.line_of(pos)
    start = flow.starts[max(0, line - 2)]
    stop = flow.line_end(min(len(flow.lines) - 1, line + 12))
    for sent in nlp()(flow.text[start:stop]).sents:
        if start + sent.end_char > pos:
            return start + sent.end_char
    return stop


def _lists(
    flow: Flow, openers: dict[int, _Opener], covered: set[int], p: Patterns
) -> list[_Item]:
    """Return the items of lists: after a clause ending in "att:" or a lead-in."""
    found: list[_Item] = []
    state: _Opener | None = None
    last: _Item | None = None
    for i, (page, line) in enumerate(flow.lines):
        text = line.strip()
        lead = None if i in openers or i in covered else p.lead_in.search(text)
        if i in openers or lead:
            state, last = openers.get(i) or _lead_opener(lead, p), None
            continue
        if i in covered and state is not None:
            state = None if state.singular else state
            last = None
        if i in covered or state is None:
            continue
        bullet = BULLET.match(text) if i in flow.bullets else None
        if BULLET.match(text) and is_heading(text):
            state = None
        elif bullet or (_ATT.match(text) and (last is None or _finished(last.text))):
            body = bullet.group(1) if bullet else text
            names = state.recipients or _subject(body)
            last = _Item(flow.starts[i], page, body, names)
            found.append(last)
        elif last is not None and _continues(text, last.text, p):
            last.text = f"{last.text} {text}"
        elif state.singular and last is None and text:
            found.append(_sentence_item(flow, i, state.recipients))
            state = None
        else:
            state = state if not text else None
    return found


def _sentence_item(flow: Flow, line: int, recipients: list[str] | None) -> _Item:
    """Return the sentence opening line ``line`` as one recommendation."""
    start = flow.starts[line]
    text = flow.text[start : _sentence_end(flow, start)]
    return _Item(start, flow.lines[line][0], text, recipients or _subject(text))


def _subject(text: str) -> list[str] | None:
    """Return the bodies a recommendation opens with ("Kommunstyrelsen bör …")."""
    lead = leading_recipients(text)
    if lead is None:
        return None
    rest = text[_skip_phrase(text, lead[0]) :]
    return lead[1] if rest[:1].islower() else None


def _lead_opener(lead: re.Match[str] | None, p: Patterns) -> _Opener:
    """Return the opener of a lead-in line, its recipients as it names them."""
    assert lead is not None
    named = next((g for g in lead.groups() if g), None)
    names = split_recipients(named) if named else []
    singular = not p.lead_in_plural.search(lead.group(0))
    return _Opener(names or None, singular)


def _finished(text: str) -> bool:
    """Return True when ``text`` ends a sentence."""
    return text.rstrip().endswith((".", "!", "?"))


def is_heading(text: str) -> bool:
    """Return True for a numbered heading ("2. Revisionsfrågor"), not a point."""
    m = re.match(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+([A-ZÅÄÖ].*)$", text)
    if m is None:
        return False
    return len(m.group(1).split()) <= 6 and not text.endswith(".")


def _continues(text: str, previous: str, p: Patterns) -> bool:
    """Return True when a line carries on the recommendation above it.

    A wrapped recommendation goes on in lower case; a capitalised line after
    an unfinished one is a heading or a new paragraph, not a continuation.
    """
    if not text or BULLET.match(text) or p.lead_in.search(text):
        return False
    return not _finished(previous) and (text[0].islower() or text[0] in '("”«')
