"""Document ids derived from what a document says, not from the file's bytes.

A PDF saved again, signed, or stripped of its metadata has other bytes but
the same documents; corrections made with ``diarium track set`` must follow
them. So a document's id is made of its kind, date and case number (or
body) as printed, and a short digest of those with its title (or its first
lines, when it has none)::

    protokoll_2024-04-02_kommunstyrelsen_b779d4
    tjansteskrivelse_2024-02-20_an-2023-118_61edaa
    revisionsrapport_revisorerna_461a94

Two documents of one file with the same id are told apart by their order
in the file (``…_2`` for the second). Record ids are the document id and
the extractor's own local id (``…/p12`` for § 12). Ids hold only
``[a-z0-9_-]``, which Datasette puts in row URLs unescaped.
"""

from __future__ import annotations

import hashlib
import re

from extractors.core.models import Document, Line
from extractors.lang.text import fold

#: Longest readable label (case number or body) inside an id.
LABEL_CHARS = 32
#: Hex digits of the content digest at the end of an id.
DIGEST_CHARS = 6
#: Body lines hashed in place of a missing title.
FIRST_LINES = 3


def assign_ids(documents: list[Document]) -> None:
    """Set the id of every document of one file, unique within the file.

    The municipality is left out on purpose: it may come from a setting
    (``--municipality``, ``diarium.toml``) or a letterhead, and changing
    either must not change the ids. The same document in two municipalities'
    files is told apart when loaded (:mod:`pipeline.store.ids`).
    """
    seen: dict[str, int] = {}
    for doc in documents:
        key = document_key(doc)
        seen[key] = seen.get(key, 0) + 1
        doc.id = key if seen[key] == 1 else f"{key}_{seen[key]}"


def document_key(doc: Document) -> str:
    """Return the id ``doc`` has when no other document of its file shares it."""
    label = slug(doc.dnr) if doc.dnr else slug(doc.organ)
    parts = [slug(doc.kind), doc.date or "", label, _digest(doc)]
    return "_".join(part for part in parts if part)


def slug(text: str | None, limit: int = LABEL_CHARS) -> str:
    """Return ``text`` folded to ``[a-z0-9-]``, cut at a word within ``limit``."""
    words = re.findall(r"[a-z0-9]+", fold(text or ""))
    out = ""
    for word in words:
        longer = f"{out}-{word}" if out else word
        if len(longer) > limit:
            break
        out = longer
    return out or (words[0][:limit] if words else "")


def file_digest(text: str) -> str:
    """Return a short digest of ``text`` (a path), for ids held by two files."""
    return hashlib.sha256(text.encode("utf-8", "backslashreplace")).hexdigest()[
        :DIGEST_CHARS
    ]


def _digest(doc: Document) -> str:
    """Return a short digest of the fields that make ``doc`` this document."""
    heading = doc.title or "\n".join(_first_lines(doc.lines, FIRST_LINES))
    fields = (doc.kind, doc.date, doc.organ, doc.dnr, heading)
    text = "\x1f".join(_normal(f) for f in fields)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def _normal(text: str | None) -> str:
    """Return ``text`` folded with its whitespace collapsed."""
    return " ".join(fold(text or "").split())


def _first_lines(lines: list[Line], count: int) -> list[str]:
    """Return the first ``count`` non-blank line texts."""
    return [line.text.strip() for line in lines if line.text.strip()][:count]
