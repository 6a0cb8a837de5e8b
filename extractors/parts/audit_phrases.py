"""The phrasings of audit reports and cover letters, compiled from the lexicon.

``lexicon/audit.toml`` holds the words (lead-ins, deadlines, questions,
answers, assessments, table headers); this module gives them their pattern
shapes. :func:`compile_lexicon` accepts any variant of that file, so a new
phrasing can be tried as data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from extractors.lang.phrases import (
    any_phrase,
    phrase_anchor,
    phrase_letters,
    phrase_regex,
    words_regex,
)
from extractors.lang.text import Anchor, fold
from extractors.lexicon import load

Lexicon = Mapping[str, Any]
"""One parsed lexicon file (``load("audit")`` or a variant of it)."""


@dataclass(frozen=True)
class Patterns:
    """The audit phrasings of one lexicon, compiled."""

    report_number: re.Pattern[str]
    """"Revisionsrapport nr 7/2017": groups number and year."""
    lead_in: re.Pattern[str]
    """A line that opens a list of recommendations; a group names the body."""
    lead_in_plural: re.Pattern[str]
    """The plural word of a lead-in opening a list ("rekommendationer")."""
    recommends: tuple[re.Pattern[str], ...]
    """Clauses up to "att" naming the recipients (group ``recipients``)."""
    recommends_letters: tuple[str, ...]
    """The letters every match of each clause holds (:func:`phrase_letters`)."""
    recommends_that: re.Pattern[str]
    """"Vi rekommenderar att": the recipients follow."""
    recommends_that_letters: tuple[str, ...]
    """The letters of each phrase of ``recommends_that``: a match holds one."""
    filler: re.Pattern[str]
    """An auditors' word or an adverb, dropped from the ends of recipients."""
    audited: re.Pattern[str]
    """A phrase after which the report names the bodies it covers."""
    audited_by: re.Pattern[str]
    """The auditors of named bodies ("lekmannarevisorerna för"); bodies follow."""
    summary_end: re.Pattern[str]
    """A summary section's reference to the full report, ending the section."""
    summary_start: re.Pattern[str]
    """A phrase opening a summary section ("Stadsrevisionen har granskat")."""
    summary_marker: re.Pattern[str]
    """A paper's name for itself as a summary of granskningar."""
    summary_report: re.Pattern[str]
    """The words before the full report's title in a section's reference."""
    given_to: re.Pattern[str]
    """A phrase after which the bodies given recommendations or criticism follow."""
    """The auditors of named bodies ("lekmannarevisorerna för"); bodies follow."""
    due: re.Pattern[str]
    """A reply deadline; the group holds the date."""
    due_anchors: tuple[Anchor, ...]
    """Where a match of ``due`` starts
    (:func:`~extractors.lang.text.anchored_matches`)."""
    source_report: re.Pattern[str]
    """A summary's sentence naming the full report; the group holds its title."""
    question_header: re.Pattern[str]
    """The header line of a table of audit questions."""
    question_column: str
    """The folded header of a ruled question table's first column."""
    question_start: re.Pattern[str]
    """The first words of an audit question."""
    answer: re.Pattern[str]
    """A Ja / Delvis / Nej answer on folded text; the group holds it."""
    recommendation_column: str
    """The folded header word of a follow-up table's recommendation column."""
    assessment_columns: tuple[str, ...]
    """The folded header words of a follow-up table's assessment column."""
    comment_columns: tuple[str, ...]
    """The folded header words of a column commenting on each recommendation."""
    responsible_columns: tuple[str, ...]
    """The folded header words of the column naming the body responsible."""
    """The folded header words of a follow-up table's assessment column."""
    assessments: tuple[tuple[str, str], ...]
    """(status, pattern) of follow-up assessments, most specific first."""


def compile_lexicon(lexicon: Lexicon) -> Patterns:
    """Return the compiled patterns of an audit lexicon."""
    questions, table = lexicon["questions"], lexicon["followup_table"]
    answers = "|".join(re.escape(a) for a in questions["answers"])
    return Patterns(
        report_number=_report_number(lexicon["report_number"]),
        lead_in=_lead_in(lexicon),
        lead_in_plural=re.compile(
            rf"{re.escape(lexicon['lead_in_plural']['word'])}(?!\w)", re.IGNORECASE
        ),
        recommends=tuple(_clause(e["text"], lexicon) for e in lexicon["recommends"]),
        recommends_letters=tuple(
            phrase_letters(e["text"]) for e in lexicon["recommends"]
        ),
        recommends_that=_phrases(lexicon, "recommends_that"),
        recommends_that_letters=tuple(
            phrase_letters(e["text"]) for e in lexicon["recommends_that"]
        ),
        filler=re.compile(
            rf"^(?:{_auditors(lexicon)}|{words_regex(lexicon['adverbs']['words'])})$",
            re.IGNORECASE,
        ),
        audited=_phrases(lexicon, "audited"),
        audited_by=_phrases(lexicon, "audited_by"),
        summary_end=_phrases(lexicon, "summary_end"),
        summary_start=_phrases(lexicon, "summary_start"),
        summary_marker=_phrases(lexicon, "summary_marker"),
        summary_report=re.compile(
            rf"(?<!\w){words_regex(lexicon['summary_report']['words'])}\s+",
            re.IGNORECASE,
        ),
        given_to=_phrases(lexicon, "given_to"),
        due=_due(lexicon),
        due_anchors=tuple(phrase_anchor(e["text"]) for e in lexicon["reply_due"]),
        source_report=_source_report(lexicon),
        question_header=re.compile(
            rf"^{re.escape(questions['column'])}\w*\s+"
            + words_regex(questions["answer_columns"]),
            re.IGNORECASE,
        ),
        question_column=fold(questions["column"]),
        question_start=re.compile(
            rf"^(?:<p>)?\s*{words_regex(questions['question_starts'])}\b"
        ),
        answer=re.compile(rf"^\W*({answers})\b", re.IGNORECASE),
        recommendation_column=fold(table["recommendation_column"]),
        assessment_columns=tuple(fold(c) for c in table["assessment_columns"]),
        comment_columns=tuple(fold(c) for c in table["comment_columns"]),
        responsible_columns=tuple(fold(c) for c in table["responsible_columns"]),
        assessments=tuple(
            (e["status"], phrase_regex(e["text"])) for e in lexicon["assessment"]
        ),
    )


