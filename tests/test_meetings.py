"""Meeting records from real kallelser and protocols: exact rows."""

from __future__ import annotations

from pathlib import Path

from conftest import doc_of, rows

SEED_000 = "000_68e0a5f7ae573d9f"
SEED_001 = "001_66066440b49f5e90"
GBG_KS = "goteborg_ks_protokoll_2025-03-12"
KUNGSBACKA = "kungsbacka_ks_kallelse"


def test_protocol_extract_with_two_proposals_and_a_reservation(shared_db: Path) -> None:
    """Seed 000's § 94: two yrkanden, a reservation, a proposal to the council."""
    doc = doc_of(shared_db, SEED_000, "protokoll")
    assert rows(
        shared_db,
        "select number, dnr, decision, decision_kind from "
        "paragraphs where document_id = ?",
        doc,
    ) == [(94, "KS 2014/101", "Motionen anses besvarad.", "forslag")]
    assert rows(
        shared_db,
        "select name, party, kind, supports from proposals "
        "where document_id = ? order by id",
        doc,
    ) == [
        (
            "Boel Godner",
            "S",
            "bifall",
            "upprättat förslag om att anse motionen besvarad",
        ),
        ("Tage Gripenstam", "C", "bifall", "motionen"),
    ]
    assert rows(
        shared_db,
        "select name, party, own_proposal, written from "
        "reservations where document_id = ?",
        doc,
    ) == [("Tage Gripenstam", "C", 1, 0)]
    assert rows(
        shared_db, "select recipient from dispatches where document_id = ?", doc
    ) == [("Akten",)]


def test_goteborg_minutes_every_paragraph(shared_db: Path) -> None:
    """All 49 paragraphs, § 197–245, in order, with case numbers."""
    doc = doc_of(shared_db, GBG_KS, "protokoll")
    numbers = rows(
        shared_db,
        "select number from paragraphs where document_id = ? order by number",
        doc,
    )
    assert [n for (n,) in numbers] == list(range(197, 246))
    assert rows(
        shared_db,
        "select count(*) from paragraphs where document_id = ? and dnr like 'SLK %'",
        doc,
    ) == [(49,)]
    assert rows(
        shared_db,
        "select title, decision from paragraphs where document_id = ? and number = 237",
        doc,
    ) == [("Inkomna remisser till Göteborgs Stad", "Antecknas.")]


def test_goteborg_votes_and_named_records(shared_db: Path) -> None:
    """Prose votes "… röstar Ja (7)" give counts that agree with the names."""
    doc = doc_of(shared_db, GBG_KS, "protokoll")
    votes = rows(
        shared_db,
        "select p.number, v.yes, v.no, v.result, v.counts_agree "
        "from votes v join paragraphs p on p.id = v.paragraph_id "
        "where v.document_id = ? order by v.id",
        doc,
    )
    assert len(votes) == 10
    assert votes[0] == (207, 7, 6, "ja", 1)
    assert all(v[4] == 1 for v in votes)
    first = rows(
        shared_db,
        "select vr.name, vr.party, vr.vote from vote_records vr "
        "join votes v on v.id = vr.vote_id join paragraphs p on "
        "p.id = v.paragraph_id where p.number = 207 and v.document_id = ? "
        "order by vr.rowid",
        doc,
    )
    assert first[:2] == [
        ("Daniel Bernmar", "V", "ja"),
        ("Viktoria Tryggvadottir Rolka", "S", "ja"),
    ]
    assert first[-1] == ("Nina Miskovsky", "M", "nej")
    assert len(first) == 13


def test_multi_person_reservation_is_one_row_each(shared_db: Path) -> None:
    """ "A (M), B (M) … reserverar sig" gives one row per member."""
    doc = doc_of(shared_db, GBG_KS, "protokoll")
    assert rows(
        shared_db,
        "select r.name, r.party from reservations r join "
        "paragraphs p on p.id = r.paragraph_id where p.number = 207 and "
        "r.document_id = ? order by r.id",
        doc,
    ) == [
        ("Axel Josefson", "M"),
        ("Hampus Magnusson", "M"),
        ("Martin Wannholt", "D"),
        ("Axel Darvik", "L"),
        ("Nina Miskovsky", "M"),
        ("Jörgen Fogelklou", "SD"),
    ]


def test_kallelse_agenda_with_sections_and_case_numbers(shared_db: Path) -> None:
    """Seed 001: 21 items, four with dnr, informations- and beslutsärenden."""
    doc = doc_of(shared_db, SEED_001, "kallelse")
    assert rows(
        shared_db,
        "select body, date, time, place, chair, secretary from "
        "meetings where document_id = ?",
        doc,
    ) == [
        (
            "Äldreomsorgsnämnden",
            "2018-01-29",
            "13.00",
            "Dirigenten, Södertälje stadshus",
            "Kerstin Pettersson (V)",
            "Johan Karlsson",
        )
    ]
    items = rows(
        shared_db,
        "select number, section, dnr from agenda_items where "
        "document_id = ? order by number",
        doc,
    )
    assert len(items) == 21
    assert [i for i in items if i[2]] == [
        (14, "beslut", "ÄON 2017/63"),
        (15, "beslut", "ÄON 2017/52"),
        (16, "beslut", "ÄON 2018/4"),
        (17, "beslut", "ÄON 2018/5"),
    ]
    assert [i[0] for i in items if i[1] == "information"] == list(range(4, 14))
    assert rows(
        shared_db,
        "select title from agenda_documents where document_id = ?"
        " and agenda_item_id like '%/i14' order by rowid",
        doc,
    ) == [
        (
            "Social-och omsorgskontorets tjänsteskrivelse daterad den 20 december 2017 "
            "med bilagda rapport daterad den 2017-12-20",
        ),
        ("Revisionsrapport 7/2017, november 2017",),
        ("Förslag till yttrande daterat den 20 december 2017",),
    ]


def test_kallelse_agenda_from_a_table_layout(shared_db: Path) -> None:
    """Kungsbacka's agenda table: 20 items, each with its case number."""
    doc = doc_of(shared_db, KUNGSBACKA, "kallelse")
    items = rows(
        shared_db,
        "select number, section, dnr, title from agenda_items "
        "where document_id = ? order by number",
        doc,
    )
    assert [i[0] for i in items] == list(range(1, 21))
    assert all(i[2] for i in items)
    assert items[0] == (
        1,
        "beslut",
        "2025/620",
        "Delårsrapport 2025 för Kungsbacka kommun",
    )
    assert items[1][:3] == (2, "information", "2025/14")


def test_persons_and_case_events(shared_db: Path) -> None:
    """Members are derived with counts; a case lists its events in date order."""
    person = "name = 'Axel Josefson' and party = 'M'"
    derived = rows(
        shared_db, f"select proposals, reservations, votes from persons where {person}"
    )
    counted = [
        rows(shared_db, f"select count(*) from {table} where {person}")[0][0]
        for table in ("proposals", "reservations", "vote_records")
    ]
    assert derived == [tuple(counted)]
    in_ks_minutes = rows(
        shared_db,
        f"select count(*) from proposals p join files f on f.sha256 = p.file_sha256 "
        f"where {person} and f.path like '%goteborg_ks_protokoll_2025-03-12%'",
    )
    assert in_ks_minutes == [(20,)]
    events = rows(
        shared_db, "select date, event from case_events where dnr = 'ÄON 2017/63'"
    )
    assert [e[0] for e in events] == sorted(e[0] for e in events)
    assert ("2018-01-29", "agenda item") in events
