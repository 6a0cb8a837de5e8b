"""Audit reports, cover letters and follow-ups: questions and recommendations.

Recommendations are written two ways: a lead-in ("Utifrån granskningen
rekommenderar vi äldreomsorgsnämnden att:", "Följande rekommendationer
lämnas:") followed by bullet points, or one sentence each ("Nämnderna
rekommenderas att säkerställa …"). Every occurrence is kept as a mention with
its page; :mod:`pipeline.link` merges the repeats into one recommendation.
"""

from __future__ import annotations

import re
from typing import Any

from extractors.core.tables import Rows, Source, Table
from extractors.lang.bodies import find_body
from extractors.lang.dates import find_dates
from extractors.lang.dnr import find_dnrs
from extractors.lang.text import fold

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

FIRMS = (
    "EY",
    "PwC",
    "KPMG",
    "Deloitte",
    "Grant Thornton",
    "BDO",
    "Stadsrevisionen",
    "Revisionskontoret",
)
_REPORT_NUMBER = re.compile(
    r"(?:revisionsrapport|granskningsrapport|rapport)\s+(?:nr\.?\s*)?"
    r"(\d{1,3})\s*[/ ]\s*((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(
    r"(?:rekommenderar\s+(?:vi|revisorerna|revisionen)\s+(.{0,80}?)\s*att\s*:?\s*$"
    r"|(?:vi|revisorerna|revisionen)\s+rekommenderar\s+(.{0,80}?)\s*att\s*:?\s*$"
    r"|rekommendation(?:en|erna)?\s+till\s+(.{0,80}?)\s+(?:är\s+)?att\s*:?\s*$"
    r"|följande\s+rekommendationer(?:\s+lämnas)?(?:\s+till\s+(.{0,60}?))?\s*:\s*$"
    r"|lämnar\s+följande\s+rekommendationer\s*:?\s*$)",
    re.IGNORECASE,
)
_SENTENCE_REC = re.compile(r"^(.{3,80}?)\s+rekommenderas\s+(att\s+.+)$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-•▶►▪*–]\s*|\d{1,2}[.)]\s+)+(.+)$")
_DUE = re.compile(
    r"(?:svar\s+emottas|svar\s+önskas|yttrande\w*\s+(?:senast|.{0,60}senast)|"
    r"senast\s+den|skicka\s+yttrandet.{0,80}?senast)\s*(?:den\s+)?(.{6,30})",
    re.IGNORECASE | re.DOTALL,
)
_QUESTION_START = re.compile(
    r"^(?:<p>)?\s*(?:Har|Hur|Finns|Är|Görs|Kan|Sker|Säkerställer|Vilka|Vad|Bedrivs|"
    r"Följs|Fungerar|Arbetar|Genomförs|Tillämpas|Utförs|Ges)\b"
)
_ANSWER = re.compile(r"^\W*(ja|delvis|nej)\b", re.IGNORECASE)


