"""Political parties: canonical codes and names."""

from __future__ import annotations

PARTIES = {
    "S": "Socialdemokraterna",
    "M": "Moderaterna",
    "SD": "Sverigedemokraterna",
    "C": "Centerpartiet",
    "V": "Vänsterpartiet",
    "KD": "Kristdemokraterna",
    "L": "Liberalerna",
    "FP": "Liberalerna",
    "MP": "Miljöpartiet",
}
_PARTY_ALIASES = {"FP": "L", "Fp": "L", "Mp": "MP", "Kd": "KD", "Sd": "SD"}


def normalise_party(code: str) -> str:
    """Return the canonical party code (``"Fp"`` → ``"L"``, ``"mp"`` → ``"MP"``)."""
    code = code.strip().strip("()")
    return _PARTY_ALIASES.get(code, code.upper() if len(code) <= 3 else code)
