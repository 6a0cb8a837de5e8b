"""Revisionsskrivelser: the auditors' cover letters (missiv) asking for answers."""

from __future__ import annotations

from extractors.core.spec import KindSpec
from extractors.parts import audit

NAME = "revisionsskrivelse"
VERSION = "v3"

SPEC = KindSpec(
    name=NAME,
    version=VERSION,
    description="Revisionsskrivelse or missiv: the auditors' cover letter.",
    labels=("revisionsskrivelse", "revisionskrivelse", "missiv"),
    keywords=(
        ("svar emottas", 4),
        ("synpunkter på", 1),
        ("missiv", 3),
        ("för kännedom", 2),
        ("revisorerna har avslutat", 3),
    ),
    priority=0,
    dated_by_dateline=True,
    tables=audit.TABLES,
    extract=audit.extract,
)
