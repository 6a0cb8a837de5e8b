"""What ``diarium ingest`` prints: progress while it runs, a summary at the end."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

from pipeline.ingest import IngestSummary, Progress
from pipeline.pace import WRITER_BOUND, duration

#: In log lines, one file skipped (unchanged or a duplicate) in this many is
#: listed, and the batch's last file: a re-run of 100,000 unchanged files
#: printed 100,000 lines (0.3 s of its 2.5 s).
SKIPPED_EVERY = 1000


def progress_display() -> tuple[Callable[[Progress], None], Callable[[], None]]:
    """Return (callback, finish): a bar on a terminal, log lines otherwise
    (every file read or failed; one skipped file in :data:`SKIPPED_EVERY`)."""
    from pipeline.discover import shown

    if sys.stderr.isatty():
        bar = click.progressbar(
            length=1,
            label="Reading PDFs",
            file=sys.stderr,
            show_pos=True,
            show_eta=False,  # ours (pace_text): from when reading starts
            item_show_func=lambda s: s,
        )
        bar.__enter__()

        def on_bar(p: Progress) -> None:
            bar.length = p.total
            bar.update(p.done - bar.pos, f"{p.pages} pages{pace_text(p)}")

        return on_bar, lambda: bar.__exit__(None, None, None)

    skipped, unlisted = 0, 0

    def on_line(p: Progress) -> None:
        nonlocal skipped, unlisted
        if p.status in ("unchanged", "duplicate"):
            skipped += 1
            if skipped % SKIPPED_EVERY and p.done != p.total:
                unlisted += 1
                return
        before = f"; {unlisted} skipped files before it not listed" if unlisted else ""
        unlisted = 0
        click.echo(
            f"[{p.done}/{p.total}] {p.status:9} {shown(p.path)} "
            f"({p.pages} pages so far{pace_text(p)}{before})",
            err=True,
        )

    return on_line, lambda: None


def writer_line(busy: float | None) -> str | None:
    """Return the line saying that the files waited on this process, which
    alone writes the database (:class:`pipeline.pace.Load`), or None."""
    if busy is None or busy < WRITER_BOUND:
        return None
    return (
        f"the ingest process was busy {busy:.0%} of the loading: the files "
        "waited on it, so more workers would not load them faster (README: "
        "Running on a cluster)"
    )


def pace_text(p: Progress) -> str:
    """Return ", 42 pages/s, about 3 min left" while files are left to read
    and the time they take is known (else nothing)."""
    if p.seconds_left is None:
        return ""
    rate = f", {p.pages_per_second:.0f} pages/s" if p.pages_per_second else ""
    return f"{rate}, about {duration(p.seconds_left)} left"


def _workers(count: int) -> str:
    """Return "1 worker" or "N workers"."""
    return f"{count} worker" if count == 1 else f"{count} workers"


def print_summary(summary: IngestSummary, db_path: str) -> None:
    """Print the closing summary of an ingest run."""
    from pipeline.discover import shown
    from pipeline.ocr_switch import cache_folder
    from pipeline.report import checks_line, ocr_run_line

    kinds = ", ".join(f"{k} {n}" for k, n in sorted(summary.kinds.items())) or "none"
    click.echo(
        f"{summary.loaded} files loaded, {summary.unchanged} unchanged, "
        f"{summary.failed} failed; {summary.pages} pages in {summary.seconds:.1f} s "
        f"({_workers(summary.workers)}) into {shown(db_path)}"
    )
    if summary.refused_before:
        click.echo(
            f"{summary.refused_before} of the failed files were refused alike "
            "before and not read again (same bytes and reading version; "
            "--rehash reads them)"
        )
    if summary.reextracted:
        click.echo(
            f"{summary.reextracted} files re-extracted from their stored pages "
            "(new extractor versions)"
        )
    if summary.repaired:
        click.echo("the previous run did not finish; derived tables were rebuilt")
    elif not summary.rebuilt:
        click.echo("nothing changed; derived tables kept as they were")
    click.echo(f"documents: {kinds}")
    cache = cache_folder()
    cached = shown(str(cache)) if cache is not None else None
    if ocr := ocr_run_line(summary.ocr_read, summary.ocr_cached, cached):
        click.echo(ocr)
    if summary.as_of:
        click.echo(as_of_line(summary.as_of, summary.dates))
    if summary.rebuilt and not summary.analysed_all and not summary.repaired:
        known = len(set(summary.dates) | set(summary.analysed))
        click.echo(analysed_line(summary.analysed, known))
    click.echo(checks_line(summary.checks))
    if line := writer_line(summary.load.busy_share()):
        click.echo(line)
    if summary.masked or summary.withheld or summary.masked_contacts:
        contacts = (
            f"{summary.masked_contacts} private contacts masked, "
            if summary.masked_contacts
            else ""
        )
        click.echo(
            f"privacy: {summary.masked} personal identity numbers masked, "
            f"{contacts}{len(summary.withheld)} secret pages withheld"
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


#: Municipalities named at most in one summary line.
NAMED = 4


def _named(items: list[str], total: int) -> str:
    """Return the first :data:`NAMED` items joined, and how many more there are."""
    shown = ", ".join(items[:NAMED])
    more = total - min(len(items), NAMED)
    return f"{shown}, and {more} more (table analysis)" if more > 0 else shown


def as_of_line(as_of: str, dates: dict[str | None, str]) -> str:
    """Return "statuses as of DATE", with the municipalities analysed as of
    earlier dates (their own newest papers), the earliest first."""
    behind = sorted((d, p or "no municipality") for p, d in dates.items() if d != as_of)
    if not behind:
        return f"statuses as of {as_of}"
    named = [f"{place} {date}" for date, place in behind]
    return (
        f"statuses as of {as_of} (each municipality as of its newest paper: "
        f"{_named(named, len(named))})"
    )


def analysed_line(analysed: list[str | None], municipalities: int) -> str:
    """Return which municipalities this run analysed, of how many (those
    whose last documents went count among them)."""
    if not analysed:
        return "analysis: no municipality changed; derived rows kept"
    names = [p or "no municipality" for p in analysed]
    if len(analysed) >= municipalities:
        named = _named(names, len(names))
        return f"analysis: all {len(analysed)} municipalities analysed ({named})"
    return (
        f"analysis: {len(analysed)} of {municipalities} municipalities analysed "
        f"({_named(names, len(names))}); the others' derived rows kept"
    )
