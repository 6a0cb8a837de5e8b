"""The structure issue 9 asks for: determinism, isolation, municipalities, layers."""

from __future__ import annotations

import ast
import dataclasses
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import (
    CORPUS,
    ROOT,
    SHARED,
    SHARED_REASON,
    make_pdf,
    rows,
    table_names,
)

from extractors.core.models import FileResult
from extractors.core.tables import Rows, Source
from extractors.kinds import REGISTRY
from pipeline.cli import cli
from pipeline.incremental import pipeline_version
from pipeline.ingest import ingest
from pipeline.process import documents_of, process_path
from pipeline.read import read_pdf
from pipeline.store.save import open_db, save_file_result

#: Columns that may differ between two ingests of the same files.
VOLATILE = {"ingested_at"}
#: Tables that may: what a re-run trusts without reading (every path hashed,
#: with a modification time only when it was old enough).
CACHES = {"path_hashes"}


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Return every row of every table (FTS shadow tables aside), sorted."""
    tables = [t for t in table_names(db) if t not in CACHES]
    conn = sqlite3.connect(db)
    out = {}
    for table in tables:
        cols = [
            r[1]
            for r in conn.execute(f"pragma table_info([{table}])")
            if r[1] not in VOLATILE
        ]
        sql = f"select {', '.join(f'[{c}]' for c in cols)} from [{table}]"
        out[table] = sorted(conn.execute(sql).fetchall(), key=repr)
    conn.close()
    return out


def test_two_ingests_give_identical_databases(tmp_path: Path) -> None:
    """Fresh databases from the same files are equal row for row, 1 or 2 workers."""
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    ingest([CORPUS], str(first))
    ingest([CORPUS], str(second), workers=2)
    a, b = dump(first), dump(second)
    assert a == b
    assert rows(first, "select key, value, note from analysis where key = 'as_of'") == [
        ("as_of", "2025-03-18", "newest document date")
    ]
    assert len(a["recommendation_events"]) == 6


def test_as_of_is_explicit_and_recorded(tmp_path: Path) -> None:
    """--as-of sets the date statuses are computed as of; a bad date is refused."""
    db = tmp_path / "d.db"
    result = CliRunner().invoke(
        cli, ["ingest", str(CORPUS), "--db", str(db), "--as-of", "2030-01-01"]
    )
    assert result.exit_code == 0, result.output
    assert "statuses as of 2030-01-01" in result.output
    assert rows(db, "select value, note from analysis where key = 'as_of'") == [
        ("2030-01-01", "given")
    ]
    overdue = rows(
        db,
        "select assignee, status_date from commissions where status = 'overdue' "
        "order by due",
    )
    assert overdue == [
        ("samhällsbyggnadsförvaltningen", "2024-09-30"),
        ("vård- och omsorgsförvaltningen", "2024-11-30"),
    ]
    bad = CliRunner().invoke(
        cli, ["ingest", str(CORPUS), "--db", str(db), "--as-of", "31 mars"]
    )
    assert bad.exit_code == 2  # a usage error
    assert "--as-of must be a date YYYY-MM-DD or 'today', not '31 mars'" in bad.output


def _failing(source: Source) -> Rows:
    """Raise like a buggy extractor would."""
    raise IndexError(f"list index out of range on page {source.lines[0][0]}")


def test_one_failing_extractor_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    """A document whose extractor raises is recorded; the file's rest is kept."""
    pdf = CORPUS / "granvik_an_kallelse_2024-03-12.pdf"
    kinds = dict(REGISTRY)
    kinds["yttrande"] = dataclasses.replace(REGISTRY["yttrande"], extract=_failing)
    documents, failures = documents_of(read_pdf(pdf.read_bytes()), kinds=kinds)
    assert [d.kind for d in documents] == [
        "kallelse",
        "tjansteskrivelse",
        "revisionsskrivelse",
        "revisionsrapport",
        "yttrande",
    ]
    assert [(f.document.index, f.extractor, f.error) for f in failures] == [
        (4, "yttrande.v2", "IndexError: list index out of range on page 5")
    ]
    assert documents[4].records == {}
    assert documents[3].records["recommendation_mentions"]
    result = process_path(str(pdf))
    assert isinstance(result, FileResult)
    result.documents, result.extraction_failures = documents, failures
    db = open_db(str(tmp_path / "d.db"))
    save_file_result(db, result, pipeline_version())
    [(failed,)] = rows(tmp_path / "d.db", "select id from documents where position = 4")
    assert str(failed).startswith("yttrande_2024-02-20_an-2023-118_")
    assert rows(
        tmp_path / "d.db",
        "select document_id, extractor, page_start, page_end, error "
        "from extraction_failures",
    ) == [
        (
            failed,
            "yttrande.v2",
            5,
            5,
            "IndexError: list index out of range on page 5",
        )
    ]
    assert rows(tmp_path / "d.db", "select count(*) from documents") == [(5,)]
    assert rows(tmp_path / "d.db", "select count(*) from answer_sections") == [(0,)]
    assert rows(tmp_path / "d.db", "select count(*) from pages") == [(6,)]


