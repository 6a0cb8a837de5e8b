"""Three protocol layouts of the bundled corpus, against their facts by construction.

- granvik_sbn_protokoll: labels in a left margin column (corpus/texts_margin.py);
- granvik_kfn_protokoll: a two-column front page with signatures (texts_margin.py);
- granvik_tn_protokoll: running header and signature footer on every page, a
  table of contents and a closing e-signature page (texts_running.py).

The ``test_layout_*_text`` tests need only the read stage; the
``test_layout_*_records`` tests need the meeting, proposal and segmentation
parsers as well.
"""

from __future__ import annotations

from pathlib import Path

from conftest import CORPUS, rows

from pipeline.read import read_pdf

SBN = "%granvik_sbn_protokoll%"
KFN = "%granvik_kfn_protokoll%"
TN = "%granvik_tn_protokoll%"


def pages(name: str) -> list[tuple[list[str], list[str]]]:
    """Return (content lines, furniture lines) of every page of a corpus file."""
    return [
        (page.text.split("\n"), page.furniture.split("\n"))
        for page in read_pdf((CORPUS / name).read_bytes())
    ]


def meeting(db: Path, pattern: str) -> list[tuple[object, ...]]:
    """Return the meeting header row of the file matching ``pattern``."""
    return rows(
        db,
        "select body, date, time, place, chair, secretary, justerare "
        "from meetings m join files f on f.sha256 = m.file_sha256 where f.path like ?",
        pattern,
    )


def attendance(db: Path, pattern: str) -> list[tuple[object, ...]]:
    """Return (name, party, role, substitutes_for) of a file, in order."""
    return rows(
        db,
        "select name, party, role, substitutes_for from attendance a join files f "
        "on f.sha256 = a.file_sha256 where f.path like ? order by a.rowid",
        pattern,
    )


def officials(db: Path, pattern: str) -> list[tuple[object, ...]]:
    """Return (name,) of the officials present, in order."""
    return rows(
        db,
        "select name from officials o join files f "
        "on f.sha256 = o.file_sha256 where f.path like ? order by o.rowid",
        pattern,
    )


def para(
    db: Path, pattern: str, number: int, table: str, columns: str
) -> list[tuple[object, ...]]:
    """Return rows of ``table`` for paragraph ``number`` of a file, in order."""
    return rows(
        db,
        f"select {columns} from {table} t join paragraphs p on p.id = t.paragraph_id "
        "join files f on f.sha256 = t.file_sha256 "
        "where p.number = ? and f.path like ? order by t.rowid",
        number,
        pattern,
    )


def test_layout_margin_text() -> None:
    """Each margin label is its own line, the wrapped one joined, before its text."""
    lines, furniture = pages("granvik_sbn_protokoll_2024-09-10.pdf")[1]
    assert furniture == ["Granviks kommun Sida 2 av 2"]
    assert lines[:16] == [
        "§ 81 Detaljplan för Ekbacken 2:4",
        "Dnr SBN 2024/88",
        "Sammanfattning",
        "Planen ger plats för 120 bostäder i flerbostadshus och en ny gång- och "
        "cykelväg",
        "till Ekbacksskolan. Samrådet har inte föranlett några större ändringar.",
        "Beslutsunderlag",
        "Samhällsbyggnadsförvaltningens tjänsteskrivelse 2024-08-20",
        "Förslag till beslut på sammanträdet",
        "Anna Andersson (S): Bifall till förvaltningens förslag.",
        "Johan Persson (M): Avslag på förslaget.",
        "Lisa Ek (C) i första hand återremiss för att utreda trafiken på "
        "Ekbacksvägen, i",
        "andra hand bifall till förvaltningens förslag.",
        "Beslutsgång",
        "Ordföranden ställer först proposition på om ärendet ska avgöras i dag eller",
        "återremitteras och finner att det ska avgöras i dag.",
        "Därefter ställer ordföranden proposition på bifall och avslag och finner att",
    ]
    labels = {"Omröstning", "Beslut", "Reservation", "Expedieras till"}
    assert labels <= set(lines)
    assert lines.count("Förslag till beslut på sammanträdet") == 2


