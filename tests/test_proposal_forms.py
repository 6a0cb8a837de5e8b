"""Yrkanden and reservations in the forms of minutes from many municipalities.

Each form has a line as printed in real minutes (the shared records, or the
unseen minutes quoted in the issue) and a written variant: members joining a
yrkande ("med instämmande av", "instämmer"), the chair's yrkande, yrkanden
named by their noun ("lämnar ett tilläggsyrkande"), the margin layout's
"Name (P) i första hand …" without verb or colon, party groups written out
("(S)-gruppen", "Socialdemokraternas ledamöter") and passive reservations
("Skriftlig reservation lämnas av …").
"""

from __future__ import annotations

from typing import Any

import pytest

from extractors.core.tables import Source
from extractors.kinds import protokoll
from extractors.lexicon import load
from extractors.parts.decisions import chair_person, proposals
from extractors.parts.declarations import declarations
from extractors.parts.reservations import reservations


def _proposed(text: str, **kwargs: Any) -> list[tuple[str | None, str, str, str]]:
    """Return ``(name, party, kind, text)`` of each yrkande in ``text``."""
    return [
        (r["name"], r["party"], r["kind"], r["text"])
        for r in proposals(text, 1, **kwargs)
    ]


def _reserved(text: str, **kwargs: Any) -> list[tuple[str | None, str, int, int]]:
    """Return ``(name, party, own_proposal, written)`` of each reservation."""
    return [
        (r["name"], r["party"], r["own_proposal"], r["written"])
        for r in reservations(text, 1, **kwargs)
    ]


# --- members joining a yrkande ---------------------------------------------


def test_members_joining_with_instammande_make_the_same_yrkande() -> None:
    """One row per member after "med instämmande av", of the maker's kind."""
    text = (
        "Ordföranden Anna Ahl (S) yrkar, med instämmande av Per Berg (M) och "
        "Eva Carl (L), bifall till arbetsutskottets förslag."
    )
    said = "bifall till arbetsutskottets förslag"
    assert _proposed(text) == [
        ("Anna Ahl", "S", "bifall", said),
        ("Per Berg", "M", "bifall", said),
        ("Eva Carl", "L", "bifall", said),
    ]


def test_joining_clause_at_the_end_or_before_the_verb() -> None:
    """The clause may close the sentence or stand between subject and verb."""
    assert _proposed(
        "Per Holmberg (M) yrkar avslag på motionen med instämmande av Ulla Fors (L)."
    ) == [
        ("Per Holmberg", "M", "avslag", "avslag på motionen"),
        ("Ulla Fors", "L", "avslag", "avslag på motionen"),
    ]
    assert _proposed(
        "Elin Dahl (V), med instämmande av ledamöterna från MP, yrkar återremiss."
    ) == [
        ("Elin Dahl", "V", "aterremiss", "återremiss"),
        (None, "MP", "aterremiss", "återremiss"),
    ]


def test_instammer_joins_the_named_members_yrkande_else_the_last() -> None:
    """ "X (P) instämmer i Y:s yrkande" copies Y's; "X och Z instämmer" the last."""
    text = (
        "Per Holmberg (M) yrkar bifall till motionen. "
        "Maria Lindqvist (S) yrkar avslag på motionen. "
        "Karin Ljung (M) instämmer i Per Holmbergs yrkande."
    )
    assert _proposed(text)[-1] == ("Karin Ljung", "M", "bifall", "bifall till motionen")
    text = (
        "Maria Lindqvist (S) yrkar i första hand avslag, i andra hand återremiss. "
        "Erik Sund (S) och Elin Dahl (V) instämmer."
    )
    assert [(r[0], r[2]) for r in _proposed(text)[2:]] == [
        ("Erik Sund", "avslag"),
        ("Elin Dahl", "avslag"),
        ("Erik Sund", "aterremiss"),
        ("Elin Dahl", "aterremiss"),
    ]


def test_instammer_without_a_yrkande_before_is_none() -> None:
    """Agreeing with an assessment is no yrkande."""
    assert _proposed("Anna Ahl (S) instämmer i revisorernas bedömning.") == []


# --- the chair, nouns, the margin layout ------------------------------------


