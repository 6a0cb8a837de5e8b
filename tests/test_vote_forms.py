"""Vote counts in the forms Swedish minutes print them, with exact rows.

Lines marked "real" are copied from the Göteborg KF and KS minutes in
../shared/real; the others are written variants of the same form.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_pdf, rows

from extractors.parts.votes import prose_votes
from pipeline.ingest import ingest

Counts = dict[str, int | None]


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        # real (Göteborg KF 2023-10-12 § 9)
        (
            "Omröstningen utfaller med 43 Ja mot 5 Nej. 33 ledamöter avstår från "
            "att rösta.\nHur var och en röstar framgår av bilaga 5.",
            {"ja": 43, "nej": 5, "avstar": 33},
        ),
        # real (Göteborg KF 2023-12-07 § 81): absent members are not abstentions
        (
            "Omröstningen utfaller med 43 Ja mot 28 Nej. 9 ledamöter avstår från "
            "att rösta. 1\nledamot\när frånvarande. Hur var och en röstar framgår",
            {"ja": 43, "nej": 28, "avstar": 9, "franvarande": 1},
        ),
        ("Omröstningen utfaller med 43 Ja mot 38 Nej", {"ja": 43, "nej": 38}),
        (
            "Omröstningen utfaller med 40 Ja mot 41 Nej. 2 ledamöter är frånvarande.",
            {"ja": 40, "nej": 41, "franvarande": 2},
        ),
        (
            "Med 8 röster mot 3 beslutar nämnden att bifalla förslaget.",
            {"ja": 8, "nej": 3},
        ),
        (
            "Omröstningsresultat: Ja 6, Nej 5, Avstår 2",
            {"ja": 6, "nej": 5, "avstar": 2},
        ),
        ("Ja-röster: 6\nNej-röster: 5\nAvstår: 2", {"ja": 6, "nej": 5, "avstar": 2}),
        (
            "Omröstningen gav 6 ja, 5 nej och 2 avstod.",
            {"ja": 6, "nej": 5, "avstar": 2},
        ),
        ("Omröstningen ger 6 ja-röster och 5 nej-röster.", {"ja": 6, "nej": 5}),
        ("Med 1 ja-röst mot 10 nej-röster avslås yrkandet.", {"ja": 1, "nej": 10}),
        (
            "Omröstningen utfaller med 3 ja-röster, 2 nej-röster och 1 som avstår.",
            {"ja": 3, "nej": 2, "avstar": 1},
        ),
        (
            "Med 7 röstar ja, 4 röstar nej och 2 som avstod beslutar nämnden enligt "
            "förslaget.",
            {"ja": 7, "nej": 4, "avstar": 2},
        ),
    ],
)
def test_prose_counts(text: str, counts: Counts) -> None:
    """Each form gives one vote with exactly these counts."""
    assert [v.counts for v in prose_votes(text, 3)] == [counts]


def test_not_a_vote() -> None:
    """Dates, case numbers and absent members alone are no vote."""
    assert (
        prose_votes(
            "Dnr KS 2024/12 ja, beslut 2024-05-14. 2 ledamöter är frånvarande.", 1
        )
        == []
    )
    assert prose_votes("Ordföranden antecknar förslaget som Ja-proposition.", 1) == []


def test_named_members_after_each_count() -> None:
    """Names in parentheses after a count voted that way; later names did not."""
    text = (
        "Med 3 ja-röster (Anna Ek (S), Bo Lind (S), Eva Strand (V)) mot 2 "
        "nej-röster (Cecilia Holm (M), David Berg (M)) beslutar nämnden "
        "enligt Anna Eks (S) yrkande."
    )
    (vote,) = prose_votes(text, 2)
    assert vote.records == [
        ("Anna Ek", "S", "ja"),
        ("Bo Lind", "S", "ja"),
        ("Eva Strand", "V", "ja"),
        ("Cecilia Holm", "M", "nej"),
        ("David Berg", "M", "nej"),
    ]
    assert vote.row()["counts_agree"] == 1


def test_names_after_a_colon() -> None:
    """ "7 ja-röster: A, B" names the members up to the end of the sentence."""
    text = "2 ja-röster: Anna Ek (S), Bo Lind (S).\n1 nej-röst: Cecilia Holm (M)."
    (vote,) = prose_votes(text, 1)
    assert vote.counts == {"ja": 2, "nej": 1}
    assert vote.records == [
        ("Anna Ek", "S", "ja"),
        ("Bo Lind", "S", "ja"),
        ("Cecilia Holm", "M", "nej"),
    ]


def test_two_votes_in_one_passage_with_their_questions() -> None:
    """A förberedande votering and a huvudvotering: two votes, each with a question."""
    text = (
        "Förberedande votering\n"
        "Den som vill att Bo Linds (S) yrkande blir motförslag röstar ja, den som "
        "vill att Eva Strands (V) yrkande blir motförslag röstar nej.\n"
        "Omröstningen ger 4 ja-röster och 3 nej-röster.\n"
        "Huvudvotering\n"
        'Godkänd voteringsproposition: "Ja för bifall till förslaget, Nej för '
        'bifall till Bo Linds yrkande".\n'
        "Omröstningen utfaller med 6 Ja mot 5 Nej. 2 ledamöter avstår från att rösta."
    )
    votes = prose_votes(text, 4)
    assert [(v.counts, v.question) for v in votes] == [
        (
            {"ja": 4, "nej": 3},
            "Den som vill att Bo Linds (S) yrkande blir motförslag röstar ja, den "
            "som vill att Eva Strands (V) yrkande blir motförslag röstar nej.",
        ),
        (
            {"ja": 6, "nej": 5, "avstar": 2},
            "Ja för bifall till förslaget, Nej för bifall till Bo Linds yrkande",
        ),
    ]


def test_real_counted_style_still_read() -> None:
    """Shortened from Göteborg KS 2025-03-12: "… röstar Ja (7)", names before it."""
    text = (
        "Jenny Broman (V), Karin Pleijel (MP) och ordföranden Jonas Attenius (S) "
        "röstar Ja (3).\nAxel Josefson (M) och Jörgen Fogelklou (SD) röstar Nej (2)."
    )
    (vote,) = prose_votes(text, 1)
    assert vote.counts == {"ja": 3, "nej": 2}
    assert [r[2] for r in vote.records] == ["ja", "ja", "ja", "nej", "nej"]


def test_votes_anywhere_in_a_paragraph(tmp_path: Path) -> None:
    """A count outside a vote heading, and two votes in one §, give one row each."""
    lines = [
        "Kommunstyrelsen",
        "Protokoll",
        "Plats och tid Kommunhuset, 2024-05-14 kl. 13.00-15.00",
        "Beslutande Anna Ek (S), ordförande",
        "Bo Lind (S)",
        "",
        "§ 7 Taxa för bygglov",
        "Dnr KS 2024/7",
        "Votering begärs och verkställs. Med 8 röster mot 3 beslutar",
        "kommunstyrelsen att bifalla förslaget.",
        "§ 8 Motion om solceller",
        "Dnr KS 2024/8",
        "Omröstning - Förberedande votering",
        "Omröstningen ger 5 ja-röster och 4 nej-röster.",
        "Omröstning - Huvudvotering",
        "Omröstningen utfaller med 6 Ja mot 3 Nej. 2 ledamöter avstår från att rösta.",
    ]
    folder = tmp_path / "pdf"
    folder.mkdir()
    make_pdf(folder / "ks_protokoll.pdf", lines)
    db = tmp_path / "d.db"
    assert ingest([folder], str(db)).failed == 0
    assert rows(
        db,
        "select p.number, v.yes, v.no, v.abstain, v.result from votes v "
        "join paragraphs p on p.id = v.paragraph_id order by v.id",
    ) == [(7, 8, 3, None, "ja"), (8, 5, 4, None, "ja"), (8, 6, 3, 2, "ja")]


def _protocol_with_list(path: Path, listed: str) -> Path:
    """Write minutes whose § 45 vote lists its members in an annex table."""
    from reportlab.lib import colors
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Table,
        TableStyle,
    )

    style = getSampleStyleSheet()["Normal"]
    texts = [
        "Kommunfullmäktige",
        "Protokoll",
        "Plats och tid Stadshuset, 2024-05-14 kl. 18.00-20.00",
        "Beslutande Anna Ek (S), ordförande",
        "Bo Lind (S)",
        "Cecilia Holm (M)",
        "§ 45 Taxa för bygglov",
        "Dnr KS 2024/7",
        "Omröstning",
        "Omröstningen utfaller med 2 Ja mot 1 Nej. Hur var och en röstar "
        "framgår av bilaga 1.",
        "§ 46 Motion om solceller",
        "Dnr KS 2024/8",
        "Omröstning",
        "Omröstningen utfaller med 3 Ja mot 0 Nej.",
    ]
    flow: list[object] = [Paragraph(t, style) for t in texts]
    flow += [PageBreak(), Paragraph(listed, style)]
    table = Table(
        [
            ["Ledamot", "Parti", "Ja", "Nej", "Avstår"],
            ["Anna Ek", "S", "X", "", ""],
            ["Bo Lind", "S", "X", "", ""],
            ["Cecilia Holm", "M", "", "X", ""],
            ["Summa", "", "2", "1", "0"],
        ]
    )
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    flow.append(table)
    SimpleDocTemplate(str(path)).build(flow)
    return path


@pytest.mark.parametrize(
    "listed",
    ["Voteringslista § 45", "Omröstningslista nr 1, § 45", "Omröstningsresultat"],
)
def test_vote_list_in_an_annex_names_the_paragraph(tmp_path: Path, listed: str) -> None:
    """The annex table's members go to the vote of the § its heading names.

    Without a § on the heading, to the vote whose counts the marks reproduce
    (§ 45's 2-1, not the later § 46's 3-0).
    """
    folder = tmp_path / "pdf"
    folder.mkdir()
    _protocol_with_list(folder / "kf_protokoll.pdf", listed)
    db = tmp_path / "d.db"
    assert ingest([folder], str(db)).failed == 0
    assert rows(
        db,
        "select p.number, v.yes, v.no, v.counts_agree, v.source, count(r.id) "
        "from votes v join paragraphs p on p.id = v.paragraph_id "
        "left join vote_records r on r.vote_id = v.id group by v.id order by v.id",
    ) == [(45, 2, 1, 1, "prose", 3), (46, 3, 0, None, "prose", 0)]
    assert rows(db, "select name, party, vote from vote_records order by rowid") == [
        ("Anna Ek", "S", "ja"),
        ("Bo Lind", "S", "ja"),
        ("Cecilia Holm", "M", "nej"),
    ]


def test_totals_of_a_vote_table_printed_as_text() -> None:
    """Without ruling the marks cannot be placed, but the totals row is read."""
    from extractors.parts.vote_tables import text_table_vote

    text = (
        "Omröstningsresultat\nLedamot Parti Ja Nej Avstår\nAnna Ek S X\n"
        "Bo Lind M X\nSumma 6 5 2\n"
    )
    vote = text_table_vote(text, 3)
    assert vote is not None and (vote.counts, vote.records) == (
        {"ja": 6, "nej": 5, "avstar": 2},
        [],
    )
    short = text_table_vote("Ledamot Ja Nej\nTotalt 7 6", 1)
    assert short is not None and short.counts == {"ja": 7, "nej": 6}
    assert text_table_vote("Summa 6 5 2 kronor", 1) is None


@pytest.mark.parametrize(
    "text",
    [
        "Röstar ja: Anna Ek (S), Bo Lind (S). Röstar nej: Cecilia Holm (M). "
        "Nämnden beslutar enligt Dan Ås (C) förslag.",
        "Ja-röster: Anna Ek (S) och Bo Lind (S).\nNej-röster: Cecilia Holm (M).",
    ],
)
def test_members_listed_by_vote_without_counts(text: str) -> None:
    """A list per vote: the counts are the members named, up to the sentence end."""
    (vote,) = prose_votes(text, 2)
    assert vote.records == [
        ("Anna Ek", "S", "ja"),
        ("Bo Lind", "S", "ja"),
        ("Cecilia Holm", "M", "nej"),
    ]
    row = vote.row()
    assert (row["yes"], row["no"], row["abstain"], row["counts_agree"]) == (
        2,
        1,
        None,
        1,
    )


def test_labels_with_counts_are_not_lists() -> None:
    """ "Ja: 6 Nej: 5" is one counted vote, not an empty list of members."""
    assert [(v.counts, v.records) for v in prose_votes("Ja: 6 Nej: 5", 1)] == [
        ({"ja": 6, "nej": 5}, [])
    ]


def _entries(name: str) -> list[dict[str, str]]:
    """Return the ``[[name]]`` entries of votes.toml."""
    from extractors.lexicon import load

    return list(load("votes")[name])


@pytest.mark.parametrize("entry", _entries("listed"))
def test_listed_examples(entry: dict[str, str]) -> None:
    """Each [[listed]] example names a member with the entry's vote."""
    (vote,) = prose_votes(entry["example"], 1)
    assert entry["vote"] in {r[2] for r in vote.records}


