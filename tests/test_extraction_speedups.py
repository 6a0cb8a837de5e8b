"""Faster forms of extraction patterns accept exactly what the slower ones did."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from extractors.lexicon import load
from pipeline.split import classify


def _first_tails() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Return the strong and bare tail patterns as first written: repeats
    nested in a repeat, and two repeats that both take spaces and dashes."""
    words = load("labels")
    strong = "|".join(map(re.escape, words["strong_tail"]["words"]))
    bare = "|".join(map(re.escape, words["bare_tail"]["words"]))
    return (
        re.compile(
            rf"^[\s,:;.|/–—\-]*(?:(?:{strong}|\d[\d\-/.: ]*)[\s,:;.|/–—\-]*)*$",
            re.IGNORECASE,
        ),
        re.compile(rf"[\s,:/|–\-]*(?:{bare})?\W*", re.IGNORECASE),
    )


#: What a label's tail is made of: dates, numbers, form words and near misses.
TAIL_PIECES = st.sampled_from(
    ["Datum", "DNR", "dnr", "nr", "Nr.", "till", "Förslag", "utkast", "sammanträdes",
     "sammanträdesdatum", "datumet", "2017-12-20", "17/063", "09:00", "1", " ", "  ",
     ",", ":", ";", ".", "|", "/", "–", "—", "-", "\t", "§", "Sida", "x", "a", "(S)",
     "…", "(", "förslag", "förslaget", "Utkast", "utkast.", "7/2017"]
)  # fmt: skip


@given(st.lists(TAIL_PIECES, max_size=12).map("".join))
def test_the_label_tails_accept_what_they_first_did(tail: str) -> None:
    (strong, bare), (first_strong, first_bare) = classify._tails(), _first_tails()
    assert bool(strong.match(tail)) == bool(first_strong.match(tail))
    assert bool(bare.fullmatch(tail)) == bool(first_bare.fullmatch(tail))


def test_strong_tails_of_printed_labels() -> None:
    """The lexicon's example and lines as printed keep their answers."""
    strong = classify._tails()[0]
    assert strong.match(" Datum 2017-12-20 Dnr 17/063")  # labels.toml example
    assert strong.match(" 2024-03-12 Dnr KS 2024/118") is None  # "KS" is no tail word
    assert strong.match(" Sammanträdesdatum 2023-10-12")
    assert classify.label_of("Protokoll 2025-03-12") == ("protokoll", True)
    assert classify.label_of("Protokoll 12 2023-10-01 09:00-12:00 Sal A") == (
        "protokoll",
        False,
    )


def test_a_failing_tail_of_many_numbers_never_hangs() -> None:
    """A tail of dates and times that fails at its end was tried in
    exponentially many ways by the nested pattern (0.8 s for three of them;
    twenty would take years). Judged in a child process that is given a
    minute, so a pattern that backtracks again fails here, not by hanging."""
    line = " 12 2023-10-01 09:00-12:00 " * 20 + "x"
    code = (
        "import sys; from pipeline.split import classify; "
        "sys.exit(classify._tails()[0].match(sys.argv[1]) is not None)"
    )
    done = subprocess.run([sys.executable, "-c", code, line], cwd=ROOT, timeout=60)
    assert done.returncode == 0


#: Sentences as printed in two municipalities' minutes, and a written variant.
MINUTES = (
    "Boel Godner (S) yrkar bifall till arbetsutskottets förslag. "
    "Anna Berg ( M ) och Per Holm (KD) yrkar avslag.  Ordföranden ställer "
    "proposition på förslagen. Ledamoten Åsa Lind (V) lämnar ett "
    "tilläggsyrkande. Reservation: Ola Åkesson (C)."
)


def _token_verbs(sentence: object, patterns: object) -> list[int]:
    """Return the yrkande verbs of a sentence as first found: token by token."""
    from extractors.parts import proposal_words as pw

    assert isinstance(patterns, pw.ProposalPatterns)
    return [
        token.idx
        for token in sentence  # type: ignore[attr-defined]
        if token.text.lower() in patterns.forms
        or (
            token.lemma_ == patterns.lemma
            and not token.text.lower().endswith(patterns.noun_endings)
        )
        or pw._noun_verb(token, sentence, patterns)  # type: ignore[arg-type]
    ]


def test_sentence_text_persons_and_verbs_as_spacy_gives_them() -> None:
    """The slice of the Doc's text, the kept persons and the verbs found once
    per Doc are what spaCy's Span.text, the matcher and a token loop give."""
    from extractors.lang import nlp
    from extractors.parts.proposal_words import proposal_patterns, verbs_at

    patterns = proposal_patterns()
    spans = nlp.sentences(MINUTES)
    assert [nlp.span_text(s) for s in spans] == [s.text for s in spans]
    assert [len(nlp.persons(s)) for s in spans] == [1, 2, 0, 1, 1]
    assert [p.name for p in nlp.persons(spans[1])] == ["Anna Berg", "Per Holm"]
    assert nlp.persons(spans[1]) == list(nlp._persons(spans[1]))  # kept, asked again
    assert [p.name for p in nlp.persons(nlp.analyse(MINUTES))][:2] == [
        "Boel Godner",
        "Anna Berg",
    ]
    for sentence in spans:
        assert verbs_at(sentence, patterns) == _token_verbs(sentence, patterns)
    assert [len(verbs_at(s, patterns)) for s in spans] == [1, 1, 0, 1, 0]


