"""Members listed by their vote, one row per omröstning, with exact rows.

Lines marked "real" are copied from the protocol extracts in
../shared/real/goteborg_revisionsberattelse_2024.pdf (grundskolenämnden § 99,
inköps- och upphandlingsnämnden § 71) and the inköps- och upphandlingsnämnden
extract in the KF handling 2025 nr 154; the others are written variants of
the forms other layouts print.
"""

from __future__ import annotations

import pytest

from extractors.parts.votes import prose_votes

JA = ["Anna Skarsjö", "Åke Persson", "Paul Hedman", "Anne Akujärvi", "Håkan Eriksson"]
NEJ = ["Sarah Ullmark", "Björn Oxe", "Ditte Nörby", "Jim Posio"]

#: real (§ 71): two omröstningar, each with its order, its lists and its count
#: (one printed line is cut in two where it is longer than a source line).
TWO_VOTES = [
    "Omröstning 1",
    "Nämnden godkänner följande ordning för omröstningen:",
    "Ja-röst för att bifalla initiativyrkandet från V, S och MP.",
    "Nej-röst för avslag.",
    "Ja-röster: Anna Skarsjö (S), Åke Persson (S), Paul Hedman (V), "
    "Anne Akujärvi (S) och",
    "Håkan Eriksson (V).",
    "Nej-röster: Sarah Ullmark (M), Björn Oxe (M), Ditte Nörby (L) och Jim Posio (SD).",
    "Med resultatet 5 ja-röster mot 4 nej-röster beslutar nämnden att bifalla "
    "initiativyrkande",
    "från V, S och MP.",
    "Beslutsgång 2",
    "Ordförande ställer tilläggsyrkande från SD mot avslag på detsamma och finner att",
    "tilläggsyrkandet ska avslås.",
    "Omröstning begärs och ska verkställas.",
    "Omröstning 2",
    "Nämnden godkänner följande ordning för omröstningen:",
    "Ja-röst för att avslå tilläggsyrkandet.",
    "Nej-röst för bifalla tilläggsyrkandet.",
    "Ja-röster: Anna Skarsjö (S), Åke Persson (S), Paul Hedman (V), "
    "Anne Akujärvi (S) och",
    "Håkan Eriksson (V).",
    "Nej-röster: Sarah Ullmark (M), Björn Oxe (M), Ditte Nörby (L) och Jim Posio (SD).",
    "Med resultatet 5 ja-röster mot 4 nej-röster beslutar nämnden att avslå "
    "tilläggsyrkandet",
    "från SD.",
]


def _sides(records: list[tuple[str, str | None, str]]) -> dict[str, list[str]]:
    """Return the names per vote, in order."""
    sides: dict[str, list[str]] = {}
    for name, _, vote in records:
        sides.setdefault(vote, []).append(name)
    return sides


def test_two_omrostningar_in_one_text() -> None:
    """A numbered heading opens the next vote; each count keeps its own lists."""
    votes = prose_votes("\n".join(TWO_VOTES), 52)
    assert [
        (v.row()["yes"], v.row()["no"], v.row()["counts_agree"]) for v in votes
    ] == [
        (5, 4, 1),
        (5, 4, 1),
    ]
    assert [_sides(v.records) for v in votes] == [{"ja": JA, "nej": NEJ}] * 2
    assert [v.question for v in votes] == [
        "Ja-röst för att bifalla initiativyrkandet från V, S och MP. "
        "Nej-röst för avslag.",
        "Ja-röst för att avslå tilläggsyrkandet. Nej-röst för bifalla "
        "tilläggsyrkandet.",
    ]


def test_names_before_roestar_ja() -> None:
    """real (§ 99): "A (S), … och E (V) röstar ja." then the count sentence."""
    text = (
        "Omröstning\n"
        "Nämnden godkänner följande ordning för omröstning:\n"
        "Ja-röst för bifall till yrkandet från S, V och MP.\n"
        "Nej-röst för bifall till yrkandet från M, D och L.\n"
        "Viktoria Tryggvadottir Rolka (S), Sara Carlsson Hägglund (V), Felix "
        "Oderth (S), Hillevi\n"
        "Werring (MP) och Ante Bränholm (V) röstar ja.\n"
        "Nicklas Gretzer (M), Jessica Blixt (D), Axel Darvik (L) och Veronica "
        "Oxklint (SD) röstar\n"
        "nej.\n"
        "Med 5 ja-röster röster mot 4 nej-röster har grundskolenämnden beslutat "
        "enligt yrkandet\n"
        "från S, V och MP."
    )
    (vote,) = prose_votes(text, 42)
    assert (vote.row()["yes"], vote.row()["no"], vote.row()["counts_agree"]) == (
        5,
        4,
        1,
    )
    assert _sides(vote.records) == {
        "ja": [
            "Viktoria Tryggvadottir Rolka",
            "Sara Carlsson Hägglund",
            "Felix Oderth",
            "Hillevi Werring",
            "Ante Bränholm",
        ],
        "nej": ["Nicklas Gretzer", "Jessica Blixt", "Axel Darvik", "Veronica Oxklint"],
    }
    assert vote.question == (
        "Ja-röst för bifall till yrkandet från S, V och MP. "
        "Nej-röst för bifall till yrkandet från M, D och L."
    )


