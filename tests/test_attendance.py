"""Front pages of protocols: header fields, attendance and signature lines.

Each form pairs a line of the bundled Granvik protocol (corpus/texts.py) or a
line of a real record with a written variant in another municipality's layout.
"""

from __future__ import annotations

from extractors.parts.attendance import attendance, officials
from extractors.parts.meeting import meeting_row
from extractors.parts.signatures import signing
from pipeline.split.classify import classify


def _lines(*texts: str) -> list[tuple[int, str]]:
    """Return ``texts`` as page-1 lines."""
    return [(1, t) for t in texts]


def _who(lines: list[tuple[int, str]]) -> list[tuple[object, ...]]:
    """Return (name, party, role, substitutes_for) of each member present."""
    return [
        (r["name"], r["party"], r["role"], r["substitutes_for"])
        for r in attendance(lines)
    ]


def _header(*texts: str) -> tuple[object, ...]:
    """Return date, time, place, chair, secretary and justerare of a header."""
    row = meeting_row(_lines(*texts), "protokoll", None, None)
    keys = ("body", "date", "time", "place", "chair", "secretary", "justerare")
    return tuple(row[k] for k in keys)


def test_place_and_time_forms() -> None:
    """ "Plats och tid" with and without a date; "Tid och plats" time first."""
    assert _header("Plats och tid Kommunhuset, Granvik, 2024-04-02 kl. 09.00–11.45")[
        1:4
    ] == ("2024-04-02", "09.00–11.45", "Kommunhuset, Granvik")
    assert _header(
        "Sammanträdesdatum",
        "2024-04-25",
        "Plats och tid Kommunhuset, Sessionssalen, kl. 13.00–16.30",
    )[1:4] == ("2024-04-25", "13.00–16.30", "Kommunhuset, Sessionssalen")
    assert _header("Plats och tid: Stadshuset 2024-04-25 kl 09:00-12:00")[1:4] == (
        "2024-04-25",
        "09.00–12.00",
        "Stadshuset",
    )
    assert _header(
        "Tid och plats Tisdag 25 april 2024, kl. 08.30 – 11.45 "
        "(ajournering 10.00–10.15), Kommunhuset"
    )[1:4] == ("2024-04-25", "08.30–11.45", "Kommunhuset")


def test_separate_place_time_and_date_lines() -> None:
    """ "Plats", "Tid" and "Datum" each on a line of their own."""
    assert _header("Plats Stadshuset, sal B", "Tid 08:30-12:00", "Datum 2024-04-25")[
        1:4
    ] == ("2024-04-25", "08.30–12.00", "Stadshuset, sal B")
    assert _header("Tid 12 mars 2024 kl. 13.30", "Plats", "Ljungen, kommunhuset")[
        1:4
    ] == ("2024-03-12", "13.30", "Ljungen, kommunhuset")


def test_decision_makers_one_per_line_and_several_per_line() -> None:
    """Granvik's list, and a variant with several names on a line."""
    assert _who(
        _lines(
            "Beslutande Maria Lindqvist (S), ordförande",
            "Erik Sund (S)",
            "Anna Berg (C) tjänstgör för Björn Nyström (KD) §§ 41–45",
        )
    ) == [
        ("Maria Lindqvist", "S", "ordforande", None),
        ("Erik Sund", "S", "ledamot", None),
        ("Anna Berg", "C", "tjanstgorande_ersattare", "Björn Nyström"),
    ]
    assert _who(
        _lines(
            "Beslutande Ledamöter",
            "Anna Andersson (S), ordförande, Per Berg (M) 1:e vice ordförande",
            "Eva Ek (C) tjänstgörande ersättare för Olle Ek (C), "
            "Lisa Ro (V) §§ 150–160",
            "Kim Al (L) ersätter Bo Ny (L)",
        )
    ) == [
        ("Anna Andersson", "S", "ordforande", None),
        ("Per Berg", "M", "ledamot", None),
        ("Eva Ek", "C", "tjanstgorande_ersattare", "Olle Ek"),
        ("Lisa Ro", "V", "ledamot", None),
        ("Kim Al", "L", "tjanstgorande_ersattare", "Bo Ny"),
    ]


def test_titles_before_names_and_absent_members() -> None:
    """ "Ordförande Anna A (S)" inside the block; "Frånvarande" is not read."""
    assert _who(
        _lines(
            "Beslutande",
            "Ordförande Anna Andersson (S)",
            "1:e vice ordförande Carl von Essen (M)",
            "Frånvarande",
            "Olle Ek (C)",
            "Närvarande ersättare",
            "Bo Ny (L), Eva af Klint (C)",
        )
    ) == [
        ("Anna Andersson", "S", "ordforande", None),
        ("Carl von Essen", "M", "ledamot", None),
        ("Bo Ny", "L", "ersattare", None),
        ("Eva af Klint", "C", "ersattare", None),
    ]


