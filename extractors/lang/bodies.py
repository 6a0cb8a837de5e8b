"""Municipal bodies (committees, boards, auditors) in canonical form."""

from __future__ import annotations

import re

#: Body names (and their genitive and short forms) → canonical body name.
BODIES = {
    "kommunfullmäktige": "Kommunfullmäktige",
    "kommunstyrelsen": "Kommunstyrelsen",
    "socialnämnden": "Socialnämnden",
    "äldreomsorgsnämnden": "Äldreomsorgsnämnden",
    "äldrenämnden": "Äldrenämnden",
    "omsorgsnämnden": "Omsorgsnämnden",
    "barn- och utbildningsnämnden": "Barn- och utbildningsnämnden",
    "utbildningsnämnden": "Utbildningsnämnden",
    "grundskolenämnden": "Grundskolenämnden",
    "byggnadsnämnden": "Byggnadsnämnden",
    "kultur- och fritidsnämnden": "Kultur- och fritidsnämnden",
    "miljö- och hälsoskyddsnämnden": "Miljö- och hälsoskyddsnämnden",
    "revisorerna": "Revisorerna",
    "stadsrevisionen": "Revisorerna",
    "kommunrevisionen": "Revisorerna",
}
_BODY_RE = re.compile(
    r"\b("
    + "|".join(sorted((re.escape(b) for b in BODIES), key=len, reverse=True))
    + r")s?\b",
    re.IGNORECASE,
)
#: Any committee name: "…nämnden", "…nämnd", plus the fixed bodies above.
_NAMND_RE = re.compile(
    r"\b([A-ZÅÄÖ][a-zåäö-]+(?: och [a-zåäö-]+)?nämnd(?:en)?"
    r"|[A-ZÅÄÖ][a-zåäö]+a nämnden)\b"
)


def find_body(text: str) -> str | None:
    """Return the first body named in ``text`` in canonical form, or None."""
    m = _BODY_RE.search(text)
    if m:
        return BODIES[m.group(1).lower()]
    m = _NAMND_RE.search(text)
    if m:
        name = m.group(1)
        return name if name.endswith("en") else name + "en"
    return None
