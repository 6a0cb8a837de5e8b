"""Reservations and yrkanden in the group and list forms of Swedish minutes.

Party groups ("Ledamöterna från M, D och KD reserverar sig"), lists of
members, names listed under a "Reservationer" heading, ranked yrkanden ("i
första hand …, i andra hand …"), a bifall joined with a tilläggsyrkande, and
the "Name (PARTY): …" form under "Förslag till beslut på sammanträdet".
The sentences are written for these tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from extractors.core.tables import Source
from extractors.kinds import protokoll
from extractors.lang.structure import attachment
from extractors.lexicon import load
from extractors.parts.decisions import proposals
from extractors.parts.declarations import declarations
from extractors.parts.reservations import reservations
from extractors.parts.sections import heading_of


def _reserved(text: str, **kwargs: Any) -> list[tuple[str | None, str, int]]:
    """Return ``(name, party, own_proposal)`` of each reservation in ``text``."""
    return [
        (r["name"], r["party"], r["own_proposal"])
        for r in reservations(text, 1, **kwargs)
    ]


def _proposed(text: str, **kwargs: Any) -> list[tuple[str | None, str, str, str]]:
    """Return ``(name, party, kind, text)`` of each yrkande in ``text``."""
    return [
        (r["name"], r["party"], r["kind"], r["text"])
        for r in proposals(text, 1, **kwargs)
    ]


# --- reservations ----------------------------------------------------------


def test_party_group_gives_one_row_per_party() -> None:
    """Members named by party: one row per party, no name; a local code counts."""
    text = "Ledamöterna från M, KD, L och SPI reserverar sig mot beslutet."
    assert _reserved(text) == [
        (None, "M", 0),
        (None, "KD", 0),
        (None, "L", 0),
        (None, "SPI", 0),
    ]


def test_party_group_for_own_proposal() -> None:
    """ "Ledamöterna för V och MP … till förmån för eget yrkande"."""
    text = "Ledamöterna för V och MP reserverar sig till förmån för eget yrkande."
    assert _reserved(text) == [(None, "V", 1), (None, "MP", 1)]


def test_party_codes_glued_to_the_group_noun() -> None:
    """ "M- och KD-ledamöterna", "SD-gruppen"."""
    assert _reserved("M- och KD-ledamöterna reserverar sig mot beslutet.") == [
        (None, "M", 0),
        (None, "KD", 0),
    ]
    assert _reserved("SD-gruppen reserverar sig mot beslutet.") == [(None, "SD", 0)]


def test_parties_by_name_opening_the_sentence() -> None:
    """Parties by name, or their members in the genitive, as the subject."""
    text = "Moderaterna och Kristdemokraterna reserverar sig mot beslutet."
    assert _reserved(text) == [(None, "M", 0), (None, "KD", 0)]
    text = "Vänsterpartiets ledamöter reserverar sig till förmån för egna yrkandet."
    assert _reserved(text) == [(None, "V", 1)]


def test_list_of_members_gives_one_row_per_person() -> None:
    """ "A (S), B (S) och C (S) reserverar sig": three rows."""
    text = "Lina Holm (S), Olle Berg (S) och Stina Ek (S) reserverar sig mot beslutet."
    assert _reserved(text) == [
        ("Lina Holm", "S", 0),
        ("Olle Berg", "S", 0),
        ("Stina Ek", "S", 0),
    ]


def test_members_after_the_phrase_in_inverted_order() -> None:
    """ "Mot beslutet reserverar sig A (M) och B (KD)"."""
    text = "Mot beslutet reserverar sig Olle Berg (M) och Stina Ek (KD)."
    assert _reserved(text) == [("Olle Berg", "M", 0), ("Stina Ek", "KD", 0)]


def test_names_listed_under_a_reservation_heading() -> None:
    """Under "Reservationer" a sentence of names alone is their reservation."""
    assert _reserved("Lina Holm (S)\nOlle Berg (M)", under_heading=True) == [
        ("Lina Holm", "S", 0),
        ("Olle Berg", "M", 0),
    ]
    text = (
        "Lina Holm (S) och tjänstgörande ersättaren Stina Ek (V) "
        "till förmån för eget yrkande."
    )
    assert _reserved(text, under_heading=True) == [
        ("Lina Holm", "S", 1),
        ("Stina Ek", "V", 1),
    ]
    assert _reserved("Ledamöterna från M och KD.", under_heading=True) == [
        (None, "M", 0),
        (None, "KD", 0),
    ]


def test_heading_opening_the_line_lists_the_names() -> None:
    """A heading set in the margin runs into its names: "Reservationer: A (S)"."""
    assert _reserved("Reservationer: Lina Holm (S) och Olle Berg (M)") == [
        ("Lina Holm", "S", 0),
        ("Olle Berg", "M", 0),
    ]
    assert _reserved("Reservation Olle Berg (M)") == [("Olle Berg", "M", 0)]


@pytest.mark.parametrize(
    "text",
    [
        "Lina Holm (S) antecknar att hon inte deltar i beslutet.",
        "Lina Holm (S) yrkar avslag på förslaget.",
        "Vi vill att Olle Berg (M) utreder saken vidare och återkommer till nämnden.",
        "Justerare Olle Berg (M)",
        "Sekreterare Eva Strand Ordförande Lina Holm (S)",
    ],
)
def test_no_listed_reservation_in_other_sentences(text: str) -> None:
    """A declaration, a yrkande, a longer sentence or a signature is none."""
    assert _reserved(text, under_heading=True) == []


def test_names_without_heading_or_phrase_reserve_nothing() -> None:
    """Outside a reservation heading, names alone or "reservation av" are none."""
    assert _reserved("Lina Holm (S)\nOlle Berg (M)") == []
    assert _reserved("Reservation av tomter för Olle Berg (M) i planen.") == []


def test_declaration_by_party_group_and_by_party_name() -> None:
    """Protokollsanteckningar by a group of members or by a party's name."""
    text = (
        "Representanterna från S och V lämnar en protokollsanteckning. "
        "Miljöpartiet antecknar att taxan bör ses över."
    )
    assert [(r["name"], r["party"]) for r in declarations(text, 1, None)] == [
        (None, "S"),
        (None, "V"),
        (None, "MP"),
    ]


