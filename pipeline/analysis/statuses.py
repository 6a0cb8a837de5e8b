"""The statuses of an audit recommendation, importable without the analysis."""

from __future__ import annotations

#: Statuses a recommendation can have, in the order of its life.
STATUSES = (
    "open",
    "responded",
    "partially_implemented",
    "implemented",
    "not_implemented",
    "overdue",
)
