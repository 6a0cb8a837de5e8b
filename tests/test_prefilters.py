"""Cheap prefilters in front of the case-number pattern and the name matcher
skip only texts where the full pattern could not match."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.lang import dnr, nlp

#: Pieces that case numbers and "Name (PARTY)" are made of, and near misses.
PIECES = st.sampled_from(
    ["Dnr", "Dnr:", "KS", "ÄON", "SLK", "2017", "17", "063", "00035", "/", "-",
     ":", ":3", " ", "  ", "\n", "(", ")", "S", "M", "KD", "Mp", "Anna", "Berg",
     "Per-Olof", "yrkar", "§", "1.", "0", "2024-03-12", "( S )", "(S):"]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=14).map("".join)


@given(TEXTS)
def test_a_text_without_digits_apart_holds_no_case_number(text: str) -> None:
    matched = any(True for _ in dnr._DNR_RE.finditer(text))
    if not dnr._DIGITS_APART.search(text):
        assert not matched


@settings(deadline=None)  # the first example loads spaCy
@given(TEXTS)
def test_a_text_without_a_party_mark_gives_the_matcher_nothing(text: str) -> None:
    doc = nlp.analyse(text)
    if not nlp._PARTY_MARK.search(nlp.text_of(doc)):
        assert nlp._name_matcher()(doc) == []


def test_real_lines_pass_the_prefilters() -> None:
    """Lines as printed by two municipalities' minutes keep their finds."""
    assert [d.key for d in dnr.find_dnrs("Dnr: ÄON 17/063")] == ["ÄON 2017/63"]
    assert [d.key for d in dnr.find_dnrs("Ärendenummer SLK-2025-00035")] == [
        "SLK 2025/35"
    ]
    assert dnr.find_dnrs("Sammanträdesdatum 2024-03-12, sida 4 av 12") == []
    people = nlp.persons(
        nlp.analyse("Boel Godner (S) och Anna Berg ( M ) yrkar bifall.")
    )
    assert [(p.name, p.party) for p in people] == [
        ("Boel Godner", "S"),
        ("Anna Berg", "M"),
    ]
    assert nlp.persons(nlp.analyse("Kommunstyrelsen (KS) föreslår bifall.")) == []


def test_the_shortest_text_with_enough_long_words_is_judged() -> None:
    """40 five-letter words with one space between them (239 characters) are
    enough words to judge; one character fewer is not."""
    from extractors.lang.stem import DAMAGED_MIN_WORDS, lost_diacritics

    words = " ".join(["abcde"] * DAMAGED_MIN_WORDS)
    assert len(words) == 239
    assert lost_diacritics(words) is True
    assert lost_diacritics(words[1:]) is False


@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["nämnden", "beslut", "kommunen", "förslag", "ärendet", "a", "öl"]
                + ["forslag", "12345", "år2024", "ab_cdå", "ÅÄÖÅÄ", "x½yzw", "ååå"]
            ),
            st.sampled_from([" ", "\n", ", ", "-", "§"]),
        ),
        min_size=30,
        max_size=120,
    )
)
def test_lost_diacritics_stops_early_with_the_same_answer(
    words: list[tuple[str, str]],
) -> None:
    """Stopping once the share is reached answers as counting every word does."""
    import re

    from extractors.lang.stem import DAMAGED_MIN_WORDS, DAMAGED_SHARE, lost_diacritics

    text = "".join(word + gap for word, gap in words)
    long = [w for w in re.findall(r"\w+", text) if len(w) >= 5 and w.isalpha()]
    expected = len(long) >= DAMAGED_MIN_WORDS and (
        sum(1 for w in long if re.search("[åäöÅÄÖ]", w)) / len(long) < DAMAGED_SHARE
    )
    assert lost_diacritics(text) is expected