# --- yrkanden --------------------------------------------------------------


def test_ranked_yrkande_gives_one_row_per_rank() -> None:
    """ "i första hand …, i andra hand …": two yrkanden of their own kinds."""
    text = (
        "Rut Sandell (KD) yrkar i första hand att ärendet återremitteras till "
        "förvaltningen, i andra hand avslag på förslaget."
    )
    assert _proposed(text) == [
        (
            "Rut Sandell",
            "KD",
            "aterremiss",
            "att ärendet återremitteras till förvaltningen",
        ),
        ("Rut Sandell", "KD", "avslag", "avslag på förslaget"),
    ]


def test_ranked_bifall_to_a_named_proposal_has_its_kind() -> None:
    """ "… och i andra hand bifall till ändringsyrkandet" is an ändring."""
    text = (
        "Rut Sandell (KD) yrkar i första hand att ärendet bordläggs och i andra "
        "hand bifall till ändringsyrkandet från L."
    )
    assert _proposed(text) == [
        ("Rut Sandell", "KD", "bordlaggning", "att ärendet bordläggs"),
        ("Rut Sandell", "KD", "andring", "bifall till ändringsyrkandet från L"),
    ]


def test_bifall_and_tillaggsyrkande_for_each_member() -> None:
    """ "bifall till X och tilläggsyrkande från Y": bifall + tillägg per member."""
    text = (
        "Rut Sandell (KD) och Nils Åkesson (L) yrkar bifall till nämndens "
        "förslag och tilläggsyrkande från KD och L."
    )
    rows = proposals(text, 1)
    assert [(r["name"], r["kind"], r["supports"]) for r in rows] == [
        ("Rut Sandell", "bifall", "nämndens förslag"),
        ("Nils Åkesson", "bifall", "nämndens förslag"),
        ("Rut Sandell", "tillagg", None),
        ("Nils Åkesson", "tillagg", None),
    ]
    assert rows[2]["text"] == "tilläggsyrkande från KD och L"


def test_named_proposal_joined_with_samt() -> None:
    """ "samt det ändringsförslag som …" is a second yrkande too."""
    text = (
        "Rut Sandell (KD) yrkar bifall till nämndens förslag samt det "
        "ändringsförslag som L lämnat."
    )
    assert _proposed(text) == [
        ("Rut Sandell", "KD", "bifall", "bifall till nämndens förslag"),
        ("Rut Sandell", "KD", "andring", "det ändringsförslag som L lämnat"),
    ]


def test_bifall_to_a_tillaggsyrkande_is_a_tillagg() -> None:
    """Supporting a tilläggsyrkande is proposing the addition."""
    assert _proposed("Rut Sandell (KD) yrkar bifall till tilläggsyrkandet från V.") == [
        ("Rut Sandell", "KD", "tillagg", "bifall till tilläggsyrkandet från V")
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Rut Sandell (KD) yrkar avslag på tilläggsyrkandet och ändringsyrkandet.",
            "avslag",
        ),
        (
            "Rut Sandell (KD) yrkar bifall till förvaltningens förslag och avslag "
            "på motionen.",
            "bifall",
        ),
        (
            "Rut Sandell (KD) yrkar bifall till Nils Åkessons återremissyrkande.",
            "bifall",
        ),
    ],
)
def test_one_yrkande_stays_one(text: str, kind: str) -> None:
    """Rejecting both, "och avslag", and a member's proposal by name: one row."""
    assert [r["kind"] for r in proposals(text, 1)] == [kind]


def test_yrkande_by_party_group() -> None:
    """ "Ledamöterna från M och KD yrkar …": one row per party; a party's name not."""
    assert _proposed("Ledamöterna från M och KD yrkar avslag på förslaget.") == [
        (None, "M", "avslag", "avslag på förslaget"),
        (None, "KD", "avslag", "avslag på förslaget"),
    ]
    assert _proposed("Moderaterna yrkade i en motion avslag på taxan.") == []


