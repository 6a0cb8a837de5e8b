"""Audit reports, cover letters and follow-ups: questions and recommendations.

Recommendations written as prose or lists are read by
:mod:`extractors.parts.recommendations`, those of follow-up tables here.
Every occurrence is kept as a mention with its page;
:mod:`pipeline.analysis.tracking` merges the repeats into one recommendation.
"""

from __future__ import annotations

import re
from typing import Any

from extractors.core.tables import Rows, Source, Table
from extractors.lang.bodies import find_body
from extractors.lang.dates import find_dates
from extractors.lang.dnr import find_dnrs
from extractors.lang.text import anchored_matches, fold, letters_folded
from extractors.lexicon import load
from extractors.parts.audit_bodies import audited_bodies, audited_by, report_auditee
from extractors.parts.audit_phrases import PATTERNS, Lexicon, Patterns, patterns
from extractors.parts.audit_summaries import summary_rows, summary_sections
from extractors.parts.audit_tables import (
    followups,
    labelled_followups,
    table_questions,
)
from extractors.parts.recommendations import flow_of, recommendations

NAME = "audit"
VERSION = "v1"

TABLES = (
    Table(
        "audit_reports",
        {
            "id": str,
            "number": str,
            "year": int,
            "title": str,
            "firm": str,
            "auditee": str,
            "date": str,
            "reply_due": str,
            "dnr": str,
            "page": int,
        },
    ),
    Table(
        "audit_questions",
        {
            "id": str,
            "report_id": str,
            "number": int,
            "question": str,
            "answer": str,
            "assessment": str,
            "page": int,
        },
    ),
    Table(
        "recommendation_mentions",
        {
            "id": str,
            "report_id": str,
            "number": int,
            "text": str,
            "auditee": str,
            "assessment": str,
            "page": int,
        },
    ),
)

#: Audit firms and offices (firms.toml), in the order they are looked for.
FIRMS: list[dict[str, Any]] = load("firms")["firm"]
#: Audit offices working for the auditors' body (firms.toml ``office``).
OFFICES = frozenset(e["name"] for e in FIRMS if e.get("office"))
#: Openings of the addressee line of a cover letter ("Till:", "Missiv till").
_ADDRESSEE = re.compile(
    r"^(?:"
    + "|".join(re.escape(e["text"]) for e in load("papers")["addressee"])
    + r")\s*:?\s*(.+)$",
    re.IGNORECASE,
)


def extract(source: Source) -> Rows:
    """Return the report, its questions and its recommendation mentions."""
    lines = [(p, _strip_tags(t)) for p, t in source.lines]
    text = "\n".join(t for _, t in lines)
    sections = summary_sections(lines)
    if sections:
        return summary_rows(sections, firm_of(text))
    number = PATTERNS.report_number.search(text[:3000])
    due = reply_due(text)
    flow = flow_of(lines)  # built once: the bodies, the recommendations
    covered = audited_bodies(flow.text)
    report = {
        "id": "report",
        "number": f"{number.group(1)}/{number.group(2)}" if number else None,
        "year": int(number.group(2)) if number else None,
        "title": source_report_title(text) or source.title,
        "firm": firm_of(text),
        "auditee": _auditee(lines) or (covered[0] if covered else None),
        "date": source.date,
        "reply_due": due,
        "dnr": (
            d[0].key if (d := find_dnrs("\n".join(t for _, t in lines[:15]))) else None
        ),
        "page": lines[0][0] if lines else None,
    }
    rows: Rows = {
        "audit_reports": [report],
        "audit_questions": [],
        "recommendation_mentions": [],
    }
    found = (
        followups(source.tables)
        or labelled_followups(lines)
        or recommendations(lines, audited=covered[1] if covered else None, flow=flow)
    )
    if not report["auditee"]:
        signed = audited_by(flow.text)
        report["auditee"] = report_auditee((r["auditee"] for r in found), signed)
    for i, rec in enumerate(found, start=1):
        rows["recommendation_mentions"].append(
            {"id": f"m{i}", "report_id": "report", "number": i, **rec}
        )
    questions = table_questions(source.tables) or text_questions(lines)
    for i, q in enumerate(questions, start=1):
        rows["audit_questions"].append(
            {"id": f"q{i}", "report_id": "report", "number": i, **q}
        )
    return rows


