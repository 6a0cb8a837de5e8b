"""The meeting-record lexicon: every entry's example is read as the entry says.

Covers ``sections``, ``proposals``, ``declarations``, ``votes`` and ``meeting``
in ``extractors/lexicon``, and shows that a new phrasing is a data change: a
copy of a lexicon with one more entry, passed to the parser, is enough.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from conftest import lexicon_tables

from extractors.lexicon import load
from extractors.parts.attendance import attendance, officials
from extractors.parts.decisions import adopted, proposals
from extractors.parts.declarations import declaration_kind, section_declaration
from extractors.parts.meeting import (
    header_fields,
    is_body_furniture,
    meeting_patterns,
    meeting_row,
    titled_person,
)
from extractors.parts.proposal_words import proposal_kind, proposal_patterns
from extractors.parts.reservations import reservations
from extractors.parts.sections import heading_of, opens_with, proposes_to_council
from extractors.parts.vote_tables import table_vote, vote_columns
from extractors.parts.votes import prose_votes

FILES = ("sections", "proposals", "declarations", "votes", "meeting")


def _entries(name: str, key: str) -> list[dict[str, Any]]:
    """Return the ``[[key]]`` entries of lexicon file ``name``."""
    found: list[dict[str, Any]] = load(name)[key]
    return found


def _phrase(entry: dict[str, Any]) -> str:
    """Return the phrase an entry lists (its text, label, heading or header)."""
    for key in ("text", "label", "heading", "header", "header_prefix"):
        if key in entry:
            return str(entry[key])
    return ""


def _params(name: str, key: str) -> list[Any]:
    """Return one pytest param per ``[[key]]`` entry, named by its phrase."""
    return [pytest.param(e, id=_phrase(e)) for e in _entries(name, key)]


@pytest.mark.parametrize("name", FILES)
def test_every_entry_has_an_example(name: str) -> None:
    """Each table and ``[[...]]`` entry carries a non-empty example line."""
    missing = [
        key
        for key, entry in lexicon_tables(load(name))
        if not str(entry.get("example", "")).strip() and key != "section_default"
    ]
    assert missing == []


def test_no_phrase_is_listed_twice() -> None:
    """Within each list, a phrase appears once."""
    twice = []
    for name in FILES:
        for key, value in load(name).items():
            if not isinstance(value, list):
                continue
            texts = [_phrase(e) for e in value]
            twice += [f"{name}.{key}: {t}" for t in set(texts) if texts.count(t) > 1]
    assert twice == []


# --- sections.toml ---------------------------------------------------------


@pytest.mark.parametrize("entry", _params("sections", "heading"))
def test_heading_example_opens_its_section(entry: dict[str, Any]) -> None:
    """``heading_of(example)`` is the entry's section, also after a body's name."""
    assert heading_of(entry["example"]) == entry["section"]
    if entry.get("body") == "also":
        assert heading_of(entry["body_example"]) == entry["section"]


def test_heading_only_after_a_body_name() -> None:
    """A ``body = "only"`` heading is not a heading on its own."""
    assert heading_of("Förslag till fullmäktige") is None
    assert heading_of("Socialnämndens förslag till fullmäktige") == "decision"


def test_ocr_damaged_heading_and_body_proposal() -> None:
    """Headings are OCR-tolerant; "<Body>s förslag till beslut:" is proposed."""
    assert heading_of(" Forslag till beslut") == "proposed"
    assert heading_of("Social och omsorgskontorets förslag till beslut:") == "proposed"
    assert heading_of("Kommunstyrelsens beslut") == "decision"


@pytest.mark.parametrize("entry", _params("sections", "to_council"))
def test_to_council_example_proposes_to_the_council(entry: dict[str, Any]) -> None:
    """A to_council phrase makes a decision a proposal to the council."""
    assert proposes_to_council(entry["example"]) is True


def test_to_council_headings_and_plain_decisions() -> None:
    """Headings flagged ``to_council`` count; a plain decision does not."""
    heading = "Kommunstyrelsens förslag till kommunfullmäktige"
    assert proposes_to_council(heading) is True
    assert proposes_to_council("Kommunstyrelsen godkänner planförslaget.") is False


def test_kallelse_reads_the_proposed_and_underlag_headings_as_prefixes() -> None:
    """A kallelse line starting with a heading opens that part of the item."""
    assert opens_with("Förslag till beslut i kommunfullmäktige", "proposed") is True
    line = "Beslutsunderlag **ÄRENDET KOMMER ATT KOMPLETTERAS**"
    assert opens_with(line, "underlag") is True
    assert opens_with("Förslagen till beslut", "proposed") is False


# --- proposals.toml --------------------------------------------------------


@pytest.mark.parametrize("entry", _params("proposals", "kind"))
def test_proposal_kind_example(entry: dict[str, Any]) -> None:
    """``proposal_kind(example)`` is the entry's kind."""
    assert proposal_kind(entry["example"]) == entry["kind"]


