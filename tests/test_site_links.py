"""Every reference in the database is a declared, resolving foreign key."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import CORPUS, rows
from test_serve import fetch, site

from pipeline.ingest import ingest


def test_references_are_foreign_keys_that_resolve(corpus_db: Path) -> None:
    """Record → paragraph → meeting → document → file, all declared; none dangle."""
    declared = set(
        rows(
            corpus_db,
            "select m.name, f.[from], f.[table], f.[to] from sqlite_master m, "
            "pragma_foreign_key_list(m.name) f where m.type = 'table'",
        )
    )
    assert {
        ("paragraphs", "meeting_id", "meetings", "id"),
        ("meetings", "document_id", "documents", "id"),
        ("documents", "file_sha256", "files", "sha256"),
        ("vote_records", "vote_id", "votes", "id"),
        ("votes", "paragraph_id", "paragraphs", "id"),
        ("proposals", "paragraph_id", "paragraphs", "id"),
        ("reservations", "paragraph_id", "paragraphs", "id"),
        ("recommendations", "report_id", "audit_reports", "id"),
        ("recommendation_events", "document_id", "documents", "id"),
        ("motions", "decided_by", "paragraphs", "id"),
        ("motion_clauses", "motion_id", "motions", "id"),
    } <= declared
    tables = {t for t, *_ in declared}
    untouched = {
        name
        for (name,) in rows(
            corpus_db,
            "select name from sqlite_master where type = 'table' "
            "and name not like '%fts%'",
        )
    } - tables
    assert untouched == {
        "files",
        "cases",
        "analysis",
        "persons",
        "path_hashes",  # a path hashed may never be loaded (killed, failed)
        "code_versions",
    }
    assert rows(corpus_db, "pragma foreign_key_check") == []


def test_linked_rows_have_labels(corpus_db: Path) -> None:
    """Meetings, paragraphs and votes are named where other rows link to them."""
    meetings = rows(corpus_db, "select label, body, date from meetings")
    assert len(meetings) >= 4
    assert all(label == f"{body} {date}" for label, body, date in meetings)
    paragraphs = rows(corpus_db, "select label, number, title from paragraphs")
    assert all(label == f"§ {n} {title}" for label, n, title in paragraphs)
    votes = rows(corpus_db, "select label, yes, no, question from votes")
    assert [label for label, *_ in votes] == [
        f"Votering {yes}–{no}" + (f" ({q})" if q else "") for _, yes, no, q in votes
    ]
    assert len(votes) >= 2


def test_a_case_lists_its_motion_and_every_paper_about_it(corpus_db: Path) -> None:
    """A motion takes the case it was decided in; the case lists its papers."""
    motions = rows(
        corpus_db,
        "select mo.id, mo.case_dnr, mo.document_id, p.dnr from motions mo "
        "left join paragraphs p on p.id = mo.decided_by",
    )
    decided = [m for m in motions if m[3] is not None]
    assert decided and all(dnr == decided_in for _, dnr, _, decided_in in decided)
    for motion_id, dnr, document_id, _ in decided:
        papers = {
            d
            for (d,) in rows(
                corpus_db,
                "select document_id from motion_documents where motion_id = ?",
                motion_id,
            )
        }
        listed = {
            d
            for (d,) in rows(
                corpus_db, "select document_id from case_documents where dnr = ?", dnr
            )
        }
        assert {document_id} | papers <= listed


def test_a_file_named_in_latin_1_is_served_by_its_sha256(tmp_path: Path) -> None:
    """A name with byte 0xE5 (latin-1 'å') is stored escaped and still served."""
    source = sorted(CORPUS.glob("*.pdf"))[0]
    folder = tmp_path / "arkiv"
    folder.mkdir()
    named = os.fsdecode(bytes(folder) + b"/protokoll_m\xe5ndag.pdf")
    shutil.copyfile(source, named)
    db = tmp_path / "latin.db"
    assert ingest([folder], str(db)).failed == 0
    ((sha, path),) = rows(db, "select sha256, path from files")
    assert str(path).endswith("protokoll_m\\xe5ndag.pdf")
    with site(db) as base:
        status, body = fetch(f"{base}/-/pdf/{sha}.pdf")
        listing = fetch(f"{base}/latin/files")[1].decode()
    assert (status, body) == (200, source.read_bytes())
    assert f'<a href="/-/pdf/{sha}.pdf">' in listing
