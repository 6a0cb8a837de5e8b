"""Classify stage: which kind of document a text is, and which lines announce one.

Two kinds of evidence, both tolerant of OCR damage (see
:func:`extractors.swedish.ocr_regex`):

* **labels** — a line that names the document's kind ("TJÄNSTESKRIVELSE",
  "Kallelse/föredragningslista", "Motion", "§ 94 …"). Segmentation uses them
  as document boundaries;
* **keywords** — phrases typical of a kind anywhere in the text ("Förslag till
  beslut", "rekommenderar vi", "Svar emottas senast"), scored to decide the
  kind when no label settles it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.swedish import ocr_regex

from .furniture import shape

KINDS = (
    "kallelse",
    "protokoll",
    "motion",
    "interpellation",
    "tjansteskrivelse",
    "yttrande",
    "revisionsrapport",
    "revisionsskrivelse",
    "uppfoljning",
    "plan",
    "other",
)

#: Kind labels, most specific first. A label line starts with one of these.
LABELS: tuple[tuple[str, str], ...] = (
    ("kallelse", "kallelse och föredragningslista"),
    ("kallelse", "kallelse/föredragningslista"),
    ("kallelse", "kallelse"),
    ("kallelse", "föredragningslista"),
    ("kallelse", "dagordning"),
    ("protokoll", "protokollsutdrag"),
    ("protokoll", "utdrag ur protokoll"),
    ("protokoll", "sammanträdesprotokoll"),
    ("protokoll", "protokoll"),
    ("interpellation", "interpellation"),
    ("interpellation", "enkel fråga"),
    ("motion", "motion"),
    ("tjansteskrivelse", "tjänsteskrivelse"),
    ("tjansteskrivelse", "tjänsteutlåtande"),
    ("tjansteskrivelse", "tjänsteutlatande"),
    ("yttrande", "förslag till yttrande"),
    ("yttrande", "yttrande"),
    ("yttrande", "remissvar"),
    ("yttrande", "svar på motion"),
    ("yttrande", "svar på interpellation"),
    ("revisionsskrivelse", "revisionsskrivelse"),
    ("revisionsskrivelse", "revisionskrivelse"),
    ("revisionsskrivelse", "missiv"),
    ("uppfoljning", "uppföljande granskning"),
    ("uppfoljning", "uppföljning av tidigare granskningar"),
    ("uppfoljning", "årlig uppföljning"),
    ("revisionsrapport", "revisionsrapport"),
    ("revisionsrapport", "granskningsrapport"),
    ("revisionsrapport", "rapportsammandrag"),
    ("plan", "uppföljningsplan"),
)

#: Words that may follow a label on a label line: dates, numbers, form words.
_LABEL_TAIL = re.compile(
    r"^[\s,:;.|/–—\-]*(?:(?:förslag|utkast|nr|sammanträdesdatum|datum|dnr|underrättelse|"
    r"till|handläggare|utfärdat|\d[\d\-/.: ]*)[\s,:;.|/–—\-]*)*$",
    re.IGNORECASE,
)
#: ``§ 94``, ``§ 94 Svar på motion …`` — a protocol paragraph heading.
PARAGRAPH_LINE = re.compile(r"^§\s*\d{1,4}\b(?!\s*(?:och|,|-|–)\s*\d)")


def label_of(line: str) -> tuple[str, bool] | None:
    """Return ``(kind, strong)`` when ``line`` starts with a kind label.

    A strong label stands alone on its line (perhaps with a date or number);
    a weak one opens a subject line ("Motion om fler laddstolpar").
    """
    text = line.strip()
    if not text or len(text) > 160 or not (text[0].isupper() or text[0] == "§"):
        return None
    if PARAGRAPH_LINE.match(text):
        return "protokoll", False
    for kind, label in LABELS:
        m = _label_regex(label).match(text)
        if m:
            tail = text[m.end() :]
            if tail and tail[0].isalpha():
                continue  # "Motionen", "Protokollet": another word
            return kind, bool(_LABEL_TAIL.match(tail))
    return None


@lru_cache(maxsize=64)
def _label_regex(label: str) -> re.Pattern[str]:
    """Compile a label to match at the start of a line, OCR-tolerantly."""
    return re.compile(ocr_regex(label).pattern, re.IGNORECASE)


def label_shapes() -> frozenset[str]:
    """Return the furniture shapes of bare labels (never stripped as furniture)."""
    return frozenset(shape(label) for _, label in LABELS)


#: Keyword evidence per kind: (phrase, weight).
KEYWORDS: dict[str, tuple[tuple[str, int], ...]] = {
    "kallelse": (
        ("informationsärenden", 3),
        ("beslutsärenden", 3),
        ("föredragningslista", 3),
        ("kallelse", 2),
        ("ärenden", 1),
        ("upprop", 2),
    ),
    "protokoll": (
        ("justerare", 2),
        ("beslutande", 2),
        ("propositionsordning", 2),
        ("justerandes signum", 2),
        ("yrkanden", 1),
        ("reservation", 1),
        ("protokollsutdrag", 2),
        ("sammanträdesdatum", 1),
        ("omröstning", 1),
    ),
    "motion": (
        ("motion", 1),
        ("föreslår", 1),
        ("yrkar", 1),
        ("fullmäktige-grupp", 1),
        ("kommunfullmäktige ger", 2),
        ("föreslår vi", 2),
    ),
    "interpellation": (("interpellation", 3), ("ställa följande fråg", 3)),
    "tjansteskrivelse": (
        ("förslag till beslut", 3),
        ("förslag till … beslut", 3),
        ("sammanfattning av ärendet", 2),
        ("beslutet skickas till", 2),
        ("beslutsunderlag", 2),
        ("ärendet", 1),
        ("handläggare", 2),
        ("bedömning", 1),
        ("tjänsteskrivelse", 2),
        ("tjänsteutlåtande", 2),
        ("ekonomiska konsekvenser", 2),
        ("förvaltningens förslag", 2),
    ),
    "yttrande": (("yttrande", 2), ("yttrande över", 3), ("remissvar", 3)),
    "revisionsrapport": (
        ("revisionsfråg", 3),
        ("rekommenderar vi", 3),
        ("granskning", 1),
        ("revisorerna", 1),
        ("sammanfattande bedömning", 3),
        ("revisionskriterier", 3),
        ("rekommendationer", 2),
        ("rapportsammandrag", 3),
        ("stadsrevisionen", 2),
        ("syftet med granskningen", 2),
        ("granskningens syfte", 2),
    ),
    "revisionsskrivelse": (
        ("svar emottas", 4),
        ("synpunkter på", 1),
        ("missiv", 3),
        ("för kännedom", 2),
        ("revisorerna har avslutat", 3),
    ),
    "uppfoljning": (
        ("uppföljande granskning", 4),
        ("ej åtgärdad", 3),
        ("delvis åtgärdad", 3),
        ("åtgärdad", 1),
        ("vidtagna åtgärder", 2),
    ),
    "plan": (
        ("uppföljningsplan", 3),
        ("planperiod", 2),
        ("plan för", 1),
        ("innehållsförteckning", 1),
        ("följs upp", 1),
    ),
}
#: Below this score the document is "other".
MIN_SCORE = 6


def keyword_scores(text: str) -> dict[str, int]:
    """Score ``text`` for every kind by weighted keyword hits (capped per phrase)."""
    scores = {}
    for kind, phrases in KEYWORDS.items():
        total = 0
        for phrase, weight in phrases:
            hits = len(_keyword_regex(phrase).findall(text))
            total += weight * min(hits, 3)
        scores[kind] = total
    return scores


@lru_cache(maxsize=256)
def _keyword_regex(phrase: str) -> re.Pattern[str]:
    """Compile a keyword phrase; "…" stands for one optional word."""
    parts = [ocr_regex(part.strip()).pattern for part in phrase.split("…")]
    return re.compile(r"\s+(?:\S+\s+)?".join(parts), re.IGNORECASE)


def classify(text: str, labels: list[tuple[str, bool]]) -> str:
    """Return the kind of a document from its header labels and its text.

    A strong label in the document's header settles the kind; otherwise a weak
    label, if the text does not speak clearly for another kind; otherwise the
    best keyword score, or ``"other"`` below :data:`MIN_SCORE`.
    """
    strong = [kind for kind, is_strong in labels if is_strong]
    # A "Missiv till …" heading makes a cover letter of a paper printed on a
    # report's letterhead ("Rapportsammandrag").
    strong += [k for k, is_strong in labels if k == "revisionsskrivelse"]
    if strong:
        return _most_specific(strong)
    scores = keyword_scores(text)
    weak = [kind for kind, _ in labels]
    if weak:
        return _most_specific(weak)
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < MIN_SCORE:
        return "other"
    return best


_SPECIFIC_FIRST = (
    "revisionsskrivelse",
    "uppfoljning",
    "kallelse",
    "protokoll",
    "tjansteskrivelse",
    "yttrande",
    "motion",
    "interpellation",
    "revisionsrapport",
    "plan",
)


def _most_specific(kinds: list[str]) -> str:
    """Return the most specific of several labelled kinds."""
    return min(kinds, key=_SPECIFIC_FIRST.index)
