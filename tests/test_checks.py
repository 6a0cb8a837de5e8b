"""Records that check themselves: the ``checks`` table on real SQLite databases.

Each database is built by ingesting a synthetic one-page protocol (or the
real and corpus records); the flags are asserted exactly.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

from click.testing import CliRunner
from conftest import make_pdf, rows

from pipeline.cli import cli
from pipeline.ingest import ingest
from pipeline.report import checks_line

HEAD = [
    "Socialnämnden",
    "Protokoll",
    "Plats och tid Stadshuset, 2024-05-14 kl. 18.00-20.00",
    "Beslutande Anna Ek (S), ordförande",
    "Bo Lind (S)",
    "Cecilia Holm (M)",
    "David Berg (M)",
    "Eva Strand (V)",
    "Övriga närvarande Lena Ström, förvaltningschef",
    "Justerare Cecilia Holm (M)",
    "Paragrafer §§ 12-13",
    "",
]

#: § 12 agrees with itself: three named ja, two named nej, the losers reserve.
CLEAN = [
    "§ 12 Riktlinjer för försörjningsstöd",
    "Dnr SN 2024/31",
    "Yrkanden",
    "Anna Ek (S) yrkar bifall till förvaltningens förslag.",
    "Cecilia Holm (M) yrkar avslag.",
    "Propositionsordning",
    "Ordföranden finner att nämnden bifallit Anna Eks yrkande.",
    "Omröstning",
    "Votering begärs och verkställs.",
    "Med 3 ja-röster (Anna Ek (S), Bo Lind (S), Eva Strand (V))",
    "mot 2 nej-röster (Cecilia Holm (M), David Berg (M))",
    "beslutar nämnden enligt förvaltningens förslag.",
    "Reservation",
    "Cecilia Holm (M) reserverar sig mot beslutet till förmån för eget yrkande.",
    "§ 13 Budget 2025",
    "Dnr SN 2024/40",
    "Omröstning",
    "Omröstningen utfaller med 4 Ja mot 1 Nej.",
    "Beslut",
    "Nämnden fastställer budgeten.",
]


def _db(tmp_path: Path, lines: list[str]) -> Path:
    """Ingest a one-page protocol of ``lines`` into a fresh database."""
    folder = tmp_path / "pdf"
    folder.mkdir()
    make_pdf(folder / "sn_protokoll.pdf", HEAD + lines)
    db = tmp_path / "d.db"
    summary = ingest([folder], str(db))
    assert summary.failed == 0
    return db


def _contradicting() -> list[str]:
    """Return :data:`CLEAN` changed so that every rule fires once."""
    lines = list(CLEAN)
    lines[9] = (
        "Med 5 ja-röster (Anna Ek (S), Bo Lind (S), Eva Strand (V), Eva Strand (V))"
    )
    lines[10] = "mot 2 nej-röster (Cecilia Holm (M), Gustav Ny (L))"
    lines[13] = "Anna Ek (S) reserverar sig mot beslutet till förmån för eget yrkande."
    lines.insert(14, "Fredrik Ås (KD) reserverar sig mot beslutet.")
    lines[18] = "Omröstningen utfaller med 5 Ja mot 2 Nej."
    return lines


def _flags(db: Path) -> list[tuple[object, ...]]:
    """Return the flags as (table, record, rule, detail, page), record id local."""
    found = rows(db, "select [table], record_id, rule, detail, page from checks")
    return sorted((t, str(r).split("/", 1)[-1], *rest) for t, r, *rest in found)


def test_records_that_agree_give_no_flags(tmp_path: Path) -> None:
    """Counts that match the names and the members present, reservations by losers."""
    db = _db(tmp_path, CLEAN)
    votes = rows(db, "select yes, no, counts_agree from votes order by id")
    assert votes == [(3, 2, 1), (4, 1, None)]
    assert rows(db, "select name from reservations") == [("Cecilia Holm",)]
    assert _flags(db) == []


def test_contradictions_are_flagged_not_fixed(tmp_path: Path) -> None:
    """Each rule fires once on a protocol that contradicts itself."""
    db = _db(tmp_path, _contradicting())
    assert rows(db, "select yes, no from votes order by id") == [(5, 2), (5, 2)]
    assert _flags(db) == [
        (
            "reservations",
            "p12/r0",
            "reservation_by_winner",
            "Anna Ek reserved, but the chair found: nämnden bifallit Anna Eks yrkande",
            1,
        ),
        (
            "reservations",
            "p12/r1",
            "reservation_not_present",
            "Fredrik Ås is not in the attendance list",
            1,
        ),
        (
            "vote_records",
            "p12/v0/3",
            "voted_twice",
            "Eva Strand is named twice in the vote",
            1,
        ),
        (
            "vote_records",
            "p12/v0/5",
            "voter_not_present",
            "Gustav Ny voted nej, not in the attendance list",
            1,
        ),
        ("votes", "p12/v0", "vote_count_mismatch", "ja 5 counted, 4 named", 1),
        (
            "votes",
            "p12/v0",
            "vote_exceeds_present",
            "7 votes cast, 5 members present",
            1,
        ),
        (
            "votes",
            "p13/v0",
            "vote_exceeds_present",
            "7 votes cast, 5 members present",
            1,
        ),
    ]


def test_ingest_summary_counts_the_flags(tmp_path: Path) -> None:
    """The CLI's closing summary has one line counting the flags per rule."""
    folder = tmp_path / "pdf"
    folder.mkdir()
    lines = list(CLEAN)
    lines[18] = "Omröstningen utfaller med 5 Ja mot 2 Nej."
    make_pdf(folder / "sn_protokoll.pdf", HEAD + lines)
    result = CliRunner().invoke(
        cli, ["ingest", str(folder), "--db", str(tmp_path / "d.db")]
    )
    assert result.exit_code == 0, result.output
    assert "checks: 1 flag (vote_exceeds_present 1)\n" in result.output


