"""The lexicon as a whole: every entry documented, every example recognised."""

from __future__ import annotations

import pytest
from conftest import lexicon_tables

from extractors.lang.dnr import dnr_label
from extractors.lang.structure import (
    attachment,
    closing,
    letterhead,
    page_number,
    signature_block,
    table_hint,
)
from extractors.lexicon import load, names
from extractors.parts.header import extract_header
from extractors.parts.meeting import date_cues
from pipeline.split.classify import is_bare_label, label_of

#: Lists of names, documented by the file's opening comment (an example per
#: municipality would add nothing) and the layout profile (a comment per key).
NAME_LISTS = {"municipalities", "layout"}


@pytest.mark.parametrize("name", sorted(set(names()) - NAME_LISTS))
def test_every_entry_has_an_example(name: str) -> None:
    """Each lexicon entry carries an example line as printed (or a comment)."""
    bare = [
        f"{table}: {entry}"
        for table, entry in lexicon_tables(load(name))
        if not (entry.get("example") or entry.get("comment"))
    ]
    assert bare == []


def test_lexicon_files_are_listed() -> None:
    """The lexicon is these files; a new one is a deliberate change."""
    assert names() == [
        "audit",
        "bodies",
        "commissions",
        "declarations",
        "dnr",
        "documents",
        "firms",
        "header",
        "labels",
        "layout",
        "lemmas",
        "meeting",
        "motions",
        "municipalities",
        "opinions",
        "outcomes",
        "papers",
        "parties",
        "privacy",
        "proposal_heads",
        "proposals",
        "sections",
        "votes",
    ]


def test_documents_examples_are_recognised() -> None:
    """Every example of documents.toml is read as its entry says."""
    data = load("documents")
    assert all(signature_block().search(e["example"]) for e in data["signature_block"])
    assert page_number().match(data["page_number"]["example"])
    assert all(closing().match(e["example"]) for e in data["closing"])
    assert closing().match(data["closing_party"]["example"])
    assert attachment().match(data["attachment"]["example"])
    assert letterhead().match(data["letterhead"]["example"])
    assert table_hint().search(data["table_hints"]["example"])
    assert not closing().match("För kännedom: Kommunfullmäktige")
    assert not page_number().match("Sida ur protokollet")


def test_header_examples_are_not_titles() -> None:
    """Field, sender and contact lines are never taken for the title."""
    data = load("header")
    for entry in data["field"] + data["sender"]:
        lines = [entry["example"], "Riktlinjer för färdtjänst i Granvik"]
        assert extract_header(lines).title == "Riktlinjer för färdtjänst i Granvik"
    run_on = extract_header([data["run_on"]["example"]]).title
    assert run_on == "Motion om fler laddstolpar vid kommunens förskolor och skolor"


def test_label_tails() -> None:
    """A strong label may carry a date and a dnr; a bare one only 'förslag'."""
    data = load("labels")
    assert label_of(data["strong_tail"]["example"]) == ("tjansteskrivelse", True)
    assert is_bare_label(data["bare_tail"]["example"])
    assert not is_bare_label("Revisionsrapport nr 7/2017")
    assert label_of("Motionen om laddstolpar") is None


def test_case_number_labels_and_meeting_date_cues() -> None:
    """Label words of dnr.toml and date cues of meeting.toml, from their examples."""
    assert all(dnr_label().search(e["example"]) for e in load("dnr")["label"])
    cues = date_cues()
    assert cues.running.match("Sammanträdesdatum: 2025-03-12")
    assert cues.header.search("Kallelse till sammanträdet den 12 mars 2024")
    assert cues.header.search("Plats och tid Kommunhuset, 2024-04-02 kl. 09.00")
    assert not cues.header.search("Ärendet bordläggs till nästa möte")


def test_a_letterhead_counting_its_pages_is_no_title() -> None:
    """A letterhead line ending in its page count (Göteborg's "… 1 (1)", a
    written "Sida 1 av 4") is passed over; the title after it keeps its
    first line, a body's name that runs on ("… och")."""
    title = [
        "Stadsrevisionens årsredogörelse och",
        "revisorskollegiets årsrapport för 2024",
        "Till Göteborgs kommunfullmäktige",
    ]
    for counted in (
        "Göteborgs Stad kommunfullmäktige 1 (1)",
        "Kungsbacka kommun Sida 1 av 4",
    ):
        assert extract_header([counted, *title]).title == (
            "Stadsrevisionens årsredogörelse och revisorskollegiets årsrapport för 2024"
        )
    for kept in ("Budget 2024", "Delrapport 1 av 2 om hemtjänsten"):
        assert extract_header([kept]).title == kept