def test_chairs_yrkande_is_made_by_the_meetings_chair() -> None:
    """ "Ordföranden yrkar …": the chair named in the protocol, else no row."""
    chair = chair_person("Gunnar Åström (S)")
    text = load("proposals")["chair"]["example"]
    assert _proposed(text, chair=chair) == [
        ("Gunnar Åström", "S", "bifall", "bifall till arbetsutskottets förslag")
    ]
    assert _proposed(text) == []
    assert chair_person("frågar om nämnden kan bifalla förvaltningens förslag") is None


def test_chair_named_with_the_title_is_the_subject() -> None:
    """Real (Södertälje): "Kommunstyrelsens ordförande Boel Godner (S) yrkar …"."""
    text = (
        "Kommunstyrelsens ordförande Boel Godner (S) yrkar bifall till upprättat "
        "förslag om att anse motionen besvarad."
    )
    assert [r[:3] for r in _proposed(text)] == [("Boel Godner", "S", "bifall")]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Karin Ljung (M) lämnar ett tilläggsyrkande enligt bilaga 2.", "tillagg"),
        (
            "Ulla Fors (L) framställer ett ändringsyrkande: att punkt 2 stryks.",
            "andring",
        ),
        ("Elin Dahl (V) väcker ett yrkande om återremiss av ärendet.", "aterremiss"),
    ],
)
def test_yrkande_named_by_its_noun(text: str, kind: str) -> None:
    """ "lämnar ett tilläggsyrkande" is a yrkande of the kind its words say."""
    assert [r[2] for r in _proposed(text)] == [kind]


def test_leaving_the_meeting_is_no_yrkande() -> None:
    """ "lämnar" without a yrkande after it is another verb."""
    assert _proposed("Karin Ljung (M) lämnar sammanträdet efter § 12.") == []


def test_margin_layout_name_and_ranked_yrkande_without_colon() -> None:
    """Under "Förslag till beslut på sammanträdet": "Name (P) i första hand …"."""
    text = (
        "Olle Berg (M) i första hand bifall till eget förslag, i andra hand avslag.\n"
        "Rut Sandell (KD) bifall till nämndens förslag."
    )
    assert _proposed(text, under_heading=True) == [
        ("Olle Berg", "M", "bifall", "bifall till eget förslag"),
        ("Olle Berg", "M", "avslag", "avslag"),
        ("Rut Sandell", "KD", "bifall", "bifall till nämndens förslag"),
    ]
    assert _proposed(text) == []


def test_inverted_yrkande_under_heading_is_read_once() -> None:
    """Real (Göteborg): "Vidare yrkar Name (P) / bifall till …" gives one row."""
    text = (
        "den 7 mars 2025 om att tillstyrka motionen. Vidare yrkar Jörgen "
        "Fogelklou (SD)\nbifall till\ntilläggsyrkande från SD den 7 mars 2025."
    )
    assert [r[:3] for r in _proposed(text, under_heading=True)] == [
        ("Jörgen Fogelklou", "SD", "tillagg")
    ]


def test_protocol_with_the_chair_joiners_and_a_passive_reservation() -> None:
    """A whole paragraph: the chair from the header, joiners, "lämnas av"."""
    lines = [
        "Ordförande Gunnar Åström (S)",
        "§ 177 Diarienummer 00181/2024 3.0.2.",
        "Detaljplan för del av Ekbacken 2:14",
        "Förslag till beslut på sammanträdet",
        "Ordföranden yrkar bifall till arbetsutskottets förslag.",
        "Per Holmberg (M) i första hand återremiss, i andra hand avslag.",
        "Tomas Bergh (SD) instämmer i Per Holmbergs yrkande.",
        "Reservation",
        "Skriftlig reservation lämnas av Per Holmberg (M), bilaga 4.",
    ]
    rows = protokoll.extract(Source(lines=[(1, t) for t in lines]))
    assert [(p["number"], p["title"]) for p in rows["paragraphs"]] == [
        (177, "Detaljplan för del av Ekbacken 2:14")
    ]
    assert [(r["name"], r["party"], r["kind"]) for r in rows["proposals"]] == [
        ("Gunnar Åström", "S", "bifall"),
        ("Per Holmberg", "M", "aterremiss"),
        ("Per Holmberg", "M", "avslag"),
        ("Tomas Bergh", "SD", "aterremiss"),
        ("Tomas Bergh", "SD", "avslag"),
    ]
    assert [(r["name"], r["written"]) for r in rows["reservations"]] == [
        ("Per Holmberg", 1)
    ]


