"""Case-number mentions of a file's documents, prefixes filled in within the file."""

from __future__ import annotations

from extractors.core.models import DnrMention, Document
from extractors.lang.dnr import find_dnrs, format_dnr


def mentions_of(documents: list[Document]) -> list[DnrMention]:
    """Return every case-number mention, with the page it stands on."""
    mentions = []
    for doc in documents:
        for line in doc.lines:
            for dnr in find_dnrs(line.text):
                mentions.append(
                    DnrMention(
                        doc.index,
                        dnr.key,
                        dnr.raw,
                        line.page,
                        dnr.prefix,
                        dnr.year,
                        dnr.serial,
                    )
                )
    return mentions


def resolve_prefixes(mentions: list[DnrMention]) -> list[DnrMention]:
    """Give prefix-less mentions the prefix printed elsewhere in the same file.

    A stamp "Dnr: 17/063" on an attachment filed by the elderly-care committee
    is the same case as "ÄON 2017/063" in the covering paper. When one
    (year, serial) pair carries exactly one prefix in the file, it is used.
    """
    prefixes: dict[tuple[int, int], set[str]] = {}
    for m in mentions:
        if m.prefix:
            prefixes.setdefault((m.year, m.serial), set()).add(m.prefix)
    resolved = []
    for m in mentions:
        known = prefixes.get((m.year, m.serial), set())
        if m.prefix is None and len(known) == 1:
            prefix = next(iter(known))
            m = DnrMention(
                m.document_index,
                format_dnr(prefix, m.year, m.serial),
                m.raw,
                m.page,
                prefix,
                m.year,
                m.serial,
            )
        resolved.append(m)
    return resolved
