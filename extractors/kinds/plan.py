"""Planer: follow-up and activity plans (common fields only so far)."""

from __future__ import annotations

from extractors.core.spec import KindSpec

SPEC = KindSpec(
    name="plan",
    version="v1",
    description="Plan: an uppföljningsplan or other plan for a period.",
    labels=("uppföljningsplan",),
    keywords=(
        ("uppföljningsplan", 3),
        ("planperiod", 2),
        ("plan för", 1),
        ("innehållsförteckning", 1),
        ("följs upp", 1),
    ),
    priority=10,
)