def test_proposal_verb_example_names_the_member() -> None:
    """The verb example gives one yrkande by its subject."""
    example = load("proposals")["verb"]["example"]
    assert [(r["name"], r["party"], r["kind"]) for r in proposals(example, 3)] == [
        ("Paul Hedman", "V", "bifall")
    ]


def test_supports_example() -> None:
    """A "bifall till … och avslag" yrkande supports the text before "och avslag"."""
    example = load("proposals")["supports"]["example"]
    assert [r["supports"] for r in proposals(example, 1)] == [
        "stadsledningskontorets förslag"
    ]


@pytest.mark.parametrize("entry", _params("proposals", "reservation"))
def test_reservation_phrase_example(entry: dict[str, Any]) -> None:
    """The reservation pattern finds the entry's phrase in its example."""
    m = proposal_patterns().reservation.search(entry["example"])
    assert m is not None
    assert re.sub(r"\s+", " ", m.group(0)).lower() == entry["text"]


def test_reservation_details_examples() -> None:
    """Own proposal, written reservation and a party group, each from its example."""
    lexicon = load("proposals")
    own = reservations(lexicon["own_proposal"]["example"], 1)
    assert [(r["name"], r["own_proposal"], r["written"]) for r in own] == [
        ("Karin Ljung", 1, 0)
    ]
    written = reservations(lexicon["written"]["example"], 1)
    assert [(r["name"], r["written"]) for r in written] == [
        ("Per Holmberg", 1),
        ("Karin Ljung", 1),
        ("Tomas Bergh", 1),
    ]
    group = reservations(lexicon["party_group"]["example"], 1)
    assert [(r["name"], r["party"]) for r in group] == [
        (None, "M"),
        (None, "D"),
        (None, "L"),
        (None, "KD"),
    ]


def test_adopted_example() -> None:
    """The chair's finding is the rest of the sentence after "finner att"."""
    example = load("proposals")["adopted"]["example"]
    assert adopted(example) == "kommunstyrelsen bifallit Maria Lindqvists yrkande"


# --- declarations.toml -----------------------------------------------------


@pytest.mark.parametrize("entry", _params("declarations", "declaration"))
def test_declaration_example(entry: dict[str, Any]) -> None:
    """``declaration_kind(example)`` is the entry's kind."""
    assert declaration_kind(entry["example"]) == entry["kind"]


def test_section_defaults_and_word_start() -> None:
    """Sections give a default kind; "jäv" counts only where a word starts."""
    assert section_declaration("notes") == "protokollsanteckning"
    assert section_declaration("jav") == "jav"
    assert section_declaration("decision") is None
    assert declaration_kind("Anna Berg (S) är ojävig.") is None


# --- votes.toml ------------------------------------------------------------


