"""The papers of one audit in one file, told as one audit report.

A file often carries an audit's cover letter (missiv) with its report or
summary. Each paper's extractor reads an ``audit_reports`` row; this module
folds the rows of one audit into the report's own: what the report lacks
(number, reply deadline, addressee) is taken from the other papers, and
their questions and recommendation mentions point at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from extractors.core.tables import Rows
from extractors.lang.recipients import split_recipients
from extractors.lang.text import fold
from extractors.parts.audit import OFFICES

#: Fields of the report row filled from the other papers when it lacks them.
FILLED = ("number", "year", "title", "auditee", "date", "reply_due", "dnr")
#: Kinds whose papers are not the audit itself (a follow-up assesses earlier ones).
APART = frozenset({"uppfoljning"})


@dataclass
class Paper:
    """One document of a file that read an audit report row."""

    id: str
    """The document's id (:attr:`Document.id`), also in the database."""
    kind: str
    """The document's kind (``revisionsrapport``, ``revisionsskrivelse``)."""
    rows: Rows
    """The document's extracted rows, changed in place."""


def merge_papers(papers: list[Paper]) -> None:
    """Fold the report rows of each audit's papers into one, in place.

    Papers belong to one audit unless their report numbers differ.
    """
    for group in _audits([p for p in papers if _report(p) and p.kind not in APART]):
        if len(group) < 2:
            continue
        main = min(group, key=lambda p: _rank(p, group))
        report = _report(main)
        assert report is not None
        for other in group:
            if other is not main:
                _fold(report, main.id, other)


def _report(paper: Paper) -> dict[str, Any] | None:
    """Return the paper's audit report row, if it has one."""
    rows = paper.rows.get("audit_reports") or []
    return rows[0] if len(rows) == 1 else None


def _audits(papers: list[Paper]) -> list[list[Paper]]:
    """Group papers in file order; a paper joins the first group it agrees with."""
    groups: list[list[Paper]] = []
    for paper in papers:
        number = (_report(paper) or {}).get("number")
        home = next(
            (g for g in groups if not number or _number_of(g) in (None, number)),
            None,
        )
        if home is None:
            groups.append([paper])
        else:
            home.append(paper)
    return groups


def _number_of(group: list[Paper]) -> str | None:
    """Return the report number some paper of ``group`` prints."""
    return next((n for p in group if (n := (_report(p) or {}).get("number"))), None)


def _rank(paper: Paper, group: list[Paper]) -> tuple[bool, bool, int]:
    """Order the papers: the auditors' report first, numbered, then file order."""
    report = _report(paper) or {}
    return (
        paper.kind != "revisionsrapport",
        not report.get("number"),
        group.index(paper),
    )


def _names_more(wider: str | None, narrower: str | None) -> bool:
    """Return True when ``wider`` names every body of ``narrower``, and more."""
    if not wider or not narrower:
        return False
    big = {fold(n) for n in split_recipients(wider)}
    small = {fold(n) for n in split_recipients(narrower)}
    return bool(small) and small < big


def _fold(report: dict[str, Any], report_doc: str, other: Paper) -> None:
    """Fill ``report`` from ``other``'s row, drop that row, re-point its children."""
    row = _report(other)
    assert row is not None
    for field in FILLED:
        if not report.get(field) and row.get(field):
            report[field] = row[field]
    if _names_more(row.get("auditee"), report.get("auditee")):
        report["auditee"] = row["auditee"]
    firm, own = row.get("firm"), report.get("firm")
    if firm and (not own or (own in OFFICES and firm not in OFFICES)):
        report["firm"] = firm
    local = row["id"]
    other.rows["audit_reports"] = []
    for table in ("audit_questions", "recommendation_mentions"):
        for child in other.rows.get(table, []):
            if child.get("report_id") == local:
                child["report_id"] = f"{report_doc}/{report['id']}"
