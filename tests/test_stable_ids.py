"""Ids come from what a document says: a re-saved PDF keeps them (issue 13)."""

from __future__ import annotations

import io
import re
import shutil
import sqlite3
from pathlib import Path

import pypdfium2 as pdfium
from click.testing import CliRunner
from conftest import CORPUS, make_pdf, rows
from test_recommendations_prose import _report
from test_replacement import canned, ingest

from extractors.core.models import Document, Line
from pipeline.analysis import tracking
from pipeline.cli import cli
from pipeline.split.ids import assign_ids, file_digest, slug

#: The corpus file holding a kallelse with an audit report (five documents).
AUDIT = CORPUS / "granvik_an_kallelse_2024-03-12.pdf"

#: A protocol page as Granvik's board prints it, § 43 last.
PROTOCOL = [
    "Granviks kommun",
    "PROTOKOLL",
    "Kommunstyrelsen",
    "Sammanträdesdatum 2024-04-02",
    "§ 41 Val av justerare",
    "Beslut",
    "Kommunstyrelsen utser Per Holmberg (M) att jämte ordföranden justera protokollet.",
    "§ 42 Trafiksäkerhet vid Ekbacksskolan",
    "Dnr KS 2024/0031",
    "Beslut",
    "Kommunstyrelsen ger samhällsbyggnadsförvaltningen i uppdrag att återkomma med",
    "en redovisning av åtgärder för säkrare skolvägar senast den 30 september 2024.",
    "§ 43 Lokalförsörjning för förskolan",
    "Dnr KS 2024/0032",
    "Beslut",
    "Kommunstyrelsen ger barn- och utbildningsförvaltningen i uppdrag att ta fram",
    "en plan för förskolans lokaler senast den 31 december 2024.",
]


def resave(pdf: Path) -> None:
    """Save ``pdf`` again with PDFium: other bytes, the same text."""
    before = pdf.read_bytes()
    out = io.BytesIO()
    document = pdfium.PdfDocument(before)
    try:
        document.save(out)
    finally:
        document.close()
    assert out.getvalue() != before
    pdf.write_bytes(out.getvalue())


def record_ids(db: Path) -> list[tuple[object, ...]]:
    """Return ``(table, id)`` of every document and extracted record."""
    tables = [
        name
        for (name,) in rows(db, "select name from sqlite_master where type = 'table'")
        if {"id", "document_id", "file_sha256", "extractor"}
        <= {r[1] for r in rows(db, f"pragma table_info([{name}])")}
    ]
    found = rows(db, "select 'documents', id from documents")
    for table in tables:
        found += rows(db, f"select '{table}', id from [{table}]")
    return sorted(found, key=repr)


def track(db: Path, item: object, status: str) -> None:
    """Set the status of ``item`` by hand with ``diarium track set``."""
    result = CliRunner().invoke(
        cli, ["track", "set", str(item), status, "--db", str(db)]
    )
    assert result.exit_code == 0, result.output


def test_resaved_pdf_keeps_ids_and_corrections(tmp_path: Path) -> None:
    """The same PDF saved again has other bytes: every id and correction holds."""
    pdf = tmp_path / AUDIT.name
    shutil.copy(AUDIT, pdf)
    db = tmp_path / "s.db"
    assert ingest(str(pdf), "--db", str(db))[0] == 0
    assert rows(db, "select id from documents order by position") == [
        ("kallelse_2024-03-12_aldrenamnden_81a810",),
        ("tjansteskrivelse_2024-02-20_an-2023-118_61edaa",),
        ("revisionsskrivelse_2023-11-24_an-2023-118_2d6b9c",),
        ("revisionsrapport_2023-11_an-2023-118_3f1611",),
        ("yttrande_2024-02-20_an-2023-118_628d2d",),
    ]
    before = record_ids(db)
    [(rec,)] = rows(db, "select id from recommendations order by id limit 1")
    [(commission,)] = rows(db, "select id from commissions")
    assert commission == "tjansteskrivelse_2024-02-20_an-2023-118_61edaa/c0"
    track(db, rec, "implemented")
    track(db, commission, "reported")
    [(old_sha,)] = rows(db, "select sha256 from files")
    resave(pdf)
    code, output = ingest(str(pdf), "--db", str(db))
    assert (code, "1 files loaded, 0 unchanged, 0 failed" in output) == (0, True)
    assert "match no record" not in output
    [(new_sha,)] = rows(db, "select sha256 from files")
    assert new_sha != old_sha
    assert record_ids(db) == before
    assert rows(db, canned("orphaned_corrections")) == []
    assert rows(db, "select status from recommendations where id = ?", rec) == [
        ("implemented",)
    ]
    assert rows(db, "select status from commissions where id = ?", commission) == [
        ("reported",)
    ]


