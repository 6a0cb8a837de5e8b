"""``diarium ocr-cache``: how large the OCR cache is, and emptying it.

Registered on the ``diarium`` group by :mod:`pipeline.cli`; imports no PDF
library, extractor or database.
"""

from __future__ import annotations

import time

import click

from pipeline.ocr_cache_files import Survey, prune, survey
from pipeline.ocr_switch import cache_at, cache_folder

DAY = 86400.0


@click.command(name="ocr-cache")
@click.option("--clear", is_flag=True, help="Remove every entry and index file.")
@click.option(
    "--unused-days",
    type=click.FloatRange(min=0),
    help="Remove the entries and index files no run has read or written for "
    "this many days.",
)
@click.option(
    "--ocr-cache",
    "folder",
    metavar="DIR",
    help="The cache's folder (default: $DIARIUM_OCR_CACHE, else "
    "$XDG_CACHE_HOME/diarium/ocr or ~/.cache/diarium/ocr).",
)
def ocr_cache_command(
    clear: bool, unused_days: float | None, folder: str | None
) -> None:
    """Show the OCR cache's size; remove all or the long unused entries.

    The cache keeps tesseract's text of every scanned page read (unmasked:
    personal identity numbers and contact details included), so that a page
    read again is not read by tesseract again, and for each page of a file an
    index file naming its entry, so that the page is not rendered again
    either. Only its own files are counted or removed, never another file in
    its folder.
    """
    if clear and unused_days is not None:
        raise click.UsageError("give --clear or --unused-days, not both")
    with cache_at(folder):
        where = cache_folder()
    if where is None:
        click.echo("the OCR cache is turned off (DIARIUM_OCR_CACHE=off)")
        return
    if clear or unused_days is not None:
        unused = None if unused_days is None else unused_days * DAY
        removed = prune(where, unused, time.time())
        click.echo(f"OCR cache {where}: removed {_described(removed)}")
    click.echo(f"OCR cache {where}: {_described(survey(where))}")


def _described(found: Survey) -> str:
    """Return "3 entries, 3 index files, 0.1 MB, least recently used
    2026-01-02" (no index file: not named; no file at all: "no entry")."""
    if not found.entries and not found.indexes:
        return "no entry"
    parts = [_counted(found.entries, "entry", "entries", "no entry")]
    if found.indexes:
        parts.append(_counted(found.indexes, "index file", "index files", ""))
    used = time.strftime("%Y-%m-%d", time.localtime(found.oldest))
    parts += [f"{found.bytes / 1e6:.1f} MB", f"least recently used {used}"]
    return ", ".join(parts)


def _counted(number: int, one: str, many: str, none: str) -> str:
    """Return "1 entry", "3 entries" or ``none``."""
    if not number:
        return none
    return f"1 {one}" if number == 1 else f"{number} {many}"