def _number_before(example: str, text: str) -> int:
    """Return the last number printed before ``text`` in ``example``."""
    return int(re.findall(r"\d+", example[: example.lower().index(text)])[-1])


@pytest.mark.parametrize("entry", _params("votes", "counted"))
def test_counted_vote_example(entry: dict[str, Any]) -> None:
    """The count in parentheses after the phrase is the entry's vote count."""
    example = entry["example"]
    after = example[example.lower().index(entry["text"]) :]
    count = int(re.findall(r"\((\d+)\)", after)[0])
    assert prose_votes(example, 1)[0].counts == {entry["vote"]: count}


@pytest.mark.parametrize("entry", _params("votes", "tally"))
def test_tally_vote_example(entry: dict[str, Any]) -> None:
    """The number before the phrase is the entry's vote count."""
    example = entry["example"]
    counts = prose_votes(example, 1)[-1].counts
    assert counts[entry["vote"]] == _number_before(example, entry["text"])


@pytest.mark.parametrize("entry", _params("votes", "column"))
def test_vote_column_example(entry: dict[str, Any]) -> None:
    """The entry's vote is a column of its example header row."""
    header = entry["example"].split()
    assert entry["vote"] in vote_columns(header)


def test_vote_question_and_table_examples() -> None:
    """The quoted question, and a table read with its totals row."""
    lexicon = load("votes")
    text = lexicon["question"]["example"] + " Anna Berg (S) röstar ja (1)."
    assert prose_votes(text, 2)[0].question == (
        "Ja för bifall till kommunstyrelsens förslag och Nej för bifall till yrkandet."
    )
    table = [
        lexicon["column"][3]["example"].split(),
        ["Anna Berg", "S", "X", "", "", ""],
        ["Per Holm", "M", "", "X", "", ""],
        [c.strip() for c in lexicon["table"]["example"].split("|")] + ["", ""],
    ]
    vote = table_vote(table, 4)
    assert vote is not None
    assert vote.records == [("Anna Berg", "S", "ja"), ("Per Holm", "M", "nej")]
    assert vote.counts == {"ja": 6, "nej": 3, "avstar": 1, "franvarande": None}


# --- meeting.toml ----------------------------------------------------------


@pytest.mark.parametrize("entry", _params("meeting", "field"))
def test_field_example(entry: dict[str, Any]) -> None:
    """``header_fields`` reads the example as the entry's field."""
    fields = header_fields([(1, entry["example"])])
    assert list(fields) == [entry["field"]]


def test_titles_after_a_name() -> None:
    """ "…, ordförande" marks the chair; "…, sekreterare" names the secretary."""
    by_field = {f["field"]: f for f in _entries("meeting", "field")}
    rows = attendance([(1, by_field["chair"]["title_example"])])
    assert [(r["name"], r["role"]) for r in rows] == [("Maria Lindqvist", "ordforande")]
    lines = [(1, by_field["secretary"]["title_example"])]
    assert titled_person(lines, "secretary") == "Jonas Ek"


@pytest.mark.parametrize("entry", _params("meeting", "role"))
def test_role_example(entry: dict[str, Any]) -> None:
    """The people under the heading get the entry's role; officials and the
    absent are not members present."""
    lines = [(1, entry["example"])]
    members = [r["role"] for r in attendance(lines)]
    staff = ["tjansteperson" for _ in officials(lines)]
    expected = {"franvarande": [], "tjansteperson": []}.get(
        entry["role"], [entry["role"]]
    )
    assert members == expected
    assert staff == (["tjansteperson"] if entry["role"] == "tjansteperson" else [])


@pytest.mark.parametrize("entry", _params("meeting", "substitute"))
def test_substitute_example(entry: dict[str, Any]) -> None:
    """The member named after the phrase is the one substituted for."""
    rows = attendance([(1, "Beslutande"), (1, entry["example"])])
    assert [(r["name"], r["role"], r["substitutes_for"]) for r in rows] == [
        ("Anna Berg", "tjanstgorande_ersattare", "Björn Nyström")
    ]


