"""Everything else: documents no kind's evidence claims (common fields only)."""

from __future__ import annotations

from extractors.core.spec import KindSpec

SPEC = KindSpec(
    name="other",
    version="v1",
    description="Any other document: budget instructions, reports, letters.",
    priority=99,
)
