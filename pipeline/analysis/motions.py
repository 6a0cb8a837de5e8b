"""Link records across documents: motions to the paragraphs that decide them.

Pure functions over plain rows (read and written by :mod:`pipeline.load`).
A motion is matched to a paragraph by case number, else by its title quoted
in the paragraph's title, helped by a signatory's surname. Two candidates
scoring alike are not guessed between: the motion stays unlinked and the
candidates are listed for a person to decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from extractors.lang.text import fold

#: Outcome of a motion by the wording of the decision, most specific first.
OUTCOMES: tuple[tuple[str, str], ...] = (
    ("delvis bifallen", r"delvis\s+(?:bifall|bifalls|tillstyrk)"),
    ("återremitterad", r"återremitter"),
    ("besvarad", r"besvarad"),
    ("avslagen", r"avslås|avslag|avstyrk"),
    ("bifallen", r"bifall|bifalles|tillstyrk"),
)
#: Below this score a paragraph is not taken to answer a motion.
MIN_SCORE = 0.5
#: Two candidates closer than this are ambiguous.
MARGIN = 0.15
_MOTION_TITLE = re.compile(r"\bmotion", re.IGNORECASE)


_ORDINALS = {
    "första": 1,
    "andra": 2,
    "tredje": 3,
    "fjärde": 4,
    "femte": 5,
    "sjätte": 6,
    "sjunde": 7,
    "åttonde": 8,
}
_CLAUSE = re.compile(
    r"(första|andra|tredje|fjärde|femte|sjätte|sjunde|åttonde|\d{1,2})"
    r"(?:\s*:?\s*(?:a|e))?\s+att-?satsen\s+(.{0,40}?)(?:[.;,]|\s+och\s|$)",
    re.IGNORECASE,
)


def clause_outcomes(text: str | None) -> dict[int, str]:
    """Return outcomes decided per att-sats ("Första att-satsen bifalls, …")."""
    found: dict[int, str] = {}
    for m in _CLAUSE.finditer(text or ""):
        word = m.group(1).lower()
        number = _ORDINALS.get(word) or int(word)
        outcome = decision_outcome(m.group(2))
        if outcome:
            found[number] = outcome
    return found


def decision_outcome(text: str | None) -> str | None:
    """Return the motion outcome a decision text states, or None."""
    if not text:
        return None
    if re.search(r"\bbordl[äa]gg", text, re.IGNORECASE):
        return None
    for outcome, pattern in OUTCOMES:
        if re.search(pattern, text, re.IGNORECASE):
            return outcome
    return None


#: Words every motion title shares; they say nothing about which motion it is.
_GENERIC = frozenset(
    {
        "motion",
        "motionen",
        "svar",
        "angaende",
        "gallande",
        "fler",
        "mera",
        "battre",
        "okad",
        "okade",
        "infor",
        "kommunen",
        "kommunfullmaktige",
    }
)


def _words(text: str) -> set[str]:
    """Return the folded words of four letters or more, generic words left out."""
    return {
        w for w in re.findall(r"\w+", fold(text)) if len(w) >= 4 and w not in _GENERIC
    }


def match_score(motion: dict[str, Any], paragraph: dict[str, Any]) -> float:
    """Return how well ``paragraph`` matches ``motion`` (0 to 1)."""
    if motion.get("dnr") and motion["dnr"] == paragraph.get("dnr"):
        return 1.0
    title, ptitle = motion.get("title") or "", paragraph.get("title") or ""
    if not title or not _MOTION_TITLE.search(ptitle):
        return 0.0
    if len(title) >= 10 and fold(title) in fold(ptitle):
        score = 0.9
    else:
        mine, theirs = _words(title), _words(ptitle)
        score = len(mine & theirs) / len(mine) if mine else 0.0
    surnames = {fold(n.split()[-1]) for n in motion.get("signatories", []) if n}
    if surnames & _words(ptitle):
        score = min(1.0, score + 0.1)
    return score


@dataclass
class MotionFate:
    """What the protocols say about one motion."""

    motion_id: str
    """The motion."""
    outcome: str
    """bifallen, delvis bifallen, avslagen, besvarad, återremitterad or pending."""
    decided_by: str | None = None
    """Paragraph of the final decision."""
    decided_on: str | None = None
    """Date of the final decision."""
    proposed_outcome: str | None = None
    """Outcome proposed to the council by a preparing body."""
    proposed_by: str | None = None
    """Paragraph of that proposal."""
    clauses: dict[int, str] | None = None
    """Outcome per att-sats, where the decision treats them one by one."""


def motion_fates(
    motions: list[dict[str, Any]], paragraphs: list[dict[str, Any]]
) -> tuple[list[MotionFate], list[dict[str, Any]]]:
    """Return each motion's fate and the ambiguous candidates left unlinked."""
    fates, ambiguous = [], []
    for motion in motions:
        scored = sorted(
            ((match_score(motion, p), p) for p in paragraphs),
            key=lambda sp: (-sp[0], sp[1].get("date") or "", sp[1]["id"]),
        )
        scored = [(s, p) for s, p in scored if s >= MIN_SCORE]
        fate = MotionFate(motion["id"], "pending")
        if scored and len(scored) > 1 and _ambiguous(scored):
            ambiguous += [
                {
                    "motion_id": motion["id"],
                    "paragraph_id": p["id"],
                    "score": round(s, 2),
                }
                for s, p in scored
            ]
        else:
            _apply(fate, [p for _, p in scored])
        fates.append(fate)
    return fates, ambiguous


