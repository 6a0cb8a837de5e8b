"""Library behind the follow-through commands: corrections and listings."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.serve import MissingDatabase
from pipeline.store.db import Store
from pipeline.store.queries import list_recommendations
from pipeline.writer_lock import writing

#: Columns of the recommendations listing, in order.
COLUMNS = (
    "id",
    "report",
    "report_number",
    "report_date",
    "auditee",
    "number",
    "text",
    "status",
    "status_date",
    "due",
    "municipality",
    "file",
    "page",
)


def checks_line(counts: Counter[str]) -> str:
    """Return the summary line of the record checks: "checks: 3 flags (rule 2, …)"."""
    total = sum(counts.values())
    if not total:
        return "checks: no flags"
    rules = ", ".join(f"{rule} {n}" for rule, n in sorted(counts.items()))
    return f"checks: {total} flag{'s' if total != 1 else ''} ({rules})"


def _open(db_path: str) -> Store:
    """Open an existing database or say how to make one."""
    _exists(db_path)
    return Store.open(db_path)


def _exists(db_path: str) -> None:
    """Say how to make the database when there is none at ``db_path``."""
    if not Path(db_path).is_file():
        raise MissingDatabase(f"no database at {db_path}: run 'diarium ingest' first")


def correct(
    db_path: str, item_id: str, status: str, note: str | None, source: str | None
) -> str:
    """Record a correction and recompute statuses; return what was corrected.

    Raise :class:`.writer_lock.IngestRunning` while an ingest writes to the
    database (one writer at a time: the statuses recomputed here and the
    ingest's analysis would interleave).
    """
    from pipeline.analysis import recorded_as_of
    from pipeline.analysis.follow_through import add_correction

    _exists(db_path)  # no lock file beside a mistyped path
    with writing(db_path, "track set"):  # before opening: that may add columns
        store = Store.open(db_path)
        try:
            return add_correction(
                store, item_id, status, note, source, recorded_as_of(store)
            )
        finally:
            store.close()


def recommendation_rows(
    db_path: str, status: str | None, overdue: bool, body: str | None
) -> list[dict[str, Any]]:
    """Return the recommendations matching the filters."""
    store = _open(db_path)
    try:
        return list_recommendations(store.db, status, overdue, body)
    finally:
        store.close()


def render(rows: list[dict[str, Any]], fmt: str) -> str:
    """Render rows as an aligned text table, CSV or JSON."""
    rows = [{c: row.get(c) for c in COLUMNS} for row in rows]
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    shown = ("number", "status", "status_date", "due", "auditee", "text")
    cells = [[_cell(row[c], 70 if c == "text" else 30) for c in shown] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(shown)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(shown, widths, strict=True))]
    lines += [
        "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells
    ]
    lines.append(f"{len(rows)} recommendations")
    return "\n".join(lines) + "\n"


def _cell(value: Any, width: int) -> str:
    """Return a value as a one-line cell of at most ``width`` characters."""
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _pages(n: int, what: str) -> str:
    """Return "1 page" or "3 pages" (``what`` in the singular)."""
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def ocr_run_line(read: int, cached: int, cache: str | None) -> str | None:
    """Return the summary line of this run's OCR: pages read with tesseract,
    and from the OCR cache at ``cache`` (None: turned off); None without OCR."""
    if not read + cached:
        return None
    if cache is None:
        return f"OCR: {_pages(read, 'page')} read with tesseract (OCR cache off)"
    return (
        f"OCR: {_pages(read, 'page')} read with tesseract, {cached} from the "
        f"OCR cache ({cache})"
    )


def ocr_lines(db_path: str, unavailable: str | None) -> list[str]:
    """Return the summary lines on scanned and OCR-damaged pages in the database.

    ``unavailable`` is why OCR cannot run here (None when it can).
    """
    store = _open(db_path)
    try:
        counts = {
            row["quality"]: row["n"]
            for row in store.query(
                "select quality, count(*) as n from pages group by quality"
            )
        }
        waiting = store.query("select count(*) as n from pages where needs_ocr = 1")
    finally:
        store.close()
    lines = []
    read, low = counts.get("ocr", 0), counts.get("ocr-low-confidence", 0)
    if read + low:
        lines.append(
            f"OCR: the database holds {_pages(read + low, 'scanned page')} read "
            f"with OCR ({low} with low confidence); numbers on them are "
            "unconfirmed (pages.quality)"
        )
    if damaged := counts.get("text-damaged", 0):
        has = "has" if damaged == 1 else "have"
        lines.append(
            f"OCR: {_pages(damaged, 'page')} {has} a text layer that lost "
            "å, ä and ö; numbers on them are unconfirmed (pages.quality)"
        )
    need = waiting[0]["n"]
    if need:
        why = unavailable or "loaded without OCR; read when re-processed"
        pages = "page waits" if need == 1 else "pages wait"
        lines.append(
            f"OCR: {need} scanned {pages} for OCR: {why} "
            "(canned query pages_needing_ocr)"
        )
    return lines
