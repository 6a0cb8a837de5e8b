"""Political parties: canonical codes and names, read from ``lexicon/parties.toml``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from extractors.lexicon import load


def party_names(lexicon: Mapping[str, Any]) -> dict[str, str]:
    """Return code → name for every party, former codes after the current one."""
    names: dict[str, str] = {}
    for party in lexicon["party"]:
        for code in (party["code"], *party.get("former", ())):
            names[code] = party["name"]
    return names


def party_aliases(lexicon: Mapping[str, Any]) -> dict[str, str]:
    """Return printed spelling → code for the former codes and aliases."""
    return {
        alias: party["code"]
        for party in lexicon["party"]
        for alias in (*party.get("former", ()), *party.get("aliases", ()))
    }


#: Party code → name ("S" → "Socialdemokraterna"), former codes included.
PARTIES = party_names(load("parties"))
_PARTY_ALIASES = party_aliases(load("parties"))


def normalise_party(code: str, lexicon: Mapping[str, Any] | None = None) -> str:
    """Return the canonical party code (``"Fp"`` → ``"L"``, ``"mp"`` → ``"MP"``)."""
    aliases = _PARTY_ALIASES if lexicon is None else party_aliases(lexicon)
    code = code.strip().strip("()")
    return aliases.get(code, code.upper() if len(code) <= 3 else code)


def party_list(text: str, lexicon: Mapping[str, Any] | None = None) -> list[str]:
    """Return the parties of a line that only names parties, else ``[]``.

    "Demokraterna, Moderaterna," and "M, D, L och KD" are party lists (names
    as printed; at least one a party of ``parties.toml``); "Kommunstyrelsen"
    and "KS" are not. What counts as a party name and
    what joins two is ``[party_list]`` in ``lexicon/labels.toml``.
    """
    data = (lexicon or load("labels"))["party_list"]
    joins = "|".join(re.escape(j) for j in data["joins"])
    parts = [p for p in re.split(rf",|\s+(?:{joins})\s+", text.strip()) if p.strip()]
    known = {name.lower() for name in PARTIES.values()} | {
        code.lower() for code in PARTIES
    }
    words = [part.strip(" .;:") for part in parts]
    if not any(word.lower() in known for word in words):
        return []  # "Protokoll KS": a body's short name, not a party
    for word in words:
        code = word.isupper() and word.isalpha() and len(word) <= data["code_length"]
        named = word[:1].isupper() and word.lower().endswith(tuple(data["endings"]))
        if " " in word or not (word.lower() in known or code or named):
            return []
    return words