# --- party groups and reservations -----------------------------------------


def test_party_groups_written_out_propose_and_reserve() -> None:
    """ "Socialdemokraternas ledamöter", "(S)-gruppen", "M-, L- och KD-ledamöterna"."""
    assert _proposed("Socialdemokraternas ledamöter yrkar bifall till förslaget.") == [
        (None, "S", "bifall", "bifall till förslaget")
    ]
    assert _proposed("(S)-gruppen yrkar avslag på förslaget.") == [
        (None, "S", "avslag", "avslag på förslaget")
    ]
    assert _reserved("Sverigedemokraternas ledamöter reserverar sig mot beslutet.") == [
        (None, "SD", 0, 0)
    ]
    assert _reserved(load("proposals")["party_group"]["paren_example"]) == [
        (None, "S", 0, 0)
    ]
    assert [r[1] for r in _reserved("M-, L- och KD-ledamöterna reserverar sig.")] == [
        "M",
        "L",
        "KD",
    ]


def test_issue_group_and_list_reservations() -> None:
    """Real (issue): a group of four parties; three members of one party.

    The issue shortens the surnames ("Tommy A"); the minutes print them whole.
    """
    text = "Ledamöterna från M, D, L och KD reserverar sig mot beslutet."
    assert [r[:2] for r in _reserved(text)] == [
        (None, "M"),
        (None, "D"),
        (None, "L"),
        (None, "KD"),
    ]
    text = (
        "Tommy Aronsson (S), Inga Berglund (S) och Johan Carlén (S) reserverar "
        "sig mot beslutet."
    )
    assert [r[:2] for r in _reserved(text)] == [
        ("Tommy Aronsson", "S"),
        ("Inga Berglund", "S"),
        ("Johan Carlén", "S"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Skriftlig reservation lämnas av Per Holmberg (M) och Karin Ljung (M), "
            "bilaga 3.",
            [("Per Holmberg", "M", 0, 1), ("Karin Ljung", "M", 0, 1)],
        ),
        (
            "Reservation anmäls av Tage Gripenstam (C) till förmån för eget yrkande.",
            [("Tage Gripenstam", "C", 1, 0)],
        ),
        (
            "Tage Gripenstam (C) anmäler reservation till protokollet till förmån "
            "för eget yrkande.",
            [("Tage Gripenstam", "C", 1, 0)],
        ),
    ],
)
def test_passive_and_announced_reservations(
    text: str, expected: list[tuple[str, str, int, int]]
) -> None:
    """ "… lämnas av Name (P)", "anmäler reservation" (real, Södertälje)."""
    assert _reserved(text) == expected


def test_declaration_by_a_group_written_out() -> None:
    """ "(S)-gruppen lämnar en protokollsanteckning": one row, no name."""
    rows = declarations("(S)-gruppen lämnar en protokollsanteckning.", 1, None)
    assert [(r["name"], r["party"], r["kind"]) for r in rows] == [
        (None, "S", "protokollsanteckning")
    ]


def test_lexicon_examples_of_the_new_forms_are_read() -> None:
    """The examples in proposals.toml give the rows they describe."""
    words = load("proposals")
    assert [r[2] for r in _proposed(words["noun_yrkande"]["example"])] == ["tillagg"]
    assert [r[0] for r in _proposed(words["concur"]["example"])] == [
        "Anna Berg",
        "Per Holm",
        "Eva Ek",
    ]
    assert [r[2] for r in _proposed(words["bare"]["example"], under_heading=True)] == [
        "bifall",
        "avslag",
    ]
    assert [r[0] for r in _proposed(words["party_group"]["members_example"])] == [None]


def test_proposing_verb_under_a_yrkanden_heading() -> None:
    """ "föreslår" proposes under the heading only."""
    text = load("proposals")["heading_verb"]["example"]
    assert _proposed(text, under_heading=True) == [
        (
            "Anna Berg",
            "S",
            "aterremiss",
            "att ärendet återremitteras till förvaltningen",
        )
    ]
    assert _proposed(text) == []
    assert (
        _proposed("Ordföranden föreslår att ärendet avgörs i dag.", under_heading=True)
        == []
    )