def test_layout_front_page_text() -> None:
    """The front page's label column: labels apart, names one per line."""
    lines, furniture = pages("granvik_kfn_protokoll_2024-10-15.pdf")[0]
    assert furniture == ["1"]
    assert lines == [
        "Kultur- och fritidsnämnden",
        "Protokoll",
        "Plats och tid",
        "Biblioteket, Granvik, 2024-10-15 kl. 17.30–19.10",
        "Beslutande",
        "Sofia Hed (S), ordförande",
        "Gustav Ahl (S)",
        "Ali Nur (M)",
        "Britt Sand (V)",
        "Olle Kvist (KD)",
        "Tjänstgörande ersättare",
        "Moa Falk (L) för Pia Ros (L)",
        "Övriga närvarande",
        "Hanna Borg, förvaltningschef",
        "Utses att justera",
        "Ali Nur (M)",
        "Justeringens plats och tid",
        "Kommunhuset 2024-10-18",
        "Underskrifter",
        "Sekreterare ..................... Paragrafer §§ 30–31",
        "Jonas Ek",
        "Ordförande .....................",
        "Sofia Hed",
        "Justerare .....................",
        "Ali Nur",
    ]


def test_layout_running_furniture_text() -> None:
    """Header and footer are furniture on all four pages; the e-signature page."""
    read = pages("granvik_tn_protokoll_2024-11-05.pdf")
    assert [furniture for _, furniture in read] == [
        [
            f"Sammanträdesprotokoll 2024-11-05 {n} (4)",
            "Justerandes sign Utdragsbestyrkande",
        ]
        for n in range(1, 5)
    ]
    assert read[1][0][0] == "Innehållsförteckning"
    assert read[3][0] == [
        "Undertecknat av följande personer",
        "Karin Dal, ordförande",
        "Signerat 2024-11-08 09:12 med BankID",
        "Erik Moberg, justerare",
        "Signerat 2024-11-08 10:40 med BankID",
        "Jonas Ek, sekreterare",
        "Signerat 2024-11-07 16:05 med BankID",
        "Transaktionsidentitet 7F3A2C91-BB04-4E55-9D21-0C6A8E3F5B17",
    ]


def test_layout_margin_records(corpus_db: Path) -> None:
    """Margin protocol: header, members, proposals, vote, reservation, dispatch."""
    assert meeting(corpus_db, SBN) == [
        (
            "Samhällsbyggnadsnämnden",
            "2024-09-10",
            "13.00–16.20",
            "Kommunhuset, Granvik",
            "Anna Andersson (S)",
            None,
            "Johan Persson (M)",
        )
    ]
    assert attendance(corpus_db, SBN) == [
        ("Anna Andersson", "S", "ordforande", None),
        ("Leif Strand", "S", "ledamot", None),
        ("Maja Öberg", "V", "ledamot", None),
        ("Lisa Ek", "C", "ledamot", None),
        ("Nils Viklund", "MP", "ledamot", None),
        ("Rosa Lind", "S", "ledamot", None),
        ("Johan Persson", "M", "ledamot", None),
        ("Karl Berg", "M", "ledamot", None),
        ("Siv Hammar", "SD", "ledamot", None),
    ]
    assert rows(
        corpus_db,
        "select number, page, dnr, decision, decision_kind from paragraphs p "
        "join files f on f.sha256 = p.file_sha256 where f.path like ? order by number",
        SBN,
    ) == [
        (81, 2, "SBN 2024/88", "Samhällsbyggnadsnämnden antar detaljplanen.", "beslut"),
        (
            82,
            2,
            "SBN 2024/31",
            "Samhällsbyggnadsnämnden antar förvaltningens yttrande som sitt eget.",
            "beslut",
        ),
    ]
    assert para(corpus_db, SBN, 81, "proposals", "t.name, t.party, t.kind") == [
        ("Anna Andersson", "S", "bifall"),
        ("Johan Persson", "M", "avslag"),
        ("Lisa Ek", "C", "aterremiss"),
        ("Lisa Ek", "C", "bifall"),
    ]
    assert para(corpus_db, SBN, 81, "votes", "t.yes, t.no, t.result, t.source") == [
        (6, 3, "ja", "prose")
    ]
    assert para(corpus_db, SBN, 81, "reservations", "t.name, t.party") == [
        ("Johan Persson", "M"),
        ("Karl Berg", "M"),
    ]
    assert para(corpus_db, SBN, 81, "dispatches", "t.recipient") == [
        ("Planenheten",),
        ("Lantmäteriet",),
    ]
    assert para(corpus_db, SBN, 82, "declarations", "t.name, t.kind") == [
        ("Siv Hammar", "protokollsanteckning")
    ]


