"""The published site in a real browser: Debian's chromium driven by playwright.

Skips with a reason where chromium or playwright is absent; the README's test
command installs both where it can.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CORPUS
from test_serve import site

from extractors.lang.stem import search_expression
from pipeline.ingest import ingest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on this machine (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def browser_site(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, Path]]:
    """The corpus served by ``diarium serve``; yields (base URL, database)."""
    db = tmp_path_factory.mktemp("browser") / "granvik.db"
    assert ingest([CORPUS], str(db)).failed == 0
    with site(db) as base:
        yield base, db


@pytest.fixture(scope="module")
def page(browser_site: tuple[str, Path]) -> Iterator[object]:
    """A fresh page of a headless chromium."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="no playwright")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def one(db: Path, sql: str) -> object:
    """Return the first value of ``sql`` on ``db``."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def follow(page: object, target: object, url: str) -> None:
    """Click a link (selector or locator) and wait for the page it opens."""
    link = page.locator(target) if isinstance(target, str) else target  # type: ignore[attr-defined]
    link.click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(url))  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]


def test_search_in_swedish(browser_site: tuple[str, Path], page: object) -> None:
    """Typing an inflected word in the search form finds its other forms."""
    base, _ = browser_site
    page.goto(f"{base}/granvik/search")  # type: ignore[attr-defined]
    page.fill("input[name=q]", "motionerna")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    # the results page of this query, not the one before it
    page.wait_for_url(re.compile(r"[?&]q=motionerna&"))  # type: ignore[attr-defined]
    page.wait_for_selector("table.rows-and-columns tbody tr")  # type: ignore[attr-defined]
    titles = page.locator("td.col-title").all_inner_texts()  # type: ignore[attr-defined]
    snippets = page.locator("td.col-snippet").all_inner_texts()  # type: ignore[attr-defined]
    _, db = browser_site
    conn = sqlite3.connect(db)
    conn.create_function("search_query", 1, search_expression)
    try:
        expected = conn.execute(
            "select count(*) from search_index_fts "
            "where search_index_fts match search_query('motionerna')"
        ).fetchone()[0]
    finally:
        conn.close()
    assert len(titles) == len(snippets) == expected >= 5
    page.fill("input[name=q]", "motion")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    # the results page of this query, not the one before it
    page.wait_for_url(re.compile(r"[?&]q=motion&"))  # type: ignore[attr-defined]
    page.wait_for_selector("td.col-snippet")  # type: ignore[attr-defined]
    snippets = page.locator("td.col-snippet").all_inner_texts()  # type: ignore[attr-defined]
    assert any("«motion" in s.lower() for s in snippets)


def test_search_form_narrows_to_a_municipality_and_period(
    browser_site: tuple[str, Path], page: object
) -> None:
    """The search form's kommun and period fields keep only those rows."""
    base, db = browser_site
    page.goto(f"{base}/granvik/search")  # type: ignore[attr-defined]
    page.fill("input[name=q]", "beslut")  # type: ignore[attr-defined]
    page.fill("input[name=kommun]", "granvik")  # type: ignore[attr-defined]
    page.fill("input[name=period]", "2023")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    # the results page of this query, not the one before it
    page.wait_for_url(re.compile(r"[?&]q=beslut&"))  # type: ignore[attr-defined]
    page.wait_for_selector("table.rows-and-columns tbody tr")  # type: ignore[attr-defined]
    dates = page.locator("td.col-date").all_inner_texts()  # type: ignore[attr-defined]
    places = page.locator("td.col-municipality").all_inner_texts()  # type: ignore[attr-defined]
    conn = sqlite3.connect(db)
    conn.create_function("search_query", 3, search_expression)
    try:
        every, kept = (
            conn.execute(
                "select count(*) from search_index_fts "
                "where search_index_fts match search_query('beslut', ?, ?)",
                filters,
            ).fetchone()[0]
            for filters in (("", ""), ("granvik", "2023"))
        )
    finally:
        conn.close()
    assert len(dates) == len(places) == kept
    assert 0 < kept < every
    assert {d[:4] for d in dates} == {"2023"} and set(places) == {"Granvik"}