def test_checks_line() -> None:
    """The summary line names the total and each rule, sorted."""
    assert checks_line(Counter()) == "checks: no flags"
    counts = Counter({"vote_count_mismatch": 2, "reservation_not_present": 1})
    assert checks_line(counts) == (
        "checks: 3 flags (reservation_not_present 1, vote_count_mismatch 2)"
    )


def test_shipped_corpus_has_no_flags(corpus_db: Path) -> None:
    """The bundled corpus agrees with itself (its § 45 table sums to its totals)."""
    assert rows(corpus_db, "select count(*) from checks") == [(0,)]


def test_attendance_lookup_is_the_pairwise_name_rule() -> None:
    """Looking a name up among a meeting's name keys flags exactly what
    comparing it with every attendee (surname and first initial) flags."""
    from pipeline.analysis.checks import _Attended, _same, _voters

    lists = {
        "m1": [
            {"name": "Anna Ek", "role": "ledamot"},
            {"name": "Bo Lind", "role": "ersattare"},
            {"name": "Lena Ström", "role": "tjansteperson"},
        ],
        "m2": [{"name": "Lena Ström", "role": "tjansteperson"}],
        "m3": [
            {"name": "  ", "role": "ledamot"},
            {"name": "Per Åberg", "role": "ledamot"},
        ],
    }
    names = ["Anna Ek", "A. Ek", "Annika Ek", "Eva Ek", "Bo Lind", "Lena Strom",
             "Per Aberg", "Åberg", "  ", "Ek"]  # fmt: skip
    attended = _Attended(lists)
    for meeting in [*lists, "unknown"]:
        people = lists.get(meeting, [])
        for name in names:
            pairwise = bool(_voters(people)) and not any(
                _same(name, p["name"]) for p in people
            )
            assert attended.missing(meeting, name) is pairwise, (meeting, name)
    assert [n for n in names if attended.missing("m1", n)] == [
        "Eva Ek",
        "Per Aberg",
        "Åberg",
        "  ",
        "Ek",  # no first name: the initial is the surname's
    ]


def test_checks_file_by_file_are_the_checks_of_all_rows(tmp_path: Path) -> None:
    """Three protocols in one database (two that contradict themselves): the
    checks, made one file at a time, are the rules run over every row at once."""
    from dataclasses import astuple

    from pipeline.analysis.checks import READS, all_flags

    folder = tmp_path / "pdf"
    folder.mkdir()
    make_pdf(folder / "a.pdf", HEAD + _contradicting())
    make_pdf(folder / "b.pdf", HEAD + CLEAN)
    later = [line.replace("2024-05-14", "2024-06-11") for line in HEAD]
    make_pdf(folder / "c.pdf", later + _contradicting())
    db = tmp_path / "d.db"
    assert ingest([folder], str(db)).failed == 0
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    every = {
        table: [dict(r) for r in conn.execute(f"select {cols} from [{table}]")]
        for table, cols in READS.items()
    }
    conn.close()
    at_once = sorted(astuple(f) for f in all_flags(every))
    stored = "select [table], record_id, rule, detail, file_sha256, page from checks"
    assert sorted(rows(db, stored)) == at_once
    assert len(at_once) == 14  # seven flags in each contradicting file
