"""Page and document edges as patterns, compiled from ``lexicon/documents.toml``.

Furniture (signature fields, page numbers), letter closings, attachment
lines, letterheads, table hints, signing-service pages, the signing part of
minutes and continuation markers: the words live in the lexicon, the pattern
shapes here.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from extractors.lang.phrases import phrase_letters
from extractors.lang.text import holds_any, letters_folded, required_letters
from extractors.lexicon import load

#: The body's abbreviation some layouts print before a paragraph's § ("KS §
#: 45", "SBN § 12", "KSAU § 3", "KS-AU § 7"): two to six capitals. A regex
#: fragment for the start of a § heading.
BODY_MARK = r"(?:[A-ZÅÄÖ]{2,6}(?:-[A-ZÅÄÖ]{2,4})?\s+)?"


def _alternatives(entries: list[dict[str, Any]]) -> str:
    """Return a regex alternation of the entries' ``text``, spaces flexible."""
    return "|".join(re.escape(e["text"]).replace(r"\ ", r"\s+") for e in entries)


@cache
def signature_block() -> re.Pattern[str]:
    """Return the pattern of signature fields printed on every page."""
    return re.compile(_alternatives(load("documents")["signature_block"]), re.I)


@cache
def _signature_letters() -> tuple[str, ...]:
    """Return the letters every match of each signature field holds."""
    fields = load("documents")["signature_block"]
    return tuple(phrase_letters(e["text"]) for e in fields)


def may_hold_signature_field(text: str) -> bool:
    """Return False when ``text`` cannot hold a signature field
    (:func:`signature_block`): it lacks the letters of every field.

    :func:`~extractors.lang.phrases.phrase_letters` of a field's text, which
    the pattern holds escaped as it is, gives letters that text holds (marks
    it would read in it only leave letters out).
    """
    return holds_any(letters_folded(text), _signature_letters())


@cache
def page_number() -> re.Pattern[str]:
    """Return the pattern of a page-number line ("Sida 3 av 12", "3 (12)")."""
    words = load("documents")["page_number"]
    word, of = re.escape(words["word"]), re.escape(words["of"])
    return re.compile(
        rf"^(?:{word}\s*)?[-–]?\s*\d{{1,3}}\s*"
        rf"(?:\(\s*\d{{1,3}}\s*\)|{of}\s+\d{{1,3}}|/\s*\d{{1,3}})?\s*[-–]?$",
        re.IGNORECASE,
    )


@cache
def page_count_end() -> re.Pattern[str]:
    """Return the pattern of a page count ending a letterhead line
    ("Göteborgs Stad kommunfullmäktige 1 (2)", "… Sida 1 av 4"); a bare
    number is no count ("Budget 2024"), nor a part ("Del 1 av 2")."""
    words = load("documents")["page_number"]
    word, of = re.escape(words["word"]), re.escape(words["of"])
    return re.compile(
        rf"\s(?:\d{{1,3}}\s*\(\s*\d{{1,3}}\s*\)|{word}\s*\d{{1,3}}\s*{of}\s+\d{{1,3}})$",
        re.IGNORECASE,
    )


@cache
def closing() -> re.Pattern[str]:
    """Return the pattern of a letter's closing ("För revisorerna", "Med vänlig …")."""
    data = load("documents")
    fixed = [e["text"] for e in data["closing"]]
    party = data["closing_party"]
    words = [re.escape(t).replace(r"\ ", r"\s+") for t in fixed]
    words.append(rf"{re.escape(party['before'])}\s+\w+{re.escape(party['ending'])}")
    return re.compile(rf"^(?:{'|'.join(words)})\b", re.IGNORECASE)


@cache
def attachment() -> re.Pattern[str]:
    """Return the pattern of an attachment line ("Bilaga 2", "BILAGA 2").

    The word starts with a capital: "bilaga 4." alone on a line is the end of
    a wrapped sentence ("… framgår av / bilaga 4."), not a new document.
    """
    word = re.escape(load("documents")["attachment"]["text"])
    return re.compile(rf"^(?=(?-i:[A-ZÅÄÖ])){word}\s+\d{{1,2}}\s*[:.]?$", re.I)


@cache
def letterhead() -> re.Pattern[str]:
    """Return the pattern of an upper-case letterhead ("SÖDERTÄLJE KOMMUN")."""
    words = "|".join(map(re.escape, load("documents")["letterhead"]["words"]))
    return re.compile(rf"^[A-ZÅÄÖ][A-ZÅÄÖ\- ]{{2,40}}\s(?:{words})\b")


@cache
def table_hint() -> re.Pattern[str]:
    """Return the pattern of page text that suggests a ruled table."""
    hints = load("documents")["table_hints"]
    columns = [
        r"^.*" + r".*".join(rf"\b{re.escape(w)}\b" for w in pair) + r".*$"
        for pair in hints["columns"]
    ]
    words = [re.escape(w) for w in hints["words"]]
    return re.compile("|".join(columns + words), re.IGNORECASE | re.MULTILINE)


@cache
def table_hint_letters() -> tuple[str, ...]:
    """Return, for each alternative of :func:`table_hint`, the longest run of
    ASCII letters that every match of it holds, lower-cased ("" when it
    holds none).

    Its words are literals of the pattern, so a page whose
    :func:`~extractors.lang.text.letters_folded` text holds none of the
    runs has no hint: a substring test for each run spares trying the
    pattern, case-insensitively, at every line of every page.
    """
    hints = load("documents")["table_hints"]
    alternatives = [*hints["columns"], *([word] for word in hints["words"])]
    return tuple(max(map(required_letters, words), key=len) for words in alternatives)


def hints_table(text: str) -> bool:
    """Return True when ``text`` hints at a ruled table (:func:`table_hint`)."""
    if not holds_any(letters_folded(text), table_hint_letters()):
        return False
    return table_hint().search(text) is not None


@cache
def e_signature() -> re.Pattern[str]:
    """Return the pattern of a signing service's line ("Signerat med BankID")."""
    alternatives = _alternatives(load("documents")["e_signature"])
    return re.compile(rf"^(?:{alternatives})\b", re.I)


#: A continuation marker counts only on a line this short ("§ 13 (forts.)").
CONTINUED_LINE = 40


@cache
def continued() -> re.Pattern[str]:
    """Return the pattern of a continuation marker ("(forts.)", "Fortsättning")."""
    words = "|".join(map(re.escape, load("documents")["continued"]["words"]))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.I)


def continues_page(line: str) -> bool:
    """Return True for a short line saying the page continues ("Forts. § 13")."""
    return len(line) <= CONTINUED_LINE and bool(continued().search(line))


@cache
def signing_section() -> re.Pattern[str]:
    """Return the pattern of a line of the signing part ("Underskrifter")."""
    alternatives = _alternatives(load("documents")["signing_section"])
    return re.compile(rf"^(?:{alternatives})(?!\w)", re.I)
