"""What happened to a paragraph at the meeting: yrkanden, reservations, declarations.

Parsed sentence by sentence with spaCy (see :mod:`extractors.lang.nlp`): a row
needs a named member ("Name (PARTY)") or a party group ("Ledamöterna från M")
as the subject of the verb, so the administration's "förslag till beslut", a
motion's att-sats or the phrase "reservation av verksamhetstomter" never
become yrkanden or reservations. The wordings come from
``lexicon/proposals.toml`` and ``lexicon/declarations.toml``.

A yrkande is made by:

* "Name (P) yrkar …" (also in inverted order, "Vidare yrkar Name (P) …"),
  or a verb whose object is a yrkande ("lämnar ett tilläggsyrkande");
* "Ordföranden yrkar …": the meeting's chair, when the protocol names one;
* a pronoun or a bare name ("I andra hand yrkar han …"): the member of the
  yrkande before;
* "Name (P): …" or "Ledamöterna från M och KD: …" (a kind named, or under a
  yrkanden heading), and under the heading also "Name (P) i första hand …";
* members joining it ("med instämmande av …", "X (P) instämmer"), see
  :mod:`extractors.parts.joining`.

"i första hand …, i andra hand …" and a named proposal joined on ("… och
tilläggsyrkande från M") make one row each.

This module reads the yrkanden; reservations live in
:mod:`extractors.parts.reservations`, declarations in
:mod:`extractors.parts.declarations`, the compiled wordings in
:mod:`extractors.parts.proposal_words`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from extractors.core.tables import Table
from extractors.lang.nlp import Person, analyse, persons, sentences, span_text, text_of
from extractors.lang.phrases import Lexicon, conjunction
from extractors.parts.joining import (
    Joining,
    concurring,
    cut,
    inside,
    joiners,
    joining,
    resumed,
)
from extractors.parts.proposal_words import (
    ProposalPatterns,
    find_group,
    group_parties,
    list_gap,
    proposal_kind,
    proposal_patterns,
    verbs_at,
)

if TYPE_CHECKING:
    from spacy.tokens import Span

PROPOSALS = Table(
    "proposals",
    {
        "id": str,
        "paragraph_id": str,
        "name": str,
        "party": str,
        "kind": str,
        "text": str,
        "supports": str,
        "page": int,
    },
)

#: How far after "yrkar" a subject may start in inverted word order.
_INVERTED = 12


def adopted(proposition: str | None, lexicon: Lexicon | None = None) -> str | None:
    """Return what the chair found adopted ("… finner att <adopted>.")."""
    m = proposal_patterns(lexicon).adopted.search(proposition or "")
    return re.sub(r"\s+", " ", m.group(1)).strip() if m else None


def proposals(
    text: str,
    page: int,
    lexicon: Lexicon | None = None,
    *,
    under_heading: bool = False,
    chair: Person | None = None,
) -> list[dict[str, Any]]:
    """Return one row per member (or party of a group) and yrkande made in ``text``.

    ``under_heading``: ``text`` stands under a yrkanden heading, where
    "Name (PARTY): …" is a yrkande even when it names no kind. ``chair``: the
    meeting's chair, who makes "Ordföranden yrkar …".
    """
    patterns = proposal_patterns(lexicon)
    rows: list[dict[str, Any]] = []
    for sentence in sentences(text):
        clauses = joining(sentence, persons(sentence), patterns)
        people = [p for p in persons(sentence) if not inside(p, clauses)]
        verbs = verbs_at(sentence, patterns)
        if under_heading:
            verbs = sorted(verbs + _heading_verbs(sentence, patterns))
        for i in range(len(verbs)):
            subjects, said = _yrkande(sentence, people, verbs, i, clauses)
            if not subjects and chair and _by_chair(sentence, verbs, i, patterns):
                subjects = [chair]
            parties = [] if subjects else _group(sentence, verbs, i, patterns)
            if not subjects and not parties:
                subjects, said = _resume(sentence, verbs, i, rows, said, patterns)
            people_joining, parties_joining = joiners(clauses, verbs, i)
            rows += _rows(subjects, parties, said, page, lexicon)
            rows += _rows(people_joining, parties_joining, said, page, lexicon)
        for subjects, said in _colon_yrkanden(
            sentence, people, verbs, patterns, under_heading
        ):
            if under_heading or proposal_kind(said, lexicon) != "other":
                rows += _rows(subjects, [], said, page, lexicon)
        for parties, said in _group_colon(sentence, people, verbs, patterns):
            if under_heading or proposal_kind(said, lexicon) != "other":
                rows += _rows([], parties, said, page, lexicon)
        if not verbs:
            rows += concurring(sentence, people, rows, patterns)
    return rows


def _resume(
    sentence: Span,
    verbs: list[int],
    i: int,
    rows: list[dict[str, Any]],
    said: str,
    patterns: ProposalPatterns,
) -> tuple[list[Person], str]:
    """Return the member referred back to as the verb's subject, and what they said."""
    floor = verbs[i - 1] if i else sentence.start_char
    subjects, end = resumed(sentence, floor, verbs[i], rows, patterns)
    if subjects and end > verbs[i]:
        said = _tidy(text_of(sentence.doc)[end : sentence.end_char])
    return subjects, said


