"""Municipal bodies (committees, boards, auditors) in canonical form.

The names live in ``lexicon/bodies.toml``; :func:`find_body` reads them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from extractors.lexicon import load


def body_names(lexicon: Mapping[str, Any]) -> dict[str, str]:
    """Return every printed form (lower case) → canonical body name."""
    names: dict[str, str] = {}
    for body in lexicon["body"]:
        for form in (body["name"].lower(), *body.get("forms", ())):
            names[form] = body["name"]
    return names


def _body_regex(names: Mapping[str, str]) -> re.Pattern[str]:
    """Return the pattern of any listed form, longest first, genitive allowed."""
    forms = sorted((re.escape(b) for b in names), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(forms) + r")s?\b", re.IGNORECASE)


def _committee_regex(lexicon: Mapping[str, Any]) -> re.Pattern[str]:
    """Return the pattern of any committee name ("Tekniska nämnden")."""
    c = lexicon["committee"]
    noun, definite = re.escape(c["noun"]), re.escape(c["definite"])
    joiner, adjective = re.escape(c["joiner"]), re.escape(c["adjective_ending"])
    return re.compile(
        rf"\b([A-ZÅÄÖ][a-zåäö-]+(?: {joiner} [a-zåäö-]+)?{noun}(?:{definite})?"
        rf"|[A-ZÅÄÖ][a-zåäö]+{adjective} {noun}{definite})\b"
    )


#: Body names (and their other forms, lower case) → canonical body name.
BODIES = body_names(load("bodies"))
_BODY_RE = _body_regex(BODIES)
_NAMND_RE = _committee_regex(load("bodies"))


def find_body(text: str, lexicon: Mapping[str, Any] | None = None) -> str | None:
    """Return the first body named in ``text`` in canonical form, or None."""
    data = load("bodies") if lexicon is None else lexicon
    names = BODIES if lexicon is None else body_names(data)
    m = (_BODY_RE if lexicon is None else _body_regex(names)).search(text)
    if m:
        return names[m.group(1).lower()]
    m = (_NAMND_RE if lexicon is None else _committee_regex(data)).search(text)
    if m:
        name, definite = m.group(1), data["committee"]["definite"]
        return name if name.endswith(definite) else name + definite
    return None