def _ambiguous(scored: list[tuple[float, dict[str, Any]]]) -> bool:
    """Return True when the best two candidates are close and not the same case."""
    (best, first), (second, other) = scored[0], scored[1]
    same_case = first.get("dnr") and first.get("dnr") == other.get("dnr")
    return best - second < MARGIN and best < 1.0 and not same_case


def _apply(fate: MotionFate, paragraphs: list[dict[str, Any]]) -> None:
    """Set the fate from the matched paragraphs, latest final decision winning."""
    for p in sorted(paragraphs, key=lambda p: p.get("date") or ""):
        outcome = decision_outcome(p.get("decision"))
        if outcome is None:
            continue
        if p.get("decision_kind") == "forslag":
            fate.proposed_outcome, fate.proposed_by = outcome, p["id"]
        else:
            fate.outcome, fate.decided_by = outcome, p["id"]
            fate.decided_on = p.get("date")
            fate.clauses = clause_outcomes(p.get("decision"))
            kinds = set(fate.clauses.values())
            if "bifallen" in kinds and len(kinds) > 1:
                fate.outcome = "delvis bifallen"  # some att-satser approved


#: Document kinds that answer or report on a motion, and the role each plays.
PAPER_ROLES = {
    "yttrande": "answer",
    "tjansteskrivelse": "officer_report",
    "protokoll": "decision",
}


def motion_papers(
    motions: list[dict[str, Any]], documents: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Return the answers and officer's reports about each motion.

    A yttrande or tjänsteskrivelse belongs to a motion when it carries the
    motion's case number, or when its title quotes the motion's title or
    names it ("Yttrande över motion av Tage Gripenstam (C) …"). A protocol
    extract bundled with the motion is listed as "decision" the same way.
    """
    links = []
    for motion in motions:
        for doc in documents:
            role = PAPER_ROLES.get(doc["kind"])
            if role is None or doc["id"] == motion["document_id"]:
                continue
            candidate = {"title": doc["title"], "dnr": doc["dnr"]}
            score = match_score(motion, candidate)
            if score >= MIN_SCORE:
                links.append(
                    {
                        "motion_id": motion["id"],
                        "document_id": doc["id"],
                        "role": role,
                        "score": round(score, 2),
                        "matched_by": "dnr"
                        if score == 1.0 and motion.get("dnr")
                        else "title",
                    }
                )
    return links


def interpellation_answers(
    interpellations: list[dict[str, Any]], answers: list[dict[str, Any]]
) -> list[tuple[str, str, str | None]]:
    """Return (interpellation, answering paragraph or paper, date) pairs.

    An answer is a paragraph or paper titled "Svar på interpellation …" (or
    "… fråga …") whose title carries the interpellation's subject words.
    """
    found = []
    for item in interpellations:
        mine = _words(
            re.sub(r"(?i)^(interpellation|fråga)\s+", "", item["title"] or "")
        )
        best: tuple[float, dict[str, Any]] | None = None
        for answer in answers:
            title = answer["title"] or ""
            if not re.search(r"(?i)svar på (interpellation|fråga|enkel fråga)", title):
                continue
            theirs = _words(title)
            score = len(mine & theirs) / len(mine) if mine else 0.0
            if score >= MIN_SCORE and (best is None or score > best[0]):
                best = (score, answer)
        if best:
            found.append((item["id"], best[1]["id"], best[1].get("date")))
    return found