def test_bifall_and_a_tillaggsyrkande_with_ett() -> None:
    """ "bifall till förslaget samt ett tilläggsyrkande om …": two yrkanden."""
    text = (
        "Per Holmberg (M) yrkar bifall till förslaget samt ett tilläggsyrkande "
        "om att utreda frågan."
    )
    assert [r[2] for r in _proposed(text)] == ["bifall", "tillagg"]


def test_plain_ledamoter_before_the_parties() -> None:
    """ "Samtliga ledamöter från SD reserverar sig": the group without article."""
    text = load("proposals")["party_group"]["plain_example"]
    assert _reserved(text) == [(None, "SD", 0, 0)]


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (load("proposals")["party_group"]["codes_example"], ["M", "L", "KD"]),
        ("(S) och (V) reserverar sig till förmån för eget yrkande.", ["S", "V"]),
        ("Mot beslutet reserverar sig S och V.", ["S", "V"]),
        ("I beslutet reserverar sig ingen ledamot.", []),
    ],
)
def test_parties_by_code_alone_reserve(text: str, parties: list[str]) -> None:
    """Known codes or bracketed codes as the subject, before or after the phrase."""
    assert [(r[0], r[1]) for r in _reserved(text)] == [(None, p) for p in parties]


def test_codes_alone_make_no_yrkande_but_a_declaration() -> None:
    """ "S yrkar …" is no yrkande (retold motions); "SD lämnar en anteckning" is."""
    assert _proposed("S yrkar bifall till motionen.") == []
    rows = declarations("SD lämnar en protokollsanteckning.", 1, None)
    assert [(r["name"], r["party"]) for r in rows] == [(None, "SD")]


@pytest.mark.parametrize(
    "heading",
    ["Yrkanden och beslutsgång", "Förslag under sammanträdet", "Överläggning"],
)
def test_yrkanden_under_the_headings_of_other_layouts(heading: str) -> None:
    """Yrkanden after "Yrkanden och beslutsgång" or "Överläggning" are read.

    Before, the lines stayed in the summary, where no yrkande is read.
    """
    lines = [
        "§ 12 Budget",
        "Sammanfattning av ärendet",
        "Förvaltningen har tagit fram en budget.",
        heading,
        "I överläggningen deltar Anna Ahl (S) och Per Berg (M).",
        "Per Berg (M) yrkar avslag på förvaltningens förslag.",
    ]
    rows = protokoll.extract(Source(lines=[(1, t) for t in lines]))
    assert [(r["name"], r["kind"]) for r in rows["proposals"]] == [
        ("Per Berg", "avslag")
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Ordförande yrkar avslag på förslaget.", ["Gunnar Åström"]),
        (load("proposals")["chair"]["not_after_example"], []),
        ("Förste vice ordförande yrkar avslag.", []),
        ("Kommunstyrelsens ordförande yrkar avslag på motionen.", []),
    ],
)
def test_only_the_meetings_chair_is_the_chair(text: str, names: list[str]) -> None:
    """A vice chair or another body's chair is not the meeting's chair."""
    chair = chair_person("Gunnar Åström (S)")
    assert [r[0] for r in _proposed(text, chair=chair)] == names


def test_party_group_with_a_colon_opening_a_line() -> None:
    """ "Ledamöterna från M, L och KD: Avslag …", "Moderaterna: Bifall till / …"."""
    text = (
        "Ledamöterna från M, L och KD: Avslag på arbetsutskottets förslag.\n"
        "Socialdemokraterna: Bifall till\narbetsutskottets förslag.\n"
        "SD: Återremiss."
    )
    assert [r[1:] for r in _proposed(text, under_heading=True)] == [
        ("M", "avslag", "Avslag på arbetsutskottets förslag"),
        ("L", "avslag", "Avslag på arbetsutskottets förslag"),
        ("KD", "avslag", "Avslag på arbetsutskottets förslag"),
        ("S", "bifall", "Bifall till arbetsutskottets förslag"),
        ("SD", "aterremiss", "Återremiss"),
    ]
    assert _proposed("Moderaterna: Nämnden tar fram en plan.") == []
    assert _proposed("Beslut: Nämnden tar fram en plan.", under_heading=True) == []


