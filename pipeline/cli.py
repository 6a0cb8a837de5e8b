"""The ``diarium`` command: a thin layer over the library."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

# Only light modules here: the commands import what they need (spaCy, the PDF
# readers, sqlite-utils, Datasette) when they run, so --help stays instant.
from extractors.core.errors import DiariumError
from pipeline.analysis.statuses import STATUSES
from pipeline.cli_cache import ocr_cache_command
from pipeline.isolate import Limits
from pipeline.serve import LOOPBACK

if TYPE_CHECKING:
    from pipeline.isolate import Executor

log = logging.getLogger(__name__)

#: Exit statuses of ``ingest`` and ``serve``.
EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


@click.group()
@click.version_option(package_name="diarium")
def cli() -> None:
    """Turn Swedish municipal committee records (PDF) into a linked database."""


@cli.command(name="ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--db",
    "db_path",
    default="diarium.db",
    show_default=True,
    help="SQLite database to create or update.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes reading PDFs in parallel (default: every core "
    "this process may use).",
)
@click.option("--strict", is_flag=True, help="Stop at the first file that fails.")
@click.option(
    "--municipality",
    help="Municipality of every file (default: a folder's diarium.toml, else "
    "detected from letterheads).",
)
@click.option(
    "--as-of",
    "as_of",
    help="Compute statuses as of this date (YYYY-MM-DD or 'today'; default: the "
    "newest document date).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=Limits.seconds,
    show_default=True,
    help="Seconds one file may take; a slower file is recorded as failed.",
)
@click.option(
    "--memory-limit",
    "memory_mb",
    type=click.IntRange(min=64),
    default=Limits.memory_mb,
    show_default=True,
    help="Megabytes one file may take; a larger one is recorded as failed.",
)
@click.option(
    "--no-ocr",
    is_flag=True,
    help="Do not read scanned pages with tesseract (they keep needs_ocr).",
)
@click.option(
    "--ocr-cache",
    metavar="DIR|off",
    help="Folder where tesseract's output is kept, so that reading a scanned "
    "page again does not run it again (default: $DIARIUM_OCR_CACHE, else "
    "$XDG_CACHE_HOME/diarium/ocr or ~/.cache/diarium/ocr); 'off' keeps "
    "nothing. It holds unmasked text: readable by you only, never published.",
)
@click.option(
    "--mask-contacts",
    is_flag=True,
    help="Mask e-mail addresses and phone numbers of private persons (the "
    "organisation's own mailboxes and switchboard numbers stay).",
)
@click.option(
    "--rehash",
    is_flag=True,
    help="Read and hash every file again, also those whose size and time "
    "are as when last read (by default taken to be unchanged, unread), and "
    "read files refused before (damaged, encrypted, not a PDF) again.",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where files are read: worker processes here, or Dask distributed "
    "(needs the 'dask' extra).",
)
@click.option(
    "--scheduler",
    help="Dask scheduler address (tcp://host:port); without it, --executor dask "
    "starts a local cluster of --workers processes.",
)
@click.option(
    "--debug",
    is_flag=True,
    help="Also log how long each file took, the processes each round of a "
    "large file used, and the traceback of an internal error.",
)
def ingest_command(
    paths: tuple[Path, ...],
    db_path: str,
    workers: int | None,
    strict: bool,
    municipality: str | None,
    as_of: str | None,
    timeout: float,
    memory_mb: int,
    no_ocr: bool,
    ocr_cache: str | None,
    mask_contacts: bool,
    rehash: bool,
    executor: str,
    scheduler: str | None,
    debug: bool,
) -> None:
    """Read PDFs (files or folders, searched recursively) into the database.

    Exit status: 0 every file loaded, 1 some files failed, 2 usage error
    (missing path, no PDF found, bad option), 3 internal error; stopped by
    Ctrl-C 130, by SIGTERM 143 (files loaded so far are kept; the next
    ingest or serve indexes those files for search and rebuilds the derived
    tables).
    """
    from pipeline import ocr_switch
    from pipeline.console import print_summary, progress_display
    from pipeline.discover import shown
    from pipeline.ingest import StrictStop, ingest
    from pipeline.parallel import usable_cores
    from pipeline.report import ocr_lines
    from pipeline.stop import Stopped, stop_on_signals

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    if debug:  # diarium's own lines, not the libraries'
        for name in ("pipeline", "extractors"):
            logging.getLogger(name).setLevel(logging.DEBUG)
    workers = workers or usable_cores()
    if scheduler and executor != "dask":
        raise click.UsageError("--scheduler needs --executor dask")
    if municipality is not None and not municipality.split():
        raise click.UsageError("--municipality names no municipality")
    on_progress, finish = progress_display()
    try:
        with (
            ocr_switch.turned_off(no_ocr),
            ocr_switch.cache_at(ocr_cache),
            stop_on_signals(),
        ):
            summary = ingest(
                paths,
                db_path,
                workers=workers,
                strict=strict,
                on_progress=on_progress,
                municipality=municipality,
                as_of=as_of,
                limits=Limits(timeout, memory_mb),
                mask_contacts=mask_contacts,
                rehash=rehash,
                executor=_executor(
                    executor, scheduler, workers, Limits(timeout, memory_mb)
                ),
            )
    except KeyboardInterrupt as exc:
        finish()
        click.echo(
            "stopped; the next ingest or serve rebuilds derived tables", err=True
        )
        sys.exit(exc.exit_status if isinstance(exc, Stopped) else 130)
    except StrictStop as exc:
        finish()
        raise click.ClickException(shown(str(exc))) from exc
    except DiariumError as exc:
        finish()
        raise click.UsageError(shown(str(exc))) from exc
    except Exception as exc:  # noqa: BLE001 - a bug: say so, exit 3
        finish()
        _internal_error(exc)
    finish()
    with ocr_switch.turned_off(no_ocr), ocr_switch.cache_at(ocr_cache):
        print_summary(summary, db_path)
        for line in ocr_lines(db_path, ocr_switch.unavailable()):
            click.echo(line)
    if summary.failed or summary.extraction_failures:
        sys.exit(EXIT_SOME_FAILED)


def _executor(
    name: str, scheduler: str | None, workers: int, limits: Limits
) -> Executor | None:
    """Return the executor ``--executor`` names (None: the default, local)."""
    if name != "dask":
        return None
    from pipeline.cluster import DaskExecutor

    return DaskExecutor(scheduler, workers, limits)


def _internal_error(exc: Exception) -> NoReturn:
    """Report a bug in one line (traceback at debug level) and exit 3."""
    from pipeline.discover import shown

    log.debug("internal error", exc_info=exc)
    click.echo(
        f"Error: internal error (a bug in diarium): {type(exc).__name__}: "
        + shown(str(exc)),
        err=True,
    )
    sys.exit(EXIT_INTERNAL)


@cli.command(name="serve")
@click.option(
    "--db",
    "db_path",
    default="diarium.db",
    show_default=True,
    help="SQLite database to publish.",
)
@click.option("--port", default=8001, show_default=True, help="Port to listen on.")
@click.option(
    "--host",
    default=LOOPBACK,
    show_default=True,
    help="Interface to listen on; anything but 127.0.0.1 exposes the site.",
)
@click.option(
    "--metadata",
    type=click.Path(path_type=Path, exists=True),
    help="Datasette metadata file (default: the project's metadata.yml).",
)
@click.option(
    "--allow-sql/--no-sql",
    default=True,
    show_default=True,
    help="Whether visitors may run their own SQL (canned queries always run).",
)
@click.option(
    "--sql-time-limit-ms",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Stop any query after this many milliseconds.",
)
def serve_command(
    db_path: str,
    port: int,
    host: str,
    metadata: Path | None,
    allow_sql: bool,
    sql_time_limit_ms: int,
) -> None:
    """Publish the database with Datasette, read-only, on http://HOST:PORT/.

    A database left by an ingest that was stopped before it finished gets
    its files indexed for search and its views and derived tables rebuilt
    first.
    """
    from pipeline.discover import shown
    from pipeline.serve import SiteOptions
    from pipeline.serve import serve as serve_db

    if host != LOOPBACK:
        click.echo(f"warning: serving on {host}, not only this machine", err=True)
    options = SiteOptions(port, host, metadata, allow_sql, sql_time_limit_ms)
    try:
        status = serve_db(db_path, options)
    except DiariumError as exc:
        raise click.UsageError(shown(str(exc))) from exc
    except Exception as exc:  # noqa: BLE001 - a bug: say so, exit 3
        _internal_error(exc)
    sys.exit(status)


@cli.command(name="inspect")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def inspect_command(pdf: Path) -> None:
    """Show the documents, kinds and case numbers found in one PDF, as JSON.

    The municipality is the one a diarium.toml in the file's folder names,
    else the one detected in the file.
    """
    from extractors.core.models import Failure
    from pipeline.process import process_path, summarise
    from pipeline.settings import municipality_for, search_tops

    place = municipality_for(pdf, search_tops([pdf]))
    result = process_path(str(pdf), place[0] if place else None)
    if isinstance(result, Failure):
        raise click.ClickException(f"{pdf}: {result.reason}")
    found = summarise(result)
    if place:
        found["municipality"] = place[0]
    click.echo(json.dumps(found, ensure_ascii=False, indent=2))


@cli.group(name="track")
def track_group() -> None:
    """Correct the status of a recommendation or commission by hand."""


@track_group.command(name="set")
@click.argument("item_id")
@click.argument("status")
@click.option("--note", help="Why the status is set (kept with the correction).")
@click.option("--source", help="Evidence: a document, a meeting, a phone call.")
@click.option(
    "--db",
    "db_path",
    default="diarium.db",
    show_default=True,
    help="SQLite database to update.",
)
def track_set_command(
    item_id: str, status: str, note: str | None, source: str | None, db_path: str
) -> None:
    """Set ITEM_ID (a recommendation or commission id) to STATUS.

    Corrections are kept apart from the rebuilt tables and survive every
    re-ingest; the computed history stays visible beside them.
    """
    from pipeline.report import correct

    try:
        target = correct(db_path, item_id, status, note, source)
    except DiariumError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{target} {item_id} set to {status}")


@cli.command(name="recommendations")
@click.option(
    "--status",
    type=click.Choice(STATUSES),
    help="Only this status; 'open' lists everything not yet closed "
    "(open, responded, partially or not implemented, overdue).",
)
@click.option("--overdue", is_flag=True, help="Only overdue recommendations.")
@click.option(
    "--body",
    help="Only recommendations to a body (part of its name, any case, "
    "with or without å, ä, ö).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--db",
    "db_path",
    default="diarium.db",
    show_default=True,
    help="SQLite database to read.",
)
def recommendations_command(
    status: str | None, overdue: bool, body: str | None, fmt: str, db_path: str
) -> None:
    """List audit recommendations with their status, oldest audit first."""
    from pipeline.report import recommendation_rows, render

    try:
        rows = recommendation_rows(db_path, status, overdue, body)
    except DiariumError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(render(rows, fmt), nl=False)


cli.add_command(ocr_cache_command)

if __name__ == "__main__":
    cli()