def test_colon_form_names_a_kind_or_stands_under_its_heading() -> None:
    """ "Name (PARTY): Bifall till …"; under the heading also without a kind."""
    text = (
        "Rut Sandell (KD): Bifall till arbetsutskottets förslag.\n"
        "Nils Åkesson (L) och Eva Strand (C): Återremiss för att utreda kostnaderna.\n"
        "Olle Berg (M): Nämnden tar fram en ny plan för skolskjutsar."
    )
    named = [
        ("Rut Sandell", "KD", "bifall", "Bifall till arbetsutskottets förslag"),
        ("Nils Åkesson", "L", "aterremiss", "Återremiss för att utreda kostnaderna"),
        ("Eva Strand", "C", "aterremiss", "Återremiss för att utreda kostnaderna"),
    ]
    assert _proposed(text) == named
    assert _proposed(text, under_heading=True) == [
        *named,
        ("Olle Berg", "M", "other", "Nämnden tar fram en ny plan för skolskjutsar"),
    ]


def test_colon_form_with_the_heading_in_the_margin() -> None:
    """A left-margin heading runs into the lines: each member is still read."""
    text = (
        "Förslag till beslut på Rut Sandell (KD): Bifall till nämndens förslag.\n"
        "sammanträdet Olle Berg (M): Avslag på förslaget."
    )
    assert _proposed(text) == [
        ("Rut Sandell", "KD", "bifall", "Bifall till nämndens förslag"),
        ("Olle Berg", "M", "avslag", "Avslag på förslaget"),
    ]


def test_colon_after_a_title_is_no_yrkande() -> None:
    """ "Ordförande: Rut Sandell (KD)" and "Rut Sandell (KD): ordförande" are none."""
    assert _proposed("Ordförande: Rut Sandell (KD)\nSekreterare: Eva Strand") == []
    assert _proposed("Rut Sandell (KD): ordförande") == []


def test_decision_taken_on_a_members_proposal_is_no_colon_yrkande() -> None:
    """ "På förslag av Name (PARTY): <the decision>" is the decision, not a yrkande."""
    text = "På förslag av Rut Sandell (KD): Ärendet bordläggs till nästa sammanträde."
    assert _proposed(text) == []
    assert _proposed(load("proposals")["colon"]["not_after_example"]) == []


def test_joined_first_names_are_names() -> None:
    """ "AnnaLena Ek (C)": a name joined of two is one word of a name."""
    assert _proposed("AnnaLena Ek (C) yrkar bifall till motionen.") == [
        ("AnnaLena Ek", "C", "bifall", "bifall till motionen")
    ]


def test_lexicon_examples_are_read() -> None:
    """The ranked, named-proposal, colon, listed and party-group examples."""
    words = load("proposals")
    assert [r["kind"] for r in proposals(words["ranked"]["example"], 1)] == [
        "aterremiss",
        "tillagg",
    ]
    named = proposals(words["named_proposal"]["example"], 1)
    assert [r["kind"] for r in named] == ["bifall", "tillagg"]
    colon = proposals(words["colon"]["example"], 1)
    assert [(r["name"], r["kind"]) for r in colon] == [
        ("Anna Berg", "bifall"),
        ("Lisa Ek", "bifall"),
    ]
    listed = _reserved(words["listed"]["example"], under_heading=True)
    assert [r[0] for r in listed] == ["Anna Berg", "Per Holm", "Lisa Ek"]
    group = words["party_group"]
    assert [r[1] for r in _reserved(group["hyphen_example"])] == ["M", "KD"]
    assert [r[1] for r in _reserved(group["names_example"])] == ["M", "KD"]


# --- the protocol as a whole -----------------------------------------------


def _paragraph(lines: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Return the rows of a one-paragraph protocol of ``lines``."""
    return protokoll.extract(Source(lines=[(1, t) for t in ["§ 12 Budget", *lines]]))


def test_protocol_reads_the_meeting_proposals_heading_and_listed_reservations() -> None:
    """ "Förslag till beslut på sammanträdet" holds yrkanden; names under a heading."""
    assert heading_of("Förslag till beslut på sammanträdet") == "yrkanden"
    rows = _paragraph(
        [
            "Förslag till beslut på sammanträdet",
            "Rut Sandell (KD): Nämnden ska utreda en ny rad för skolskjutsar.",
            "Olle Berg (M): Avslag.",
            "Beslut",
            "Nämnden antar budgeten.",
            "Reservationer",
            "Olle Berg (M).",
            "Ledamöterna från V och MP.",
        ]
    )
    assert [(r["name"], r["kind"]) for r in rows["proposals"]] == [
        ("Rut Sandell", "other"),
        ("Olle Berg", "avslag"),
    ]
    assert [(r["name"], r["party"]) for r in rows["reservations"]] == [
        ("Olle Berg", "M"),
        (None, "V"),
        (None, "MP"),
    ]


def test_wrapped_attachment_reference_is_not_a_new_document() -> None:
    """ "… framgår av / bilaga 4." ends a sentence; "Bilaga 4" opens a document."""
    assert attachment().match("Bilaga 4")
    assert not attachment().match("bilaga 4.")