def test_layout_front_page_records(corpus_db: Path) -> None:
    """Two-column front page: chair, secretary and justerare; a substitute."""
    assert meeting(corpus_db, KFN) == [
        (
            "Kultur- och fritidsnämnden",
            "2024-10-15",
            "17.30–19.10",
            "Biblioteket, Granvik",
            "Sofia Hed (S)",
            "Jonas Ek",
            "Ali Nur (M)",
        )
    ]
    assert attendance(corpus_db, KFN) == [
        ("Sofia Hed", "S", "ordforande", None),
        ("Gustav Ahl", "S", "ledamot", None),
        ("Ali Nur", "M", "ledamot", None),
        ("Britt Sand", "V", "ledamot", None),
        ("Olle Kvist", "KD", "ledamot", None),
        ("Moa Falk", "L", "tjanstgorande_ersattare", "Pia Ros"),
    ]
    assert officials(corpus_db, KFN) == [("Hanna Borg",)]
    assert para(corpus_db, KFN, 31, "proposals", "t.name, t.kind") == [
        ("Sofia Hed", "bifall")
    ]


def test_layout_running_furniture_records(corpus_db: Path) -> None:
    """Running furniture, contents page and e-signatures stay out of the records."""
    assert meeting(corpus_db, TN) == [
        (
            "Tekniska nämnden",
            "2024-11-05",
            "08.30–10.15",
            "Kommunhuset, Granvik",
            "Karin Dal (S)",
            "Jonas Ek",
            "Erik Moberg (M)",
        )
    ]
    assert attendance(corpus_db, TN) == [
        ("Karin Dal", "S", "ordforande", None),
        ("Peter Wik", "S", "ledamot", None),
        ("Emma Sjö", "C", "ledamot", None),
        ("Erik Moberg", "M", "ledamot", None),
        ("Linnea Tall", "SD", "ledamot", None),
    ]
    assert officials(corpus_db, TN) == [("Jonas Ek",)]
    assert rows(
        corpus_db,
        "select number, page, dnr, decision, decision_kind, found_in from paragraphs"
        " p join files f on f.sha256 = p.file_sha256 where f.path like ? "
        "order by number",
        TN,
    ) == [
        (
            90,
            3,
            None,
            "Tekniska nämnden utser Erik Moberg (M) att justera.",
            "beslut",
            "body+toc",
        ),
        (
            91,
            3,
            "TN 2024/140",
            "Tekniska nämnden godkänner förfrågningsunderlaget.",
            "beslut",
            "body+toc",
        ),
        (
            92,
            3,
            "TN 2024/61",
            "Tekniska nämnden föreslår kommunfullmäktige att anta taxan.",
            "forslag",
            "body+toc",
        ),
    ]
    assert para(corpus_db, TN, 91, "reservations", "t.name, t.own_proposal") == [
        ("Erik Moberg", 1)
    ]
