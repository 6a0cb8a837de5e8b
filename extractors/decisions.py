"""What happened to a paragraph at the meeting: yrkanden, votes, reservations.

Parsed sentence by sentence with spaCy (see :mod:`extractors.nlp`): a row
needs a named member ("Name (PARTY)") as the subject of the verb, so the
administration's "förslag till beslut", a motion's att-sats or the phrase
"reservation av verksamhetstomter" never become yrkanden or reservations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span

from .nlp import Person, analyse, persons

#: Proposal kinds by the first keyword of the yrkande.
PROPOSAL_KINDS: tuple[tuple[str, str], ...] = (
    ("aterremiss", r"återremi"),
    ("bordlaggning", r"bordl[äa]gg"),
    ("tillagg", r"tilläggs?yrkande|tillägg|tilläggsattsats"),
    ("andring", r"ändring|ändras|ändringsyrkande"),
    ("avslag", r"avslag|avslå|avstyrk"),
    ("bifall", r"bifall|tillstyrk|bifalla|godkänn|anta[rs]?\b"),
)
_VERB_FORMS = {
    "yrka": ("yrkar", "yrkade", "yrkat", "yrka"),
    "reservera": ("reserverar", "reserverade", "reserverat", "reservera"),
}
_RESERVATION = re.compile(
    r"\breserver(?:ar|ade|at)\s+sig|\banmäl(?:er|de|t)\s+(?:skriftlig\s+)?reservation",
    re.IGNORECASE,
)
_PARTY_LIST = re.compile(
    r"\b(?i:ledamöterna|ledamoten|representanterna|gruppen|partierna)\s+(?:från|för)\s+"
    r"((?:[A-ZÅÄÖ]{1,3}(?:,\s*|\s+och\s+))*[A-ZÅÄÖ]{1,3})\b"
)


def proposal_kind(text: str) -> str:
    """Return the kind of a yrkande from its earliest keyword."""
    best: tuple[int, str] | None = None
    for kind, pattern in PROPOSAL_KINDS:
        m = re.search(pattern, text, re.IGNORECASE)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    return best[1] if best else "other"


def _verb_at(sentence: Span, verb: str) -> int | None:
    """Return the character offset of the first finite form of ``verb``."""
    offsets = _verbs_at(sentence, verb)
    return offsets[0] if offsets else None


def _verbs_at(sentence: Span, verb: str) -> list[int]:
    """Return the character offsets of every form of ``verb`` (by lemma)."""
    return [
        token.idx
        for token in sentence
        if token.text.lower() in _VERB_FORMS[verb]
        or (token.lemma_ == verb and not token.text.lower().endswith(("ande", "ning")))
    ]


def _subjects(people: list[Person], before: int) -> list[Person]:
    """Return the people named before offset ``before`` (the verb's subjects)."""
    return [p for p in people if p.end <= before]


def proposals(text: str, page: int) -> list[dict[str, Any]]:
    """Return one row per member and yrkande made in ``text``."""
    rows = []
    for sentence in analyse(text).sents:
        people = persons(sentence)
        verbs = _verbs_at(sentence, "yrka")
        for i, verb in enumerate(verbs):
            floor = verbs[i - 1] if i else sentence.start_char
            subjects = [p for p in people if floor <= p.start and p.end <= verb]
            later = [p.start for p in people if p.start > verb]
            end = min([sentence.end_char, *later[:1]])
            if i + 1 < len(verbs) and later and later[0] < verbs[i + 1]:
                end = later[0]
            said = sentence.doc.text[verb:end]
            said = re.sub(r"^\w+\s+", "", said).strip().rstrip(" .,")
            if not subjects:
                # "Vidare yrkar Jörgen Fogelklou (SD) bifall …": the subject
                # follows the verb.
                subjects = [p for p in people if 0 < p.start - verb <= _INVERTED]
                if subjects:
                    rest = sentence.doc.text[subjects[0].end : sentence.end_char]
                    said = rest.strip().rstrip(" .,")
            said = re.sub(r"\s+och$", "", said)
            for person in subjects:
                rows.append(
                    {
                        "name": person.name,
                        "party": person.party,
                        "kind": proposal_kind(said),
                        "text": said,
                        "supports": _supports(said),
                        "page": page,
                    }
                )
    return rows


#: How far after "yrkar" a subject may start in inverted word order.
_INVERTED = 12


def _supports(text: str) -> str | None:
    """Return what a "bifall till …" yrkande supports, if stated."""
    m = re.search(r"bifall till (.+?)(?:\s+och\s+avslag\b|$)", text, re.IGNORECASE)
    return m.group(1).strip() if m else None


def reservations(text: str, page: int) -> list[dict[str, Any]]:
    """Return one row per member who reserved against the decision."""
    rows = []
    for sentence in analyse(text).sents:
        m = _RESERVATION.search(sentence.text)
        if not m:
            continue
        verb = sentence.start_char + m.start()
        said = sentence.text.strip()
        common = {
            "own_proposal": int(
                bool(re.search(r"\begn?(?:a|et)\b.{0,20}yrkande", said, re.IGNORECASE))
            ),
            "written": int(bool(re.search(r"skriftlig|bilag", said, re.IGNORECASE))),
            "text": said,
            "page": page,
        }
        subjects = _subjects(persons(sentence), verb)
        rows += [{"name": p.name, "party": p.party, **common} for p in subjects]
        if not subjects:
            rows += [
                {"name": None, "party": party, **common}
                for party in _parties(sentence.text)
            ]
    return rows


def _parties(text: str) -> list[str]:
    """Return the parties of "ledamöterna från M, D och L"."""
    m = _PARTY_LIST.search(text)
    if not m:
        return []
    return re.split(r",\s*|\s+och\s+", m.group(1))


#: Declaration kinds by wording.
DECLARATIONS: tuple[tuple[str, str], ...] = (
    ("jav", r"\bjäv"),
    ("deltar_ej", r"deltar (?:inte|ej)|avstår från att delta|inte deltar"),
    ("sarskilt_yttrande", r"särskilt yttrande"),
    ("protokollsanteckning", r"antecknar|protokollsanteckning|till protokollet"),
)


def declarations(text: str, page: int, default: str | None) -> list[dict[str, Any]]:
    """Return protokollsanteckningar, jäv and not-taking-part declarations.

    ``default`` is the kind for a member's sentence matching no wording (the
    section's own kind, e.g. ``"protokollsanteckning"`` under that heading).
    """
    rows = []
    for sentence in analyse(text).sents:
        said = sentence.text.strip()
        if _RESERVATION.search(said) or _verb_at(sentence, "yrka") is not None:
            continue
        kind = next((k for k, p in DECLARATIONS if re.search(p, said, re.I)), default)
        if kind is None:
            continue
        people = persons(sentence)
        rows += [
            {"name": p.name, "party": p.party, "kind": kind, "text": said, "page": page}
            for p in people
        ]
        if not people:
            rows += [
                {"name": None, "party": party, "kind": kind, "text": said, "page": page}
                for party in _parties(said)
            ]
    return rows


@dataclass
class Vote:
    """A roll-call vote, from prose or from a vote table."""

    question: str | None
    """The approved voting question ("Ja för bifall … Nej för …")."""
    page: int
    """Page of the vote."""
    counts: dict[str, int | None]
    """Counts as printed: ``ja``, ``nej``, ``avstar``, ``franvarande``."""
    records: list[tuple[str, str | None, str]]
    """``(name, party, vote)`` per member named."""

    def row(self) -> dict[str, Any]:
        """Return the ``votes`` row (without ids)."""
        named = {
            v: sum(1 for r in self.records if r[2] == v)
            for v in ("ja", "nej", "avstar", "franvarande")
        }
        counts = {v: self.counts.get(v) for v in named}
        counts = {
            v: (n if n is not None else (named[v] or None)) for v, n in counts.items()
        }
        printed = {v: n for v, n in self.counts.items() if n is not None}
        agree = all(named[v] == n for v, n in printed.items()) if self.records else None
        yes, no = counts["ja"], counts["nej"]
        result = None
        if yes is not None and no is not None:
            result = "ja" if yes > no else "nej" if no > yes else "lika"
        return {
            "question": self.question,
            "yes": yes,
            "no": no,
            "abstain": counts["avstar"],
            "absent": counts["franvarande"],
            "result": result,
            "counts_agree": None if agree is None else int(agree),
            "page": self.page,
        }


_QUESTION = re.compile(r"voteringsproposition\w*\s*:?\s*[\"”“](.+?)[\"”“]", re.I | re.S)
_COUNTED = re.compile(
    r"röstar\s+(ja|nej)\s*\((\d+)\)|(avstår|avstod)[^()]{0,30}\((\d+)\)"
    r"|(frånvarande)\s*\((\d+)\)",
    re.IGNORECASE,
)
_PROSE = re.compile(
    r"(\d+)\s+ja-?röster|(\d+)\s+nej-?röster|(\d+)\s+(?:ledam\w+\s+)?(?:avstår|avstod|"
    r"nedlagda)",
    re.IGNORECASE,
)


def prose_votes(text: str, page: int) -> list[Vote]:
    """Return the votes written as prose in ``text`` (both Swedish styles)."""
    doc = analyse(text)
    question = _QUESTION.search(doc.text)
    people = persons(doc)
    votes = []
    counted = list(_COUNTED.finditer(doc.text))
    if counted:
        counts: dict[str, int | None] = {}
        records: list[tuple[str, str | None, str]] = []
        start = 0
        for m in counted:
            vote = _vote_word(m.group(1) or m.group(3) or m.group(5))
            counts[vote] = int(m.group(2) or m.group(4) or m.group(6))
            records += [
                (p.name, p.party, vote)
                for p in people
                if start <= p.start and p.end <= m.start()
            ]
            start = m.end()
        votes.append(
            Vote(question.group(1).strip() if question else None, page, counts, records)
        )
    prose = list(_PROSE.finditer(doc.text))
    if prose:
        votes.append(_prose_vote(doc.text, prose, people, page))
    return votes


def _prose_vote(
    text: str, marks: list[re.Match[str]], people: list[Person], page: int
) -> Vote:
    """Return the vote of "Med 7 JA-röster (…) mot 4 NEJ-röster (…)"."""
    counts: dict[str, int | None] = {}
    records: list[tuple[str, str | None, str]] = []
    for i, m in enumerate(marks):
        vote = "ja" if m.group(1) else "nej" if m.group(2) else "avstar"
        counts[vote] = int(m.group(1) or m.group(2) or m.group(3))
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        records += [
            (p.name, p.party, vote)
            for p in people
            if m.end() <= p.start and p.end <= end
        ]
    return Vote(None, page, counts, records)


def _vote_word(word: str) -> str:
    """Map a printed vote word to ``ja``, ``nej``, ``avstar`` or ``franvarande``."""
    word = word.lower()
    if word.startswith("avst"):
        return "avstar"
    return "franvarande" if word.startswith("frånv") else word


def table_vote(table: list[list[str]], page: int) -> Vote | None:
    """Return the vote in a table with Ja / Nej (/ Avstår) columns, if it is one."""
    header_index = next(
        (
            i
            for i, row in enumerate(table)
            if {"ja", "nej"} <= {c.strip().lower() for c in row}
        ),
        None,
    )
    if header_index is None:
        return None
    header = [c.strip().lower() for c in table[header_index]]
    columns = {
        _vote_word(h): i
        for i, h in enumerate(header)
        if h in ("ja", "nej") or h.startswith(("avst", "frånv"))
    }
    name_col = next(
        (
            i
            for i, h in enumerate(header)
            if h.startswith(("ledamot", "namn", "ledamöter"))
        ),
        0,
    )
    party_col = next((i for i, h in enumerate(header) if h.startswith("parti")), None)
    records, counts = [], {}
    for row in table[header_index + 1 :]:
        name = row[name_col].strip()
        if not name:
            continue
        marks = {v for v, i in columns.items() if i < len(row) and row[i].strip()}
        if name.lower().startswith(("summa", "totalt", "antal", "resultat")):
            counts = {v: _int(row[i]) for v, i in columns.items() if i < len(row)}
            continue
        if len(marks) == 1:
            party = row[party_col].strip() if party_col is not None else None
            records.append((re.sub(r"\s+", " ", name), party or None, marks.pop()))
    return Vote(None, page, counts, records)


def _int(text: str) -> int | None:
    """Return the integer in a cell, or None."""
    m = re.search(r"\d+", text or "")
    return int(m.group(0)) if m else None
