"""Swedish search: prefixes, Snowball stems, diacritics kept, folded OCR text."""

from __future__ import annotations

import re
import sqlite3
import urllib.parse
from pathlib import Path

from conftest import rows
from test_serve import get_json, site

from extractors.lang.stem import lost_diacritics, search_expression, stem_text


def test_stems_and_expression() -> None:
    """Inflected forms share a stem; every typed word becomes three alternatives."""
    assert stem_text("Nämnden, nämnderna och nämndens") == "nämnd nämnd och nämnd"
    assert search_expression("Äldreomsorgen") == (
        '("äldreomsorgen"* OR stemmed:"äldreomsorg"* OR folded:"aldreomsorgen"*)'
    )
    assert search_expression(" – ") is None


def test_lost_diacritics_only_for_damaged_text() -> None:
    """OCR text without å, ä, ö (seed 004's kind of damage) is told from prose."""
    prose = "Nämnden beslutar att återremittera ärendet till förvaltningen. " * 12
    damaged = "Namnden beslutar att aterremittera arendet till forvaltningen. " * 12
    assert (lost_diacritics(prose), lost_diacritics(damaged)) == (False, True)
    assert lost_diacritics("Namnden beslutar") is False  # too short to judge


def matches(db: Path, query: str) -> set[str]:
    """Return the ids of search rows matching ``query`` (as the site runs it)."""
    conn = sqlite3.connect(db)
    conn.create_function("search_query", 1, search_expression)
    try:
        found = conn.execute(
            "select s.id from search_index_fts f join search_index s "
            "on s.rowid = f.rowid where search_index_fts match search_query(?)",
            [query],
        )
        return {r[0] for r in found}
    finally:
        conn.close()


def test_index_covers_every_record(corpus_db: Path) -> None:
    """One search row per document, paragraph, motion and recommendation."""
    counts = dict(rows(corpus_db, "select kind, count(*) from search_index group by 1"))
    assert counts == {
        "dokument": rows(corpus_db, "select count(*) from documents")[0][0],
        "paragraf": rows(corpus_db, "select count(*) from paragraphs")[0][0],
        "motion": rows(corpus_db, "select count(*) from motions")[0][0],
        "rekommendation": rows(corpus_db, "select count(*) from recommendations")[0][0],
    }


def test_stem_prefix_and_diacritics(corpus_db: Path) -> None:
    """A stem finds every inflection; a prefix finds longer words; å ≠ a."""
    stemmed = {
        i: f" {s} " for i, s in rows(corpus_db, "select id, stemmed from search_index")
    }
    texts = {
        i: f"{t or ''} {x or ''}".lower()
        for i, t, x in rows(corpus_db, "select id, title, text from search_index")
    }
    expected = {i for i, s in stemmed.items() if " nämnd " in s or " nämnd" in s}
    assert matches(corpus_db, "nämnderna") >= {
        i for i, s in stemmed.items() if " nämnd " in s
    }
    assert matches(corpus_db, "nämnderna") <= expected | {
        i for i, t in texts.items() if "nämnderna" in t
    }
    prefixed = matches(corpus_db, "simundervisn")
    assert prefixed == {i for i, t in texts.items() if "simundervisn" in t}
    assert len(prefixed) >= 2
    words = {
        i: set(re.findall(r"\w+", " ".join(str(c or "") for c in cols).lower()))
        for i, *cols in rows(
            corpus_db, "select id, title, text, stemmed, folded from search_index"
        )
    }
    for query in ("över", "over"):
        assert matches(corpus_db, query) == {
            i for i, ws in words.items() if any(w.startswith(query) for w in ws)
        }
    assert len(matches(corpus_db, "över")) > len(matches(corpus_db, "over"))


def test_search_page_ranks_with_snippets(corpus_db: Path) -> None:
    """The 'search' canned query marks the hit in a snippet, best match first."""
    with site(corpus_db) as base:
        found = get_json(
            f"{base}/diarium/search.json?_shape=array&q="
            + urllib.parse.quote("simundervisning")
        )
    assert isinstance(found, list)
    ids = {f"{r['kind']}:{r['record_id']}" for r in found}
    assert ids == matches(corpus_db, "simundervisning")
    assert all("«" in r["snippet"] and "»" in r["snippet"] for r in found)
