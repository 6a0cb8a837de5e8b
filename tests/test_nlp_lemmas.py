"""The language pipeline lemmatises from a small table, not spaCy's lookup table.

spaCy's Swedish lookup table (660,305 entries) took about 3 s and 190 MiB in
every process for one verb; ``lexicon/lemmas.toml`` lists that verb's forms.
"""

from __future__ import annotations

from extractors.lang.nlp import analyse, lemmas, nlp, sentences, text_of
from extractors.parts.proposal_words import proposal_patterns, verbs_at


def test_no_lookup_table_is_loaded() -> None:
    """The pipeline is the tokenizer, the lemma table and the sentencizer."""
    assert nlp().pipe_names == ["diarium_lemmas", "sentencizer"]
    assert nlp().vocab.lookups.tables == []


def test_every_form_of_the_yrkande_verb_has_its_lemma() -> None:
    """A real line (present tense) and a written variant (passive past)."""
    doc = analyse("Paul Hedman (V) yrkar bifall till förvaltningens förslag.")
    assert lemmas(doc) == [
        "paul", "hedman", "(", "v", ")", "yrka", "bifall", "till",
        "förvaltningens", "förslag", ".",
    ]  # fmt: skip
    assert lemmas(analyse("Vidare yrkades och yrkas återremiss.")) == [
        "vidare", "yrka", "och", "yrka", "återremiss", ".",
    ]  # fmt: skip


def test_passive_form_counts_as_the_verb_but_the_noun_does_not() -> None:
    """ "yrkades" is found by its lemma; "yrkandet" is a noun, not the verb."""
    text = "Vidare yrkades bifall till yrkandet."
    sentence = next(iter(analyse(text).sents))
    assert verbs_at(sentence, proposal_patterns()) == [text.index("yrkades")]


def test_text_of_is_the_docs_text_for_any_doc() -> None:
    """text_of gives Doc.text, kept by analyse or built once for another Doc."""
    text = "Anna Berg (S): Bifall till\nförslaget. Per Ek (M) yrkar avslag."
    doc = analyse(text)
    assert (
        text_of(doc)
        == doc.text
        == ("Anna Berg (S): Bifall till förslaget. Per Ek (M) yrkar avslag.")
    )
    other = nlp()("Kommunfullmäktige beslutar att bifalla motionen.")
    assert text_of(other) == "Kommunfullmäktige beslutar att bifalla motionen."
    assert [s.text for s in sentences(text)] == [
        "Anna Berg (S): Bifall till förslaget.",
        "Per Ek (M) yrkar avslag.",
    ]