def chair_person(chair: str | None) -> Person | None:
    """Return the meeting's chair as printed "Name (PARTY)", else None."""
    text = (chair or "").strip()
    found = persons(analyse(text)) if text else []
    return found[0] if len(found) == 1 and found[0].end == len(text) else None


def _heading_verbs(sentence: Span, patterns: ProposalPatterns) -> list[int]:
    """Return the offsets of the verbs that propose under a yrkanden heading."""
    return [t.idx for t in sentence if t.text.lower() in patterns.heading_verbs]


def _by_chair(
    sentence: Span, verbs: list[int], i: int, patterns: ProposalPatterns
) -> bool:
    """Return True when the chair's title is the subject of the ``i``-th verb."""
    floor = verbs[i - 1] if i else sentence.start_char
    return bool(patterns.chair.search(text_of(sentence.doc)[floor : verbs[i]]))


def _rows(
    subjects: list[Person],
    parties: list[str],
    said: str,
    page: int,
    lexicon: Lexicon | None,
) -> list[dict[str, Any]]:
    """Return the rows of one yrkande: one per yrkande it makes and member."""
    patterns = proposal_patterns(lexicon)
    makers = [(p.name, p.party) for p in subjects] + [(None, p) for p in parties]
    return [
        {
            "name": name,
            "party": party,
            "kind": _kind(part, patterns, lexicon),
            "text": part,
            "supports": _supports(part, patterns),
            "page": page,
        }
        for part in _parts(said, patterns)
        for name, party in makers
    ]


def _yrkande(
    sentence: Span,
    people: list[Person],
    verbs: list[int],
    i: int,
    clauses: list[Joining] | None = None,
) -> tuple[list[Person], str]:
    """Return the subjects of the ``i``-th verb of a sentence and what they said.

    The members joining it (``clauses``, "med instämmande av …") are left out
    of what was said.
    """
    verb = verbs[i]
    floor = verbs[i - 1] if i else sentence.start_char
    subjects = [p for p in people if floor <= p.start and p.end <= verb]
    later = [p.start for p in people if p.start > verb]
    end = min([sentence.end_char, *later[:1]])
    if i + 1 < len(verbs) and later and later[0] < verbs[i + 1]:
        end = later[0]
    said = cut(text_of(sentence.doc), verb, end, clauses or [])
    said = re.sub(r"^\w+[\s,]+", "", said).strip().rstrip(" .,")
    if not subjects:
        # "Vidare yrkar Jörgen Fogelklou (SD) bifall …": the subject
        # follows the verb.
        subjects = [p for p in people if 0 < p.start - verb <= _INVERTED]
        if subjects:
            rest = cut(
                text_of(sentence.doc), subjects[0].end, sentence.end_char, clauses or []
            )
            said = rest.strip().rstrip(" .,")
    return subjects, _tidy(said)


def _group(
    sentence: Span, verbs: list[int], i: int, patterns: ProposalPatterns
) -> list[str]:
    """Return the parties of a group named before the ``i``-th verb.

    Only a group of members ("Ledamöterna från M och KD", "M-ledamöterna"):
    a party by its name ("Moderaterna yrkar …") is as often a motion's
    authors retold in a summary as a proposal made at the meeting.
    """
    floor = verbs[i - 1] if i else sentence.start_char
    return group_parties(text_of(sentence.doc)[floor : verbs[i]], patterns, False)


def _colon_yrkanden(
    sentence: Span,
    people: list[Person],
    verbs: list[int],
    patterns: ProposalPatterns,
    under_heading: bool = False,
) -> list[tuple[list[Person], str]]:
    """Return ``(members, what they propose)`` of each "Name (PARTY): …".

    Under a yrkanden heading the colon may be missing before the yrkande's
    opening words ("Olle Berg (M) i första hand …").
    """
    text = text_of(sentence.doc)
    found = []
    for j, person in enumerate(people):
        m = patterns.colon.match(text, person.end)
        if not m and under_heading and not _verb_before(people, j, verbs, sentence):
            m = patterns.bare.match(text, person.end)
        if not m:
            continue
        end = min([sentence.end_char, *(p.start for p in people[j + 1 : j + 2])])
        said = _tidy(text[m.end() : end])
        if not said or any(m.end() <= v < end for v in verbs):
            continue
        k = j
        while k and list_gap(text[people[k - 1].end : people[k].start]):
            k -= 1
        if not patterns.not_colon.search(text[sentence.start_char : people[k].start]):
            found.append((people[k : j + 1], said))
    return found