def test_lists_before_a_count_in_words() -> None:
    """real (KF handling nr 154, § 53): lists, then "5 ja och 4 nej": one vote."""
    text = (
        "Nämnden godkänner följande\npropositionsordning, för att rösta i enlighet "
        "med förvaltningens förslag rösta\nja, för att rösta i enlighet med Sarah "
        "Ullmarks (M) yrkande rösta nej.\n"
        "Ja-röster: Anna Skarsjö (S), Paul Hedman (V), Åke Persson (S), Håkan "
        "Eriksson\n(V) och Johanna Azar (MP).\n"
        "Nej-röster: Sarah Ullmark (M), Johan Marzelius (M), Björn Oxe (M) och "
        "Göran\nSvensson (SD).\n"
        "Med omröstningsresultatet 5 ja och 4 nej så har nämnden beslutat i "
        "enlighet med\nförvaltningens förslag."
    )
    (vote,) = prose_votes(text, 4)
    assert vote.counts == {"ja": 5, "nej": 4}
    assert [len(v) for v in _sides(vote.records).values()] == [5, 4]
    assert "Sarah Ullmark" not in _sides(vote.records)["ja"]
    assert vote.question is not None and vote.question.endswith("rösta nej.")


@pytest.mark.parametrize(
    "text",
    [
        "Följande röstar ja: Anna Ek (S), Bo Lind (S). Följande röstar nej: "
        "Cecilia Holm (M). Avstår: Dan Ås (L).",
        "Röstar ja gör: Anna Ek (S) och Bo Lind (S).\nRöstar nej gör: Cecilia "
        "Holm (M).\nAvstod från att rösta: Dan Ås (L).",
        "För ja röstade: Anna Ek (S), Bo Lind (S).\nFör nej röstade: Cecilia "
        "Holm (M).\nAvstår från att rösta: Dan Ås (L).",
        "Anna Ek (S) och Bo Lind (S) röstade ja. Cecilia Holm (M) röstade nej. "
        "Dan Ås (L) avstår från att rösta.",
    ],
)
def test_list_forms_without_counts(text: str) -> None:
    """Each form gives one vote counted from its names: 2 ja, 1 nej, 1 avstår."""
    (vote,) = prose_votes(text, 1)
    assert vote.records == [
        ("Anna Ek", "S", "ja"),
        ("Bo Lind", "S", "ja"),
        ("Cecilia Holm", "M", "nej"),
        ("Dan Ås", "L", "avstar"),
    ]
    row = vote.row()
    assert (row["yes"], row["no"], row["abstain"], row["counts_agree"]) == (
        2,
        1,
        1,
        1,
    )


def test_labelled_counts_with_names() -> None:
    """ "Ja: 6 (names) Nej: 5 (names)": counts printed, names after each."""
    text = "Ja: 2 (Anna Ek (S), Bo Lind (S)) Nej: 1 (Cecilia Holm (M))"
    (vote,) = prose_votes(text, 1)
    assert (vote.counts, vote.records) == (
        {"ja": 2, "nej": 1},
        [("Anna Ek", "S", "ja"), ("Bo Lind", "S", "ja"), ("Cecilia Holm", "M", "nej")],
    )


def test_printed_counts_win_and_disagree() -> None:
    """The count printed stays; the names that disagree show in counts_agree."""
    text = (
        "Anna Ek (S) och Bo Lind (S) röstar ja.\nCecilia Holm (M) röstar nej.\n"
        "Med 3 ja-röster mot 1 nej-röst beslutar nämnden enligt förslaget."
    )
    (vote,) = prose_votes(text, 1)
    row = vote.row()
    assert (row["yes"], row["no"], row["counts_agree"]) == (3, 1, 0)
    assert len(vote.records) == 3