def test_municipality_from_option_folder_setting_and_letterhead(
    tmp_path: Path,
) -> None:
    """--municipality beats a folder's diarium.toml, which beats detection."""
    a = tmp_path / "a"
    b = tmp_path / "b"
    a.mkdir()
    b.mkdir()
    make_pdf(a / "ks.pdf", ["Kungsbacka kommun", "Protokoll", "§ 1 Upprop"])
    make_pdf(b / "ks.pdf", ["Kungsbacka kommun", "Protokoll", "§ 2 Val"])
    (b / "diarium.toml").write_text('municipality = "Varberg"\n', encoding="utf-8")
    db = tmp_path / "d.db"
    ingest([a, b], str(db))
    assert rows(
        db, "select municipality, municipality_source from files order by path"
    ) == [
        ("Kungsbacka", "detected"),
        ("Varberg", "folder setting"),
    ]
    ingest([a], str(db), municipality="Falkenberg")
    assert rows(
        db,
        "select municipality, municipality_source from files where path like ?",
        f"{a}%",
    ) == [("Falkenberg", "option")]
    (b / "diarium.toml").write_text("municipality = \n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(b), "--db", str(db)])
    assert result.exit_code == 2  # a usage error: bad settings
    assert f"{b / 'diarium.toml'}: not valid TOML" in result.output


def test_cases_and_links_stay_inside_a_municipality(tmp_path: Path) -> None:
    """The same case number in two municipalities is two cases."""
    import shutil

    one, two = tmp_path / "one", tmp_path / "two"
    for folder, name in ((one, "Granvik"), (two, "Ödeby")):
        shutil.copytree(CORPUS, folder, ignore=shutil.ignore_patterns("*.py", "*.toml"))
        (folder / "diarium.toml").write_text(
            f'municipality = "{name}"\n', encoding="utf-8"
        )
    # Same bytes in two folders are one file: make the second copy differ.
    for pdf in two.glob("*.pdf"):
        pdf.write_bytes(pdf.read_bytes() + b"\n")
    db = tmp_path / "d.db"
    ingest([one], str(db))
    ingest([two], str(db))
    assert rows(
        db,
        "select municipality, documents from cases where dnr = 'KS 2024/19' "
        "order by municipality",
    ) == [("Granvik", 2), ("Ödeby", 2)]
    crossing = rows(
        db,
        "select count(*) from motions mo join documents md on md.id = mo.document_id "
        "join paragraphs p on p.id = mo.decided_by "
        "join documents pd on pd.id = p.document_id "
        "where md.municipality is not pd.municipality",
    )
    assert crossing == [(0,)]
    decided = rows(
        db,
        "select d.municipality, count(*) from motions mo join documents d "
        "on d.id = mo.document_id where mo.decided_by is not null group by 1 "
        "order by 1",
    )
    assert decided == [("Granvik", 2), ("Ödeby", 2)]


def test_score_never_worse_than_baseline(shared_db: Path) -> None:
    """score.py on all shared records is no worse than the committed baseline."""
    script = SHARED / "tools" / "score.py"
    if not script.is_file():
        pytest.skip(SHARED_REASON)
    out = subprocess.run(
        [
            sys.executable,
            str(script),
            str(shared_db),
            str(SHARED / "gold"),
            "--pdf-dirs",
            f"{SHARED / 'seeds'},{SHARED / 'real'}",
            "--min-f1",
            "0",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    now, before = (
        _scores(out),
        _scores(
            (ROOT / "tests" / "baseline" / "score.txt").read_text(encoding="utf-8")
        ),
    )
    assert set(before) <= set(now)
    worse = {c: (before[c], now[c]) for c in before if now[c] < before[c]}
    assert worse == {}


def _scores(text: str) -> dict[str, float]:
    """Return ``{category: F1}`` from score.py's output."""
    found = re.findall(r"^(\w+)\s+P=[\d.]+ R=[\d.]+ F1=([\d.]+)", text, re.M)
    return {category: float(f1) for category, f1 in found}


def _imports(path: Path) -> set[str]:
    """Return the modules imported by a source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


#: Layers from the bottom up; a module may import only its own layer or below.
LAYERS = [
    "extractors.lexicon",
    "extractors.core",
    "extractors.lang",
    "extractors.parts",
    "extractors.kinds",
    "pipeline.read",
    "pipeline.split",
    "pipeline.store",
    "pipeline.analysis",
    "pipeline",
]


def _layer(module: str) -> int | None:
    """Return the index of the layer ``module`` belongs to."""
    for i in range(len(LAYERS) - 1, -1, -1):
        if module == LAYERS[i] or module.startswith(LAYERS[i] + "."):
            return i
    return 4 if module == "extractors" else None


def test_layers_import_only_from_below() -> None:
    """pipeline imports extractors, never the reverse; layers import downwards."""
    wrong = []
    for path in sorted((ROOT / "extractors").rglob("*.py")) + sorted(
        (ROOT / "pipeline").rglob("*.py")
    ):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        own = _layer(module)
        for imported in _imports(path):
            theirs = _layer(imported)
            if own is not None and theirs is not None and theirs > own:
                wrong.append(f"{module} imports {imported}")
    assert wrong == []


def test_only_store_imports_sqlite_utils_and_only_read_imports_pdf_libraries() -> None:
    """The PDF libraries and sqlite-utils each have one home."""
    homes = {
        "sqlite_utils": "pipeline/store",
        "pdfplumber": "pipeline/read",
        "pypdfium2": "pipeline/read",
    }
    wrong = []
    for path in sorted((ROOT / "extractors").rglob("*.py")) + sorted(
        (ROOT / "pipeline").rglob("*.py")
    ):
        rel = path.relative_to(ROOT).as_posix()
        for imported in _imports(path):
            lib = imported.split(".")[0]
            if lib in homes and not rel.startswith(homes[lib]):
                wrong.append(f"{rel} imports {imported}")
    assert wrong == []


def test_modules_stay_small() -> None:
    """Every module of the two packages is under 400 lines."""
    long = {
        path.relative_to(ROOT).as_posix(): n
        for path in (ROOT / "extractors").rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) >= 400
    } | {
        path.relative_to(ROOT).as_posix(): n
        for path in (ROOT / "pipeline").rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) >= 400
    }
    assert long == {}


def test_inspect_shows_kinds_and_the_folder_municipality(tmp_path: Path) -> None:
    """`diarium inspect` reads one PDF without a database, with its folder setting."""
    import json
    import shutil

    pdf = tmp_path / "ks.pdf"
    shutil.copy(CORPUS / "granvik_ks_kallelse_2024-04-02.pdf", pdf)
    plain = CliRunner().invoke(cli, ["inspect", str(pdf)])
    assert plain.exit_code == 0, plain.output
    found = json.loads(plain.output)
    assert found["municipality"] is None
    assert [(d["kind"], d["title"]) for d in found["documents"]] == [
        ("kallelse", "Kallelse Kommunstyrelsen 2024-04-02")
    ]
    (tmp_path / "diarium.toml").write_text('municipality = "Granvik"\n', "utf-8")
    named = json.loads(CliRunner().invoke(cli, ["inspect", str(pdf)]).output)
    assert named["municipality"] == "Granvik"
    assert not list(tmp_path.glob("*.db"))
