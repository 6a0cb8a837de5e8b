"""Votes with their members through the pipeline: sections, rows and checks.

The § 71 lines are real (../shared/real/goteborg_revisionsberattelse_2024.pdf,
inköps- och upphandlingsnämnden); the other protocols are written variants.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_pdf, rows
from test_vote_lists import TWO_VOTES

from extractors.lexicon import load
from extractors.parts.sections import heading_of
from extractors.parts.vote_patterns import vote_patterns
from pipeline.ingest import ingest


@pytest.mark.parametrize(
    ("line", "section"),
    [
        ("Omröstning 1", "vote"),
        ("Omröstning - Huvudvotering", "vote"),
        ("Omröstning – Förberedande votering", "vote"),
        ("Huvudvotering", "vote"),
        ("Förberedande votering", "vote"),
        ("Motpropositionsvotering", "vote"),
        ("Votering nr 2", "vote"),
        ("Omröstning begärs och ska verkställas.", None),
    ],
)
def test_vote_headings(line: str, section: str | None) -> None:
    """Numbered and qualified vote headings open a vote section; prose does not."""
    assert heading_of(line) == section


def test_omrostningar_in_a_protocol(tmp_path: Path) -> None:
    """Through the pipeline: two vote rows with their members, one without flags."""
    lines = [
        "Inköps- och upphandlingsnämnden",
        "Protokoll",
        "Plats och tid Stadshuset, 2024-06-05 kl. 13.00-15.00",
        "Beslutande Anna Skarsjö (S), ordförande",
        "Åke Persson (S)",
        "Paul Hedman (V)",
        "Anne Akujärvi (S)",
        "Håkan Eriksson (V)",
        "Sarah Ullmark (M)",
        "Björn Oxe (M)",
        "Ditte Nörby (L)",
        "Jim Posio (SD)",
        "§ 71 Initiativyrkande om inköp",
        "Dnr 202/24",
        "Yrkanden",
        "Paul Hedman (V) yrkar bifall till initiativyrkandet.",
        "Beslutsgång 1",
        "Omröstning begärs och ska verkställas.",
        *TWO_VOTES,
        "Reservationer",
        "Jim Posio (SD) reserverar sig mot besluten.",
    ]
    folder = tmp_path / "pdf"
    folder.mkdir()
    make_pdf(folder / "iun_protokoll.pdf", lines)
    db = tmp_path / "d.db"
    assert ingest([folder], str(db)).failed == 0
    assert rows(
        db,
        "select p.number, v.yes, v.no, v.counts_agree, count(r.id) from votes v "
        "join paragraphs p on p.id = v.paragraph_id "
        "left join vote_records r on r.vote_id = v.id group by v.id order by v.id",
    ) == [(71, 5, 4, 1, 9), (71, 5, 4, 1, 9)]
    assert rows(db, "select rule from checks") == []


def test_count_mismatch_is_flagged(tmp_path: Path) -> None:
    """A printed count the names contradict is kept, and flagged in ``checks``."""
    lines = [
        "Socialnämnden",
        "Protokoll",
        "Plats och tid Stadshuset, 2024-05-14 kl. 18.00-20.00",
        "Beslutande Anna Ek (S), ordförande",
        "Bo Lind (S)",
        "Cecilia Holm (M)",
        "David Berg (M)",
        "§ 12 Riktlinjer",
        "Dnr SN 2024/31",
        "Omröstning",
        "Följande ledamöter röstar ja: Anna Ek (S), Bo Lind (S).",
        "Följande ledamöter röstar nej: Cecilia Holm (M).",
        "Med 3 ja-röster mot 1 nej-röst beslutar nämnden enligt förslaget.",
    ]
    folder = tmp_path / "pdf"
    folder.mkdir()
    make_pdf(folder / "sn_protokoll.pdf", lines)
    db = tmp_path / "d.db"
    assert ingest([folder], str(db)).failed == 0
    assert rows(db, "select yes, no, counts_agree from votes") == [(3, 1, 0)]
    assert rows(db, "select rule, detail from checks") == [
        ("vote_count_mismatch", "ja 3 counted, 2 named")
    ]


def test_lists_and_result_under_two_headings_are_one_vote(tmp_path: Path) -> None:
    """ "Omröstning" with the lists, "Omröstningsresultat" with the count: one row."""
    lines = [
        "Socialnämnden",
        "Protokoll",
        "Plats och tid Stadshuset, 2024-05-14 kl. 18.00-20.00",
        "Beslutande Anna Ek (S), ordförande",
        "Bo Lind (S)",
        "Cecilia Holm (M)",
        "§ 12 Riktlinjer",
        "Dnr SN 2024/31",
        "Omröstning",
        "Ja-röst för bifall till förvaltningens förslag, nej-röst för avslag.",
        "Följande ledamöter röstar ja: Anna Ek (S), Bo Lind (S).",
        "Följande ledamöter röstar nej: Cecilia Holm (M).",
        "Omröstningsresultat",
        "Med 2 ja-röster mot 1 nej-röst beslutar nämnden enligt förslaget.",
    ]
    folder = tmp_path / "pdf"
    folder.mkdir()
    make_pdf(folder / "sn_protokoll.pdf", lines)
    db = tmp_path / "d.db"
    assert ingest([folder], str(db)).failed == 0
    assert rows(db, "select question, yes, no, counts_agree from votes") == [
        (
            "Ja-röst för bifall till förvaltningens förslag, nej-röst för avslag.",
            2,
            1,
            1,
        )
    ]
    assert rows(db, "select name, vote from vote_records order by rowid") == [
        ("Anna Ek", "ja"),
        ("Bo Lind", "ja"),
        ("Cecilia Holm", "nej"),
    ]


def test_every_count_example_passes_the_phrase_check() -> None:
    """Each tally, labelled and majority example has a count, and the quick
    phrase check that guards the long count pattern finds its phrase."""
    lexicon = load("votes")
    patterns = vote_patterns()
    examples = [
        entry["example"]
        for name in ("tally", "labelled", "majority")
        for entry in lexicon[name]
    ]
    assert len(examples) >= 20
    for example in examples:
        assert patterns.marks.search(example), example
        assert patterns.mark_phrases.search(example), example
    assert (
        patterns.mark_phrases.search("Kommunstyrelsen beslutar enligt förslaget.")
        is None
    )
