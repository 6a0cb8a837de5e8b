"""Paragraphs (§) of a protocol: headings, titles, blocks and the table of contents.

A paragraph opens with a "§ N" line; its title follows on the same line or the
next ones; a table of contents ("§ 94 Svar på motion … 12") may precede the
body. Inline page furniture that survives in rendered text
(``[[furniture]]`` of ``lexicon/meeting.toml``) is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.core.layout import DEFAULT, LayoutProfile
from extractors.lang.dnr import dnr_label, find_dnrs
from extractors.lang.phrases import conjunction
from extractors.lang.structure import (
    BODY_MARK,
    continues_page,
    e_signature,
    signing_section,
)
from extractors.parts.header import title_continues
from extractors.parts.meeting import is_body_furniture
from extractors.parts.sections import heading_of

#: A "§ N" line; "§ 12 och 13" or "§ 12, 13" is a reference, not a heading.
PARAGRAPH = re.compile(
    rf"^{BODY_MARK}§\s*(\d{{1,4}})\b(?!\s*(?:{conjunction()}|,|-|–)\s*\d)\s*(.*)$"
)
#: A table-of-contents line: "§ 12 Val av justerare .... 3" or "§ 12  Title  3".
TOC_ENTRY = re.compile(
    rf"^{BODY_MARK}§\s*(\d{{1,4}})\s+(.+?)\s*(?:\.{{2,}}\s*|\s)(\d{{1,3}})$"
)


@dataclass
class ParagraphBlock:
    """The lines of one § in the body of a protocol."""

    number: int
    """Paragraph number."""
    lines: list[tuple[int, str]]
    """``(page, text)`` from the § line on."""


def split_paragraphs(
    lines: list[tuple[int, str]],
) -> tuple[list[tuple[int, str]], list[ParagraphBlock], dict[int, tuple[str, int]]]:
    """Split a protocol into header lines, § blocks and table-of-contents entries."""
    toc = _table_of_contents(lines)
    header: list[tuple[int, str]] = []
    blocks: list[ParagraphBlock] = []
    for page, text in lines:
        m = PARAGRAPH.match(text.strip())
        if m and blocks and _index_before(m, blocks):
            header.extend(line for block in blocks for line in block.lines)
            blocks = []
        if (
            m
            and _opens_paragraph(m, blocks)
            and not (TOC_ENTRY.match(text.strip()) and not blocks and toc)
        ):
            blocks.append(ParagraphBlock(int(m.group(1)), [(page, text.strip())]))
        elif blocks:
            if not (is_body_furniture(text.strip()) or continues_page(text.strip())):
                blocks[-1].lines.append((page, text))
        else:
            header.append((page, text))
    if blocks:
        blocks[-1].lines = _before_signing(blocks[-1].lines)
    return header, blocks, toc


def _before_signing(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Return the last paragraph's lines up to the protocol's signing part.

    The signatures ("Underskrifter", "Justerare" alone on a line, the dotted
    lines) and a signing service's page ("Verifikat", "Signerat med BankID")
    follow the last paragraph and are none of its text or recipients.
    """
    for i, (_, text) in enumerate(lines[1:], 1):
        stripped = text.strip()
        bare = stripped.rstrip(" .:_…")
        signing = signing_section().match(bare)
        if (signing and signing.end() == len(bare)) or e_signature().match(stripped):
            return lines[:i]
    return lines


def _opens_paragraph(m: re.Match[str], blocks: list[ParagraphBlock]) -> bool:
    """Return True when a § line opens the next paragraph, not a reference to one.

    "§ 117 och den 26 februari" wrapped from "Bordlagt … § 117" is a reference:
    a heading is followed by a capitalised title or nothing, and numbers rise.
    """
    rest = m.group(2).strip()
    if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"'«”"):
        return False
    return not blocks or int(m.group(1)) > blocks[-1].number


#: A § block of at most this many lines holds no body: an index entry.
INDEX_ENTRY_LINES = 3