def _strip_tags(text: str) -> str:
    """Remove HTML paragraph tags left by converters."""
    return re.sub(r"</?p>", " ", text).strip()


def firm_of(text: str, lexicon: Lexicon | None = None) -> str | None:
    """Return the audit firm named in ``text`` (firms.toml, or ``lexicon``).

    An audit office is the firm only when no other firm or body is named.
    """
    entries = FIRMS if lexicon is None else lexicon["firm"]
    firms = sorted((e["name"] for e in entries), key=lambda n: _is_office(n, entries))
    for firm in firms:  # the name as printed: absent, no pattern to run
        if firm in text and re.search(rf"\b{re.escape(firm)}\b", text):
            return firm
    return None


def _is_office(name: str, entries: list[dict[str, Any]]) -> bool:
    """Return True when the firm ``name`` is an audit office (firms.toml)."""
    return any(e["name"] == name and e.get("office") for e in entries)


def source_report_title(text: str, lexicon: Lexicon | None = None) -> str | None:
    """Return the full report's title a summary names ("… baseras på rapporten X")."""
    m = patterns(lexicon).source_report.search(text)
    if not m:
        return None
    return re.sub(r"\s+", " ", next(g for g in m.groups() if g)).strip()


def report_title(texts: list[str]) -> str | None:
    """Return the full report's title a summary's lines name, if they do."""
    return source_report_title("\n".join(texts))


def _auditee(lines: list[tuple[int, str]]) -> str | None:
    """Return the audited body: the addressee ("Till: …") or the first body named."""
    for _, text in lines[:20]:
        m = _ADDRESSEE.match(text)
        if m and find_body(m.group(1)):
            return find_body(m.group(1))
    return None


def reply_due(text: str, lexicon: Lexicon | None = None) -> str | None:
    """Return the reply deadline ("Svar emottas senast 2018-01-31"), ISO."""
    p = patterns(lexicon)
    for m in anchored_matches(p.due, text, letters_folded(text), p.due_anchors):
        dates = find_dates(m.group(1).replace("\n", " "))
        if dates:
            return dates[0].iso
    return None


def text_questions(
    lines: list[tuple[int, str]], lexicon: Lexicon | None = None
) -> list[dict[str, Any]]:
    """Return audit questions written as text: question (ends "?"), then answer."""
    p = patterns(lexicon)
    start = next(
        (i for i, (_, t) in enumerate(lines) if p.question_header.match(t)), None
    )
    if start is None:
        return []
    found: list[dict[str, Any]] = []
    buffer = ""
    for page, text in lines[start + 1 :]:
        if re.match(r"^\d+(?:\.\d+)*\.?\s+[A-ZÅÄÖ]", text):
            break  # the next numbered heading ends the table
        if p.question_start.match(text) and (
            not found or found[-1]["assessment"] or not buffer
        ):
            found.append(
                {"question": text, "answer": None, "assessment": "", "page": page}
            )
            buffer = "question"
            continue
        if not found:
            continue
        current = found[-1]
        unfinished = not current["question"].rstrip().endswith("?")
        if buffer == "question" and (unfinished or text.lstrip().startswith("-")):
            current["question"] += " " + text
        else:
            current["assessment"] = (current["assessment"] + " " + text).strip()
            buffer = "answer"
        _split_question(current, p)
    return [_finish(q, p) for q in found]


def _split_question(q: dict[str, Any], p: Patterns) -> None:
    """Move answer text that ran onto the question line into the assessment."""
    if q["assessment"]:
        return
    text = q["question"]
    for m in re.finditer(r"\?\s+", text):
        rest = text[m.end() :]
        if (
            rest
            and "?" not in rest
            and not rest.startswith("-")
            and not (p.question_start.match(rest))
        ):
            q["question"], q["assessment"] = text[: m.start() + 1], rest
            return


def _finish(q: dict[str, Any], p: Patterns) -> dict[str, Any]:
    """Normalise a question row and read its Ja / Delvis / Nej answer."""
    assessment = re.sub(r"\s+", " ", q["assessment"]).strip()
    m = p.answer.match(fold(assessment))
    return {
        "question": re.sub(r"\s+", " ", q["question"]).strip(),
        "answer": m.group(1).lower() if m else None,
        "assessment": assessment or None,
        "page": q["page"],
    }
