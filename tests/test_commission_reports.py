"""A commission is reported done only by a report paper dated after it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.analysis.follow_through import _settle_commissions
from pipeline.store.db import Store

PLACE = "Exempelby"


def _store(tmp_path: Path, reports: list[tuple[str, str]]) -> Store:
    """Return a database with one commission (decided 2024-03-01, due
    2024-06-30, case KS 2024/7) and a report paper on its case for each
    ``(id, date)``; a paragraph and a meeting of another municipality."""
    store = Store.open(str(tmp_path / "d.db"))
    decided = {"id": "d-beslut", "date": "2024-03-01", "title": "Protokoll"}
    papers = [
        {"id": ident, "date": date, "title": "Redovisning av uppdrag om skolskjuts"}
        for ident, date in reports
    ]
    store.insert(
        "documents",
        [
            dict(p, municipality=PLACE, dnr="KS 2024/7", page_start=1)
            for p in [decided, *papers]
        ],
    )
    store.insert("meetings", [{"id": "m1", "date": "2024-04-01"}])
    store.insert(
        "paragraphs",
        [
            {
                "id": "p1",
                "document_id": "elsewhere",
                "meeting_id": "m1",
                "title": "Redovisning av uppdrag",
                "dnr": "KS 2024/7",
                "page": 1,
            }
        ],
    )
    store.insert(
        "commissions",
        [
            {
                "id": "c1",
                "text": "Kommunstyrelsen får i uppdrag att utreda skolskjutsen.",
                "due": "2024-06-30",
                "document_id": "d-beslut",
                "paragraph_id": None,
                "status": None,
                "status_date": None,
            }
        ],
    )
    return store


@pytest.mark.parametrize(
    ("reports", "expected"),
    [
        (
            [("r-före", "2024-02-01"), ("r-samma", "2024-03-01")],
            ("overdue", "2024-06-30", None),
        ),
        (
            [("r-före", "2024-02-01"), ("r-efter", "2024-05-02")],
            ("reported", "2024-05-02", "r-efter"),
        ),
        (
            [("r-senare", "2024-08-01"), ("r-efter", "2024-05-02")],
            ("reported", "2024-05-02", "r-efter"),
        ),
    ],
)
def test_only_a_report_after_the_decision_reports_it(
    tmp_path: Path,
    reports: list[tuple[str, str]],
    expected: tuple[str, str, str | None],
) -> None:
    """A report dated before the decision or on its day does not count; the
    first one after it does; with none the commission is overdue."""
    store = _store(tmp_path, reports)
    _settle_commissions(store, PLACE, [], "2024-12-31")
    status = store.query("select status, status_date from commissions")
    events = store.query("select seq, status, date, document_id from commission_events")
    store.close()
    assert [(r["status"], r["status_date"]) for r in status] == [expected[:2]]
    assert [tuple(e.values()) for e in events] == [(0, *expected)]
