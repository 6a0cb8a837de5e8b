"""Patterns skipped where the text lacks their letters: the same answers.

:func:`pipeline.split.classify.keyword_scores` runs a phrase's
case-insensitive pattern only when the text holds the phrase's longest run
of literal ASCII letters (:func:`extractors.lang.text.required_letters`),
and only where a match can start (:func:`~extractors.lang.text.leading_letters`);
:func:`extractors.lang.structure.hints_table` tries the table hint only on
a page that holds one of its alternatives' runs. These tests hold those
shortcuts to running every pattern everywhere.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.kinds import REGISTRY
from extractors.lang.structure import hints_table, table_hint, table_hint_letters
from extractors.lang.text import leading_letters, letters_folded, required_letters
from extractors.lexicon import load
from pipeline.split.classify import _hits, _keyword_regex, keyword_scores

ROOT = Path(__file__).resolve().parent.parent
PHRASES = sorted({p for spec in REGISTRY.values() for p, _ in spec.keywords or []})
#: What OCR and typesetting make of a phrase's letters, case and spaces.
VARIANTS = {
    "i": ["i", "I", "\u0130", "\u0131", "l", ""],
    "k": ["k", "K", "\u212a", "c"],
    "s": ["s", "S", "\u017f", "5"],
    "ä": ["ä", "Ä", "a", "e", "G", "6"],
    "å": ["å", "Å", "a", "d"],
    "ö": ["ö", "Ö", "o", "0", "6"],
    " ": [" ", "\n", "  ", " \n ", ""],
}


def every_pattern(text: str) -> dict[str, int]:
    """Return the scores with every phrase's pattern run (no shortcut)."""
    return {
        kind: sum(
            weight * min(len(_keyword_regex(phrase).findall(text)), 3)
            for phrase, weight in spec.keywords
        )
        for kind, spec in REGISTRY.items()
        if spec.keywords
    }


def test_letters_folded_holds_an_ascii_letter_where_ignorecase_matches_one() -> None:
    """Every code point a case-insensitive ASCII letter matches folds to that
    letter, and no other folds to any ASCII letter."""
    letter = re.compile("[a-z]", re.IGNORECASE)  # and each stays one character
    beyond = {}
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:  # surrogates: no text holds them alone
            continue
        char = chr(code)
        folded = letters_folded(char)
        assert len(folded) == 1, hex(code)  # positions in the text stay
        held = [c for c in folded if c in string.ascii_letters]
        if letter.fullmatch(char):
            assert len(folded) == 1 and held == [folded], hex(code)
            assert re.fullmatch(folded, char, re.IGNORECASE), hex(code)
            if not char.isascii():
                beyond[char] = folded
        else:
            assert held == [], hex(code)
    assert beyond == {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}


def test_required_letters() -> None:
    """The longest run of letters without an OCR lookalike, lower-cased."""
    assert required_letters("informationsärenden") == "informations"
    assert required_letters("Föredragningslista") == "redragningslista"
    assert required_letters("följs upp") == "ljs"  # the first of two as long
    assert required_letters("yttrande över … motion") == "yttrande"
    assert required_letters("åå ö") == ""
    assert all(required_letters(phrase) for phrase in PHRASES)


def test_leading_letters() -> None:
    """The longest such run of the first word, and the characters before it."""
    assert leading_letters("informationsärenden") == ("informations", 0)
    assert leading_letters("Föredragningslista") == ("redragningslista", 2)
    assert leading_letters("följs upp") == ("ljs", 2)
    assert leading_letters(" yttrande över … motion") == ("yttrande", 0)
    assert leading_letters("åå ö") == ("", 0)
    assert leading_letters("ab…motionerna") == ("ab", 0)  # "…": one word or none


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(PHRASES),
    st.data(),
    st.text(alphabet=string.ascii_letters + "åäöÅÄÖ \n.,:", max_size=30),
)
def test_damaged_phrases(phrase: str, data: st.DataObject, around: str) -> None:
    """A phrase however damaged, repeated, run together or overlapping, in
    any text, scores as with every pattern run."""
    copies = []
    for _ in range(data.draw(st.integers(1, 5))):
        variants = [VARIANTS.get(c, [c, c.upper()]) for c in phrase]
        copies.append("".join(data.draw(st.sampled_from(v)) for v in variants))
    joint = data.draw(st.sampled_from(["", " ", "\n", phrase[:4], "x"]))
    tail = f" {phrase.upper()}" if data.draw(st.booleans()) else ""
    text = f"{around}{joint.join(copies)}{around[::-1]}{tail}"
    assert keyword_scores(text) == every_pattern(text)


