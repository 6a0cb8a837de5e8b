"""Link records across documents: motions to the paragraphs that decide them.

Pure functions over plain rows (read and written by :mod:`pipeline.load`).
A motion is matched to a paragraph by case number, else by its title quoted
in the paragraph's title, helped by a signatory's surname. Two candidates
scoring alike are not guessed between: the motion stays unlinked and the
candidates are listed for a person to decide.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from extractors.lang.phrases import any_phrase, phrase_regex, words_regex
from extractors.lang.text import fold
from extractors.lexicon import load

Lexicon = Mapping[str, Any]
"""One parsed lexicon file, as :func:`extractors.lexicon.load` returns it."""

_OUTCOMES, _MOTIONS = load("outcomes"), load("motions")
#: Outcome of a motion by the wording of the decision, most specific first.
OUTCOMES: tuple[tuple[str, str], ...] = tuple(
    (e["outcome"], phrase_regex(e["text"])) for e in _OUTCOMES["motion_outcome"]
)
_OUTCOME_PATTERNS = tuple(
    (outcome, re.compile(pattern, re.IGNORECASE)) for outcome, pattern in OUTCOMES
)
#: Below this score a paragraph is not taken to answer a motion.
MIN_SCORE = 0.5
#: Two candidates closer than this are ambiguous.
MARGIN = 0.15
_MOTION_TITLE = re.compile(
    rf"\b{re.escape(_MOTIONS['motion_title']['text'])}", re.IGNORECASE
)
#: A decision to postpone decides nothing.
_POSTPONED = re.compile(
    rf"\b{phrase_regex(_OUTCOMES['postponed']['text'])}", re.IGNORECASE
)


def _clause_regex(clause: Mapping[str, Any]) -> re.Pattern[str]:
    """Return the pattern of "<ordinal> att-satsen <outcome>" (motions.toml)."""
    ordinals = "|".join(re.escape(w) for w in clause["ordinals"])
    return re.compile(
        rf"({ordinals}|\d{{1,2}})"
        rf"(?:\s*:?\s*{words_regex(clause['number_endings'])})?"
        rf"\s+{words_regex(clause['words'])}\s+"
        rf"(.{{0,40}}?)(?:[.;,]|\s+{re.escape(clause['and'])}\s|$)",
        re.IGNORECASE,
    )


_ORDINALS = {w: n for n, w in enumerate(_MOTIONS["clause"]["ordinals"], start=1)}
_CLAUSE = _clause_regex(_MOTIONS["clause"])


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
    if _POSTPONED.search(text):
        return None
    for outcome, pattern in _OUTCOME_PATTERNS:
        if pattern.search(text):
            return outcome
    return None


#: Words every motion title shares; they say nothing about which motion it is.
_GENERIC = frozenset(fold(w) for w in _MOTIONS["generic_words"]["words"])
#: The kind word an interpellation's or question's title opens with.
_KIND_WORD = re.compile(
    rf"^{words_regex(_MOTIONS['interpellation_title']['words'])}\s+", re.IGNORECASE
)
#: Titles of the paragraphs and papers that answer an interpellation.
_ANSWER_TITLE = re.compile(
    any_phrase(
        (
            e["text"]
            for e in _MOTIONS["answer_title"]
            if e["answers"] == "interpellation"
        ),
        space=" ",
    ),
    re.IGNORECASE,
)


def _words(text: str) -> set[str]:
    """Return the folded words of four letters or more, generic words left out."""
    return {
        w for w in re.findall(r"\w+", fold(text)) if len(w) >= 4 and w not in _GENERIC
    }


def match_score(motion: dict[str, Any], paragraph: dict[str, Any]) -> float:
    """Return how well ``paragraph`` matches ``motion`` (0 to 1).

    The same case number scores 1. Otherwise the paragraph's title must name
    a motion: the motion's title quoted in it scores 0.9, else the share of
    the motion's title words it carries; a signatory's surname in it adds 0.1.
    """
    return next((score for score, _ in Shortlist([paragraph]).scored(motion)), 0.0)


@dataclass(frozen=True)
class _Candidate:
    """A paragraph or paper, its title read once for every motion."""

    row: dict[str, Any]
    folded: str
    """The title folded, when it names a motion (else only the case number
    can match, and this is empty)."""
    words: frozenset[str]


class Shortlist:
    """The rows a motion can match (the same case number, or a title that
    names a motion), each scored as :func:`match_score` describes.

    Scoring every motion against every paragraph of a municipality grew with
    the square of its records; a row is only scored where it can score.
    """

    def __init__(
        self, rows: Iterable[dict[str, Any]], dnrs: Collection[str] | None = None
    ) -> None:
        """Take the rows that can match: every row, or (given the ``dnrs`` of
        the motions to score) only those with one of them or a titled one."""
        self.rows: list[_Candidate] = []
        self.by_dnr: dict[str, list[int]] = {}
        titled_rows: list[int] = []
        self._by_word: dict[str, list[int]] = {}
        """Titled rows by the words of their titles."""
        self._starts: list[int] = []
        """Where each titled row's folded title starts in ``_joined``."""
        at = 0
        for row in rows:
            title, dnr = row.get("title") or "", row.get("dnr")
            titled = bool(_MOTION_TITLE.search(title))
            if dnrs is not None and not titled and dnr not in dnrs:
                continue  # no motion can match it: not kept (nor held in memory)
            index = len(self.rows)
            folded, words = (
                (fold(title), frozenset(_words(title))) if titled else ("", frozenset())
            )
            self.rows.append(_Candidate(row, folded, words))
            if dnr:
                self.by_dnr.setdefault(dnr, []).append(index)
            if titled:
                titled_rows.append(index)
                for word in words:
                    self._by_word.setdefault(word, []).append(index)
                self._starts.append(at)
                at += len(folded) + 1
        self._titled = titled_rows
        self._joined = "\n".join(self.rows[i].folded for i in titled_rows)

    def _titled_for(
        self, mine: set[str], whole: str | None, surnames: set[str]
    ) -> set[int]:
        """Return the titled rows that can score for a motion: those sharing a
        title word or a signatory's surname with it, or holding its whole
        (folded) title. Every other titled row scores 0: scoring each motion
        against every titled row grew with the square of a municipality's
        motions (2,000 motions and titled paragraphs: 1.6 s)."""
        found: set[int] = set()
        for word in mine | surnames:
            found.update(self._by_word.get(word, ()))
        if whole is None:
            return found
        if not whole:  # an empty title is in every title
            return set(self._titled)
        if any(word in mine for word in re.findall(r"\w+", whole)[1:-1]):
            return found  # a title holding this one holds its inner words: found
        at = self._joined.find(whole)
        while at >= 0:  # a find across two titles is scored, and drops out
            found.add(self._titled[bisect_right(self._starts, at) - 1])
            at = self._joined.find(whole, at + 1)
        return found

    def scored(self, motion: dict[str, Any]) -> list[tuple[float, dict[str, Any]]]:
        """Return ``(score, row)`` of every row scoring above 0, in row order."""
        dnr, title = motion.get("dnr"), motion.get("title") or ""
        same = self.by_dnr.get(dnr, []) if dnr else []
        mine, whole = _words(title), fold(title)
        surnames = {
            fold(n.split()[-1])
            for n in motion.get("signatories", [])
            if n and not n.isspace()  # a blank name has no surname
        }
        if title:
            quoted = whole if len(title) >= 10 else None
            indexes = sorted(self._titled_for(mine, quoted, surnames).union(same))
        else:
            indexes = sorted(same)
        found = []
        for index in indexes:
            c = self.rows[index]
            if dnr and dnr == c.row.get("dnr"):
                score = 1.0
            elif len(title) >= 10 and whole in c.folded:
                score = 0.9
            else:
                score = len(mine & c.words) / len(mine) if mine else 0.0
            if score < 1.0 and surnames & c.words:
                score = min(1.0, score + 0.1)
            if score > 0:
                found.append((score, c.row))
        return found


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
    motions: list[dict[str, Any]], paragraphs: Iterable[dict[str, Any]]
) -> tuple[list[MotionFate], list[dict[str, Any]]]:
    """Return each motion's fate and the ambiguous candidates left unlinked.

    ``paragraphs`` are read once; only those that can match are kept.
    """
    fates, ambiguous = [], []
    shortlist = Shortlist(paragraphs, _dnrs(motions))
    # A paragraph is read for every motion it may answer: 3,000 motions whose
    # titles share common words asked 3 million times (7 of 11 s, in review).
    outcome_of = cache(decision_outcome)
    for motion in motions:
        scored = sorted(
            shortlist.scored(motion),
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
            _apply(fate, [p for _, p in scored], outcome_of)
        fates.append(fate)
    return fates, ambiguous


def _dnrs(motions: list[dict[str, Any]]) -> frozenset[str]:
    """Return the case numbers of some motions."""
    return frozenset(m["dnr"] for m in motions if m.get("dnr"))


def _ambiguous(scored: list[tuple[float, dict[str, Any]]]) -> bool:
    """Return True when the best two candidates are close and not the same case."""
    (best, first), (second, other) = scored[0], scored[1]
    same_case = first.get("dnr") and first.get("dnr") == other.get("dnr")
    return best - second < MARGIN and best < 1.0 and not same_case


def _apply(
    fate: MotionFate,
    paragraphs: list[dict[str, Any]],
    outcome_of: Callable[[str | None], str | None] = decision_outcome,
) -> None:
    """Set the fate from the matched paragraphs, latest final decision winning
    (its att-satser read once it is known)."""
    final = None
    for p in sorted(paragraphs, key=lambda p: p.get("date") or ""):
        outcome = outcome_of(p.get("decision"))
        if outcome is None:
            continue
        if p.get("decision_kind") == "forslag":
            fate.proposed_outcome, fate.proposed_by = outcome, p["id"]
        else:
            fate.outcome, fate.decided_by = outcome, p["id"]
            fate.decided_on, final = p.get("date"), p
    if final is not None:
        fate.clauses = clause_outcomes(final.get("decision"))
        kinds = set(fate.clauses.values())
        if "bifallen" in kinds and len(kinds) > 1:
            fate.outcome = "delvis bifallen"  # some att-satser approved


#: Document kinds that answer or report on a motion, and the role each plays.
PAPER_ROLES = {
    "yttrande": "answer",
    "tjansteskrivelse": "officer_report",
    "protokoll": "decision",
    "yrkande": "proposal",
}


def motion_papers(
    motions: list[dict[str, Any]], documents: Iterable[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Return the answers and officer's reports about each motion.

    A yttrande or tjänsteskrivelse belongs to a motion when it carries the
    motion's case number, or when its title quotes the motion's title or
    names it ("Yttrande över motion av Tage Gripenstam (C) …"). A protocol
    extract bundled with the motion is listed as "decision", a party's
    written yrkande about it as "proposal", the same way.
    """
    links = []
    papers = (doc for doc in documents if doc["kind"] in PAPER_ROLES)
    shortlist = Shortlist(papers, _dnrs(motions))
    for motion in motions:
        for score, doc in shortlist.scored(motion):
            role = PAPER_ROLES[doc["kind"]]
            if doc["id"] == motion["document_id"]:
                continue
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
    interpellations: list[dict[str, Any]], answers: Iterable[dict[str, Any]]
) -> list[tuple[str, str, str | None]]:
    """Return (interpellation, answering paragraph or paper, date) pairs.

    An answer is a paragraph or paper titled "Svar på interpellation …" (or
    "… fråga …") whose title carries the interpellation's subject words.
    """
    found = []
    titled = [  # each title read once, not once an interpellation
        (answer, _words(answer["title"]))
        for answer in answers
        if _ANSWER_TITLE.search(answer["title"] or "")
    ]
    for item in interpellations:
        mine = _words(_KIND_WORD.sub("", item["title"] or ""))
        best: tuple[float, dict[str, Any]] | None = None
        for answer, theirs in titled:
            score = len(mine & theirs) / len(mine) if mine else 0.0
            if score >= MIN_SCORE and (best is None or score > best[0]):
                best = (score, answer)
        if best:
            found.append((item["id"], best[1]["id"], best[1].get("date")))
    return found
