"""Swedish search: prefixes, Snowball stems, diacritics kept, folded OCR text."""

from __future__ import annotations

import re
import sqlite3
import urllib.parse
from pathlib import Path

import yaml
from conftest import rows
from test_serve import get_json, site

from extractors.lang.stem import (
    lost_diacritics,
    search_expression,
    search_snippet,
    stem,
    stem_text,
)
from extractors.lang.text import fold

ROOT = Path(__file__).resolve().parent.parent
#: The columns typed words are found in.
WORDS = "{title text stemmed folded}"


def test_stems_and_expression() -> None:
    """Inflected forms share a stem; every typed word becomes three alternatives."""
    assert stem_text("Nämnden, nämnderna och nämndens") == "nämnd nämnd och nämnd"
    assert search_expression("Äldreomsorgen") == (
        f'({WORDS} : "äldreomsorgen"* OR stemmed : "äldreomsorg"* '
        'OR folded : "aldreomsorgen"*)'
    )
    assert search_expression(" – ") is None


def test_short_words_match_whole_and_alternatives_are_asked_once() -> None:
    """A word of one or two letters is no prefix; a stem or folded form equal
    to the word is not asked again (the word without a column covers it)."""
    assert search_expression("S om att") == (
        f'({WORDS} : "s") AND ({WORDS} : "om") AND ({WORDS} : "att"*)'
    )
    assert search_expression("Över") == f'({WORDS} : "över"* OR folded : "over"*)'
    assert search_expression("skola") == f'({WORDS} : "skola"* OR stemmed : "skol"*)'


def three_alternatives(query: str) -> str:
    """Return the expression as it was: every alternative, every word a prefix."""
    return " AND ".join(
        f'({WORDS} : "{w}"* OR stemmed:"{stem(w)}"* OR folded:"{fold(w)}"*)'
        for w in re.findall(r"\w+", query.lower())
    )


def test_fewer_alternatives_find_the_same_rows(corpus_db: Path) -> None:
    """Asking each alternative once finds exactly what asking all three did."""
    conn = sqlite3.connect(corpus_db)
    sql = "select rowid from search_index_fts where search_index_fts match ?"
    try:
        for query in ("att", "beslut", "nämnderna", "över", "nämnden beslutar"):
            new = {r[0] for r in conn.execute(sql, [search_expression(query)])}
            old = {r[0] for r in conn.execute(sql, [three_alternatives(query)])}
            assert new == old and len(new) >= 3, query
    finally:
        conn.close()


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
        nothing = [
            get_json(f"{base}/diarium/search.json?_shape=array&q={typed}")
            for typed in ("", urllib.parse.quote(" – "))
        ]
    assert isinstance(found, list)
    ids = {f"{r['kind']}:{r['record_id']}" for r in found}
    assert ids == matches(corpus_db, "simundervisning")
    assert all("«" in r["snippet"] and "»" in r["snippet"] for r in found)
    assert nothing == [[], []]  # no word typed: no hit, not an FTS5 syntax error


def search_sql(cap: int) -> str:
    """Return the 'search' canned query, ranking at most ``cap`` hits."""
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    sql = metadata["databases"]["diarium"]["queries"]["search"]["sql"]
    assert sql.count("limit 20000") == 1
    return str(sql).replace("limit 20000", f"limit {cap}")


def test_search_ranks_the_newest_hits_when_there_are_too_many(
    corpus_db: Path,
) -> None:
    """Past the cap the best of the most recently indexed hits come first and
    ranked_among says how many were ranked; below it, every hit is ranked."""
    conn = sqlite3.connect(corpus_db)
    conn.create_function("search_query", 3, search_expression)
    conn.create_function("search_snippet", 3, search_snippet)
    typed = {"q": "nämnden", "kommun": "", "period": ""}
    expression = search_expression("nämnden")
    try:
        every = [
            r[0]
            for r in conn.execute(
                "select rowid from search_index_fts "
                "where search_index_fts match ? order by rank",
                [expression],
            )
        ]
        newest = set(sorted(every)[-3:])
        ranked = conn.execute(
            "select s.rowid, s.id from search_index_fts f join search_index s "
            "on s.rowid = f.rowid where search_index_fts match ? "
            "order by f.rank, s.id",
            [expression],
        ).fetchall()
        capped = conn.execute(search_sql(3), typed).fetchall()
        assert [(r[5], r[-1]) for r in capped] == [
            (sid.split(":", 1)[1], 3) for rowid, sid in ranked if rowid in newest
        ]
        whole = conn.execute(search_sql(20000), typed).fetchall()
        assert [r[-1] for r in whole] == [len(every)] * min(len(every), 100)
        assert len(every) > 3
    finally:
        conn.close()


def test_snippet_marks_what_the_search_finds_around_the_first_hit() -> None:
    """Sixteen words from five before the first word found; every found
    word marked: by its start, its stem, or folded in damaged text only."""
    text = (
        "Kommunfullmäktige beslutade i dag att uppdra åt förvaltningen. "
        "Nämnderna ska redovisa hur nämnden arbetar med äldreomsorgen och "
        "budgeten för 2024 inom alla verksamheter som kommunen driver."
    )
    assert search_snippet(text, "nämnd") == (
        "…dag att uppdra åt förvaltningen. «Nämnderna» ska redovisa hur "
        "«nämnden» arbetar med äldreomsorgen och budgeten för…"
    )
    assert search_snippet(text, "nämnderna budget") == (
        "…dag att uppdra åt förvaltningen. «Nämnderna» ska redovisa hur "
        "«nämnden» arbetar med äldreomsorgen och «budgeten» för…"
    )
    assert search_snippet(text, "saknas") == (
        "Kommunfullmäktige beslutade i dag att uppdra åt förvaltningen. "
        "Nämnderna ska redovisa hur nämnden arbetar med äldreomsorgen…"
    )
    assert search_snippet("Om S och SD", "s") == "Om «S» och SD"
    damaged = "Namnden beslutade om aldreomsorgen"
    assert search_snippet(damaged, "äldreomsorg", True) == (
        "Namnden beslutade om «aldreomsorgen»"
    )
    assert search_snippet(damaged, "äldreomsorg") == damaged
    assert search_snippet("Beslut om äldreomsorgen", "aldreomsorg", True) == (
        "Beslut om «äldreomsorgen»"
    )  # damaged text is found folded, also where it kept å, ä or ö
    long = "Inledning. " * 50_000 + "Nämnden beslutar. " + "Slut. " * 50_000
    assert search_snippet(long, "nämnden") == (
        "…Inledning. Inledning. Inledning. Inledning. Inledning. «Nämnden» "
        "beslutar. Slut. Slut. Slut. Slut. Slut. Slut. Slut. Slut. Slut…"
    )
    assert search_snippet(None, "x") == ""
