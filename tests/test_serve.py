"""Publish a real database with a real Datasette server on loopback."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, immutable, rows

from pipeline.cli import cli


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get_json(url: str, timeout: float = 30.0) -> object:
    """GET ``url`` as JSON, retrying while the server starts."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.loads(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_serve_publishes_cases_with_metadata(tmp_path: Path) -> None:
    """``diarium serve`` answers on 127.0.0.1 with the tables and descriptions."""
    db = tmp_path / "diarium.db"
    assert (
        CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", str(db)]).exit_code == 0
    )
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        tables = get_json(f"{base}/diarium.json")
        assert isinstance(tables, dict)
        names = {t["name"] for t in tables["tables"]}
        assert {"files", "pages", "documents", "dnr_mentions", "cases"} <= names
        assert "case_documents" in {v["name"] for v in tables["views"]}
        meta = get_json(f"{base}/-/metadata.json")
        assert isinstance(meta, dict)
        described = meta["databases"]["diarium"]["tables"]["cases"]["description"]
        assert described.startswith("En rad per kommun och diarienummer")
        rows = get_json(
            f"{base}/diarium/cases.json?_shape=array&_sort=dnr&prefix=%C3%84N"
        )
        assert isinstance(rows, list)
        expected = sqlite_rows(
            db, "select dnr from cases where prefix = 'ÄN' order by dnr"
        )
        assert [r["dnr"] for r in rows] == expected
        assert len(expected) >= 2
    finally:
        server.terminate()
        server.wait(timeout=10)
        # serve stops Datasette on SIGTERM; nothing of the group may be left.
        left = processes_in_group(server.pid)
        if left:
            os.killpg(server.pid, signal.SIGKILL)
        assert left == []


def processes_in_group(group: int) -> list[int]:
    """Return the live processes of process group ``group`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == group:
            found.append(int(stat.parent.name))
    return found


def sqlite_rows(db: Path, sql: str) -> list[object]:
    """Return the first column of ``sql`` run directly on ``db``."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute(sql)]
    finally:
        conn.close()


@contextmanager
def site(db: Path, *options: str) -> Iterator[str]:
    """Run ``diarium serve`` on ``db``; yield its base URL; stop it and its group."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "serve", "--db", str(db)]
        + ["--port", str(port), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        get_json(f"{base}/-/versions.json")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        left = processes_in_group(server.pid)
        if left:
            os.killpg(server.pid, signal.SIGKILL)
        assert left == []


def fetch(url: str) -> tuple[int, bytes]:
    """GET ``url``; return (status, body), also for error statuses."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture(scope="module")
def granvik_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus ingested into a database not called diarium.db."""
    db = tmp_path_factory.mktemp("site") / "granvik.db"
    result = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def test_metadata_follows_the_database_name(granvik_db: Path) -> None:
    """Descriptions and canned queries apply to a database of any name."""
    with site(granvik_db) as base:
        meta = get_json(f"{base}/-/metadata.json")
        assert isinstance(meta, dict)
        assert list(meta["databases"]) == ["granvik"]
        tables = meta["databases"]["granvik"]["tables"]
        assert tables["cases"]["description"].startswith("En rad per kommun")
        page = fetch(f"{base}/granvik/cases")[1].decode()
        assert "En rad per kommun och diarienummer" in page


def test_the_site_gets_its_counts_and_hash_without_reading_the_file(
    granvik_db: Path,
) -> None:
    """The database page shows every table's exact count, and the hash is a
    digest of the file's size and time: Datasette did not hash its bytes."""
    stat = granvik_db.stat()
    identity = f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}".encode()
    with site(granvik_db) as base:
        databases = get_json(f"{base}/-/databases.json")
        page = get_json(f"{base}/granvik.json")
    assert isinstance(databases, list) and isinstance(page, dict)
    assert [(d["name"], d["hash"]) for d in databases] == [
        ("granvik", hashlib.sha256(identity).hexdigest())
    ]
    shown = {t["name"]: t["count"] for t in page["tables"]}
    names = sqlite_rows(
        granvik_db, "select name from sqlite_master where type = 'table'"
    )
    expected = {
        name: sqlite_rows(granvik_db, f"select count(*) from [{name}]")[0]
        for name in names
    }
    assert {name: shown.get(name) for name in expected} == expected
    assert expected["pages"] > 0