def test_removed_paragraph_orphans_exactly_its_corrections(tmp_path: Path) -> None:
    """A protocol printed again without § 43: only § 43's correction is orphaned."""
    pdf = make_pdf(tmp_path / "ks_protokoll.pdf", PROTOCOL)
    db = tmp_path / "p.db"
    assert ingest(str(pdf), "--db", str(db))[0] == 0
    doc = "protokoll_2024-04-02_kommunstyrelsen_b779d4"
    assert rows(db, "select id, due from commissions order by id") == [
        (f"{doc}/p42/u0", "2024-09-30"),
        (f"{doc}/p43/u0", "2024-12-31"),
    ]
    track(db, f"{doc}/p42/u0", "reported")
    track(db, f"{doc}/p43/u0", "cancelled")
    make_pdf(pdf, PROTOCOL[:12])
    code, output = ingest(str(pdf), "--db", str(db))
    assert code == 0, output
    assert rows(db, "select id from paragraphs order by number") == [
        (f"{doc}/p41",),
        (f"{doc}/p42",),
    ]
    assert "1 corrections match no record any more" in output
    assert f"ORPHANED CORRECTION 2: commission {doc}/p43/u0 set to cancelled" in output
    assert [r[:4] for r in rows(db, canned("orphaned_corrections"))] == [
        (2, "commission", f"{doc}/p43/u0", "cancelled")
    ]
    assert rows(db, "select id, status from commissions") == [
        (f"{doc}/p42/u0", "reported")
    ]
    assert rows(db, "select count(*) from corrections") == [(2,)]


def test_same_document_in_two_files(tmp_path: Path) -> None:
    """A second file holding the same documents gets its own ids, by its path;
    replacing either file keeps both files' rows and ids."""
    first, second = tmp_path / "a" / AUDIT.name, tmp_path / "b" / AUDIT.name
    for pdf in (first, second):
        pdf.parent.mkdir()
        shutil.copy(AUDIT, pdf)
    resave(second)  # the same bytes would be one file
    db = tmp_path / "t.db"
    assert ingest(str(tmp_path), "--db", str(db))[0] == 0
    by_file = (
        "select d.id from documents d join files f on f.sha256 = d.file_sha256 "
        "where f.path = ? order by d.position"
    )
    own = [doc for (doc,) in rows(db, by_file, str(first))]
    copy = f"_file-{file_digest(str(second))}"
    assert rows(db, by_file, str(second)) == [(f"{doc}{copy}",) for doc in own]
    before = record_ids(db)
    assert len(before) == len(set(before))
    dangling = (
        "select count(*) from recommendation_mentions m left join audit_reports r "
        "on r.id = m.report_id where r.file_sha256 is not m.file_sha256"
    )
    assert rows(db, dangling) == [(0,)]
    for pdf in (first, second):
        resave(pdf)
        code, output = ingest(str(pdf), "--db", str(db))
        assert (code, "1 files loaded" in output) == (0, True)
        assert record_ids(db) == before
        assert rows(db, "select count(*) from documents") == [(10,)]
        assert rows(db, dangling) == [(0,)]


