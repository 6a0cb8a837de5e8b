"""Uppföljningar: follow-up audits assessing earlier recommendations."""

from __future__ import annotations

from extractors.core.spec import KindSpec
from extractors.parts import audit

NAME = "uppfoljning"
VERSION = "v3"

SPEC = KindSpec(
    name=NAME,
    version=VERSION,
    description="Uppföljande granskning: how earlier recommendations were acted on.",
    labels=(
        "uppföljande granskning",
        "uppföljning av tidigare granskningar",
        "årlig uppföljning",
    ),
    keywords=(
        ("uppföljande granskning", 4),
        ("ej åtgärdad", 3),
        ("delvis åtgärdad", 3),
        ("åtgärdad", 1),
        ("vidtagna åtgärder", 2),
        ("delvis genomförd", 3),
        ("ej påbörjad", 3),
        ("tidigare lämnade rekommendationer", 3),
        ("uppföljning av tidigare", 3),
    ),
    priority=1,
    tables=audit.TABLES,
    extract=audit.extract,
)
