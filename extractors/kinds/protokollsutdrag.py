"""Protokollsutdrag: an extract of one or a few paragraphs of a protocol.

An extract ("Utdrag ur protokoll", "Protokollsutdrag") is read exactly like
the protocol it comes from (:mod:`extractors.kinds.protokoll`): the same
paragraph, proposal, vote and decision parsers fill the same tables. It is
a kind of its own so that segmentation and classification can tell it from
full minutes (it travels inside case bundles, after the papers it
decided on), and ``documents.extractor`` records which it was. The record
contract knows extracts as protocols, so ``documents.kind`` stores
``"protokoll"`` (:attr:`KindSpec.stored_as`).
"""

from __future__ import annotations

from extractors.core.spec import KindSpec
from extractors.kinds import protokoll

NAME = "protokollsutdrag"
VERSION = "v1"

SPEC = KindSpec(
    name=NAME,
    version=VERSION,
    description="Protokollsutdrag: an extract of one or a few § of a protocol.",
    labels=(
        "protokollsutdrag",
        "utdrag ur protokoll",
        "utdrag ur sammanträdesprotokoll",
        "protokoll (utdrag)",
    ),
    keywords=(("utdragsbestyrkande", 3), ("rätt utdraget intygar", 3)),
    priority=3,
    tables=protokoll.TABLES,
    extract=protokoll.extract,
    meeting_paper=protokoll.SPEC.meeting_paper,
    dated_by_meeting=True,
    stored_as=protokoll.NAME,
)