def _group_colon(
    sentence: Span, people: list[Person], verbs: list[int], patterns: ProposalPatterns
) -> list[tuple[list[str], str]]:
    """Return ``(parties, what they propose)`` of each line "Group: …".

    "Ledamöterna från M och KD: Avslag." or "Moderaterna: Bifall …" opening a
    line; what they propose runs to the end of the sentence or to the next
    line opening with a member or another group.
    """
    text, found = text_of(sentence.doc), []
    starts = [sentence.start_char] + [
        sentence.start_char + m.end() for m in re.finditer(r"\n", span_text(sentence))
    ]
    opening = [a for a in starts if _opens_group(text[a : sentence.end_char], patterns)]
    breaks = sorted({*opening, *(p.start for p in people), sentence.end_char})
    for a in opening:
        line = text[a : sentence.end_char]
        group = find_group(line.lstrip(), patterns)
        if group is None:
            continue
        begin = a + len(line) - len(line.lstrip()) + group[2]
        m = patterns.colon.match(text, begin)
        end = min(b for b in breaks if b > begin)
        if m and not any(begin <= v < end for v in verbs):
            found.append((group[0], _tidy(text[m.end() : end])))
    return found


def _opens_group(line: str, patterns: ProposalPatterns) -> bool:
    """Return True when ``line`` opens with a party group and a colon."""
    group = find_group(line.lstrip(), patterns)
    rest = line.lstrip()[group[2] :] if group and group[1] == 0 else ""
    return bool(rest and patterns.colon.match(rest))


def _verb_before(
    people: list[Person], j: int, verbs: list[int], sentence: Span
) -> bool:
    """Return True when a verb stands between the ``j``-th member and the one before.

    "Vidare yrkar Anna Berg (S) bifall …" is read from its verb.
    """
    floor = people[j - 1].end if j else sentence.start_char
    return any(floor <= v < people[j].start for v in verbs)


def _parts(said: str, patterns: ProposalPatterns) -> list[str]:
    """Split a yrkande into the yrkanden it makes.

    Ranks first ("i första hand …, i andra hand …"), then proposals named by
    their kind joined on with "och" ("… och tilläggsyrkande från M").
    """
    marks = list(patterns.ranked.finditer(said))
    ranks = [said]
    if len(marks) > 1:
        ends = [m.start() for m in marks[1:]] + [len(said)]
        ranks = [said[m.end() : e] for m, e in zip(marks, ends, strict=True)]
        ranks[0] = said[: marks[0].start()] + ranks[0]
    parts = [p for rank in ranks for p in _joined(_tidy(rank), patterns)]
    return [p for p in parts if p] or [said]


def _joined(said: str, patterns: ProposalPatterns) -> list[str]:
    """Split off the named proposals joined onto a "bifall till …" ("och …")."""
    pieces: list[str] = []
    start = 0
    for m in patterns.joined.finditer(said):
        if not patterns.supports.search(said[start : m.start()]):
            continue
        rest = patterns.support.sub("", said[m.end() :])
        named = patterns.named.match(rest)
        if named and proposal_kind(named.group(1)) != "other":
            pieces.append(_tidy(said[start : m.start()]))
            start = m.end()
    return [*pieces, _tidy(said[start:])]


def _kind(said: str, patterns: ProposalPatterns, lexicon: Lexicon | None) -> str:
    """Return the kind of a yrkande; "bifall till tilläggsyrkandet" is a tillägg."""
    kind = proposal_kind(said, lexicon)
    m = patterns.supports.search(said)
    named = patterns.named.match(m.group(1)) if m and kind == "bifall" else None
    inner = proposal_kind(named.group(1), lexicon) if named else "other"
    return kind if inner == "other" else inner


def _supports(text: str, patterns: ProposalPatterns) -> str | None:
    """Return what a "bifall till …" yrkande supports, if stated."""
    m = patterns.supports.search(text)
    return m.group(1).strip() if m else None


def _tidy(said: str) -> str:
    """Return a yrkande without the punctuation and "och" it ends with."""
    said = said.strip().rstrip(" .,;")
    return re.sub(rf"[\s,]+{conjunction()}$", "", said).strip()