@pytest.mark.parametrize("entry", _entries("labelled") + _entries("majority"))
def test_labelled_and_majority_examples(entry: dict[str, str]) -> None:
    """Each example gives one vote with a ja and a nej count."""
    (vote,) = prose_votes(entry["example"], 1)
    assert vote.counts["ja"] is not None and vote.counts["nej"] is not None
    assert vote.counts.get(entry.get("vote", "ja")) is not None


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        (
            "Med sju röster mot sex beslutar kommunstyrelsen att bifalla förslaget.",
            {"ja": 7, "nej": 6},
        ),
        (
            "Omröstningen ger fem ja-röster och fyra nej-röster. En ledamot avstår "
            "från att rösta.",
            {"ja": 5, "nej": 4, "avstar": 1},
        ),
    ],
)
def test_counts_spelled_out(text: str, counts: Counts) -> None:
    """Number words count; a bare "ett ja … ett nej" in prose does not."""
    assert [v.counts for v in prose_votes(text, 1)] == [counts]
    assert prose_votes("Det blev ett ja och ett nej i frågan.", 1) == []


def test_vote_table_with_substitutes_and_parties_in_the_name() -> None:
    """A serving substitute's cell names who voted; "(S)" in a name is the party."""
    from extractors.parts.vote_tables import table_vote

    table = [
        ["Ledamöter", "Tjänstgörande ersättare", "Ja", "Nej", "Avstår"],
        ["Anna Ek (S), ordförande", "", "X", "", ""],
        ["Bo Lind (M)", "Eva Strand (M)", "", "X", ""],
        ["Cecilia Holm (V)", "", "", "", "X"],
        ["Summa", "", "1", "1", "1"],
    ]
    vote = table_vote(table, 7)
    assert vote is not None
    assert vote.records == [
        ("Anna Ek", "S", "ja"),
        ("Eva Strand", "M", "nej"),
        ("Cecilia Holm", "V", "avstar"),
    ]
    row = vote.row()
    assert (row["yes"], row["no"], row["abstain"], row["counts_agree"]) == (1, 1, 1, 1)


