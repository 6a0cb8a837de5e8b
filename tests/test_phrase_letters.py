"""Lexicon phrases run only where the text holds their letters: the same answers.

:func:`extractors.lang.phrases.phrase_letters` gives the letters every match
of a phrase holds, :func:`~extractors.lang.phrases.phrase_anchor` those
where every match starts. The audit paper's reply deadline is tried only
at its phrases' anchors (:func:`extractors.lang.text.anchored_matches`), a
recommending clause only in a window that holds its letters, and a page's
lines are searched for signature fields only when the page holds their
letters. An audit firm's name, and a line's closing hyphen, are looked
for as strings before their patterns run. These tests hold each shortcut
to running the pattern everywhere.
"""

from __future__ import annotations

import dataclasses
import re
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.lang.dates import find_dates
from extractors.lang.phrases import phrase_anchor, phrase_letters
from extractors.lang.structure import may_hold_signature_field, signature_block
from extractors.lang.text import anchored_matches, letters_folded
from extractors.lexicon import load
from extractors.parts.audit import firm_of, reply_due
from extractors.parts.audit_phrases import Patterns, compile_lexicon, patterns
from extractors.parts.recommendations import _find_clauses, _hyphenated, flow_of
from pipeline.read.furniture import is_furniture_line
from tests.test_letter_runs import VARIANTS, corpus_texts

ROOT = Path(__file__).resolve().parent.parent
AUDIT = load("audit")
#: The examples of the phrasings these shortcuts serve.
EXAMPLES = [
    e["example"]
    for key in ("reply_due", "recommends", "recommends_that")
    for e in AUDIT[key]
] + [e["example"] for e in load("documents")["signature_block"]]


@pytest.mark.parametrize(
    ("phrase", "letters", "anchor"),
    [
        ("svar emottas", "emottas", ("svar", 0)),
        ("önskar svar", "nskar", ("nskar", 1)),
        ("yttrande* senast", "yttrande", ("yttrande", 0)),
        ("skicka yttrandet{within}senast", "yttrandet", ("skicka", 0)),
        ("Yttrandet{within}senast", "yttrandet", ("yttrandet", 0)),
        ("{a}b{c}", "b", ("", 0)),  # opens with a slot
        (
            "rekommendation(en|erna) till [vår] {x} att",
            "rekommendation",
            ("rekommendation", 0),
        ),
        ("{recipients} rekommenderas [{adverb}] att", "rekommenderas", ("", 0)),
        ("[i] ges|får beslutsunderlag", "beslutsunderlag", ("", 0)),
        ("ges|får beslut", "beslut", ("", 0)),  # one of several words
        ("beslut [kommunfullmäktige]", "beslut", ("beslut", 0)),
        ("uppdrag(ets|ssamordnare) ges", "uppdrag", ("uppdrag", 0)),
        ("… yttrande", "yttrande", ("", 0)),
        ("expedierat/bestyrkt", "expedierat", ("expedierat", 0)),
        ("åå ö", "", ("", 0)),
    ],
)
def test_phrase_letters_and_anchor(
    phrase: str, letters: str, anchor: tuple[str, int]
) -> None:
    """Words outside optional parts, choices and slots; the first word's opening."""
    assert phrase_letters(phrase) == letters
    assert phrase_anchor(phrase) == anchor


def test_every_lexicon_example_holds_its_letters() -> None:
    """Each of the lexicon's phrases with an example: the example holds the
    phrase's letters (428 entries in 24 files)."""
    checked = 0
    for path in sorted((ROOT / "extractors" / "lexicon").glob("*.toml")):
        for entries in load(path.stem).values():
            for e in entries if isinstance(entries, list) else []:
                if isinstance(e, dict) and isinstance(e.get("text"), str):
                    if "example" in e:
                        folded = letters_folded(e["example"])
                        assert phrase_letters(e["text"]) in folded, e
                        checked += 1
    assert checked == 428


def damaged(text: str, data: st.DataObject) -> str:
    """Return ``text`` with its letters cased and damaged as OCR does."""
    return "".join(
        data.draw(st.sampled_from(VARIANTS.get(c, [c, c.upper()]))) for c in text
    )


def texts() -> st.SearchStrategy[str]:
    """Texts of the examples, damaged, repeated, cut and run together."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        data = draw(st.data())
        parts = []
        for _ in range(draw(st.integers(1, 4))):
            example = draw(st.sampled_from(EXAMPLES))
            start = draw(st.integers(0, len(example) // 3))
            parts.append(damaged(example[start:], data))
        fill = st.text(alphabet=string.ascii_letters + "åäöÅÄÖ \n.,:", max_size=30)
        joint = draw(st.sampled_from(["", " ", "\n", "x", ". ", draw(fill)]))
        return draw(fill) + joint.join(parts) + draw(fill)

    return build()


def spans(
    found: list[re.Match[str]],
) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    """Return the span and groups of each match."""
    return [(m.span(), m.groups()) for m in found]


@settings(max_examples=400, deadline=None)
@given(texts())
def test_reply_due_tried_at_its_anchors(text: str) -> None:
    """The deadline's matches are those of ``finditer``, however damaged."""
    p = patterns()
    anchored = anchored_matches(p.due, text, letters_folded(text), p.due_anchors)
    assert spans(list(anchored)) == spans(list(p.due.finditer(text)))