def test_two_column_table_of_members_and_substitutes() -> None:
    """Columns Ledamöter | Tjänstgörande ersättare: a second name serves."""
    assert _who(
        _lines(
            "Ledamöter Tjänstgörande ersättare",
            "Anna Andersson S",
            "Olle Ek C Eva Ek (C)",
        )
    ) == [
        ("Anna Andersson", "S", "ledamot", None),
        ("Eva Ek", "C", "tjanstgorande_ersattare", "Olle Ek"),
    ]


def test_officials_are_not_members() -> None:
    """Granvik's "Övriga närvarande", and "Övriga närvarande Ersättare" columns."""
    granvik = _lines(
        "Övriga närvarande Lena Ström, kommundirektör", "Jonas Ek, sekreterare"
    )
    assert attendance(granvik) == []
    assert officials(granvik) == [
        {"name": "Lena Ström", "title": "kommundirektör"},
        {"name": "Jonas Ek", "title": "sekreterare"},
    ]
    lines = _lines(
        "Övriga närvarande Ersättare",
        "Sven Sand (S)",
        "Tjänstepersoner",
        "Eva Holm, nämndsekreterare",
    )
    assert _who(lines) == [("Sven Sand", "S", "ersattare", None)]
    assert officials(lines) == [{"name": "Eva Holm", "title": "nämndsekreterare"}]


def test_a_sentence_after_a_heading_is_not_a_list() -> None:
    """A real extract's "Deltar ej i beslut" sentence names no one present."""
    lines = _lines(
        "Ledamöter Sarah Ullmark (M), Johan Marzelius (M) och",
        "Göran Svensson (SD) deltar ej i beslutet.",
    )
    assert [r["name"] for r in attendance(lines)] == [
        "Sarah Ullmark",
        "Johan Marzelius",
    ]


def test_signature_lines_under_and_beside_their_labels() -> None:
    """A real extract's "Sekreterare / name" and a Ciceron "Underskrifter" block."""
    real = _lines(
        "Sekreterare",
        "Gustav Boström",
        "Ordförande",
        "Viktoria Tryggvadottir Rolka (S)",
        "Justerande",
        "Axel Darvik (L)",
    )
    assert signing(real) == {
        "secretary": "Gustav Boström",
        "chair": "Viktoria Tryggvadottir Rolka (S)",
        "justerare": "Axel Darvik (L)",
    }
    ciceron = (
        "Underskrifter Sekreterare ........................ Paragrafer 150–170",
        "Jonas Ek",
        "Ordförande ........................",
        "Anna Andersson",
        "Justerare ........................",
        "Per Berg",
    )
    assert _header(*ciceron)[4:] == ("Anna Andersson", "Jonas Ek", "Per Berg")
    assert signing(_lines("Ordförande Sekreterare", "Anna Andersson Jonas Ek")) == {
        "chair": "Anna Andersson",
        "secretary": "Jonas Ek",
    }
    stacked = _lines("Ordförande Justerande Johanna Azar (MP)", "Sarah Ullmark (M)")
    assert signing(stacked) == {
        "chair": "Johanna Azar (MP)",
        "justerare": "Sarah Ullmark (M)",
    }
    prose = _lines("Ordförande ställer yrkandet mot avslag och finner bifall.", "x")
    assert signing(prose) == {}


def test_anslag_block_gives_body_and_dates() -> None:
    """ANSLAG/BEVIS: Organ, two dates on one line (Granvik prints them apart)."""
    row = meeting_row(
        _lines(
            "Organ Kommunstyrelsen",
            "Sammanträdesdatum 2024-04-25",
            "Datum då anslaget sätts upp 2024-05-02 "
            "Datum då anslaget tas ned 2024-05-24",
        ),
        "protokoll",
        None,
        None,
    )
    assert (row["body"], row["date"], row["anslag_up"], row["anslag_down"]) == (
        "Kommunstyrelsen",
        "2024-04-25",
        "2024-05-02",
        "2024-05-24",
    )


def test_members_table_with_party_and_presence_columns() -> None:
    """Ledamot | Parti | Närvarande | Tjänstgörande ersättare, as text rows."""
    assert _who(
        _lines(
            "Ledamot Parti Närvarande Tjänstgörande ersättare",
            "Anna Andersson S X",
            "Olle Ek C Eva Ek C",
        )
    ) == [
        ("Anna Andersson", "S", "ledamot", None),
        ("Eva Ek", "C", "tjanstgorande_ersattare", "Olle Ek"),
    ]


def test_party_after_the_title_and_a_substitute_for_a_member() -> None:
    """ "Anna Ek, ordförande (S)"; "Ersättare Kim Al (L) för Bo Ny (L)" serves."""
    assert _who(
        _lines(
            "Beslutande Anna Andersson, ordförande (S)",
            "Ersättare Kim Al (L) för Bo Ny (L)",
        )
    ) == [
        ("Anna Andersson", "S", "ordforande", None),
        ("Kim Al", "L", "tjanstgorande_ersattare", "Bo Ny"),
    ]