def test_counts_are_taken_after_a_stopped_run_is_repaired(tmp_path: Path) -> None:
    """A run stopped before it indexed its files is repaired by serve before
    the counts are taken: the site counts the search rows the repair wrote."""
    db = tmp_path / "granvik.db"
    result = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", str(db)])
    assert result.exit_code == 0, result.output
    (indexed,) = sqlite_rows(db, "select count(*) from search_index")
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("delete from search_index")
        conn.execute("pragma user_version = 1")  # as a stopped run leaves it
    conn.close()
    with site(db) as base:
        page = get_json(f"{base}/granvik.json")
    assert isinstance(page, dict)
    shown = {t["name"]: t["count"] for t in page["tables"]}
    assert (
        shown["search_index"]
        == indexed
        == sqlite_rows(db, "select count(*) from search_index")[0]
    )
    assert isinstance(indexed, int) and indexed > 0


def test_every_page_number_links_to_its_pdf_page(granvik_db: Path) -> None:
    """A paragraph's page links to /-/pdf/<sha>.pdf#page=N, which is the PDF."""
    paragraph, sha, page, path = sqlite_row(
        granvik_db,
        "select p.id, p.file_sha256, p.page, f.path from paragraphs p join files f "
        "on f.sha256 = p.file_sha256 order by p.rowid limit 1",
    )
    with site(granvik_db) as base:
        html = fetch(f"{base}/granvik/paragraphs?id={paragraph}")[1].decode()
        assert f'<a href="/-/pdf/{sha}.pdf#page={page}"' in html
        status, body = fetch(f"{base}/-/pdf/{sha}.pdf")
        assert (status, body) == (200, Path(str(path)).read_bytes())
        assert fetch(f"{base}/-/pdf/{'0' * 64}.pdf")[0] == 404
        files = fetch(f"{base}/granvik/files?_size=max")[1].decode()
        assert f'<a href="/-/pdf/{sha}.pdf">{path}</a>' in files


def test_tables_keep_their_facets_without_suggestions(granvik_db: Path) -> None:
    """A table page shows the facets the metadata gives it, with their counts,
    and tries no facet on every other column to suggest one (that cost 200
    of 216 ms on a table of 14,500 documents)."""
    kinds = sqlite_rows(
        granvik_db, "select kind || ':' || count(*) from documents group by kind"
    )
    with site(granvik_db) as base:
        settings = get_json(f"{base}/-/settings.json")
        assert isinstance(settings, dict) and settings["suggest_facets"] is False
        page = get_json(f"{base}/granvik/documents.json?_size=1")
        assert isinstance(page, dict)
        assert page["suggested_facets"] == []
        assert set(page["facet_results"]) == {"kind", "municipality", "organ"}
        counted = page["facet_results"]["kind"]["results"]
        assert sorted(f"{r['value']}:{r['count']}" for r in counted) == sorted(kinds)


def test_site_is_read_only_downloadable_and_time_limited(granvik_db: Path) -> None:
    """The database downloads as is; SQL stops after the limit; SQL can be off."""
    with site(granvik_db, "--sql-time-limit-ms", "750") as base:
        assert fetch(f"{base}/granvik.db") == (200, granvik_db.read_bytes())
        settings = get_json(f"{base}/-/settings.json")
        assert isinstance(settings, dict)
        assert (settings["sql_time_limit_ms"], settings["default_allow_sql"]) == (
            750,
            True,
        )
        status, _ = fetch(f"{base}/granvik.json?sql=delete+from+files")
        assert status == 400
        assert sqlite_rows(granvik_db, "select count(*) from files") == [
            len(list(CORPUS.glob("*.pdf")))
        ]
    with site(granvik_db, "--no-sql") as base:
        assert fetch(f"{base}/granvik.json?sql=select+1")[0] == 403