def test_ids_are_readable_and_unique_within_a_file() -> None:
    """Kind, date and case number (or body) in ids; the second alike gets _2."""
    assert slug("ÄN 2023/118") == "an-2023-118"
    assert slug("Kultur- och fritidsnämnden") == "kultur-och-fritidsnamnden"
    assert slug("Kommunstyrelsens arbetsutskott för samhällsbyggnad") == (
        "kommunstyrelsens-arbetsutskott"
    )
    lines = [Line(1, "Bilaga 1"), Line(1, "Kostnader per enhet"), Line(1, "Tabell")]
    twins = [Document(i, lines) for i in range(2)]
    dated = Document(2, lines, kind="yttrande", date="2024-02-20", organ="Äldrenämnden")
    assign_ids([*twins, dated])
    assert twins[0].id == "other_2935e4"
    assert twins[1].id == "other_2935e4_2"
    assert dated.id.startswith("yttrande_2024-02-20_aldrenamnden_")


def test_ids_are_url_safe(corpus_db: Path) -> None:
    """Document ids hold only characters Datasette leaves unescaped in URLs."""
    ids = [doc for (doc,) in rows(corpus_db, "select id from documents")]
    assert len(ids) == 16
    assert [doc for doc in ids if not re.fullmatch(r"[a-z0-9_-]+", str(doc))] == []


def test_restated_recommendations_merge_whatever_the_paper_ids() -> None:
    """A cover letter's restatements (to "Nämnden") merge into the report's own
    recommendations even when the letter's id sorts first."""
    report = _report(
        "revisionsrapport_revisorerna_461a94/report", "revisionsrapport"
    ) | {"document_id": "revisionsrapport_revisorerna_461a94"}
    texts = [
        "att säkerställa att personalen anmäler upplevda kränkningar till rektorn.",
        "att förtydliga hur arbetet med studieron ska följas upp.",
    ]
    letter = "a_revisionsskrivelse_2025-03-25_grundskolenamnden_19673d"
    mentions = [
        {
            "id": f"{doc}/m{i}",
            "report_id": report["id"],
            "text": text,
            "auditee": auditee,
            "assessment": None,
            "page": 1,
            "document_id": doc,
            "file_sha256": "f",
            "date": None,
        }
        for doc, auditee in (
            (letter, "Nämnden"),
            (report["document_id"], "Grundskolenämnden"),
        )
        for i, text in enumerate(texts)
    ]
    found = tracking.recommendations([report], mentions, [], [], "2025-06-01")
    assert [(t.row["auditee"], t.row["mentions"], t.row["id"]) for t in found] == [
        ("Grundskolenämnden", 2, f"{report['id']}/r1"),
        ("Grundskolenämnden", 2, f"{report['id']}/r2"),
    ]


def test_corrections_on_hash_ids_move_to_content_ids(tmp_path: Path) -> None:
    """A database from before content ids: loading the file again carries its
    corrections to the new ids of the same documents."""
    pdf = tmp_path / AUDIT.name
    shutil.copy(AUDIT, pdf)
    db = tmp_path / "h.db"
    assert ingest(str(pdf), "--db", str(db))[0] == 0
    [(rec, report)] = rows(
        db, "select r.id, r.document_id from recommendations r order by id limit 1"
    )
    track(db, rec, "implemented")
    conn = sqlite3.connect(db)
    with conn:  # the ids an earlier version gave: file hash and position
        [(old,)] = conn.execute(
            "select substr(file_sha256, 1, 16) || '-' || printf('%02d', position) "
            "from documents where id = ?",
            [report],
        ).fetchall()
        conn.execute("update documents set id = ? where id = ?", [old, report])
        conn.execute(
            "update corrections set target_id = ? || substr(target_id, ?)",
            [old, len(str(report)) + 1],
        )
    conn.close()
    assert rows(db, "select target_id from corrections") == [(f"{old}/report/r1",)]
    resave(pdf)
    code, output = ingest(str(pdf), "--db", str(db))
    assert code == 0, output
    assert "match no record" not in output
    assert rows(db, "select target_id from corrections") == [(rec,)]
    assert rows(db, "select status from recommendations where id = ?", rec) == [
        ("implemented",)
    ]