def test_place_and_time_wrapped_and_justerare_listed() -> None:
    """The time on the line after the place; two justerare on one line."""
    assert _header(
        "Plats och tid Kommunhuset, Sessionssalen,",
        "kl. 13.00–16.30",
        "Justerare Per Holmberg (M) och Eva Ek (C)",
    )[2:] == (
        "13.00–16.30",
        "Kommunhuset, Sessionssalen",
        None,
        None,
        "Per Holmberg (M), Eva Ek (C)",
    )


def test_front_page_without_its_label_is_a_protocol() -> None:
    """When the running header with "Protokoll" is taken as furniture, the
    front page's own phrases still make it a protocol (two layouts)."""
    ciceron = "\n".join(
        (
            "Plats och tid Kommunhuset, Sessionssalen, kl. 13.00–16.30",
            "Beslutande Ledamöter",
            "Anna Andersson (S), ordförande",
            "Övriga närvarande Tjänstepersoner",
            "Utses att justera Per Berg (M)",
            "Justeringens plats och tid Kommunhuset 2024-04-30",
        )
    )
    assert classify(ciceron, []) == "protokoll"
    granvik = "\n".join(
        (
            "Plats och tid Kommunhuset, Granvik, 2024-04-02 kl. 09.00–11.45",
            "Anna Berg (C), tjänstgörande ersättare för Björn Nyström (KD)",
            "Övriga närvarande Lena Ström, kommundirektör",
            "Justeringens plats och tid Kommunhuset 2024-04-05",
        )
    )
    assert classify(granvik, []) == "protokoll"


def test_substitutes_among_the_others_present_and_middle_initials() -> None:
    """Under "Övriga närvarande" a member with a party (no other title) is an
    ersättare; staff and a guest with a title are officials."""
    lines = _lines(
        "Övriga närvarande Kim Al (L), Eva Ek (C), ersättare",
        "Per Ek (S), kommunfullmäktiges ordförande",
        "Lena Ström, kommundirektör",
        "Beslutande",
        "Anna K. Andersson (S), ordförande",
    )
    assert _who(lines) == [
        ("Kim Al", "L", "ersattare", None),
        ("Eva Ek", "C", "ersattare", None),
        ("Anna K. Andersson", "S", "ordforande", None),
    ]
    assert officials(lines) == [
        {"name": "Per Ek", "title": "kommunfullmäktiges ordförande"},
        {"name": "Lena Ström", "title": "kommundirektör"},
    ]


def test_a_whole_hour() -> None:
    """ "kl 13" is 13.00; Granvik's "kl. 18.00–21.10" keeps its minutes."""
    assert _header("Plats och tid Stadshuset, kl 13, 25 april 2024")[1:4] == (
        "2024-04-25",
        "13.00",
        "Stadshuset",
    )
    assert _header("Plats och tid Kommunhuset, Granvik, kl. 18.00–21.10")[2] == (
        "18.00–21.10"
    )


def test_members_and_substitutes_side_by_side() -> None:
    """ "Ledamöter Ersättare" columns: the second name on a row is an ersättare
    present, of any party; a row pairs a member with a personal substitute,
    which says nothing of who served (that is printed in words)."""
    assert _who(
        _lines(
            "Beslutande",
            "Ledamöter Ersättare",
            "Anna Andersson (S) ordförande Kim Al (L)",
            "Olle Ek (C) Eva Ek (C)",
            "Per Berg (M)",
            "Lisa Ro (V) tjänstgör för Bo Ny (V)",
        )
    ) == [
        ("Anna Andersson", "S", "ordforande", None),
        ("Kim Al", "L", "ersattare", None),
        ("Olle Ek", "C", "ledamot", None),
        ("Eva Ek", "C", "ersattare", None),
        ("Per Berg", "M", "ledamot", None),
        ("Lisa Ro", "V", "tjanstgorande_ersattare", "Bo Ny"),
    ]


def test_table_with_name_party_and_function_columns() -> None:
    """Namn | Parti | Funktion rows; the column headings are no person."""
    lines = _lines(
        "Beslutande ledamöter",
        "Namn Parti Funktion",
        "Anna Andersson S Ordförande",
        "Per Berg M 1:e vice ordförande",
        "Eva Ek C Tjänstgörande ersättare för Olle Ek",
        "Tjänstepersoner",
        "Lena Ström (förvaltningschef)",
    )
    assert _who(lines) == [
        ("Anna Andersson", "S", "ordforande", None),
        ("Per Berg", "M", "ledamot", None),
        ("Eva Ek", "C", "tjanstgorande_ersattare", "Olle Ek"),
    ]
    assert officials(lines) == [{"name": "Lena Ström", "title": "förvaltningschef"}]


def test_a_title_on_the_line_above_the_name() -> None:
    """ "Ordförande" / "Anna Andersson (S)" inside the block of decision makers."""
    assert _who(
        _lines(
            "Beslutande",
            "Ordförande",
            "Anna Andersson (S)",
            "Vice ordförande",
            "Per Berg (M)",
            "Ledamöter",
            "Lisa Ro (V)",
        )
    ) == [
        ("Anna Andersson", "S", "ordforande", None),
        ("Per Berg", "M", "ledamot", None),
        ("Lisa Ro", "V", "ledamot", None),
    ]