def test_click_from_a_protocol_to_a_vote_and_its_voters(
    browser_site: tuple[str, Path], page: object
) -> None:
    """Document → its §§ → a § → its vote → the members' votes, by clicking."""
    base, db = browser_site
    vote_paragraph = one(
        db,
        "select p.id from votes v join paragraphs p on p.id = v.paragraph_id "
        "join vote_records r on r.vote_id = v.id order by p.rowid limit 1",
    )
    number, document = (
        one(db, f"select number from paragraphs where id = '{vote_paragraph}'"),
        one(db, f"select document_id from paragraphs where id = '{vote_paragraph}'"),
    )
    page.goto(f"{base}/granvik/documents/{document}")  # type: ignore[attr-defined]
    follow(page, "a[href*='/granvik/paragraphs?document_id=']", r"/paragraphs\?")
    label = page.locator("td.col-label", has_text=f"§ {number} ")  # type: ignore[attr-defined]
    assert label.count() == 1
    row = page.locator("tbody tr").filter(has=label)  # type: ignore[attr-defined]
    follow(page, row.locator("td.col-id a"), r"/paragraphs/[^?]+$")
    follow(page, "a[href*='/granvik/votes?paragraph_id=']", r"/votes\?")
    follow(page, page.locator("tbody td.col-id a").first, r"/votes/[^?]+$")  # type: ignore[attr-defined]
    follow(page, "a[href*='/granvik/vote_records?vote_id=']", r"/vote_records\?")
    page.wait_for_selector("tbody td.col-name")  # type: ignore[attr-defined]
    names = page.locator("tbody td.col-name").all_inner_texts()  # type: ignore[attr-defined]
    expected = one(
        db,
        "select count(*) from vote_records r join votes v on v.id = r.vote_id "
        f"where v.paragraph_id = '{vote_paragraph}'",
    )
    assert len(names) == expected and expected >= 3


def test_source_link_opens_the_pdf_page(
    browser_site: tuple[str, Path], page: object
) -> None:
    """A page number links to the PDF itself, at that page."""
    base, db = browser_site
    page.goto(f"{base}/granvik/paragraphs?_size=1")  # type: ignore[attr-defined]
    link = page.locator("td.col-page a").first  # type: ignore[attr-defined]
    href = link.get_attribute("href")
    assert href is not None and "#page=" in href
    response = page.request.get(base + href.split("#")[0])  # type: ignore[attr-defined]
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"


def test_feed_of_new_decisions(browser_site: tuple[str, Path], page: object) -> None:
    """The Atom feed of decisions has one entry per decided paragraph."""
    base, db = browser_site
    response = page.request.get(f"{base}/granvik/new_decisions.atom?body=")  # type: ignore[attr-defined]
    assert response.status == 200
    entries = response.text().count("<entry>")
    assert entries == one(
        db,
        "select count(*) from paragraphs p join meetings m on m.id = p.meeting_id "
        "where m.date is not null",
    )


def test_open_recommendations_chart(
    browser_site: tuple[str, Path], page: object
) -> None:
    """The chart link of open recommendations by body and age draws a bar chart."""
    base, _ = browser_site
    chart = (
        "#g.mark=bar&g.x_column=auditee&g.x_type=nominal"
        "&g.y_column=oldest_age_days&g.y_type=quantitative"
    )
    page.goto(f"{base}/granvik/open_recommendations_by_body_and_age{chart}")  # type: ignore[attr-defined]
    page.wait_for_selector(".vega-embed canvas.marks", timeout=20000)  # type: ignore[attr-defined]
    assert page.locator(".vega-embed canvas.marks").count() == 1  # type: ignore[attr-defined]
    assert page.locator("select[name=x_column]").input_value() == "auditee"  # type: ignore[attr-defined]


