"""Political parties: canonical codes and names, read from ``lexicon/parties.toml``."""

from __future__ import annotations

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
