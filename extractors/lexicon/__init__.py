"""The lexicon: Swedish record conventions as data (TOML files beside this one).

Each ``*.toml`` file here holds one family of conventions (kind labels,
section headings, proposal kinds, vote phrasings, bodies, parties,
municipalities, the layout profile …). Every entry carries an ``example``
line as printed in a real record. Code reads these files through
:func:`load`; a phrasing lives in exactly one file.

This package holds data only: it imports nothing from the rest of diarium.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["digest", "load", "names"]


@cache
def load(name: str) -> dict[str, Any]:
    """Return the parsed lexicon file ``name`` (without ``.toml``)."""
    text = resources.files(__name__).joinpath(f"{name}.toml").read_text("utf-8")
    return tomllib.loads(text)


def names() -> list[str]:
    """Return the names of every lexicon file, sorted."""
    return sorted(
        entry.name.removesuffix(".toml")
        for entry in resources.files(__name__).iterdir()
        if entry.name.endswith(".toml")
    )


def digest() -> str:
    """Return a digest of what every lexicon file says (not how it is written).

    Comments, blank lines and key order do not change it; an entry added,
    removed or changed does.
    """
    content = {name: load(name) for name in names()}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
