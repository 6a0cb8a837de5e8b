"""Revisionsberättelser: the auditors' statement on discharge (ansvarsfrihet).

Each year the auditors tell the council whether they recommend discharge
for the board and committees ("Vi tillstyrker att kommunfullmäktige beviljar
ledamöterna i styrelse och nämnder ansvarsfrihet") and which bodies get a
remark ("Anmärkning har riktats mot grundskolenämnden"). One row per body:
its discharge and its remark, if any. The phrasings are in
``lexicon/opinions.toml``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from extractors.core.spec import KindSpec
from extractors.core.tables import Rows, Source, Table
from extractors.lang.nlp import join_lines
from extractors.lang.phrases import phrase_regex
from extractors.lexicon import load

NAME = "revisionsberattelse"
VERSION = "v2"

AUDIT_OPINIONS = Table(
    "audit_opinions",
    {
        "id": str,
        "body": str,
        "discharge": str,
        "remark": str,
        "text": str,
        "page": int,
    },
)
TABLES = (AUDIT_OPINIONS,)

#: A body's name: words up to the end of the clause (a period, a comma, or
#: "för"/"som"/"avseende" starting what the sentence says of it).
_BODY = (
    r"(?P<body>[\wåäöÅÄÖ\- ]{3,80}?)"
    r"(?=\s*(?:[.,;:]|$)|\s+(?:för|som|avseende|ansvarsfrihet|beviljas)\b)"
)


@cache
def _patterns(kind: str) -> list[tuple[re.Pattern[str], str]]:
    """Return ``(pattern, value)`` for the ``discharge`` or ``remark`` entries."""
    return [
        (
            re.compile(phrase_regex(e["text"], {"body": _BODY}), re.IGNORECASE),
            e[kind],
        )
        for e in load("opinions")[kind]
    ]


def extract(source: Source) -> Rows:
    """Return one opinion per body named: its discharge and its remark."""
    opinions: dict[str, dict[str, Any]] = {}
    blanket: str | None = None
    for page, text in _sentences(source.lines):
        for pattern, discharge in _patterns("discharge"):
            for m in pattern.finditer(text):
                row = _opinion(opinions, m.group("body"), page, text)
                row["discharge"] = discharge
                blanket = blanket or discharge
        for pattern, remark in _patterns("remark"):
            for m in pattern.finditer(text):
                _opinion(opinions, m.group("body"), page, text)["remark"] = remark
    rows = list(opinions.values())
    for n, row in enumerate(rows):
        row["id"] = f"o{n}"
        row["discharge"] = row["discharge"] or blanket
    return {"audit_opinions": rows}


def _opinion(
    opinions: dict[str, dict[str, Any]], body: str, page: int, text: str
) -> dict[str, Any]:
    """Return the opinion row of ``body``, made on first mention."""
    name = " ".join(body.split()).strip(" .,")
    key = name.lower()
    if key not in opinions:
        opinions[key] = {
            "body": name,
            "discharge": None,
            "remark": None,
            "text": text[:500],
            "page": page,
        }
    return opinions[key]


def _sentences(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Return the document's sentences with the page each starts on."""
    out: list[tuple[int, str]] = []
    buffer: list[str] = []
    start = lines[0][0] if lines else 1
    for page, text in lines:
        if not buffer:
            start = page
        buffer.append(text)
        if text.rstrip().endswith((".", ":")):
            out.append((start, join_lines("\n".join(buffer))))
            buffer = []
    if buffer:
        out.append((start, join_lines("\n".join(buffer))))
    return out


SPEC = KindSpec(
    name=NAME,
    version=VERSION,
    description="Revisionsberättelse: the auditors' statement on discharge.",
    labels=("revisionsberättelse",),
    keywords=(("revisionsberättelse", 3), ("ansvarsfrihet", 2), ("tillstyrker", 2)),
    priority=2,
    tables=TABLES,
    extract=extract,
    dated_by_dateline=True,
)