def test_home_page_lists_the_wanted_tables_first(
    browser_site: tuple[str, Path], page: object
) -> None:
    """Cases, documents, meetings … first by their Swedish titles; pages last."""
    base, _ = browser_site
    page.goto(f"{base}/")  # type: ignore[attr-defined]
    first = page.locator("#first-tables a").all_inner_texts()  # type: ignore[attr-defined]
    assert first[:7] == [
        "Ärenden (diarienummer)",
        "Handlingar",
        "Sammanträden",
        "Paragrafer (§)",
        "Motioner",
        "Rekommendationer",
        "Omröstningar",
    ]
    assert "Ledamöter" in first
    technical = page.locator("#technical-tables a").all_inner_texts()  # type: ignore[attr-defined]
    assert technical[:3] == ["Sidor", "Diarienummer i texten", "Röster per ledamot"]
    assert "Sökindex" not in technical + first  # hidden
    page.goto(f"{base}/granvik")  # type: ignore[attr-defined]
    tables = page.locator("div.db-table h3 a").all_inner_texts()  # type: ignore[attr-defined]
    assert tables[:3] == ["cases", "documents", "meetings"]
    assert tables.index("pages") > tables.index("yrkanden")


def test_statuses_and_kinds_show_swedish_labels(
    browser_site: tuple[str, Path], page: object
) -> None:
    """A status is shown in Swedish, its stored value kept as the tooltip."""
    base, db = browser_site
    stored = one(db, "select status from recommendations order by id limit 1")
    labels = {
        "implemented": "genomförd",
        "partially_implemented": "delvis genomförd",
        "not_implemented": "ej genomförd",
    }
    page.goto(f"{base}/granvik/recommendations?_sort=id&_size=1")  # type: ignore[attr-defined]
    cell = page.locator("tbody td.col-status span.coded").first  # type: ignore[attr-defined]
    assert (cell.inner_text(), cell.get_attribute("title")) == (labels[stored], stored)
    facet = page.locator("#facet-status li a").all_inner_texts()  # type: ignore[attr-defined]
    assert sorted(facet) == sorted(labels.values())
    page.goto(f"{base}/granvik/documents?kind=tjansteskrivelse")  # type: ignore[attr-defined]
    kinds = page.locator("tbody td.col-kind").all_inner_texts()  # type: ignore[attr-defined]
    assert kinds and set(kinds) == {"tjänsteskrivelse"}


def test_reservations_chart_from_the_home_page(
    browser_site: tuple[str, Path], page: object
) -> None:
    """The home page's chart link draws reservations per party and year."""
    base, _ = browser_site
    page.goto(f"{base}/")  # type: ignore[attr-defined]
    follow(page, "#charts a:has-text('Reservationer per parti')", r"reservations_per")
    page.wait_for_selector(".vega-embed canvas.marks", timeout=20000)  # type: ignore[attr-defined]
    assert page.locator("select[name=color_column]").input_value() == "party"  # type: ignore[attr-defined]
    assert page.locator("select[name=x_column]").input_value() == "year"  # type: ignore[attr-defined]


def test_repeated_recommendations_query_shows_its_rows(
    shared_db: Path, page: object
) -> None:
    """On the shared records the query lists the recommendations raised again."""
    with site(shared_db) as base:
        page.goto(f"{base}/diarium/recommendations_repeated_across_reports")  # type: ignore[attr-defined]
        bodies = page.locator("tbody td.col-auditee").all_inner_texts()  # type: ignore[attr-defined]
        status = page.locator("tbody td.col-status").first.inner_text()  # type: ignore[attr-defined]
    assert bodies == ["Grundskolenämnden"] * 5
    assert status == "försenad"


def test_feed_of_status_changes_names_statuses_in_swedish(
    browser_site: tuple[str, Path], page: object
) -> None:
    """Each entry of the status feed is titled with the Swedish status."""
    base, db = browser_site
    response = page.request.get(f"{base}/granvik/recommendation_status_changes.atom")  # type: ignore[attr-defined]
    titles = re.findall(r"<entry>.*?<title>([^<]*)</title>", response.text(), re.S)
    conn = sqlite3.connect(db)
    try:
        statuses = [
            str(s)
            for (s,) in conn.execute(
                "select status from recommendation_events where date is not null "
                "order by date desc, recommendation_id"
            )
        ]
    finally:
        conn.close()
    swedish = {
        "responded": "besvarad",
        "implemented": "genomförd",
        "partially_implemented": "delvis genomförd",
        "not_implemented": "ej genomförd",
        "overdue": "försenad",
    }
    assert len(titles) == len(statuses) >= 3
    assert [t.split(": ", 1)[1].split(" – ")[0] for t in titles] == [
        swedish[s] for s in statuses
    ]