def test_clock_and_list_examples() -> None:
    """ "kl." ends the place and opens the time; "och" joins § numbers."""
    example = load("meeting")["clock"]["example"]
    row = meeting_row([(1, example)], "protokoll", None, "2024-06-17")
    assert (row["place"], row["time"]) == ("Kommunhuset, Granvik", "18.00–21.10")
    written = "Plats och tid " + load("meeting")["clock"]["example_long"]
    row = meeting_row([(1, written)], "protokoll", None, "2024-06-17")
    assert (row["place"], row["time"]) == ("Sammanträdesrummet Stensjön", "13.00–15.30")
    rows = attendance([(1, "Ledamöter Anna Berg (C) §§ 41 och 42")])
    assert [r["paragraphs"] for r in rows] == ["§§ 41 och 42"]


@pytest.mark.parametrize("entry", _params("meeting", "agenda_section"))
def test_agenda_section_example(entry: dict[str, Any]) -> None:
    """The example line opens the entry's agenda section (None: no section)."""
    agenda = meeting_patterns().agenda
    found = next((s for s, p in agenda if p.match(entry["example"])), "no heading")
    assert found == entry.get("section")


@pytest.mark.parametrize("entry", _params("meeting", "furniture"))
def test_furniture_example(entry: dict[str, Any]) -> None:
    """The example is a furniture line inside a protocol's body."""
    assert is_body_furniture(entry["example"]) is True


def test_running_field_is_furniture() -> None:
    """A running header field with its date is furniture; prose is not."""
    assert is_body_furniture("Sammanträdesdatum: 2025-03-12") is True
    assert is_body_furniture("Sammanträdesdatum ändras till den 5 maj.") is False


# --- a new phrasing is a data change ---------------------------------------


def test_new_vote_phrasing_as_data() -> None:
    """One more ``[[counted]]`` entry makes the parser read a new sentence."""
    sentence = "Anna Berg (S) och Erik Sund (S) säger ja (2)."
    assert prose_votes(sentence, 5) == []
    lexicon = copy.deepcopy(load("votes"))
    lexicon["counted"].append(
        {"vote": "ja", "text": "säger ja", "example": sentence},
    )
    votes = prose_votes(sentence, 5, lexicon)
    assert [(v.counts, v.records) for v in votes] == [
        ({"ja": 2}, [("Anna Berg", "S", "ja"), ("Erik Sund", "S", "ja")])
    ]
    assert prose_votes(sentence, 5) == []  # the shipped lexicon is untouched


def test_new_heading_and_proposal_kind_as_data() -> None:
    """A new heading and a new proposal wording, each one entry in a copy."""
    sections = copy.deepcopy(load("sections"))
    sections["heading"].append(
        {"section": "yrkanden", "text": "yrkanden på sammanträdet", "example": "x"}
    )
    assert heading_of("Yrkanden på sammanträdet") is None
    assert heading_of("Yrkanden på sammanträdet", sections) == "yrkanden"
    words = copy.deepcopy(load("proposals"))
    words["kind"].insert(0, {"kind": "aterremiss", "text": "återförvisning"})
    text = "Anna Berg (M) yrkar återförvisning till nämnden."
    assert proposal_kind(text) == "other"
    assert proposal_kind(text, words) == "aterremiss"


def test_new_attendance_heading_as_data() -> None:
    """A new role heading in a copy of the meeting lexicon."""
    meeting = copy.deepcopy(load("meeting"))
    meeting["role"].append({"heading": "adjungerade", "role": "tjansteperson"})
    lines = [(1, "Adjungerade Lena Ström, kommundirektör")]
    assert officials(lines) == []
    assert officials(lines, meeting) == [
        {"name": "Lena Ström", "title": "kommundirektör"}
    ]
