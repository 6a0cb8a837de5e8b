"""Datasette plugin: every row one click from its PDF page.

Loaded by ``diarium serve`` with ``--plugins-dir``; it depends on Datasette
and the standard library only, because Datasette imports it by file path.

* ``/-/pdf/<sha256>.pdf`` serves an ingested PDF, read-only. Only files the
  database lists are served, and only while their bytes still have the
  recorded SHA-256; anything else is a 404.
* SQL function ``dnr_key(text)``: the canonical case number of a case
  number typed in any common form ("än 23/118" → "ÄN 2023/118"), for the
  canned queries; it needs diarium installed beside Datasette, else it
  returns its argument.
* SQL function ``search_query(text)``: the FTS5 expression for words typed
  into the ``search`` canned query (prefixes, Swedish stems, folded
  OCR text); ``search_query(text, municipality, period)`` keeps only the
  rows of that municipality and those years (blank: every row; a period
  that is not one or two years finds nothing);
  ``search_snippet(text, typed, damaged)`` the words of a shown
  row around the first word found, marked «…».
* A ``page``, ``page_start`` or ``page_end`` cell of a row that has a
  ``file_sha256`` becomes a link to that page of the PDF (``#page=N``), and
  ``files.path`` a link to the whole file.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import re
from html import escape
from pathlib import Path
from typing import Any

from datasette import Response, hookimpl
from markupsafe import Markup

PAGE_COLUMNS = frozenset({"page", "page_start", "page_end"})
SHA256 = re.compile(r"^[0-9a-f]{64}$")
#: A byte of a file name that is no UTF-8, as stored: ``\\xe5``.
_ESCAPED_BYTE = re.compile(rb"\\x([0-9a-f]{2})")

#: Verified files: (path, size, mtime) -> sha256 of their bytes.
_verified: dict[tuple[str, int, int], str] = {}


def pdf_path(sha: str) -> str:
    """Return the URL path (without base_url) of the file ``sha``."""
    return f"/-/pdf/{sha}.pdf"


@hookimpl
def prepare_connection(conn: Any) -> None:
    """Register ``dnr_key``, ``search_query`` and ``search_snippet`` on every
    connection."""
    conn.create_function("dnr_key", 1, _dnr_key, deterministic=True)
    conn.create_function("search_query", 1, _search_query, deterministic=True)
    conn.create_function("search_query", 3, _search_query, deterministic=True)
    conn.create_function("search_snippet", 3, _search_snippet, deterministic=True)


#: An FTS5 expression that finds nothing.
NOTHING = '""'


def _search_query(typed: Any, municipality: Any = None, period: Any = None) -> Any:
    """Return the FTS5 expression for a typed search (prefix, stems, folded),
    of one municipality and period when they are given."""
    if not isinstance(typed, str):
        return None
    expression = _diarium("extractors.lang.stem", "search_expression")
    if expression is None:
        return typed
    place = municipality if isinstance(municipality, str) else ""
    years = period if isinstance(period, str) else ""
    try:
        return expression(typed, place, years) or NOTHING  # no word typed
    except ValueError:  # a period that is no year: nothing is found
        return NOTHING


def _search_snippet(text: Any, typed: Any, damaged: Any) -> Any:
    """Return the words of ``text`` around the first word ``typed`` finds."""
    snippet = _diarium("extractors.lang.stem", "search_snippet")
    if not isinstance(text, str) or snippet is None:
        return text
    return snippet(text, typed if isinstance(typed, str) else "", bool(damaged))


def _dnr_key(typed: Any) -> Any:
    """Return the canonical form of a typed case number (or the text itself)."""
    canonical = _diarium("extractors.lang.dnr", "canonical_dnr")
    if not isinstance(typed, str) or canonical is None:
        return typed
    return canonical(typed) or typed


def _diarium(module: str, function: str) -> Any:
    """Return diarium's ``module.function``; None when diarium is not installed."""
    try:
        return getattr(importlib.import_module(module), function)
    except ImportError:
        return None


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, datasette: Any
) -> Markup | None:
    """Link page numbers to the PDF page and file paths to the PDF."""
    keys = row.keys() if hasattr(row, "keys") else []
    if table == "files" and column == "path" and "sha256" in keys:
        sha = _plain(row["sha256"])
        href = datasette.urls.path(pdf_path(sha))
        return Markup(f'<a href="{escape(href)}">{escape(str(value))}</a>')
    if column not in PAGE_COLUMNS or "file_sha256" not in keys:
        return None
    sha, page = _plain(row["file_sha256"]), value
    if not isinstance(sha, str) or not SHA256.match(sha) or not isinstance(page, int):
        return None
    href = datasette.urls.path(pdf_path(sha)) + f"#page={page}"
    title = "Öppna sidan i PDF-filen"
    return Markup(f'<a href="{escape(href)}" title="{title}">{page}</a>')


def _plain(value: Any) -> Any:
    """Return a cell's value; a foreign-key cell expanded to its label is a dict."""
    return value.get("value") if isinstance(value, dict) else value


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    """Serve ingested PDFs by their SHA-256."""
    return [(r"^/-/pdf/(?P<sha>[0-9a-f]{64})\.pdf$", serve_pdf)]


async def serve_pdf(datasette: Any, request: Any) -> Response:
    """Return the PDF whose SHA-256 is in the URL, if a database lists it."""
    sha = request.url_vars["sha"]
    for name, database in datasette.databases.items():
        if name.startswith("_"):
            continue
        try:
            found = await database.execute(
                "select path from files where sha256 = ? and status = 'loaded'", [sha]
            )
        except Exception:  # a database without a files table
            continue
        for row in found.rows:
            data = _first_verified(_candidates(row["path"], database.path), sha)
            if data is not None:
                return Response(
                    data,
                    content_type="application/pdf",
                    headers={
                        "Content-Disposition": f'inline; filename="{sha[:12]}.pdf"',
                        "Cache-Control": "max-age=3600",
                    },
                )
    return Response.text("No such PDF in this database", status=404)


def _candidates(path: str, db_path: str | None) -> list[Path]:
    """Return where the file may be: as recorded, or relative to the database.

    A name whose bytes are no UTF-8 is recorded with ``\\xNN`` escapes
    (``pipeline.store.save.path_text``); its real bytes are tried too.
    """
    names = [Path(path)]
    raw = _ESCAPED_BYTE.sub(
        lambda m: bytes([int(m[1], 16)]), path.encode("utf-8", "surrogateescape")
    )
    if raw != path.encode("utf-8", "surrogateescape"):
        names.append(Path(os.fsdecode(raw)))
    found = list(names)
    if db_path:
        found += [Path(db_path).parent / n for n in names if not n.is_absolute()]
    return found


def _first_verified(paths: list[Path], sha: str) -> bytes | None:
    """Return the bytes of the first of ``paths`` that hashes to ``sha``."""
    for path in paths:
        data = _read_verified(path, sha)
        if data is not None:
            return data
    return None


def _read_verified(path: Path, sha: str) -> bytes | None:
    """Return the bytes at ``path`` when they still hash to ``sha``."""
    try:
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        data = path.read_bytes()
    except OSError:
        return None
    if _verified.get(key) != sha:
        if hashlib.sha256(data).hexdigest() != sha:
            return None
        _verified[key] = sha
    return data
