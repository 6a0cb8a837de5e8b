"""Read stage: PDF bytes → cleaned page texts with furniture set apart."""

from __future__ import annotations

import re

from extractors.core.models import Page
from extractors.lang.text import clean_text
from pipeline.read import pdf
from pipeline.read.furniture import repeated_shapes, split_furniture
from pipeline.split.classify import label_shapes

#: A page with fewer visible characters than this and some graphics is a scan.
MIN_TEXT_CHARS = 20


def read_pdf(data: bytes) -> list[Page]:
    """Return every page of the PDF in ``data`` as a :class:`Page`."""
    raw_pages = pdf.read_pages(data)
    page_lines = [
        [line for line in clean_text(raw.text).split("\n") if line.strip()]
        for raw in raw_pages
    ]
    repeated = repeated_shapes(page_lines, label_shapes())
    pages = []
    for raw, lines in zip(raw_pages, page_lines, strict=True):
        content, furniture = split_furniture(lines, repeated)
        visible = sum(len(line.strip()) for line in lines)
        text = "\n".join(content)
        pages.append(
            Page(
                number=raw.number,
                text=text,
                furniture="\n".join(furniture),
                needs_ocr=visible < MIN_TEXT_CHARS and raw.graphics > 0,
                tables=_tables(data, raw.number, text),
            )
        )
    return pages


#: Text that suggests a ruled table worth reading with pdfplumber: a roll-call
#: vote (Ja / Nej / Avstår columns), audit questions with Ja/Delvis/Nej
#: answers, a follow-up table of åtgärdad / ej åtgärdad.
TABLE_HINTS = re.compile(
    r"^.*\bJa\b.*\bNej\b.*$|revisionsfråg|åtgärdad|^.*\bSvar\b.*\bKommentar\b",
    re.IGNORECASE | re.MULTILINE,
)


def _tables(data: bytes, page_number: int, text: str) -> list[list[list[str]]]:
    """Return the page's ruled tables when its text hints at one."""
    if not TABLE_HINTS.search(text):
        return []
    return [
        [[clean_text(cell or "").strip() for cell in row] for row in table]
        for table in pdf.read_tables(data, page_number)
    ]
