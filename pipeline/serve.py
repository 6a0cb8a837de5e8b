"""Publish the database with Datasette on the loopback interface."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from extractors.core.errors import DiariumError

#: The project's Datasette metadata: table descriptions and canned queries.
DEFAULT_METADATA = Path(__file__).resolve().parent.parent / "metadata.yml"


class MissingDatabase(DiariumError):
    """The database to serve does not exist (run ``diarium ingest`` first)."""


def datasette_command(
    db_path: str, port: int, metadata: Path | None = None, host: str = "127.0.0.1"
) -> list[str]:
    """Return the command line that serves ``db_path`` with Datasette."""
    if not Path(db_path).is_file():
        raise MissingDatabase(f"no database at {db_path}: run 'diarium ingest' first")
    command = [sys.executable, "-m", "datasette", "serve", db_path]
    command += ["--host", host, "--port", str(port)]
    metadata = metadata or DEFAULT_METADATA
    if metadata.is_file():
        command += ["--metadata", str(metadata)]
    return command


def serve(db_path: str, port: int, metadata: Path | None = None) -> int:
    """Serve ``db_path`` until interrupted; return Datasette's exit status.

    Ctrl-C or SIGTERM stops Datasette too, so no server outlives the command.
    """
    command = datasette_command(db_path, port, metadata)
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
