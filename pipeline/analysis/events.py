"""Events: each step of a recommendation's or commission's history, with its source.

An event cites the document and page of its evidence (an answer, a follow-up
row, a report) or none (a passed deadline, a person's correction).
"""

from __future__ import annotations

from typing import Any


def event(
    owner: str,
    date: str | None,
    status: str,
    text: str,
    source: str,
    cited: dict[str, Any] | None = None,
    agrees: int | None = None,
    key: str = "recommendation_id",
    score: float | None = None,
) -> dict[str, Any]:
    """Return an event of ``owner`` (its column ``key``) citing ``cited``'s page."""
    event = {
        key: owner,
        "date": date,
        "status": status,
        "document_id": cited["document_id"] if cited else None,
        "page": cited["page"] if cited else None,
        "text": text,
        "agrees": agrees,
        "source": source,
        "score": score,
    }
    if key != "recommendation_id":
        del event["agrees"]  # only an answer agrees with a recommendation
        del event["score"]  # only a follow-up row is matched by its wording
    return event
