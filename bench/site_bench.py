"""Measure the published site on a large database: median and p95 per page.

Usage: python bench/site_bench.py [--rows 100000] [--requests 20] [--keep DB]

Ingests the bundled corpus into a fresh database, then copies every record
row (with fresh ids) until the record tables hold about ``--rows`` rows in
all, rebuilds the search index, serves the database with ``diarium serve``
on a free loopback port and times ``--requests`` requests of the home page,
a faceted table, each canned query and searches for common words. Prints
median and p95 in milliseconds (the target is p95 < 300 ms). Run on a quiet
machine; compare runs made the same day.
"""

from __future__ import annotations

import argparse
import math
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import yaml

from pipeline.ingest import ingest
from pipeline.store.save import open_db
from pipeline.store.search import rebuild_search

ROOT = Path(__file__).resolve().parent.parent
#: Tables whose rows are copied to grow the database.
GROWN = (
    "documents", "pages", "meetings", "attendance", "paragraphs", "proposals",
    "votes", "vote_records", "reservations", "declarations", "dispatches",
    "motions", "recommendations", "recommendation_events", "audit_reports",
    "commissions", "dnr_mentions",
)  # fmt: skip
#: Searches for words in most rows (the search above finds fewer).
COMMON = ("att", "beslut", "s")
#: Parameters for canned queries that need one.
PARAMS = {
    "dnr": "KS 2024/101",
    "q": "nämnden",
    "name": "Anna Berg",
    "title": "motion",
    "body": "",
}


def main() -> None:
    """Build, serve and time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--keep", help="write the database here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or str(Path(tmp) / "diarium.db")
        Path(db).unlink(missing_ok=True)
        ingest([ROOT / "corpus"], db)
        print("corpus ingested; growing", file=sys.stderr, flush=True)
        rows = grow(db, args.rows)
        print(f"database: {rows} record rows, {Path(db).stat().st_size >> 20} MiB")
        sys.stdout.flush()
        for url, times in time_site(db, args.requests):
            median = statistics.median(times)
            p95 = sorted(times)[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)]
            print(f"{median:8.1f} ms median {p95:8.1f} ms p95  {url}")


def grow(db: str, target: int) -> int:
    """Copy record rows with fresh ids until about ``target`` rows; return the count."""
    conn = sqlite3.connect(db)
    try:
        tables = [t for t in GROWN if _exists(conn, t)]
        total = sum(_count(conn, t) for t in tables)
        copies = max(0, target // max(total, 1) - 1)
        last = {t: _last_rowid(conn, t) for t in tables}
        for n in range(1, copies + 1):
            for table in tables:
                _copy(conn, table, n, last[table])
        conn.commit()
        grown = sum(_count(conn, t) for t in tables)
    finally:
        conn.close()
    print("rows copied; rebuilding the search index", file=sys.stderr, flush=True)
    store = open_db(db)
    rebuild_search(store)
    store.close()
    return grown


def _copy(conn: sqlite3.Connection, table: str, n: int, last: int) -> None:
    """Copy the table's original rows (rowid <= ``last``) with ids suffixed ``~n``."""
    columns = [r[1] for r in conn.execute(f"pragma table_info([{table}])")]
    keyed = {"id", "document_id", "meeting_id", "paragraph_id", "vote_id",
             "report_id", "recommendation_id", "motion_id"}  # fmt: skip
    if table == "pages":  # keyed by (file, page): copies get pages past 100000
        values = [f"[{c}] + {n} * 100000" if c == "page" else f"[{c}]" for c in columns]
    else:
        values = [f"[{c}] || '~{n}'" if c in keyed else f"[{c}]" for c in columns]
    names = ", ".join(f"[{c}]" for c in columns)
    conn.execute(
        f"insert or ignore into [{table}] ({names}) "
        f"select {', '.join(values)} from [{table}] where rowid <= {last}"
    )


def _last_rowid(conn: sqlite3.Connection, table: str) -> int:
    """Return the largest rowid of ``table`` (0 when empty)."""
    return int(
        conn.execute(f"select coalesce(max(rowid), 0) from [{table}]").fetchone()[0]
    )


def _exists(conn: sqlite3.Connection, table: str) -> bool:
    """Return True when ``table`` exists."""
    found = conn.execute(
        "select 1 from sqlite_master where type = 'table' and name = ?", [table]
    )
    return found.fetchone() is not None


def _count(conn: sqlite3.Connection, table: str) -> int:
    """Return the number of rows of ``table``."""
    return int(conn.execute(f"select count(*) from [{table}]").fetchone()[0])


def time_site(db: str, requests: int) -> list[tuple[str, list[float]]]:
    """Serve ``db`` and time every page; return (url, milliseconds) pairs."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    name = Path(db).stem
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "pipeline.cli", "serve", "--db", db]
    server = subprocess.Popen(
        command + ["--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(base)
        results = []
        for url in _urls(base, name):
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(url, timeout=60) as response:
                        response.read()
                except urllib.error.HTTPError as error:  # e.g. past the SQL limit
                    print(f"  {error.code} {url}", file=sys.stderr)
                times.append((time.perf_counter() - started) * 1000)
            results.append((url.removeprefix(base), times))
            print(f"  timed {url.removeprefix(base)}", file=sys.stderr, flush=True)
        return results
    finally:
        server.terminate()
        server.wait(timeout=10)


def _urls(base: str, name: str) -> list[str]:
    """Return the home page, faceted tables, every canned query and searches
    for common words."""
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    queries = metadata["databases"]["diarium"]["queries"]
    urls = [
        f"{base}/",
        f"{base}/{name}",
        f"{base}/{name}/paragraphs?_facet=decision_kind",
        f"{base}/{name}/documents?_facet=kind&_facet=organ",
    ]
    for query, spec in queries.items():
        params = {
            key: value for key, value in PARAMS.items() if f":{key}" in spec["sql"]
        }
        urls.append(f"{base}/{name}/{query}?{urllib.parse.urlencode(params)}")
    for word in COMMON:  # found in most rows: ranking is capped, prefixes too
        urls.append(f"{base}/{name}/search?{urllib.parse.urlencode({'q': word})}")
    return urls


def _wait(base: str) -> None:
    """Wait until the server answers."""
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/-/versions.json", timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


if __name__ == "__main__":
    main()