def extract(source: Source) -> Rows:
    """Return the report, its questions and its recommendation mentions."""
    lines = [(p, _strip_tags(t)) for p, t in source.lines]
    text = "\n".join(t for _, t in lines)
    number = _REPORT_NUMBER.search(text[:3000])
    due = _reply_due(text)
    report = {
        "id": "report",
        "number": f"{number.group(1)}/{number.group(2)}" if number else None,
        "year": int(number.group(2)) if number else None,
        "title": source.title,
        "firm": _firm(text),
        "auditee": _auditee(lines),
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
    found = followups(source.tables) or recommendations(lines)
    for i, rec in enumerate(found, start=1):
        rows["recommendation_mentions"].append(
            {"id": f"m{i}", "report_id": "report", "number": i, **rec}
        )
    questions = _table_questions(source.tables) or text_questions(lines)
    for i, q in enumerate(questions, start=1):
        rows["audit_questions"].append(
            {"id": f"q{i}", "report_id": "report", "number": i, **q}
        )
    return rows


#: Follow-up assessments, most specific first.
ASSESSMENTS: tuple[tuple[str, str], ...] = (
    ("partially_implemented", r"delvis\s+(?:åtgärdad|genomförd|uppfylld)"),
    ("not_implemented", r"(?:ej|inte)\s+(?:åtgärdad|genomförd|påbörjad|uppfylld)"),
    ("implemented", r"åtgärdad|genomförd|uppfylld"),
)


def assessment_of(text: str) -> str | None:
    """Return the follow-up status a cell states ("Delvis åtgärdad" → partially)."""
    for status, pattern in ASSESSMENTS:
        if re.search(pattern, text or "", re.IGNORECASE):
            return status
    return None


def followups(tables: dict[int, list[list[list[str]]]]) -> list[dict[str, Any]]:
    """Return recommendations with their assessment from follow-up tables.

    A follow-up table has a recommendation column and a column judging it
    (Bedömning / Status: Åtgärdad, Delvis åtgärdad, Ej åtgärdad).
    """
    found = []
    for page, page_tables in sorted(tables.items()):
        for table in page_tables:
            header = [fold(c or "") for c in table[0]] if table else []
            rec_col = next(
                (i for i, h in enumerate(header) if "rekommendation" in h), None
            )
            judged = next(
                (i for i, h in enumerate(header) if "bedomning" in h or "status" in h),
                None,
            )
            if rec_col is None or judged is None:
                continue
            for row in table[1:]:
                text = re.sub(r"\s+", " ", row[rec_col] or "").strip()
                status = assessment_of(row[judged] or "")
                if text and status:
                    found.append(
                        {
                            "text": re.sub(r"^\d+[.)]\s*", "", text),
                            "page": page,
                            "auditee": None,
                            "assessment": status,
                        }
                    )
    return found


def _strip_tags(text: str) -> str:
    """Remove HTML paragraph tags left by converters."""
    return re.sub(r"</?p>", " ", text).strip()


def _firm(text: str) -> str | None:
    """Return the audit firm named in the report."""
    for firm in FIRMS:
        if re.search(rf"\b{re.escape(firm)}\b", text):
            return firm
    return None


def _auditee(lines: list[tuple[int, str]]) -> str | None:
    """Return the audited body: the addressee ("Till: …") or the first body named."""
    for _, text in lines[:20]:
        m = re.match(r"^(?:till|missiv till)\s*:?\s*(.+)$", text, re.IGNORECASE)
        if m and find_body(m.group(1)):
            return find_body(m.group(1))
    return None


def _reply_due(text: str) -> str | None:
    """Return the reply deadline ("Svar emottas senast 2018-01-31")."""
    for m in _DUE.finditer(text):
        dates = find_dates(m.group(1).replace("\n", " "))
        if dates:
            return dates[0].iso
    return None


def recommendations(lines: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """Return every recommendation mention: bullets after a lead-in, or sentences."""
    found: list[dict[str, Any]] = []
    auditee: str | None = None
    in_list = False
    for page, text in lines:
        stripped = text.strip()
        lead = _LEAD_IN.search(stripped)
        bullet = _BULLET.match(stripped)
        sentence = _SENTENCE_REC.match(stripped)
        if lead:
            named = next((g for g in lead.groups() if g), None)
            auditee = _as_printed(named) if named else None
            in_list = True
        elif sentence and _is_body(sentence.group(1)):
            found.append(
                {
                    "text": sentence.group(2).strip(),
                    "page": page,
                    "auditee": _as_printed(sentence.group(1)),
                    "assessment": None,
                }
            )
            in_list = False
        elif in_list and bullet and _is_heading(stripped):
            in_list = False
        elif in_list and bullet:
            found.append(
                {
                    "text": bullet.group(1).strip(),
                    "page": page,
                    "auditee": auditee,
                    "assessment": None,
                }
            )
        elif found and _continues(stripped, found[-1]["text"]):
            found[-1]["text"] = f"{found[-1]['text']} {stripped}"
        else:
            in_list = in_list and not stripped
    for rec in found:
        rec["text"] = re.sub(r"\s+", " ", rec["text"]).strip()
    return found


def _is_heading(text: str) -> bool:
    """Return True for a numbered heading ("2. Revisionsfrågor"), not a point."""
    m = re.match(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+([A-ZÅÄÖ].*)$", text)
    if m is None:
        return False
    return len(m.group(1).split()) <= 6 and not text.endswith(".")


def _is_body(text: str) -> bool:
    """Return True when ``text`` names a body ("Nämnderna", "Kommunstyrelsen")."""
    return bool(find_body(text) or re.search(r"nämnd|styrelse", text, re.I))


def _as_printed(text: str) -> str:
    """Return a body name as printed, first letter capitalised."""
    text = re.sub(r"\s+", " ", text).strip(" :,")
    return text[:1].upper() + text[1:]


def _continues(text: str, previous: str) -> bool:
    """Return True when a line carries on the recommendation above it.

    A wrapped recommendation goes on in lower case; a capitalised line after
    an unfinished one is a heading or a new paragraph, not a continuation.
    """
    if not text or _BULLET.match(text) or _LEAD_IN.search(text):
        return False
    unfinished = not previous.rstrip().endswith((".", "!", "?"))
    return unfinished and (text[0].islower() or text[0] in '("”«')


def text_questions(lines: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """Return audit questions written as text: question (ends "?"), then answer."""
    start = next(
        (
            i
            for i, (_, t) in enumerate(lines)
            if re.match(r"^revisionsfråg\w*\s+(svar|bedömning)", t, re.I)
        ),
        None,
    )
    if start is None:
        return []
    found: list[dict[str, Any]] = []
    buffer = ""
    for page, text in lines[start + 1 :]:
        if re.match(r"^\d+(?:\.\d+)*\.?\s+[A-ZÅÄÖ]", text):
            break  # the next numbered heading ends the table
        if _QUESTION_START.match(text) and (
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
        _split_question(current)
    return [_finish(q) for q in found]


def _split_question(q: dict[str, Any]) -> None:
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
            and not (_QUESTION_START.match(rest))
        ):
            q["question"], q["assessment"] = text[: m.start() + 1], rest
            return


def _finish(q: dict[str, Any]) -> dict[str, Any]:
    """Normalise a question row and read its Ja / Delvis / Nej answer."""
    assessment = re.sub(r"\s+", " ", q["assessment"]).strip()
    m = _ANSWER.match(fold(assessment))
    return {
        "question": re.sub(r"\s+", " ", q["question"]).strip(),
        "answer": m.group(1).lower() if m else None,
        "assessment": assessment or None,
        "page": q["page"],
    }


def _table_questions(
    tables: dict[int, list[list[list[str]]]],
) -> list[dict[str, Any]]:
    """Return audit questions from ruled tables (Revisionsfråga | Svar | …)."""
    found = []
    for page, page_tables in sorted(tables.items()):
        for table in page_tables:
            if (
                not table
                or not re.match(r"revisionsfråg", fold(table[0][0] or ""), re.I)
                and "revisionsfrag" not in fold(table[0][0] or "")
            ):
                continue
            for row in table[1:]:
                cells = [c or "" for c in row]
                if not cells[0].strip():
                    continue
                answer = _ANSWER.match(fold(cells[1])) if len(cells) > 1 else None
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
