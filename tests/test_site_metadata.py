"""The published site speaks Swedish: descriptions, labels, canned queries."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, rows

from extractors.kinds import REGISTRY
from extractors.lang.text import fold
from pipeline.analysis.commission_tracking import COMMISSION_STATUSES
from pipeline.analysis.tracking import STATUSES, Tracked, mark_repeats

METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
TABLES = METADATA["databases"]["diarium"]["tables"]
QUERIES = METADATA["databases"]["diarium"]["queries"]
LABELS = tomllib.loads(
    (ROOT / "pipeline" / "publish" / "labels.toml").read_text(encoding="utf-8")
)
#: Words of English prose that no Swedish description uses.
ENGLISH = re.compile(
    r"\b(the|of|and|is|are|when|with|which|from|every|one row|its|where|whose)\b"
)


def public_tables(db: Path) -> list[str]:
    """Tables and views of ``db`` a reader can open (FTS shadow tables aside)."""
    return [
        str(name)
        for (name,) in rows(
            db,
            "select name from sqlite_master where type in ('table', 'view') "
            "and name not like '%\\_fts\\_%' escape '\\' "
            "and name not like 'sqlite_%' order by name",
        )
    ]


def english(text: str) -> list[str]:
    """Return the English words of ``text``, quoted values and SQL aside."""
    prose = re.sub(r"'[^']*'|\"[^\"]*\"|\([^)]*\)", " ", text)
    return ENGLISH.findall(prose.lower())


@pytest.mark.parametrize("which", ["corpus_db", "shared_db"])
def test_every_table_and_column_is_described_in_swedish(
    which: str, request: pytest.FixtureRequest
) -> None:
    """Each table, view and column of a full ingest has a Swedish description."""
    db: Path = request.getfixturevalue(which)
    missing, not_swedish = [], []
    for table in public_tables(db):
        meta = TABLES.get(table)
        if not meta or not meta.get("description") or not meta.get("title"):
            missing.append(table)
            continue
        described = meta.get("columns") or {}
        columns = [str(r[1]) for r in rows(db, f"pragma table_info([{table}])")]
        missing += [f"{table}.{c}" for c in columns if not described.get(c)]
        texts = [meta["title"], meta["description"], *described.values()]
        not_swedish += [f"{table}: {t}" for t in texts if english(str(t))]
    assert missing == []
    assert not_swedish == []


def test_canned_queries_are_titled_and_described_in_swedish() -> None:
    """Titles and descriptions of the canned queries read as Swedish."""
    texts = [
        str(q.get(key))
        for q in QUERIES.values()
        for key in ("title", "description", "description_html")
        if q.get(key)
    ]
    assert len([q for q in QUERIES.values() if q.get("title")]) == len(QUERIES)
    assert [t for t in texts if english(t)] == []
    assert not english(str(METADATA["description_html"]))


def test_the_english_check_catches_english() -> None:
    """The check of the two tests above finds English prose, not quoted values."""
    assert english("One row per PDF file seen by ingest.") == ["one row"]
    assert english("Filen (files.sha256).") == []
    assert english("\"'loaded' (inläst) eller 'failed'.\"") == []
    assert english("The date of the report") == ["the", "of", "the"]


def test_every_status_has_a_swedish_label() -> None:
    """Statuses of recommendations and commissions are shown in Swedish."""
    status = LABELS["status"]
    assert [status[s] for s in STATUSES] == [
        "öppen",
        "besvarad",
        "delvis genomförd",
        "genomförd",
        "ej genomförd",
        "försenad",
    ]
    assert [status[s] for s in COMMISSION_STATUSES] == [
        "öppen",
        "återrapporterad",
        "försenad",
        "avskriven",
    ]
    assert LABELS["outcome"]["pending"] == "ej avgjord"


def test_kinds_are_shown_with_their_diacritics() -> None:
    """A kind stored without å, ä, ö is shown as its label prints it."""
    expected = {}
    for spec in REGISTRY.values():
        for printed in spec.labels:
            word = printed.lower()
            if fold(word) == spec.stored_kind and word != spec.stored_kind:
                expected[spec.stored_kind] = word
    assert expected == {
        "tjansteskrivelse": "tjänsteskrivelse",
        "revisionsberattelse": "revisionsberättelse",
    }
    assert {k: LABELS["kind"][k] for k in expected} == expected
    assert LABELS["kind"]["uppfoljning"] == "uppföljning"


def test_repeated_recommendations_on_the_shared_records(shared_db: Path) -> None:
    """The revisionsberättelse restates five recommendations of an earlier report."""
    sql = QUERIES["recommendations_repeated_across_reports"]["sql"]
    found = [
        (row[1], row[2], row[5], row[6], row[7][:48]) for row in rows(shared_db, sql)
    ]
    first = ("Granskning av trygghet och studiero", "2024-09-24", "2025-03-25")
    assert found == [
        (*first, "Grundskolenämnden", text)
        for text in (
            "att säkerställa att det vid alla skolenheter bed",
            "att säkerställa att personalen anmäler upplevda ",
            "att säkerställa att disciplinära åtgärder dokume",
            "att säkerställa att beslut om disciplinära åtgär",
            "att förtydliga hur arbetet med studieron ska föl",
        )
    ]


def _tracked(report: str, auditee: str, text: str) -> Tracked:
    """A recommendation of ``report`` as the tracking rules hold it."""
    return Tracked(
        {"id": f"{report}/1", "report_id": report, "auditee": auditee, "text": text}, []
    )


def test_a_repeat_is_the_same_body_and_wording_in_a_later_report() -> None:
    """Earlier date, same body and wording, same (or an unknown) municipality."""
    text = "att säkerställa att personalen anmäler upplevda kränkningar till rektorn."
    reports = [
        {"id": "a", "report_date": "2024-09-24", "municipality": None},
        {"id": "b", "report_date": "2025-03-25", "municipality": "Göteborg"},
        {"id": "c", "report_date": "2025-04-01", "municipality": "Borås"},
        {"id": "d", "report_date": None, "municipality": "Göteborg"},
        {"id": "e", "report_date": "2025-05-01", "municipality": "Göteborg"},
    ]
    tracked = [
        _tracked("a", "Grundskolenämnden", text),
        _tracked("b", "Grundskolenämnden", text),
        _tracked("c", "Grundskolenämnden", text),
        _tracked("d", "Grundskolenämnden", text),
        _tracked("e", "Utbildningsnämnden", text),
    ]
    mark_repeats(tracked, reports)
    assert [t.row["repeats"] for t in tracked] == [None, "a/1", "a/1", None, None]