@pytest.mark.parametrize(
    ("phrase", "text", "hits"),
    [
        ("ana ana", "ana ana ana", 1),  # the second would overlap the first
        ("ana ana", "ana ana ana ana", 2),
        ("ana ana", "ANA\nana ana  ANA ana ana ana ana", 3),  # no more count
        ("sända ut", "sanda ut, SÄNDA\nUT och s6nda ut", 3),
        ("bära", "bära bära", 2),  # no letters to anchor on: every place
        ("bära", "b\u0130ra", 1),  # İ is a case of i, a lookalike of ä
        ("abc…motionerna", "abc motionerna, ABC om motionerna abcmotionerna", 2),
    ],
)
def test_hits(phrase: str, text: str, hits: int) -> None:
    """Matches are counted left to right, none overlapping, up to three."""
    assert _hits(phrase, text, letters_folded(text)) == hits
    found = _keyword_regex(phrase).findall(text)
    assert min(len(found), 3) == hits


#: The table hint's words (ASCII letters each), every case and damage.
HINT_WORDS = sorted(
    {w for pair in load("documents")["table_hints"]["columns"] for w in pair}
    | set(load("documents")["table_hints"]["words"])
)


def test_table_hint_letters() -> None:
    """One run for each alternative, from one of its words."""
    hints = load("documents")["table_hints"]
    alternatives = [*hints["columns"], *([w] for w in hints["words"])]
    runs = table_hint_letters()
    assert runs is not None and len(runs) == len(alternatives)
    for run, words in zip(runs, alternatives, strict=True):
        assert run == max((required_letters(w) for w in words), key=len)
        assert any(run in w.lower() for w in words)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(HINT_WORDS), max_size=4),
    st.data(),
    st.text(alphabet=string.ascii_letters + "åäöÅÄÖ \n.,:|", max_size=40),
)
def test_table_hints(words: list[str], data: st.DataObject, around: str) -> None:
    """A page holding hint words however cased or damaged, on one line or
    several, hints at a table exactly when the pattern finds one."""
    damaged = [
        "".join(data.draw(st.sampled_from(VARIANTS.get(c, [c, c.upper()]))) for c in w)
        for w in words
    ]
    joint = data.draw(st.sampled_from([" ", "   ", "\n", " | "]))
    text = f"{around}{joint.join(damaged)}{around[::-1]}"
    assert hints_table(text) == (table_hint().search(text) is not None)


def corpus_texts() -> list[str]:
    """Return the text of every page of the sample corpus, and of each file."""
    texts = []
    for path in sorted((ROOT / "corpus").glob("*.pdf")):
        pdf = pdfium.PdfDocument(str(path))
        try:
            pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
        finally:
            pdf.close()
        texts += [*pages, "\n".join(pages)]
    return texts


def test_scores_of_the_corpus_pages() -> None:
    """Every page and whole file of the sample corpus scores, and hints at a
    table, as with every pattern run; some do, some do not."""
    texts = corpus_texts()
    assert len(texts) == 36
    scored = [keyword_scores(text) for text in texts]
    assert scored == [every_pattern(text) for text in texts]
    assert sum(sum(s.values()) > 0 for s in scored) >= len(texts) // 2
    hinted = [hints_table(text) for text in texts]
    assert hinted == [table_hint().search(text) is not None for text in texts]
    assert 0 < sum(hinted) < len(texts)
