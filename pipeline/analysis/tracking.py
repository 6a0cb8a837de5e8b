"""Follow-through: one row per recommendation and commission, with a status.

Pure functions over plain rows; :mod:`pipeline.load` reads and writes them.
A status is never typed in: it is computed from evidence, each step an
event citing its document and page — the committee's answer (yttrande), a
follow-up report's assessment, a passed reply deadline — and last, a
person's correction (``diarium track set``), which always wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from extractors.lang.phrases import any_phrase
from extractors.lang.recipients import generic_number
from extractors.lang.text import fold
from extractors.lexicon import load
from pipeline.analysis.events import event as _event
from pipeline.analysis.followup_match import match_followups
from pipeline.analysis.statuses import STATUSES as STATUSES
from pipeline.analysis.wording import same_wording, similarity, stems

#: Name and version of the tracking rules, stored on every row they make.
EXTRACTOR = "track.v3"

#: Two recommendations this similar (and to the same body) raise one issue.
SAME = 0.7
#: An answer section scoring this much (see _section_score) answers one.
SECTION_FIT = 0.3


def _answer_regex(entries: list[dict[str, Any]]) -> re.Pattern[str]:
    """Return the pattern of any answer phrasing (outcomes.toml; one space each)."""
    phrases = (e["text"] for e in entries)
    slots = {"year": r"(?:19|20)\d\d"}
    return re.compile(any_phrase(phrases, slots, space=" "), re.IGNORECASE)


#: An answer that declines a recommendation ("Nämnden ser inget behov …").
_REJECTS = _answer_regex(load("outcomes")["answer_rejects"])
#: An answer that takes it on ("Nämnden instämmer …", "Arbetet pågår").
_AGREES = _answer_regex(load("outcomes")["answer_agrees"])


class _Groups:
    """Union-find over report ids."""

    def __init__(self, ids: list[str]) -> None:
        self.parent = {i: i for i in ids}

    def find(self, i: str) -> str:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def group_reports(reports: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Group the papers of one audit: report, cover letter, restatements.

    Papers in the same file belong together unless their report numbers
    differ; papers in different files, when they carry the same report
    number. Follow-up reports are kept apart: they assess earlier audits.
    """
    papers = [r for r in reports if r["doc_kind"] != "uppfoljning"]
    groups = _Groups([r["id"] for r in papers])
    # Two papers belong together when they carry the same number, or share a
    # file and one of them has no number (a paper without a number joins
    # every paper of its file): joined by key, not pair by pair.
    by_number: dict[str, list[str]] = {}
    by_file: dict[str, list[dict[str, Any]]] = {}
    for paper in papers:
        if paper["number"]:
            by_number.setdefault(paper["number"], []).append(paper["id"])
        by_file.setdefault(paper["file_sha256"], []).append(paper)
    for ids in by_number.values():
        for other in ids[1:]:
            groups.union(ids[0], other)
    for members in by_file.values():
        blank = [p["id"] for p in members if not p["number"]]
        for paper in members if blank else []:
            groups.union(blank[0], paper["id"])
    out: dict[str, list[dict[str, Any]]] = {}
    for paper in papers:
        out.setdefault(groups.find(paper["id"]), []).append(paper)
    return {_canonical(members)["id"]: members for members in out.values()}