def test_lexicon_group_colon_example() -> None:
    """The [colon] group example gives one avslag per party."""
    text = load("proposals")["colon"]["group_example"]
    assert [(r[1], r[2]) for r in _proposed(text)] == [
        ("M", "avslag"),
        ("L", "avslag"),
        ("KD", "avslag"),
    ]


def test_pronoun_or_bare_name_refers_back_to_the_last_member() -> None:
    """ "I andra hand yrkar han …", "Vidare yrkar Holmberg …": the last member."""
    words = load("proposals")["pronoun"]
    assert [r[:3] for r in _proposed(words["example"])] == [
        ("Per Holmberg", "M", "aterremiss"),
        ("Per Holmberg", "M", "avslag"),
    ]
    text = "Per Holmberg (M) yrkar bifall till förslaget. " + words["name_example"]
    assert [r[:3] for r in _proposed(text)][1:] == [("Per Holmberg", "M", "tillagg")]


def test_no_member_to_refer_back_to() -> None:
    """An office or a party's name as the subject refers back to no member."""
    assert _proposed("Kommunen yrkar att domstolen avslår överklagandet.") == []
    text = "Per Holmberg (M) yrkar bifall. Förvaltningen yrkar avslag."
    assert [r[:3] for r in _proposed(text)] == [("Per Holmberg", "M", "bifall")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            load("proposals")["reservation_made"]["example"],
            [("Per Holmberg", "M", 0, 1)],
        ),
        (
            load("proposals")["reservation_made"]["variant_example"],
            [("Elin Dahl", "V", 0, 1)],
        ),
        ("Ledamöterna från M lämnar reservation.", [(None, "M", 0, 0)]),
        ("Per Holmberg (M) lämnar en protokollsanteckning.", []),
    ],
)
def test_reservation_handed_in(
    text: str, expected: list[tuple[str | None, str, int, int]]
) -> None:
    """ "lämnar en skriftlig reservation", "inkommer med reservation"."""
    assert _reserved(text) == expected


def test_margin_layout_name_dash_yrkande() -> None:
    """ "Name (P) – avslag …" under the heading, and "Name (P)" / next line."""
    text = load("proposals")["bare"]["marks_example"]
    assert _proposed(text, under_heading=True) == [
        ("Olle Berg", "M", "avslag", "avslag på förslaget")
    ]
    assert _proposed("Olle Berg (M)\nAvslag på förslaget.", under_heading=True) == [
        ("Olle Berg", "M", "avslag", "Avslag på förslaget")
    ]


def test_lists_joined_with_samt() -> None:
    """ "A (S), B (M) samt C (L)" lists members; "M samt KD" parties."""
    text = load("proposals")["listing"]["example"]
    assert [r[:2] for r in _reserved(text)] == [
        ("Anna Berg", "S"),
        ("Per Holm", "M"),
        ("Eva Ek", "L"),
    ]
    assert [r[:2] for r in _reserved("Ledamöterna från M samt KD reserverar sig.")] == [
        (None, "M"),
        (None, "KD"),
    ]
    text = (
        "Anna Ahl (S) yrkar avslag med instämmande av Per Berg (M) samt Eva Carl (L)."
    )
    assert [r[0] for r in _proposed(text)] == ["Anna Ahl", "Per Berg", "Eva Carl"]


def test_instammer_in_something_else_joins_no_yrkande() -> None:
    """After a yrkande, "instämmer i revisorernas kritik …" is no yrkande."""
    text = (
        "Per Holmberg (M) yrkar avslag. " + load("proposals")["concur"]["not_example"]
    )
    assert [r[0] for r in _proposed(text)] == ["Per Holmberg"]
    text = "Per Holmberg (M) yrkar avslag. Anna Berg (S) instämmer i detta."
    assert [r[0] for r in _proposed(text)] == ["Per Holmberg", "Anna Berg"]


def test_joiners_make_the_yrkande_when_its_maker_is_unknown() -> None:
    """With no chair named, "Ordföranden yrkar, med instämmande av B (M), …"."""
    text = "Ordföranden yrkar, med instämmande av Per Berg (M), bifall till förslaget."
    assert _proposed(text) == [("Per Berg", "M", "bifall", "bifall till förslaget")]
