"""The ``diarium`` command: a thin layer over the library."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import click

from extractors.core.errors import DiariumError
from extractors.core.models import Failure
from pipeline.analysis.tracking import STATUSES
from pipeline.discover import shown
from pipeline.ingest import IngestSummary, Progress, StrictStop, ingest
from pipeline.isolate import Executor, Limits
from pipeline.process import process_path, summarise
from pipeline.report import checks_line, correct, recommendation_rows, render
from pipeline.serve import LOOPBACK, SiteOptions
from pipeline.serve import serve as serve_db
from pipeline.settings import municipality_for
from pipeline.stop import Stopped, stop_on_signals

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
    default=1,
    show_default=True,
    help="Worker processes reading PDFs in parallel.",
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
def ingest_command(
    paths: tuple[Path, ...],
    db_path: str,
    workers: int,
    strict: bool,
    municipality: str | None,
    as_of: str | None,
    timeout: float,
    memory_mb: int,
    executor: str,
    scheduler: str | None,
) -> None:
    """Read PDFs (files or folders, searched recursively) into the database.

    Exit status: 0 every file loaded, 1 some files failed, 2 usage error
    (missing path, no PDF found, bad option), 3 internal error; stopped by
    Ctrl-C 130, by SIGTERM 143 (files loaded so far are kept; the next
    ingest or serve rebuilds the search index and derived tables).
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    if scheduler and executor != "dask":
        raise click.UsageError("--scheduler needs --executor dask")
    on_progress, finish = _progress_display()
    try:
        with stop_on_signals():
            summary = ingest(
                paths,
                db_path,
                workers=workers,
                strict=strict,
                on_progress=on_progress,
                municipality=municipality,
                as_of=as_of,
                limits=Limits(timeout, memory_mb),
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
    _print_summary(summary, db_path)
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
    its search index, views and derived tables rebuilt first.
    """
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
    place = municipality_for(pdf, [pdf])
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
    try:
        rows = recommendation_rows(db_path, status, overdue, body)
    except DiariumError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(render(rows, fmt), nl=False)


def _progress_display() -> tuple[Callable[[Progress], None], Callable[[], None]]:
    """Return (callback, finish): a bar on a terminal, log lines otherwise."""
    if sys.stderr.isatty():
        bar = click.progressbar(
            length=1,
            label="Reading PDFs",
            file=sys.stderr,
            show_pos=True,
            item_show_func=lambda s: s,
        )
        bar.__enter__()

        def on_bar(p: Progress) -> None:
            bar.length = p.total
            bar.update(p.done - bar.pos, f"{p.pages} pages")

        return on_bar, lambda: bar.__exit__(None, None, None)

    def on_line(p: Progress) -> None:
        click.echo(
            f"[{p.done}/{p.total}] {p.status:9} {shown(p.path)} "
            f"({p.pages} pages so far)",
            err=True,
        )

    return on_line, lambda: None


def _print_summary(summary: IngestSummary, db_path: str) -> None:
    """Print the closing summary of an ingest run."""
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(summary.kinds.items())) or "none"
    click.echo(
        f"{summary.loaded} files loaded, {summary.unchanged} unchanged, "
        f"{summary.failed} failed; {summary.pages} pages in {summary.seconds:.1f} s "
        f"into {shown(db_path)}"
    )
    if summary.repaired:
        click.echo("the previous run did not finish; derived tables were rebuilt")
    click.echo(f"documents: {kinds}")
    if summary.as_of:
        click.echo(f"statuses as of {summary.as_of}")
    click.echo(checks_line(summary.checks))
    if summary.masked or summary.withheld:
        click.echo(
            f"privacy: {summary.masked} personal identity numbers masked, "
            f"{len(summary.withheld)} secret pages withheld"
        )
    if summary.orphaned:
        click.echo(
            f"{len(summary.orphaned)} corrections match no record any more "
            "(canned query orphaned_corrections)"
        )
    for path, page, stamp in summary.withheld:
        click.echo(f"WITHHELD {shown(path)} page {page}: {stamp}", err=True)
    for failure in summary.failures:
        click.echo(
            f"FAILED {shown(failure.source.path)}: {shown(failure.reason)}", err=True
        )
    for path, what in summary.extraction_failures:
        click.echo(f"EXTRACTION FAILED {shown(path)}: {what}", err=True)
    for c in summary.orphaned:
        click.echo(
            f"ORPHANED CORRECTION {c['id']}: {c['target']} {c['target_id']} "
            f"set to {c['status']} matches no record",
            err=True,
        )


if __name__ == "__main__":
    cli()
