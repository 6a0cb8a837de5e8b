"""Text helpers: OCR folding, OCR-tolerant phrase patterns, PDF text clean-up."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Characters OCR engines produce in place of å, ä and ö (seen in seed 004:
#: "6versyn" for översyn, "Gtgdrder" for åtgärder, "drendet" for ärendet,
#: "bestéllare" for beställare).
_LOOKALIKES = {
    "å": "åaàáâäeédgG6",
    "ä": "äaàáâåeédgiG6",
    "ö": "öoòóô0eé6",
}


class _Marks(dict[int, int | None]):
    """``str.translate`` table that drops combining marks, filled as it is used."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _Marks()


def fold(text: str) -> str:
    """Return ``text`` lower-cased with diacritics removed (å→a, ä→a, ö→o, é→e)."""
    lowered = text.lower()
    if lowered.isascii():  # nothing to decompose (most words)
        return lowered
    return unicodedata.normalize("NFKD", lowered).translate(_MARKS)


@lru_cache(maxsize=512)
def ocr_regex(phrase: str) -> re.Pattern[str]:
    """Compile ``phrase`` so that it also matches OCR-damaged å/ä/ö and line wraps.

    ``ocr_regex("förslag till beslut")`` matches "Forslag till beslut" and
    "Förslag  till\\nbeslut"; letters without diacritics must match exactly
    (case-insensitively), so the pattern stays precise.
    """
    parts = []
    for char in phrase.lower():
        if char in _LOOKALIKES:
            parts.append("[" + re.escape(_LOOKALIKES[char]) + "]")
        elif char == " ":
            parts.append(r"\s+")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE)


def clean_text(text: str) -> str:
    """Normalise extracted PDF text: line endings, soft hyphens, odd spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # pdfium marks a hyphen it broke a word at with U+FFFE or U+00AD.
    text = re.sub("[\ufffe\u00ad]\n?", "", text)
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\t", " ")
    text = text.replace("\x0c", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n"))