def _heading_one_by_one(line: str) -> str | None:
    """Return a heading's section as first found: each heading tried in turn."""
    from extractors.parts.sections import heading_patterns

    text = line.strip()
    if not text or len(text) > 70:
        return None
    patterns = heading_patterns()
    for section, pattern in patterns.whole + patterns.body:
        if pattern.match(text):
            return section
    return None


def test_one_pattern_names_the_section_each_heading_in_turn_did() -> None:
    """Every heading of sections.toml, printed as municipalities print them,
    and prose lines get the section trying each heading in turn gives."""
    from extractors.parts.sections import heading_of

    lines = ["Kommunstyrelsens beslut", "Omröstning 2", "Beslutet skickas till:"]
    lines += ["Yrkande om bifall till motionen", "§ 12 Budget 2025", ""]
    for entry in load("sections")["heading"]:
        text = entry["text"]
        lines += [text, text.upper(), f"{text}:", f"{text} 2", f" {text} nr 3 "]
        lines += [f"Kommunstyrelsens {text}", f"Barn- och utbildningsnämndens {text}"]
        lines += [f"{text} och mer prosa", entry.get("example", "")]
    found = [heading_of(line) for line in lines]
    assert found == [_heading_one_by_one(line) for line in lines]
    assert found[:5] == ["decision", "vote", "dispatch", None, None]


def _votes_one_by_one() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Return the before and listed patterns as first written: each
    alternative with its own lookbehind."""
    from extractors.lang.phrases import phrase_pattern
    from extractors.parts.vote_patterns import _longest

    lexicon = load("votes")
    before = "|".join(
        rf"(?<!\w)({phrase_pattern(e['text'])})(?!\w)"
        for e in _longest(lexicon, "before")
    )
    listed = "|".join(
        rf"(?<![\d\w])(?<!\d\s)({phrase_pattern(e['text'])})"
        r"(?:\s*\(\d{1,3}\))?\s*:"
        for e in _longest(lexicon, "listed")
    )
    return re.compile(before, re.I), re.compile(listed, re.I)


def _vote_lines() -> list[str]:
    """Return every example line of votes.toml."""
    lines = []
    for value in load("votes").values():
        for entry in value if isinstance(value, list) else [value]:
            lines += [v for k, v in entry.items() if "example" in k]
    return lines


#: What prose votes are made of: phrases, counts, names and near misses.
VOTE_PIECES = st.sampled_from(
    ["röstar", "Röstar", "ja", "Ja", "JA", "nej", "Nej", "-röster", "röster", "mot",
     "avstår", "avstod", "från att rösta", "frånvarande", "gör", "för", "jag",
     "bejakar", "7", "12", "(5)", "(S)", "Anna Ek", " ", "  ", ":", ",", ".", "-",
     "\n", "sju", "ledamöter", "2024-03-12", "/", "nedlagda", "6ja"]
)  # fmt: skip


@given(st.lists(VOTE_PIECES, max_size=16).map(" ".join))
def test_vote_phrases_match_as_each_alternative_did(text: str) -> None:
    from extractors.parts.vote_patterns import vote_patterns

    patterns = vote_patterns()
    old_before, old_listed = _votes_one_by_one()
    for new, old in ((patterns.before, old_before), (patterns.listed, old_listed)):
        found = [(m.span(), m.groups()) for m in new.finditer(text)]
        assert found == [(m.span(), m.groups()) for m in old.finditer(text)]
    if not patterns.mark_phrases.search(text):
        assert list(patterns.marks.finditer(text)) == []


def test_vote_phrases_of_the_lexicon_examples() -> None:
    """Every example line of votes.toml keeps its matches; a text whose
    phrases stand inside words has no count."""
    from extractors.parts.vote_patterns import vote_patterns

    patterns = vote_patterns()
    old_before, old_listed = _votes_one_by_one()
    lines = _vote_lines()
    assert len(lines) > 40
    for line in lines:
        for new, old in ((patterns.before, old_before), (patterns.listed, old_listed)):
            assert [m.span() for m in new.finditer(line)] == [
                m.span() for m in old.finditer(line)
            ]
        if list(patterns.marks.finditer(line)):
            assert patterns.mark_phrases.search(line)
    listed = "Röstar ja: Anna Ek (S), Bo Lind (S). Röstar nej: Cecilia Holm (M)."
    assert [m[0] for m in patterns.listed.finditer(listed)] == [
        "Röstar ja:",
        "Röstar nej:",
    ]
    assert patterns.mark_phrases.search("Jag bejakar förslaget, nejden avstås.") is None
    assert patterns.mark_phrases.search("Omröstningsresultat: Ja6, Nej 5")