def _canonical(members: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the audit's own report among its papers (the auditors' report)."""

    def rank(r: dict[str, Any]) -> tuple[int, int, int, str]:
        return (
            r["doc_kind"] != "revisionsrapport",
            r["number"] is None,
            r["firm"] is None,
            r["id"],
        )

    return min(members, key=rank)


@dataclass
class Tracked:
    """A recommendation with its history."""

    row: dict[str, Any]
    """The ``recommendations`` row."""
    events: list[dict[str, Any]]
    """Its ``recommendation_events`` rows, in date order."""
    first: dict[str, Any] = field(default_factory=dict)
    """Its first mention (text, body, date, page)."""
    candidates: list[dict[str, Any]] = field(default_factory=list)
    """Follow-up rows that may assess it, for a person to confirm."""


def recommendations(
    reports: list[dict[str, Any]],
    mentions: list[dict[str, Any]],
    answers: list[dict[str, Any]],
    corrections: list[dict[str, Any]],
    today: str,
) -> list[Tracked]:
    """Return one tracked recommendation per audit, text and recipient."""
    groups = group_reports(reports)
    by_report: dict[str, list[dict[str, Any]]] = {}
    for m in mentions:
        by_report.setdefault(m["report_id"], []).append(m)
    followups = [
        m
        for r in reports
        if r["doc_kind"] == "uppfoljning"
        for m in by_report.get(r["id"], [])
    ]
    tracked: list[Tracked] = []
    for report_id, members in sorted(groups.items()):
        ordered = sorted(members, key=lambda r: r["id"] != report_id)
        found = _merge([m for r in ordered for m in _own_first(r, by_report)])
        due = next((r["reply_due"] for r in ordered if r["reply_due"]), None)
        for n, (first, count) in enumerate(found, start=1):
            rec_id = f"{report_id}/r{n}"
            row = {
                "id": rec_id,
                "report_id": report_id,
                "number": n,
                "text": first["text"],
                "auditee": first["auditee"],
                "priority": None,
                "due": due,
                "page": first["page"],
                "document_id": first["document_id"],
                "file_sha256": first["file_sha256"],
                "extractor": EXTRACTOR,
                "mentions": count,
            }
            tracked.append(Tracked(row, [], first=first))
    _apply_followups(tracked, followups)
    _match_sections(tracked, groups, answers)
    for item in tracked:
        _settle(item, corrections, today)
    return tracked


def mark_repeats(tracked: list[Tracked], reports: list[dict[str, Any]]) -> None:
    """Point a recommendation at an earlier audit's that raised the same issue.

    The same body, worded alike (:data:`SAME`), in a report dated before
    (``report_date``: the report's own date, else its document's) of the same
    municipality, or of a paper whose municipality is unknown.
    """
    by_id = {r["id"]: r for r in reports}

    def when(t: Tracked) -> str:
        return (by_id.get(t.row["report_id"]) or {}).get("report_date") or ""

    def place(t: Tracked) -> str:
        return (by_id.get(t.row["report_id"]) or {}).get("municipality") or ""

    # Only the same body in the same (or an unknown) municipality can be a
    # repeat: looked up by key, not compared with every recommendation.
    pools: dict[tuple[str, str], list[int]] = {}
    for index, t in enumerate(tracked):
        pools.setdefault((fold(t.row["auditee"] or ""), place(t)), []).append(index)
    places: dict[str, list[str]] = {}
    for body, where in pools:
        places.setdefault(body, []).append(where)
    for item in tracked:
        item.row["repeats"] = None
        body, where = fold(item.row["auditee"] or ""), place(item)
        keys = places.get(body, []) if not where else [where, ""]
        indexes = sorted(i for k in keys for i in pools.get((body, k), []))
        earlier = [
            t
            for t in (tracked[i] for i in indexes)
            if t.row["report_id"] != item.row["report_id"]
            and "" < when(t) < when(item)
            and similarity(t.row["text"], item.row["text"]) >= SAME
        ]
        if earlier:
            item.row["repeats"] = max(earlier, key=when).row["id"]


def _own_first(
    report: dict[str, Any], by_report: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Return the mentions of ``report``, those of the report's own paper first.

    A cover letter's mentions folded into the report (restatements given to
    just "Nämnden") then merge into the report's own, whatever the ids of
    the two papers.
    """
    own = report.get("document_id")
    mentions = by_report.get(report["id"], [])
    return sorted(mentions, key=lambda m: own is None or m.get("document_id") != own)


def _merge(mentions: list[dict[str, Any]]) -> list[tuple[dict[str, Any], int]]:
    """Merge repeated mentions; return (first mention, count) in order.

    Repeats are worded alike and given to the same body; a mention given to
    just "Nämnden" (a cover letter) repeats one naming the body.
    """
    merged: list[tuple[dict[str, Any], int]] = []
    for m in mentions:
        for i, (first, count) in enumerate(merged):
            same_body = (
                not m["auditee"]
                or not first["auditee"]
                or fold(m["auditee"]) == fold(first["auditee"])
                or generic_number(m["auditee"]) == "singular"
            )
            if same_body and same_wording(m["text"], first["text"]):
                merged[i] = (first, count + 1)
                break
        else:
            merged.append((m, 1))
    return merged