def _index_before(m: re.Match[str], blocks: list[ParagraphBlock]) -> bool:
    """Return True when the blocks so far were a paragraph index, not paragraphs.

    A list of "§ 12 Val av justerare" lines (wrapped, or without page
    numbers, so not read as a table of contents) is followed by the
    paragraphs themselves: the first heading's number does not rise, and
    every block before it is only a title line or two.
    """
    rest = m.group(2).strip()
    if rest and not (rest[0].isupper() or rest[0].isdigit()):
        return False
    number = int(m.group(1))
    return (
        number <= blocks[-1].number
        and any(block.number == number for block in blocks)
        and all(len(block.lines) <= INDEX_ENTRY_LINES for block in blocks)
    )


def _table_of_contents(lines: list[tuple[int, str]]) -> dict[int, tuple[str, int]]:
    """Return ``{number: (title, page)}`` from a run of two or more TOC lines."""
    entries: dict[int, tuple[str, int]] = {}
    run: list[tuple[int, str, int]] = []
    for page, text in lines:
        m = TOC_ENTRY.match(text.strip())
        if m and ("..." in text or not run or run[-1][0] < int(m.group(1))):
            run.append((int(m.group(1)), m.group(2).rstrip(" ."), page))
            continue
        if len(run) >= 2:
            break
        run = []
    if len(run) >= 2:
        entries = {n: (title, page) for n, title, page in run}
    return entries


def merged_tables(
    tables: dict[int, list[list[list[str]]]],
) -> list[tuple[int, list[list[str]]]]:
    """Return tables in page order, joining one continued on the next page.

    A table continues the last one when it starts on the next page with the
    same header row and names nobody the last one named: a list continued
    over a page break names each member once, while the next vote's list
    (its own paragraph's, on the next page) names the same members again.
    A row's first two cells (name and party, in either order) name it.
    """
    merged: list[tuple[int, list[list[str]]]] = []
    last_page = 0
    for page in sorted(tables):
        for table in tables[page]:
            if not table:
                continue
            continued = (
                merged
                and merged[-1][1][0] == table[0]
                and page == last_page + 1
                and not _named(merged[-1][1]) & _named(table)
            )
            if continued:
                merged[-1] = (merged[-1][0], merged[-1][1] + table[1:])
            else:
                merged.append((page, table))
            last_page = page
    return merged


def _named(table: list[list[str]]) -> set[tuple[str, ...]]:
    """Return the first two cells of each row below the header that has text
    in them (who each row names)."""
    named = set()
    for row in table[1:]:
        key = tuple((cell or "").strip() for cell in row[:2])
        if any(key):
            named.add(key)
    return named


def paragraph_title(
    lines: list[tuple[int, str]], layout: LayoutProfile = DEFAULT
) -> tuple[str | None, int]:
    """Return the paragraph's title and how many lines it spans.

    The title is looked for in the ``layout.paragraph_title_lines`` lines after
    "§ N"; a line shorter than ``layout.paragraph_title_wrap`` ends it.
    """
    m = PARAGRAPH.match(lines[0][1])
    parts = []
    rest = m.group(2).strip() if m else ""
    if rest and not _is_case_line(rest):
        parts.append(rest)
    used = 1
    for _, text in lines[1 : layout.paragraph_title_lines + 1]:
        stripped = text.strip()
        if heading_of(stripped) or _is_case_line(stripped):
            if parts:
                break
            used += 1
            continue
        if parts and (len(stripped) > 90 or stripped.endswith(".")):
            break
        short = parts and len(parts[-1]) < layout.paragraph_title_wrap
        if short and parts[-1].count('"') % 2 == 0 and not title_continues(parts[-1]):
            break  # the line before did not wrap, so the title ended there
        parts.append(stripped)
        used += 1
    title = " ".join(parts).strip() or None
    return title, used


def _is_case_line(text: str) -> bool:
    """Return True for a line that only carries a case number or its label.

    "Dnr KS 2014/101", "Ärendenummer" (a § with no case yet) and
    "Diarienummer 00181/2024 3.0.2." (a filing code after the number) are
    case lines; letters left beside the number and its label make a title.
    """
    dnrs = find_dnrs(text)
    if dnrs and len(text) - len(dnrs[0].raw) < 15:
        return True
    rest = text
    for dnr in dnrs:
        rest = rest.replace(dnr.raw, " ")
    rest, labels = dnr_label().subn(" ", rest)
    return bool(dnrs or labels) and not re.search(r"[^\W\d_]", rest)