def test_question_names_are_no_votes() -> None:
    """The members named in the voting question did not vote by being named."""
    text = (
        "Den som vill bifalla Anna Eks (S) yrkande röstar ja, den som vill bifalla "
        "Bo Linds (M) yrkande röstar nej.\n"
        "Omröstningen ger 6 ja-röster och 5 nej-röster."
    )
    (vote,) = prose_votes(text, 1)
    assert (vote.counts, vote.records) == ({"ja": 6, "nej": 5}, [])
    assert vote.question is not None and vote.question.startswith("Den som vill")


def test_abstaining_from_the_decision_is_no_vote() -> None:
    """ "avstår från att delta i beslutet" with no vote is not a vote."""
    assert prose_votes("Dan Ås (L) avstår från att delta i beslutet.", 1) == []
    assert prose_votes("Anna Ek (S) röstar ja.", 1) == []


def _before_entries() -> list[dict[str, str]]:
    """Return the ``[[before]]`` entries of votes.toml."""
    from extractors.lexicon import load

    return list(load("votes")["before"])


@pytest.mark.parametrize("entry", _before_entries())
def test_before_examples(entry: dict[str, str]) -> None:
    """Each [[before]] example is one list of the entry's vote, every name in it."""
    from extractors.lang.nlp import analyse, persons
    from extractors.parts.vote_lists import member_lists
    from extractors.parts.vote_patterns import vote_patterns

    doc = analyse(entry["example"])
    people = persons(doc)
    (found,) = member_lists(doc.text, people, vote_patterns(), [])
    assert (found.vote, found.count, found.people) == (entry["vote"], None, people)
    assert len(people) >= 1


@pytest.mark.parametrize("counts_first", [False, True])
def test_two_votes_without_headings_keep_their_lists(counts_first: bool) -> None:
    """Lists then count, or count then lists, twice: each count keeps its lists."""
    first = ["Ja-röster: Anna Ek (S), Bo Lind (S).", "Nej-röster: Cecilia Holm (M)."]
    second = ["Ja-röster: Anna Ek (S).", "Nej-röster: Bo Lind (S), Cecilia Holm (M)."]
    counts = [
        "Med 2 ja-röster mot 1 nej-röst bifaller nämnden förslaget.",
        "Med 1 ja-röst mot 2 nej-röster avslår nämnden tilläggsyrkandet.",
    ]
    if counts_first:
        lines = [counts[0], *first, counts[1], *second]
    else:
        lines = [*first, counts[0], *second, counts[1]]
    votes = prose_votes("\n".join(lines), 1)
    assert [(v.counts, _sides(v.records)) for v in votes] == [
        ({"ja": 2, "nej": 1}, {"ja": ["Anna Ek", "Bo Lind"], "nej": ["Cecilia Holm"]}),
        ({"ja": 1, "nej": 2}, {"ja": ["Anna Ek"], "nej": ["Bo Lind", "Cecilia Holm"]}),
    ]
    assert [v.row()["counts_agree"] for v in votes] == [1, 1]


def test_count_in_parentheses_before_the_colon() -> None:
    """ "Ja-röster (2): A, B." is a list with its count; a wrong one disagrees."""
    text = "Ja-röster (2): Anna Ek (S), Bo Lind (S).\nNej-röster (2): Cecilia Holm (M)."
    (vote,) = prose_votes(text, 1)
    assert vote.counts == {"ja": 2, "nej": 2}
    row = vote.row()
    assert (row["yes"], row["no"], row["counts_agree"]) == (2, 2, 0)
    assert len(vote.records) == 3


@pytest.mark.parametrize(
    ("key", "question"),
    [
        (
            "ballot_example",
            "Ja-röst för att bifalla initiativyrkandet från V, S och MP. "
            "Nej-röst för avslag.",
        ),
        (
            "unquoted_example",
            "Ja för bifall till förslaget, Nej för bifall till Cecilia Holms (M) "
            "yrkande.",
        ),
    ],
)
def test_question_examples(key: str, question: str) -> None:
    """The question said as ballot lines or unquoted is the vote's question."""
    from extractors.lexicon import load

    text = (
        load("votes")["question"][key]
        + "\nOmröstningen ger 6 ja-röster och 5 nej-röster."
    )
    (vote,) = prose_votes(text, 1)
    assert (vote.question, vote.records) == (question, [])
