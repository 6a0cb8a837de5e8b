"""Audit reports, recommendations, answers and commissions from real records."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import rows

from pipeline.cli import cli

SEED_001 = "%001_66066440b49f5e90%"


def test_seed_001_audit(shared_db: Path) -> None:
    """EY's report 7/2017: three recommendations, six questions, five answered."""
    recs = rows(
        shared_db,
        "select r.number, r.auditee, r.due, r.mentions, r.status "
        "from recommendations r join documents d on d.id = r.document_id "
        "join files f on f.sha256 = d.file_sha256 where f.path like ? "
        "order by r.number",
        SEED_001,
    )
    assert recs == [
        (1, "Äldreomsorgsnämnden", "2018-01-31", 3, "responded"),
        (2, "Äldreomsorgsnämnden", "2018-01-31", 3, "responded"),
        (3, "Äldreomsorgsnämnden", "2018-01-31", 3, "responded"),
    ]
    answers = rows(
        shared_db,
        "select q.answer from audit_questions q join "
        "documents d on d.id = q.document_id join files f on "
        "f.sha256 = d.file_sha256 where f.path like ? order by q.number",
        SEED_001,
    )
    assert [a for (a,) in answers] == ["delvis", None, "delvis", "ja", "ja", "ja"]
    assert rows(
        shared_db,
        "select number, firm, reply_due from audit_reports a "
        "where a.file_sha256 in (select sha256 from files where path like ?)",
        SEED_001,
    ) == [("7/2017", "EY", "2018-01-31")]


def test_each_answer_heading_meets_its_recommendation(shared_db: Path) -> None:
    """The yttrande's three headings answer the three recommendations in turn."""
    events = rows(
        shared_db,
        "select r.number, e.status, substr(e.text, 1, 24), "
        "e.date, e.page, e.agrees from recommendation_events e join "
        "recommendations r on r.id = e.recommendation_id join documents d "
        "on d.id = r.document_id join files f on f.sha256 = d.file_sha256 "
        "where f.path like ? order by r.number",
        SEED_001,
    )
    assert events == [
        (1, "responded", "Manuellt registrerad tid", "2017-12-20", 4, 1),
        (2, "responded", "Komplettera ledningssyst", "2017-12-20", 4, 1),
        (3, "responded", "Kollegial granskning: In", "2017-12-20", 4, 1),
    ]


def test_sentence_recommendations_and_deadlines(shared_db: Path) -> None:
    """Göteborg summaries: one row per recommendation and recipient, with the
    reply deadline. The summary names no municipality: the papers with none are
    analysed as of their own newest date (2024-09-24), before the deadline, so
    they are open (as of the newest paper of the database they were overdue)."""
    recs = rows(
        shared_db,
        "select r.auditee, r.status, r.due, r.mentions from "
        "recommendations r join documents d on d.id = r.document_id join "
        "files f on f.sha256 = d.file_sha256 where f.path like "
        "'%trygghet_studiero%' order by r.number",
    )
    both = [
        ("Grundskolenämnden", "open", "2025-06-19", 2),
        ("Utbildningsnämnden", "open", "2025-06-19", 2),
    ]
    # "Nämnderna rekommenderas att …": the two boards the audit covers.
    assert recs == both * 3 + both[:1] + both
    assert rows(
        shared_db,
        "select count(*) from recommendations r join documents d"
        " on d.id = r.document_id join files f on f.sha256 = d.file_sha256 "
        "where f.path like '%privata_utforare%'",
    ) == [(4,)]


def test_ocr_damaged_commission(shared_db: Path) -> None:
    """Seed 004: "ger socialkontoret i uppdrag … senast februari 2016"."""
    assert rows(
        shared_db,
        "select c.assignee, c.due, c.stage, c.status from "
        "commissions c join files f on f.sha256 = c.file_sha256 where "
        "f.path like '%004_d604b283cc8a827f%'",
    ) == [("socialkontoret", "2016-02", "forslag", "overdue")]


def test_correction_survives_reingest(shared_db: Path, tmp_path: Path) -> None:
    """A status set by hand stays through a re-ingest, with its note as evidence."""
    db = tmp_path / "diarium.db"
    db.write_bytes(shared_db.read_bytes())
    rec_id = rows(
        db,
        "select id from recommendations where status = 'overdue' order by id limit 1",
    )[0][0]
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "track",
            "set",
            str(rec_id),
            "implemented",
            "--note",
            "Rutin beslutad",
            "--source",
            "GSN protokoll 2025-09-02 § 12",
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"recommendation {rec_id} set to implemented\n"
    shared = Path(__file__).resolve().parent.parent.parent / "shared"
    again = runner.invoke(cli, ["ingest", str(shared / "real"), "--db", str(db)])
    assert again.exit_code == 0
    assert rows(db, "select status from recommendations where id = ?", rec_id) == [
        ("implemented",)
    ]
    assert rows(
        db,
        "select source, status, text from recommendation_events where "
        "recommendation_id = ? order by seq desc limit 1",
        rec_id,
    ) == [
        (
            "correction",
            "implemented",
            "Rättat av person: Rutin beslutad (källa: GSN protokoll 2025-09-02 § 12)",
        )
    ]
    bad = runner.invoke(cli, ["track", "set", str(rec_id), "klar", "--db", str(db)])
    assert bad.exit_code == 1
    assert "'klar' is not a recommendation status" in bad.output


def test_recommendations_command_formats(shared_db: Path) -> None:
    """The listing filters by status and body and writes CSV a spreadsheet reads."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "recommendations",
            "--db",
            str(shared_db),
            "--body",
            "Kretslopp",
            "--format",
            "csv",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    found = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(found[0]) == [
        "id",
        "report",
        "report_number",
        "report_date",
        "auditee",
        "number",
        "text",
        "status",
        "status_date",
        "due",
        "municipality",
        "file",
        "page",
    ]
    assert [
        (r["auditee"], r["status"], r["municipality"], Path(r["file"]).name, r["page"])
        for r in found
    ] == [
        (
            "Kretslopp och vattennämnden",
            "open",
            "Göteborg",
            "goteborg_stadsrevisionen_rapportsammandrag_skyfallshantering.pdf",
            "1",
        )
    ]
    assert found[0]["text"] == (
        "att göra de framställningar som behövs för att kommunfullmäktige ska "
        "kunna fatta nödvändiga och välgrundade beslut om vilka skyfallsåtgärder "
        "som ska genomföras och när."
    )


def test_open_means_not_closed_and_body_ignores_diacritics(shared_db: Path) -> None:
    """--status open lists every status but implemented; --body folds å, ä, ö."""
    from pipeline.report import recommendation_rows

    every = recommendation_rows(str(shared_db), None, False, None)
    still_open = recommendation_rows(str(shared_db), "open", False, None)
    assert [r["id"] for r in still_open] == [
        r["id"] for r in every if r["status"] != "implemented"
    ]
    assert {r["status"] for r in every} - {r["status"] for r in still_open} <= {
        "implemented"
    }
    with_marks = recommendation_rows(str(shared_db), None, False, "grundskolenämnden")
    without = recommendation_rows(str(shared_db), None, False, "GRUNDSKOLENAMNDEN")
    assert [r["id"] for r in with_marks] == [r["id"] for r in without]
    assert len(with_marks) == sum(
        1 for r in every if "grundskolenämnden" in (r["auditee"] or "").lower()
    )
    assert len(with_marks) >= 1
