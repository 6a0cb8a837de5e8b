"""What happened to a paragraph at the meeting: yrkanden, votes, reservations.

Parsed sentence by sentence with spaCy (see :mod:`extractors.nlp`): a row
needs a named member ("Name (PARTY)") as the subject of the verb, so the
administration's "förslag till beslut", a motion's att-sats or the phrase
"reservation av verksamhetstomter" never become yrkanden or reservations.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Span

from extractors.core.tables import Table
from extractors.lang.nlp import Person, analyse, persons

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

RESERVATIONS = Table(
    "reservations",
    {
        "id": str,
        "paragraph_id": str,
        "name": str,
        "party": str,
        "own_proposal": int,
        "written": int,
        "text": str,
        "page": int,
    },
)

DECLARATIONS_TABLE = Table(
    "declarations",
    {
        "id": str,
        "paragraph_id": str,
        "name": str,
        "party": str,
        "kind": str,
        "text": str,
        "page": int,
    },
)
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
