"""Search within one municipality and period: the filters are part of the
full-text query, so a filtered search finds and ranks only the rows it keeps."""

from __future__ import annotations

import multiprocessing
import shutil
import sqlite3
import unicodedata
import urllib.parse
from pathlib import Path

import pytest
from conftest import CORPUS, immutable, rows
from test_search_per_file import consistent
from test_serve import get_json, site

from extractors.lang.stem import BadFilter, _years, search_expression
from pipeline.ingest import ingest
from pipeline.store.connect import FTS_COLUMNS, fts_columns
from pipeline.store.save import open_db

#: The two municipalities of the test database: each gets half the corpus.
PLACES = ("Granvik", "Övre Norrby")


@pytest.fixture(scope="module")
def two_places(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus in one database, its files split between two municipalities."""
    root = tmp_path_factory.mktemp("places")
    files = sorted(CORPUS.glob("*.pdf"))
    db = root / "diarium.db"
    for place, half in zip(PLACES, (files[::2], files[1::2]), strict=True):
        folder = root / place
        folder.mkdir()
        for pdf in half:
            shutil.copy(pdf, folder)
        assert ingest([folder], str(db), municipality=place).failed == 0
    return db


def ranked(db: Path, typed: str, place: str = "", period: str = "") -> list[str]:
    """Return the ids the filtered search finds, best first (rowid on ties)."""
    conn = sqlite3.connect(db)
    conn.create_function("search_query", 3, search_expression)
    try:
        sql = (
            "select s.id from search_index_fts f join search_index s on s.rowid = "
            "f.rowid where search_index_fts match search_query(?, ?, ?) "
            "order by f.rank, f.rowid"
        )
        return [r[0] for r in conn.execute(sql, [typed, place, period])]
    finally:
        conn.close()


def found(db: Path, typed: str, place: str = "", period: str = "") -> set[str]:
    """Return the ids of the search rows the filtered search matches."""
    return set(ranked(db, typed, place, period))


def kept(db: Path, ids: set[str], place: str | None, years: range | None) -> set[str]:
    """Return those of ``ids`` whose row is of ``place`` and dated in ``years``."""
    out = set()
    for id_, municipality, date in rows(
        db, "select id, municipality, date from search_index"
    ):
        if id_ not in ids or (place is not None and municipality != place):
            continue
        if years is None or (date and int(str(date)[:4]) in years):
            out.add(str(id_))
    return out


def test_filters_in_the_expression() -> None:
    """The words are asked in their four columns; the municipality as the start
    of its column, any case; a period as the first token of the date."""
    words = '({title text stemmed folded} : "skola"* OR stemmed : "skol"*)'
    assert search_expression("skola") == words
    assert search_expression("skola", " Övre  NORRBY ", "2019–21") == (
        f'{words} AND municipality : ^"övre norrby" '
        'AND date : (^"2019" OR ^"2020" OR ^"2021")'
    )
    assert search_expression("skola", "–", " ") == words  # no word: no filter
    assert search_expression(" – ", "Granvik", "2024") is None


@pytest.mark.parametrize(
    ("typed", "years"),
    [
        ("2024", [2024]),
        (" 2019 - 2021 ", [2019, 2020, 2021]),
        ("2021–2019", [2019, 2020, 2021]),
        ("2024-25", [2024, 2025]),
        ("2012-13", [2012, 2013]),
        ("1999/01", [1999, 2000, 2001]),
        ("", []),
    ],
)
def test_periods(typed: str, years: list[int]) -> None:
    """A year, or two joined by a dash or slash (the second may be two digits)."""
    assert _years(typed) == years


@pytest.mark.parametrize(
    "typed", ["24", "våren 2024", "2024-2025-2026", "1900-2024", "2024-05", "2024-12"]
)
def test_a_period_that_is_no_year_or_too_long_is_refused(typed: str) -> None:
    """Anything else is refused with what to type (the site then finds nothing)."""
    with pytest.raises(BadFilter, match="period"):
        _years(typed)


@pytest.mark.parametrize("typed", ["nämnden", "beslut", "att"])
def test_a_filtered_search_finds_exactly_the_rows_it_keeps(
    two_places: Path, typed: str
) -> None:
    """Every combination of municipality (any case) and period finds the
    unfiltered hits of that municipality dated in those years, no other."""
    every = found(two_places, typed)
    assert len(every) >= 5
    for place in ("", *PLACES, PLACES[1].upper()):
        name = next((p for p in PLACES if p.lower() == place.lower()), None)
        for period, years in (("", None), ("2024", range(2024, 2025))):
            hits = found(two_places, typed, place, period)
            assert hits == kept(two_places, every, name, years), (place, period)
    per_place = [found(two_places, typed, p) for p in PLACES]
    assert per_place[0] and per_place[1] and not per_place[0] & per_place[1]
    assert per_place[0] | per_place[1] == every


@pytest.mark.parametrize("typed", ["nämnden", "beslut", "kommunen"])
def test_a_filter_keeps_the_order_of_the_rows_it_keeps(
    two_places: Path, typed: str
) -> None:
    """The filters weigh nothing in the ranking: a filtered search lists its
    rows in the order the unfiltered search lists them."""
    every = ranked(two_places, typed)
    for place, period in [(PLACES[0], ""), (PLACES[1], ""), ("", "2023-2024")]:
        filtered = ranked(two_places, typed, place, period)
        assert len(filtered) >= 2, (place, period)
        assert filtered == [i for i in every if i in set(filtered)], (place, period)


def test_typed_text_in_decomposed_unicode_is_found() -> None:
    """ "Övre Norrby" and "nämnden" pasted with combining marks (NFD) are
    asked as typed in one piece (NFC)."""
    nfd = unicodedata.normalize("NFD", "nämnden")
    assert nfd != "nämnden"
    assert search_expression(nfd, unicodedata.normalize("NFD", PLACES[1])) == (
        search_expression("nämnden", PLACES[1])
    )


def test_the_site_searches_within_a_municipality_and_period(two_places: Path) -> None:
    """The canned query's fields: kommun and period filter; a period that is
    no year finds nothing (not an error page)."""
    query = "/diarium/search.json?_shape=array&q=n%C3%A4mnden"
    place = urllib.parse.quote(PLACES[1])
    with site(two_places) as base:
        every = get_json(base + query)
        filtered = get_json(f"{base}{query}&kommun={place}&period=2024")
        wrong = get_json(f"{base}{query}&kommun={place}&period=v%C3%A5ren")
    assert isinstance(every, list) and isinstance(filtered, list)
    shown = {f"{r['kind']}:{r['record_id']}" for r in filtered}
    wanted = kept(
        two_places, found(two_places, "nämnden"), PLACES[1], range(2024, 2025)
    )
    assert shown == wanted and 0 < len(shown) < len(every)
    assert {r["municipality"] for r in filtered} == {PLACES[1]}
    assert wrong == []


def _old_index(db: Path) -> None:
    """Give ``db`` the search index an earlier diarium made (four columns)."""
    conn = sqlite3.connect(db)
    with conn:
        for suffix in ("ad", "au"):
            conn.execute(f"drop trigger search_index_{suffix}")
        conn.execute("drop table search_index_fts")
        conn.execute(
            "create virtual table search_index_fts using fts5(title, text, stemmed, "
            "folded, content=[search_index], tokenize='unicode61 remove_diacritics 0')"
        )
        conn.execute(
            "insert into search_index_fts (search_index_fts) values ('rebuild')"
        )
    conn.close()


def test_a_database_that_cannot_be_written_keeps_its_old_index(
    two_places: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An earlier diarium's index in a file nobody may write (a published
    copy): opening it warns and changes nothing; words are still found."""
    db = tmp_path / "old.db"
    shutil.copy(two_places, db)
    _old_index(db)
    with immutable(db):
        database = open_db(str(db))
        try:
            assert fts_columns(database) == FTS_COLUMNS[:4]
        finally:
            database.close()
        assert found(db, "nämnden") == found(two_places, "nämnden")
    assert "cannot be written: its search index stays" in caplog.text


def _open(db: str, start: object, out: object) -> None:
    """Open ``db`` when ``start`` (a barrier) lets go; put what happened in ``out``."""
    start.wait()  # type: ignore[attr-defined]
    try:
        open_db(db).close()
        out.put("opened")  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - reported to the test
        out.put(f"{type(exc).__name__}: {exc}")  # type: ignore[attr-defined]


def test_two_processes_opening_an_earlier_index_at_once_both_open(
    two_places: Path, tmp_path: Path
) -> None:
    """Two commands opening a database with an earlier diarium's index at the
    same moment: one makes it again, the other waits and finds it made."""
    context = multiprocessing.get_context("fork")
    for trial in range(3):
        db = tmp_path / f"race{trial}.db"
        shutil.copy(two_places, db)
        _old_index(db)
        start, out = context.Barrier(2), context.Queue()
        both = [context.Process(target=_open, args=(str(db), start, out)) for _ in "ab"]
        for process in both:
            process.start()
        for process in both:
            process.join(timeout=60)
        assert sorted(out.get(timeout=5) for _ in both) == ["opened", "opened"]
        assert consistent(db)
        conn = sqlite3.connect(db)
        try:
            columns = [
                r[1] for r in conn.execute("pragma table_info(search_index_fts)")
            ]
        finally:
            conn.close()
        assert columns == FTS_COLUMNS


def test_an_index_without_the_filter_columns_is_made_again(
    two_places: Path, tmp_path: Path
) -> None:
    """A database indexed by an earlier diarium (four columns) gets the filter
    columns when it is next opened (``serve`` opens it): the index is whole."""
    db = tmp_path / "old.db"
    shutil.copy(two_places, db)
    _old_index(db)
    assert found(db, "nämnden") == found(two_places, "nämnden")  # words still found
    database = open_db(str(db))
    try:
        assert fts_columns(database) == FTS_COLUMNS
    finally:
        database.close()
    assert consistent(db)
    assert found(db, "nämnden", PLACES[0], "2024") == found(
        two_places, "nämnden", PLACES[0], "2024"
    )