@settings(max_examples=300, deadline=None)
@given(texts(), st.data())
def test_clauses_skipped_only_where_they_cannot_match(
    text: str, data: st.DataObject
) -> None:
    """A window without a clause's letters holds no match of it; and the
    clauses found are those found with every pattern run in every window."""
    p = patterns()
    folded = letters_folded(text)
    lo = data.draw(st.integers(0, len(text)))
    windows = [(lo, data.draw(st.integers(lo, len(text))))]
    for m in re.finditer("rekommend", folded):  # a word at a window's edge
        windows += [(m.start(), len(text)), (0, m.end() + 4)]
    for lo, hi in windows:
        for pattern, letters in zip(p.recommends, p.recommends_letters, strict=True):
            if folded.find(letters, lo, hi) < 0:
                assert list(pattern.finditer(text, lo, hi)) == []
        if all(folded.find(run, lo, hi) < 0 for run in p.recommends_that_letters):
            assert list(p.recommends_that.finditer(text, lo, hi)) == []
    flow = flow_of([(1, line) for line in text.split("\n")])
    assert _find_clauses(flow, p) == _find_clauses(flow, everywhere(p))


def everywhere(p: Patterns) -> Patterns:
    """Return the patterns with no letters to look for: every one runs."""
    return dataclasses.replace(
        p,
        recommends_letters=("",) * len(p.recommends),
        recommends_that_letters=("",),
    )


def first_due(text: str) -> str | None:
    """Return the reply deadline with the pattern run everywhere."""
    for m in patterns().due.finditer(text):
        if dates := find_dates(m.group(1).replace("\n", " ")):
            return dates[0].iso
    return None


@settings(max_examples=300, deadline=None)
@given(texts())
def test_signature_fields_searched_where_their_letters_are(text: str) -> None:
    """A line with a signature field stands on a page holding its letters."""
    fields = may_hold_signature_field(text)
    for line in text.split("\n"):
        assert is_furniture_line(line, fields) == is_furniture_line(line)
    if signature_block().search(text):
        assert fields


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Svar emottas senast 2018-01-31.", "2018-01-31"),
        ("Vi önskar svar senast 2024-03-31; svar emottas 2024-04-30", "2024-03-31"),
        ("Vidare. SVAR ÖNSKAS senast 2024-05-02", "2024-05-02"),
        (
            "Yttrandet ska ha inkommit till kontoret senast den 31 maj 2025",
            "2025-05-31",
        ),
        ("svar emottas senast snart", None),
    ],
)
def test_reply_due(text: str, due: str | None) -> None:
    """The first deadline phrase followed by a date, in any case."""
    assert reply_due(text) == due == first_due(text)


def test_the_corpus_pages() -> None:
    """Every page and whole file of the sample corpus: the same deadline,
    clauses and furniture lines as with every pattern run everywhere."""
    texts = corpus_texts()
    assert len(texts) == 36
    dues = [reply_due(text) for text in texts]
    assert dues == [first_due(text) for text in texts]
    clauses = []
    for text in texts:
        flow = flow_of([(1, line) for line in text.split("\n")])
        clauses.append(_find_clauses(flow, patterns()))
        assert clauses[-1] == _find_clauses(flow, everywhere(patterns()))
    furniture = [
        [
            is_furniture_line(line, may_hold_signature_field(text))
            for line in text.split("\n")
        ]
        for text in texts
    ]
    assert furniture == [[is_furniture_line(x) for x in t.split("\n")] for t in texts]
    held = sum(may_hold_signature_field(text) for text in texts)
    found = sum(d is not None for d in dues), sum(map(len, clauses))
    assert (*found, held, sum(map(sum, furniture))) == (5, 4, 11, 32)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Rekommenderas kommunstyrelsen att se över rutinerna.",
            [(0, 30, ["kommunstyrelsen"])],
        ),
        ("Vi rekommenderar nämnden att ta fram en plan.", [(0, 25, ["nämnden"])]),
        ("Rekommendationer lämnas inte.", []),
    ],
)
def test_clause_at_the_text_edge(text: str, found: list[object]) -> None:
    """A clause opening the text: its window starts at its letters."""
    flow = flow_of([(1, text)])
    assert _find_clauses(flow, patterns()) == found


@pytest.mark.parametrize(
    ("line", "after", "broken"),
    [
        ("en utred-", "ning av", True),
        ("en utred-\n", "ning av", True),  # "$" stands before a final line break
        ("en utred-\n\n", "ning av", False),
        ("stöd- ", "och", False),
        ("Region-", "och kommun", False),
        ("kostnads-", "Effektivt", False),
        ("utredning", "av", False),
    ],
)
def test_hyphenated(line: str, after: str, broken: bool) -> None:
    """A hyphen ends the line (tested first, as a string) after a small letter."""
    assert _hyphenated(line, after) is broken


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("Granskningen har genomförts av PwC.", "PwC"),
        ("PwCs rapport; Stadsrevisionen", "Stadsrevisionen"),  # a name, not a word
        ("Revisionskontoret och KPMG", "KPMG"),  # an office only when alone
        ("pwc", None),  # the name as printed
    ],
)
def test_firm_of(text: str, firm: str | None) -> None:
    """The first firm named as a word; an audit office last."""
    assert firm_of(text) == firm


def test_a_lexicon_without_recommends_that_phrases() -> None:
    """With no phrase the pattern is empty and matches everywhere: it is
    run in every window, as without the shortcut."""
    variant = compile_lexicon({**AUDIT, "recommends_that": []})
    assert variant.recommends_that_letters == ()
    text = "Rekommendation: kommunstyrelsen att se över rutinerna."
    flow = flow_of([(1, text)])
    found = _find_clauses(flow, variant)
    assert found == _find_clauses(flow, everywhere(variant))
    assert found == [(15, 32, ["kommunstyrelsen"])]  # the empty match at ":"