def _report_number(entry: Mapping[str, Any]) -> re.Pattern[str]:
    """Return the pattern of a report number ("Revisionsrapport nr 7/2017")."""
    nr = re.escape(entry["number_word"])
    return re.compile(
        rf"{words_regex(entry['words'])}\s+(?:{nr}\.?\s*)?"
        r"(\d{1,3})\s*[/ ]\s*((?:19|20)\d{2})\b",
        re.IGNORECASE,
    )


def _auditors(lexicon: Lexicon) -> str:
    """Return the regex source of one word naming the auditors ("Revisorerna")."""
    entry = lexicon["auditors"]
    endings = words_regex(entry["endings"])
    return rf"(?<!\w)(?:{words_regex(entry['words'])}|\w*{endings})(?!\w)"


def _slots(lexicon: Lexicon) -> dict[str, str]:
    """Return the slots of the recommendation phrases: auditors and adverbs."""
    adverbs = words_regex(lexicon["adverbs"]["words"])
    return {"auditors": _auditors(lexicon), "adverb": rf"{adverbs}(?!\w)"}


def _phrases(lexicon: Lexicon, key: str) -> re.Pattern[str]:
    """Return the pattern of any ``[[key]]`` phrase, as whole words."""
    phrases = any_phrase((e["text"] for e in lexicon[key]), _slots(lexicon))
    return re.compile(rf"(?<!\w){phrases}(?!\w)", re.IGNORECASE)


def _lead_in(lexicon: Lexicon) -> re.Pattern[str]:
    """Return the pattern of any lead-in, ending a line (colon as the entry says).

    A few words may come between the phrase and a colon ("… följande
    rekommendationer lämnas utifrån granskningen:").
    """
    alternatives = []
    for entry in lexicon["lead_in"]:
        text = entry["text"]
        body = f"(.{{0,{entry.get('body_chars', 80)}}}?)"
        slots = {**_slots(lexicon), "body": body}
        phrase = phrase_regex(text.removesuffix(":"), slots, loose={"body"})
        colon = r"\s*:" if text.endswith(":") else r"\s*:?"
        alternatives.append(rf"(?<!\w){phrase}(?:{colon}|\s+[^.:]{{1,40}}:)\s*$")
    return re.compile("(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


#: What the recipients of a clause are made of (at most 200 characters).
_RECIPIENT = "[^.:;!?•●▪■]"


def _clause(text: str, lexicon: Lexicon) -> re.Pattern[str]:
    """Return the pattern of a recommending clause, up to its "att".

    The recipients are the shortest run of 2 to 200 characters that the rest
    of the clause follows, and the rest opens with a space. So a run longer
    than two that ends in a space is never the shortest (one less would do)
    and is not tried; and of a space before the recipients the run takes at
    most one (two or more would leave a shorter run that does). Trying them
    all made a line of a thousand spaces take seconds (each of the 200
    lengths scanning the spaces after it, from each of a thousand starts).
    """
    if "{recipients}" in text and "{recipients} " not in text:
        raise ValueError(f"a space must follow {{recipients}}: {text!r}")
    more = rf"(?:{_RECIPIENT}{{1,198}}?(?<!\s))??"
    recipients = rf"(?P<recipients>{_RECIPIENT}{{2}}{more})"
    slots = {**_slots(lexicon), "recipients": recipients}
    phrase = phrase_regex(text, slots).replace(
        r"\s+(?P<recipients>", r"\s+(?=\s?\S)(?P<recipients>"
    )
    return re.compile(rf"(?<!\w){phrase}(?!\w)", re.IGNORECASE)


def _due(lexicon: Lexicon) -> re.Pattern[str]:
    """Return the pattern of a reply deadline; the group holds the date.

    A match starts where its phrase does (:attr:`Patterns.due_anchors`).
    """
    gaps = {"near": r".{0,60}", "within": r".{0,80}?"}
    phrases = any_phrase((e["text"] for e in lexicon["reply_due"]), gaps)
    skip = re.escape(lexicon["due_date"]["skip"])
    return re.compile(
        rf"{phrases}\s*(?:{skip}\s+)?(.{{6,30}})", re.IGNORECASE | re.DOTALL
    )


def _source_report(lexicon: Lexicon) -> re.Pattern[str]:
    """Return the pattern of a sentence naming the full report; group: title."""
    alternatives = [
        rf"(?<!\w){phrase_regex(e['text'])}\s+(.{{8,250}}?)\s+{phrase_regex(e['until'])}"
        for e in lexicon["source_report"]
    ]
    return re.compile("|".join(alternatives), re.IGNORECASE | re.DOTALL)


#: The patterns of ``lexicon/audit.toml``.
PATTERNS = compile_lexicon(load("audit"))


def patterns(lexicon: Lexicon | None = None) -> Patterns:
    """Return the default patterns, or those of ``lexicon`` when given."""
    return PATTERNS if lexicon is None else compile_lexicon(lexicon)