def _answers_for(
    members: list[dict[str, Any]], answers: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Return answer sections of yttranden about this audit (case or title)."""
    dnrs = {m["dnr"] for m in members if m["dnr"]}
    numbers = {m["number"] for m in members if m["number"]}
    titles = [m["title"] for m in members if m["title"]]
    return [
        a
        for a in answers
        if (a["dnr"] and a["dnr"] in dnrs)
        or any(n in (a["doc_title"] or "") for n in numbers)
        or any(similarity(t, a["doc_title"]) >= 0.8 for t in titles)
    ]


def _match_sections(
    tracked: list[Tracked],
    groups: dict[str, list[dict[str, Any]]],
    answers: list[dict[str, Any]],
) -> None:
    """Give each recommendation the answer section whose heading fits it best."""
    by_report: dict[str, list[Tracked]] = {}
    for item in tracked:
        by_report.setdefault(item.row["report_id"], []).append(item)
    for report_id, items in by_report.items():
        sections = _answers_for(groups[report_id], answers)
        pairs = sorted(
            (
                (_section_score(s, i.row["text"]), n, k)
                for n, i in enumerate(items)
                for k, s in enumerate(sections)
            ),
            reverse=True,
        )
        used_recs: set[int] = set()
        used_sections: set[int] = set()
        for score, n, k in pairs:
            if score < SECTION_FIT or n in used_recs or k in used_sections:
                continue
            used_recs.add(n)
            used_sections.add(k)
            items[n].events.append(_answer_event(items[n].row["id"], sections[k]))


def _section_score(section: dict[str, Any], text: str) -> float:
    """Return how well an answer section fits a recommendation (0 to 1).

    Mostly the share of the heading's words found in the recommendation
    ("Manuellt registrerad tid"), partly the overlap of the section's text.
    """
    words = stems(section["heading"])
    cover = len(words & stems(text)) / len(words) if words else 0.0
    return 0.6 * cover + 0.4 * similarity(section["text"], text)


def answer_stance(text: str) -> tuple[str, int | None]:
    """Return (status, agrees) of a committee's answer to a recommendation."""
    if _REJECTS.search(text):
        return "not_implemented", 0
    return "responded", 1 if _AGREES.search(text) else None


def _answer_event(rec_id: str, section: dict[str, Any]) -> dict[str, Any]:
    """Return the event of a committee's answer to a recommendation."""
    text = section["text"] or ""
    status, agrees = answer_stance(text)
    heading = f"{section['heading']}: {text}"[:500]
    return _event(rec_id, section["date"], status, heading, "answer", section, agrees)


def _apply_followups(tracked: list[Tracked], followups: list[dict[str, Any]]) -> None:
    """Add the follow-up assessments matched to each recommendation, and candidates.

    Matching is by wording (:mod:`pipeline.analysis.followup_match`); the
    score is kept on the event, and rows without a clear match are listed
    on the recommendations they may assess for a person to confirm.
    """
    matches, candidates = match_followups([t.first for t in tracked], followups)
    for s in matches:
        item, m = tracked[s.rec], s.followup
        text = m["text"][:500]
        item.events.append(
            _event(
                item.row["id"],
                m["date"],
                m["assessment"],
                text,
                "followup",
                m,
                score=s.score,
            )
        )
    for s in candidates:
        m = s.followup
        tracked[s.rec].candidates.append(
            {
                "recommendation_id": tracked[s.rec].row["id"],
                "mention_id": m["id"],
                "status": m["assessment"],
                "text": m["text"][:500],
                "document_id": m["document_id"],
                "page": m["page"],
                "score": s.score,
            }
        )


def _settle(item: Tracked, corrections: list[dict[str, Any]], today: str) -> None:
    """Order the events, add deadline and corrections, and set the status."""
    events = sorted(item.events, key=lambda e: (e["date"] or "", e["source"]))
    due = item.row["due"]
    answered = [e for e in events if e["source"] == "answer"]
    if due and due < today and not answered:
        text = f"Svar senast {due}; inget svar funnet."
        events.insert(0, _event(item.row["id"], due, "overdue", text, "deadline"))
        events.sort(key=lambda e: (e["date"] or "", e["source"]))
    mine = [
        c
        for c in corrections
        if c["target"] == "recommendation" and c["target_id"] == item.row["id"]
    ]
    for c in sorted(mine, key=lambda c: c["created_at"]):
        text = (
            f"Rättat av person: {c['note'] or ''} "
            f"(källa: {c['source'] or 'ej angiven'})".strip()
        )
        events.append(
            _event(
                item.row["id"], c["created_at"][:10], c["status"], text, "correction", c
            )
        )
    last = events[-1] if events else None
    item.row["status"] = last["status"] if last else "open"
    item.row["status_date"] = last["date"] if last else None
    item.row["overdue"] = int(item.row["status"] == "overdue")
    item.events = events