def test_long_lists_of_names_keep_one_vote() -> None:
    """A council's 43 names between the counts do not split the vote in two."""
    first = ["Anna", "Bo", "Cecilia", "David", "Eva", "Fredrik", "Greta"]
    last = ["Ek", "Lind", "Holm", "Berg", "Strand", "Ås", "Nyberg"]
    names = [f"{f} {s}" for f in first for s in last]
    yes = ", ".join(f"{n} (S)" for n in names[:43])
    no = ", ".join(f"{n} (M)" for n in names[:38])
    text = f"Med 43 ja-röster ({yes}) mot 38 nej-röster ({no}) beslutar fullmäktige."
    (vote,) = prose_votes(text, 1)
    assert vote.counts == {"ja": 43, "nej": 38}
    assert [sum(1 for r in vote.records if r[2] == v) for v in ("ja", "nej")] == [
        43,
        38,
    ]


def test_roll_of_members_with_their_vote_words() -> None:
    """A roll "Name (P)  Ja" per line names the voters of the count below it.

    Written variant of the "Ledamot | Röst" lists; prose with a member and
    "ja" on one line is no roll.
    """
    text = (
        "Omröstning begärs. Ja-röst för bifall, nej-röst för avslag.\n"
        "Ledamot Röst\n"
        "Pia Sand (S) Ja\n"
        "Leo Berg (M) Nej\n"
        "Ida Holm (S) Ja\n"
        "Ola Åkesson (C) Avstår\n"
        "Omröstningen utfaller med 2 ja-röster, 1 nej-röst och 1 som avstår."
    )
    (vote,) = prose_votes(text, 4)
    assert vote.counts == {"ja": 2, "nej": 1, "avstar": 1}
    assert vote.records == [
        ("Pia Sand", "S", "ja"),
        ("Leo Berg", "M", "nej"),
        ("Ida Holm", "S", "ja"),
        ("Ola Åkesson", "C", "avstar"),
    ]
    prose = (
        "Pia Sand (S) yrkar bifall och säger ja\nMed 5 röster mot 2 bifalls förslaget."
    )
    assert [v.records for v in prose_votes(prose, 4)] == [[]]
