"""Publish the database with Datasette, read-only, on the loopback interface.

The served site links every page number to its PDF page (the plugin in
``pipeline/publish/plugins``), carries the project's table descriptions and
canned queries whatever the database file is called, offers the database for
download, and stops any SQL query after ``sql_time_limit_ms``.
"""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from extractors.core.errors import DiariumError
from pipeline.publish.metadata import database_name, metadata_for

#: The project's Datasette metadata: table descriptions and canned queries
#: (the top-level ``metadata.yml``, linked into the package so that an
#: installed diarium has it).
DEFAULT_METADATA = Path(__file__).resolve().parent / "publish" / "metadata.yml"
#: Datasette plugins loaded by file path (``--plugins-dir``).
PLUGINS = Path(__file__).resolve().parent / "publish" / "plugins"
#: Templates: the home page, table order, Swedish facet labels.
TEMPLATES = Path(__file__).resolve().parent / "publish" / "templates"
LOOPBACK = "127.0.0.1"


class MissingDatabase(DiariumError):
    """The database to serve does not exist (run ``diarium ingest`` first)."""


@dataclass(frozen=True)
class SiteOptions:
    """How the site is served."""

    port: int = 8001
    host: str = LOOPBACK
    metadata: Path | None = None
    allow_sql: bool = True
    """Whether visitors may run their own SQL (canned queries always run)."""
    sql_time_limit_ms: int = 1000


def datasette_command(
    db_path: str, options: SiteOptions, metadata_file: Path
) -> list[str]:
    """Return the command line that serves ``db_path`` with Datasette.

    ``metadata_file`` is where the metadata for this database's name is
    written (see :func:`write_metadata`).
    """
    if not Path(db_path).is_file():
        raise MissingDatabase(f"no database at {db_path}: run 'diarium ingest' first")
    command = [sys.executable, "-m", "datasette", "serve", "-i", db_path]
    command += ["--host", options.host, "--port", str(options.port)]
    command += ["--plugins-dir", str(PLUGINS), "--template-dir", str(TEMPLATES)]
    command += ["--setting", "sql_time_limit_ms", str(options.sql_time_limit_ms)]
    # Datasette tries a facet on every column of a table page to suggest
    # some: on a table of 14,500 documents that was 200 of a page's 216 ms,
    # and it grows with the table. The tables' own facets (metadata) stay.
    command += ["--setting", "suggest_facets", "off"]
    if not options.allow_sql:
        command += ["--setting", "default_allow_sql", "off"]
    if write_metadata(db_path, options.metadata, metadata_file):
        command += ["--metadata", str(metadata_file)]
    inspected = metadata_file.with_name(INSPECT_FILE)
    command += ["--inspect-file", str(inspected)]  # written before it starts
    return command


#: Datasette's inspect file, written beside the metadata (:func:`write_inspect`).
INSPECT_FILE = "inspect.json"


def write_inspect(db_path: str, out: Path) -> None:
    """Write what Datasette would otherwise learn about the database on its
    first page: its row counts and a hash.

    Datasette hashes an immutable database's bytes for its first page (2.0 s
    for a 1.3 GB database, and growing with it); the hash only names a
    version of the file (hash URLs are off), so a digest of its size and
    modification time stands for it. The counts are exact (0.27 s for 60
    tables of 2.1 million rows); Datasette would count each table for at
    most 10 ms and show none for a larger one.
    """
    from pipeline.store.queries import table_counts

    stat = Path(db_path).stat()
    identity = f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}".encode()
    data = {
        database_name(db_path): {
            "hash": hashlib.sha256(identity).hexdigest(),
            "size": stat.st_size,
            "file": db_path,
            "tables": {
                name: {"count": count} for name, count in table_counts(db_path).items()
            },
        }
    }
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def write_metadata(db_path: str, template: Path | None, out: Path) -> bool:
    """Write ``template``'s metadata keyed by ``db_path``'s name to ``out``."""
    template = template or DEFAULT_METADATA
    if not template.is_file():
        return False
    data = metadata_for(template, db_path)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return True


def serve(db_path: str, options: SiteOptions) -> int:
    """Serve ``db_path`` until interrupted; return Datasette's exit status.

    Ctrl-C or SIGTERM stops Datasette too, so no server outlives the command.
    A database whose last ingest was stopped early is first made whole
    (its files indexed for search, views and derived tables rebuilt).
    """
    with tempfile.TemporaryDirectory(prefix="diarium-serve-") as tmp:
        command = datasette_command(db_path, options, Path(tmp) / "metadata.json")
        from pipeline.finish import repair_derived

        if repair_derived(db_path):
            print(
                "the last ingest did not finish: search index, views and "
                "derived tables rebuilt",
                file=sys.stderr,
            )
        write_inspect(db_path, Path(tmp) / INSPECT_FILE)  # counted as repaired
        server = subprocess.Popen(command)

        def stop(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            return server.wait()
        except KeyboardInterrupt:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)
