"""The rows of one file's result, as the loader inserts them (:mod:`.save`).

Pure functions of the result, but for the page counts each document carries,
which are read from the file's stored pages (a re-extracted file keeps them).
"""

from __future__ import annotations

import bisect
import json
from typing import TYPE_CHECKING, Any

from extractors.core.models import FileResult

from .connect import path_text

if TYPE_CHECKING:
    import sqlite_utils


def page_rows(result: FileResult, pipeline_version: str) -> list[dict[str, Any]]:
    """Return the ``pages`` rows of a file."""
    return [
        {
            "file_sha256": result.source.sha256,
            "page": p.number,
            "text": p.text,
            "needs_ocr": int(p.needs_ocr),
            "quality": p.quality,
            "ocr_confidence": p.ocr_confidence,
            "furniture": p.furniture,
            "masked": p.masked,
            "masked_contacts": p.masked_contacts,
            "withheld": p.withheld,
            "extractor": f"read.{pipeline_version}",
            "tables": json.dumps(p.tables, ensure_ascii=False) if p.tables else None,
        }
        for p in result.pages
    ]


def failure_rows(result: FileResult, ids: dict[str, str]) -> list[dict[str, Any]]:
    """Return the ``extraction_failures`` rows of a file."""
    sha = result.source.sha256
    return [
        {
            "file_sha256": sha,
            "document_id": ids[f.document.id],
            "extractor": f.extractor,
            "page_start": f.document.page_start,
            "page_end": f.document.page_end,
            "error": f.error,
        }
        for f in result.extraction_failures
    ]


#: Page qualities whose text came from OCR (tesseract here, or an earlier OCR
#: that lost å, ä and ö): numbers read there are unconfirmed.
OCR_QUALITIES = ("ocr", "ocr-low-confidence", "text-damaged")


class PageCounts:
    """What a file's stored pages count, added up over any pages' range."""

    def __init__(self, db: sqlite_utils.Database, sha: str) -> None:
        """Read the masked, contacts-masked and OCR counts of each page of ``sha``."""
        sql = (
            "select page, masked, masked_contacts, quality from pages "
            "where file_sha256 = ? order by page"
        )
        self.pages: list[int] = []
        self.sums: list[tuple[int, int, int]] = [(0, 0, 0)]  # before each page
        for page, masked, contacts, quality in db.execute(sql, [path_text(sha)]):
            a, b, c = self.sums[-1]
            ocr = int(quality in OCR_QUALITIES)
            self.pages.append(page)
            self.sums.append((a + (masked or 0), b + (contacts or 0), c + ocr))

    def over(self, start: int, end: int) -> dict[str, int]:
        """Return a document's counts: of its pages ``start``..``end``."""
        first = bisect.bisect_left(self.pages, start)
        after = bisect.bisect_right(self.pages, end)
        low, high = self.sums[first], self.sums[max(first, after)]
        masked, contacts, ocr = (h - lo for h, lo in zip(high, low, strict=True))
        return {"masked": masked, "masked_contacts": contacts, "ocr_pages": ocr}


def document_rows(
    result: FileResult,
    municipality: str | None,
    ids: dict[str, str],
    counts: PageCounts,
) -> list[dict[str, Any]]:
    """Return the ``documents`` rows of a file, with its pages' ``counts``."""
    sha = result.source.sha256
    return [
        counts.over(d.page_start, d.page_end)
        | {
            "id": ids[d.id],
            "file_sha256": sha,
            "position": d.index,
            "kind": d.kind,
            "title": d.title,
            "date": d.date,
            "organ": d.organ,
            "municipality": municipality,
            "dnr": d.dnr,
            "page_start": d.page_start,
            "page_end": d.page_end,
            "extractor": d.extractor,
            "body": d.body,
        }
        for d in result.documents
    ]


def mention_rows(result: FileResult, stored: dict[str, str]) -> list[dict[str, Any]]:
    """Return the ``dnr_mentions`` rows of a file, numbered per document."""
    sha = result.source.sha256
    ids = {d.index: stored[d.id] for d in result.documents}
    extractors = {d.index: d.extractor for d in result.documents}
    rows, seq = [], dict.fromkeys(ids, 0)
    for m in result.mentions:
        rows.append(
            {
                "document_id": ids[m.document_index],
                "seq": seq[m.document_index],
                "dnr": m.dnr,
                "raw": m.raw,
                "page": m.page,
                "prefix": m.prefix,
                "year": m.year,
                "serial": m.serial,
                "file_sha256": sha,
                "extractor": extractors[m.document_index],
            }
        )
        seq[m.document_index] += 1
    return rows
