"""Follow-ups matched to the recommendations they assess, across years.

A follow-up (uppföljning) a year or two later restates each recommendation
in its own words ("Ta fram en plan för kompetensförsörjning av biståndshand-
läggare" becomes "Upprätta en kompetensförsörjningsplan för biståndshandläg-
garna") and judges it (genomförd, delvis genomförd, pågår, ej påbörjad …).
Each assessed row is scored against every earlier recommendation with
rapidfuzz: the better of a token-set ratio over word stems (word order and
inflection ignored, a shorter restatement not penalised) and a token-sort
ratio over the folded words (compounds such as "hemtjänstutredningar" keep
part of their letters in common).

The thresholds were measured on real pairs and on written restatements
(``tests/test_followup_match.py``):

- real restatements across documents (the bundled follow-up of its report;
  five recommendations of a rapportsammandrag restated in a nämnd's
  revisionsredogörelse) score 100; the best other recommendation against
  them at most 79.4 (two recommendations of one report on the same topic);
- fifteen written restatements of the corpus report's three
  recommendations score 62.7–100 (13 of 15 at 80 or more), the best
  other recommendation against them at most 65.9;
- recommendations of different audits score up to 74.1 against each other
  (55.3 at the 95th percentile of 1,176 pairs).

So a row scoring at least :data:`MATCH` (above every unrelated pair) and
:data:`MARGIN` above any other recommendation is matched; one scoring at
least :data:`CANDIDATE` without a clear winner is listed as a candidate for
a person to confirm with ``diarium track set``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from extractors.lang.text import fold
from pipeline.analysis.wording import stem_list

#: A follow-up row scoring this much against one recommendation assesses it …
MATCH = 78.0
#: … when no other recommendation scores within this margin of it.
MARGIN = 10.0
#: Below :data:`MATCH` but from this score up, a row is listed as a candidate.
CANDIDATE = 60.0


@dataclass
class Scored:
    """A follow-up row and a recommendation it may assess."""

    rec: int
    """Index of the recommendation in the list given."""
    followup: dict[str, Any]
    """The follow-up's recommendation mention (with its assessment)."""
    score: float
    """How alike their wordings are (0 to 100)."""


def match_score(a: str | None, b: str | None) -> float:
    """Return how alike two wordings of a recommendation are (0 to 100)."""
    sa, sb = " ".join(stem_list(a)), " ".join(stem_list(b))
    if not sa or not sb:
        return 0.0
    words = fuzz.token_sort_ratio(_words(a), _words(b))
    return round(max(fuzz.token_set_ratio(sa, sb), words), 1)


@lru_cache(maxsize=8192)
def _words(text: str | None) -> str:
    """Return the folded words of ``text``, lower case, punctuation dropped
    (cached: each mention is compared with many)."""
    return " ".join(
        "".join(c if c.isalnum() else " " for c in fold(text or "")).split()
    )


def match_followups(
    recs: list[dict[str, Any]], followups: list[dict[str, Any]]
) -> tuple[list[Scored], list[Scored]]:
    """Return (matches, candidates) of assessed follow-up rows to ``recs``.

    ``recs`` are first mentions of recommendations (text, auditee, date);
    a follow-up row is compared only with recommendations printed before it
    and, when both name a body, given to the same body. A recommendation
    given to several bodies (one row each, the same text) is matched as one.
    """
    matches: list[Scored] = []
    candidates: list[Scored] = []
    for row in followups:
        if not row.get("assessment"):
            continue
        scored = sorted(
            (
                Scored(i, row, match_score(row["text"], rec["text"]))
                for i, rec in enumerate(recs)
                if _comparable(rec, row)
            ),
            key=lambda s: -s.score,
        )
        if not scored or scored[0].score < CANDIDATE:
            continue
        best = scored[0]
        same = [s for s in scored if _same_text(recs[s.rec], recs[best.rec])]
        others = [s.score for s in scored if s not in same]
        runner_up = others[0] if others else 0.0
        if best.score >= MATCH and best.score - runner_up >= MARGIN:
            matches += [s for s in same if s.score == best.score]
        else:
            floor = max(CANDIDATE, best.score - MARGIN)
            candidates += [s for s in scored if s.score >= floor]
    return matches, candidates


def _same_text(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Return True for one recommendation given to several bodies (same text)."""
    return _words(a["text"]) == _words(b["text"])


def _comparable(rec: dict[str, Any], row: dict[str, Any]) -> bool:
    """Return True when the follow-up row may assess the recommendation."""
    if rec.get("date") and row.get("date") and row["date"] < rec["date"]:
        return False
    ours, theirs = rec.get("auditee"), row.get("auditee")
    return not ours or not theirs or fold(ours) == fold(theirs)