def sqlite_row(db: Path, sql: str) -> tuple[object, ...]:
    """Return the first row of ``sql`` run directly on ``db``."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return tuple(conn.execute(sql).fetchone())
    finally:
        conn.close()


def test_canned_queries_answer(granvik_db: Path) -> None:
    """A case number in any typed form finds the case; ages use partial dates."""
    import datetime

    case = sqlite_rows(
        granvik_db,
        "select document_id from case_documents where dnr = 'ÄN 2023/118' "
        "order by municipality, dnr, date is null, date, document_id",
    )
    (as_of,) = sqlite_rows(granvik_db, "select value from analysis where key='as_of'")
    with site(granvik_db) as base:
        for typed in ("än 23/118", "ÄN 2023/0118", "Dnr ÄN 23/118"):
            url = f"{base}/granvik/documents_of_case.json?_shape=array&dnr="
            found = get_json(url + urllib.parse.quote(typed))
            assert isinstance(found, list)
            assert [r["document_id"] for r in found] == case
        aged = get_json(
            f"{base}/granvik/open_recommendations_by_body_and_age.json?_shape=array"
        )
    assert len(case) >= 3
    assert isinstance(aged, list) and aged
    for row in aged:
        first = datetime.date.fromisoformat((row["oldest_report"] + "-01-01")[:10])
        expected = (datetime.date.fromisoformat(str(as_of)) - first).days
        assert row["oldest_age_days"] == expected


def test_feeds_of_decisions_and_status_changes(granvik_db: Path) -> None:
    """Atom feeds: one entry per decided paragraph (per body) and per status."""
    body = "Kommunstyrelsen"
    decided = sqlite_rows(
        granvik_db,
        "select count(*) from paragraphs p join meetings m on m.id = p.meeting_id "
        f"where m.date is not null and m.body = '{body}'",
    )
    statuses = sqlite_rows(
        granvik_db, "select count(*) from recommendation_events where date is not null"
    )
    with site(granvik_db) as base:
        status, feed = fetch(
            f"{base}/granvik/new_decisions.atom?body=" + urllib.parse.quote(body)
        )
        assert status == 200
        assert feed.decode().count("<entry>") == decided[0]
        status, feed = fetch(f"{base}/granvik/recommendation_status_changes.atom")
        assert status == 200
        assert feed.decode().count("<entry>") == statuses[0]
    assert decided[0] >= 5 and statuses[0] >= 3


def test_a_members_record_and_a_motions_life(granvik_db: Path) -> None:
    """Person page: every act of one member; motion page: motion, papers, decision."""
    name = sqlite_rows(
        granvik_db,
        "select name from vote_records group by name order by count(*) desc, name",
    )[0]
    acts = sum(
        sqlite_rows(granvik_db, f"select count(*) from {table} where name = '{name}'")[
            0
        ]
        for table in ("proposals", "vote_records", "reservations", "declarations")
    )
    motion_id, title, decided_by = sqlite_row(
        granvik_db,
        "select id, title, decided_by from motions where decided_by is not null "
        "order by id limit 1",
    )
    papers = sqlite_rows(
        granvik_db,
        f"select count(*) from motion_documents where motion_id = '{motion_id}'",
    )[0]
    with site(granvik_db) as base:
        record = get_json(
            f"{base}/granvik/person_record.json?_shape=array&name="
            + urllib.parse.quote(str(name))
        )
        life = get_json(
            f"{base}/granvik/motion_life.json?_shape=array&title="
            + urllib.parse.quote(str(title))
        )
    assert isinstance(record, list) and isinstance(life, list)
    assert len(record) == acts and acts >= 2
    assert [r["step"] for r in life].count("motion") == 1
    assert [r["step"] for r in life].count("beslut") == 1
    assert len(life) == 2 + int(str(papers))


def test_a_copy_in_a_folder_that_cannot_be_written_is_served(
    corpus_db: Path, tmp_path: Path
) -> None:
    """A published copy in a read-only folder (no room for SQLite's -shm
    file): serve warns, repairs nothing and serves it, counts and search."""
    folder = tmp_path / "published"
    folder.mkdir()
    shutil.copy(corpus_db, folder / "diarium.db")
    with immutable(folder), site(folder / "diarium.db") as base:
        home = get_json(f"{base}/diarium.json")
        found = get_json(f"{base}/diarium/search.json?_shape=array&q=beslut")
    assert isinstance(home, dict) and isinstance(found, list)
    counts = {t["name"]: t["count"] for t in home["tables"]}
    assert (
        counts["documents"] == rows(corpus_db, "select count(*) from documents")[0][0]
    )
    assert (
        len(found)
        == rows(
            corpus_db,
            "select count(*) from search_index_fts where search_index_fts match ?",
            '{title text stemmed folded} : "beslut"* OR stemmed : "beslut"*',
        )[0][0]
    )
