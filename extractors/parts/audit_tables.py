"""Audit papers' ruled tables: follow-up and recommendation tables, questions.

A follow-up or action plan lists one recommendation per row, with the body
responsible and its status ("Rekommendation | Ansvarig | Status",
"Rekommendation | Vidtagna åtgärder | Bedömning"); a report may list its
recommendations as "Nr | Rekommendation | Kommentar". Audit questions come
as "Revisionsfråga | Svar | Kommentar". The header words are
``lexicon/audit.toml`` ([followup_table], [questions]).
"""

from __future__ import annotations

import re
from typing import Any

from extractors.lang.text import fold
from extractors.parts.audit_bodies import as_printed
from extractors.parts.audit_phrases import Lexicon, patterns

Tables = dict[int, list[list[list[str]]]]


def assessment_of(text: str, lexicon: Lexicon | None = None) -> str | None:
    """Return the follow-up status a cell states ("Delvis åtgärdad" → partially)."""
    for status, pattern in patterns(lexicon).assessments:
        if re.search(pattern, text or "", re.IGNORECASE):
            return status
    return None


def followups(tables: Tables, lexicon: Lexicon | None = None) -> list[dict[str, Any]]:
    """Return the recommendations of recommendation and follow-up tables.

    A table is one when a header names the recommendation column; a column
    judging it (Bedömning / Status) or commenting on it (Kommentar) gives
    its status, a column naming the body responsible (Ansvarig) its
    recipient. One row per recommendation; in a table with a status column,
    rows stating none are left out (sub-headings, notes).
    """
    p = patterns(lexicon)
    found = []
    for page, page_tables in sorted(tables.items()):
        for table in page_tables:
            header = [fold(c or "") for c in table[0]] if table else []
            rec_col = _column(header, (p.recommendation_column,))
            judged = _column(header, p.assessment_columns)
            comment = _column(header, p.comment_columns)
            if rec_col is None or (judged is None and comment is None):
                continue
            owner = _column(header, p.responsible_columns)
            for row in table[1:]:
                rec = _row(row, rec_col, judged, comment, owner, lexicon)
                if rec is not None and (rec["assessment"] or judged is None):
                    found.append({**rec, "page": page})
    return found


def _column(header: list[str], words: tuple[str, ...]) -> int | None:
    """Return the first column whose folded header holds one of ``words``."""
    return next(
        (i for i, h in enumerate(header) if any(word in h for word in words)), None
    )


def _row(
    row: list[str],
    rec_col: int,
    judged: int | None,
    comment: int | None,
    owner: int | None,
    lexicon: Lexicon | None,
) -> dict[str, Any] | None:
    """Return one table row's recommendation, status and recipient."""

    def cell(i: int | None) -> str:
        return (
            re.sub(r"\s+", " ", row[i] or "").strip()
            if i is not None and i < len(row)
            else ""
        )

    text = re.sub(r"^\d+[.)]?\s+", "", cell(rec_col))
    if not text:
        return None
    status = assessment_of(cell(judged), lexicon) if judged is not None else None
    if status is None and comment is not None:
        status = assessment_of(cell(comment), lexicon)
    body = cell(owner)
    return {
        "text": text,
        "auditee": as_printed(body) if body else None,
        "assessment": status,
    }


def table_questions(
    tables: Tables, lexicon: Lexicon | None = None
) -> list[dict[str, Any]]:
    """Return audit questions from ruled tables (Revisionsfråga | Svar | …)."""
    p = patterns(lexicon)
    found = []
    for page, page_tables in sorted(tables.items()):
        for table in page_tables:
            if not table or p.question_column not in fold(table[0][0] or ""):
                continue
            for row in table[1:]:
                cells = [c or "" for c in row]
                if not cells[0].strip():
                    continue
                answer = p.answer.match(fold(cells[1])) if len(cells) > 1 else None
                assessment = " ".join(c for c in cells[1:] if c).strip()
                found.append(
                    {
                        "question": re.sub(r"\s+", " ", cells[0]).strip(),
                        "answer": answer.group(1).lower() if answer else None,
                        "assessment": re.sub(r"\s+", " ", assessment) or None,
                        "page": page,
                    }
                )
    return found


def labelled_followups(
    lines: list[tuple[int, str]], lexicon: Lexicon | None = None
) -> list[dict[str, Any]]:
    """Return recommendations a follow-up assesses in labelled prose.

    The labels are the table headers': "Rekommendation 2: Ta fram en plan …"
    opens one, "Bedömning: Delvis genomförd." (or the label on a line of its
    own, the status after it) judges it; the status must open the
    assessment, so "Bedömning: Vi bedömer att arbetet …" judges nothing.
    """
    p = patterns(lexicon)
    found: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for i, (page, text) in enumerate(lines):
        label, rest = _label(text)
        if label is not None and p.recommendation_column in label:
            current = {"text": rest, "page": page, "auditee": None, "assessment": None}
            continue
        if current is None:
            continue
        if label is not None and any(w in label for w in p.assessment_columns):
            judged = rest or (lines[i + 1][1] if i + 1 < len(lines) else "")
            status = assessment_of(" ".join(judged.split()[:3]), lexicon)
            if status and current["text"]:
                current["assessment"] = status
                found.append(current)
            current = None
        elif label is None and not current["assessment"] and len(current["text"]) < 400:
            current["text"] = f"{current['text']} {text}".strip()
    return found


def _label(text: str) -> tuple[str | None, str]:
    """Return (folded label, rest) of "Label: rest" or a label alone; else None."""
    m = re.match(
        r"^\s*([^\W\d][\w ]{0,40}?)(?:\s+(?:nr\s*)?\d{1,2})?\s*:\s*(.*)$", text
    )
    if m:
        return fold(m.group(1)), re.sub(r"^\d+[.)]\s*", "", m.group(2).strip())
    if len(text.split()) <= 3 and not re.search(r"[.,;]", text):
        return fold(text.strip()), ""
    return None, ""
