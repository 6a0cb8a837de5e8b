"""Revisionsrapporter: audit reports, report summaries (rapportsammandrag) and
annual summaries of the year's granskningar (årsredogörelse)."""

from __future__ import annotations

from extractors.core.spec import KindSpec
from extractors.parts import audit

NAME = "revisionsrapport"
VERSION = "v3"

SPEC = KindSpec(
    name=NAME,
    version=VERSION,
    description="Revisionsrapport or rapportsammandrag: an audit's findings.",
    labels=("revisionsrapport", "granskningsrapport", "rapportsammandrag"),
    keywords=(
        ("revisionsfråg", 3),
        ("rekommenderar vi", 3),
        ("granskning", 1),
        ("revisorerna", 1),
        ("sammanfattande bedömning", 3),
        ("revisionskriterier", 3),
        ("rekommendationer", 2),
        ("rapportsammandrag", 3),
        ("stadsrevisionen", 2),
        ("syftet med granskningen", 2),
        ("granskningens syfte", 2),
        ("årsredogörelse", 3),
        ("revisorernas redogörelse", 3),
        ("granskningar under året", 3),
        ("läs mer om granskningen", 2),
    ),
    priority=9,
    own_title=audit.report_title,
    tables=audit.TABLES,
    extract=audit.extract,
)
