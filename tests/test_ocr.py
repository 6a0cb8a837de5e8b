"""Scanned pages read with tesseract (Swedish); page quality; OCR-damaged text.

Tests that need tesseract with its Swedish data skip when it is absent; the
others run everywhere. OCR is off in every other test module (conftest), so
each test here turns it on itself. Real tesseract, real PDFs, no mocks.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, SHARED, SHARED_REASON

from extractors.core.models import Failure, FileResult, SourceFile
from pipeline import ocr_switch
from pipeline.cli import cli
from pipeline.isolate import Limits, run_isolated
from pipeline.process import process_path
from pipeline.read import ocr

SCANNED = (
    SHARED
    / "real"
    / ("goteborg_stadsrevisionen_rapportsammandrag_hedersrelaterat_vald_SCANNED.pdf")
)
#: The corpus notice whose page 6 is a scanned protocol extract.
NOTICE = CORPUS / "granvik_an_kallelse_2024-03-12.pdf"
DAMAGED = SHARED / "seeds" / "004_d604b283cc8a827f.pdf"


def _ocr_reason() -> str | None:
    """Return why tesseract cannot read Swedish here (OCR turned on)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(ocr_switch.OFF_VARIABLE, raising=False)
        return ocr_switch.unavailable()


def logging_tesseract(folder: Path) -> tuple[Path, Path]:
    """Write a script that runs the real tesseract and logs when each run
    starts and ends; return the script and its log."""
    real = shutil.which("tesseract")
    assert real is not None
    log, script = folder / "tesseract.log", folder / "tesseract"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "start $(date +%s.%N)" >> "{log}"\n'
        f'"{real}" "$@"; code=$?\n'
        f'echo "end $(date +%s.%N)" >> "{log}"\n'
        "exit $code\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script, log


def most_at_once(log: Path) -> int:
    """Return how many logged tesseract runs were ever running at once."""
    events = sorted(
        (float(when), 1 if what == "start" else -1)
        for what, when in (line.split() for line in log.read_text().splitlines())
    )
    running = most = 0
    for _, step in events:
        running += step
        most = max(most, running)
    return most


@pytest.fixture(scope="module")
def scan_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The scanned Göteborg audit summary and the corpus notice with a scanned
    page, ingested with OCR, ``--timeout 2`` and one worker (once per module).

    Reading six pages with OCR takes longer than 2 s: the file loads because
    its limit grows by ``SECONDS_PER_PAGE`` for each page read with OCR.
    tesseract runs through :func:`logging_tesseract`.
    """
    if not SHARED.is_dir():
        pytest.skip(SHARED_REASON)
    reason = _ocr_reason()
    if reason is not None:
        pytest.skip(f"OCR cannot run: {reason}")
    folder = tmp_path_factory.mktemp("ocr")
    db = folder / "scan.db"
    script, _ = logging_tesseract(folder)
    args = [str(SCANNED), str(NOTICE), "--db", str(db), "--timeout", "2"]
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(ocr_switch.OFF_VARIABLE, raising=False)
        mp.setenv(ocr_switch.COMMAND_VARIABLE, str(script))
        ocr_switch._missing.cache_clear()
        result = CliRunner().invoke(cli, ["ingest", *args, "--workers", "1"])
    assert result.exit_code == 0, result.output
    yield db, result.output


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    """Return every row of ``sql``."""
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


#: Rows of the scanned file only.
IN_SCAN = "where file_sha256 = (select sha256 from files where path like '%SCANNED%')"
SCAN_PAGES = (
    "select p.page, p.quality, p.needs_ocr, p.ocr_confidence, p.text from pages p "
    "join files f on f.sha256 = p.file_sha256 where f.path like '%SCANNED%' "
    "order by p.page"
)


def test_one_worker_runs_one_tesseract_at_a_time(
    scan_db: tuple[Path, str],
) -> None:
    """``--workers 1`` is one core for OCR too: six pages, one after another
    (a worker used to start one tesseract per CPU)."""
    log = scan_db[0].parent / "tesseract.log"
    starts = [line for line in log.read_text().splitlines() if line[:5] == "start"]
    assert len(starts) >= 6  # --list-langs, then one run per scanned page
    assert most_at_once(log) == 1


def test_scanned_pages_get_text_and_quality(scan_db: tuple[Path, str]) -> None:
    """Every page of the image-only file is read; none waits for OCR."""
    pages = rows(scan_db[0], SCAN_PAGES)
    assert [row[:3] for row in pages] == [(n, "ocr", 0) for n in range(1, 7)]
    assert all(float(str(row[3])) >= 85 for row in pages)
    assert str(pages[0][4]).split("\n")[3:6] == [
        "Missiv till granskningen av",
        "arbetet mot hedersrelaterat våld",
        "och förtryck",
    ]


def test_scanned_audit_summary_is_classified_and_extracted(
    scan_db: tuple[Path, str],
) -> None:
    """A cover letter on page 1, the audit report summary on pages 2–6.

    Their numbers are marked unconfirmed: every page is counted in
    documents.ocr_pages.
    """
    db = scan_db[0]
    docs = rows(
        db,
        "select d.kind, d.page_start, d.page_end, d.date, d.ocr_pages "
        "from documents d join files f on f.sha256 = d.file_sha256 "
        "where f.path like '%SCANNED%' order by d.position",
    )
    assert docs == [
        ("revisionsskrivelse", 1, 1, "2023-09-19", 1),
        ("revisionsrapport", 2, 6, None, 5),
    ]
    assert rows(
        db, f"select title, firm, date, reply_due from audit_reports {IN_SCAN}"
    ) == [
        (
            "Granskning av arbetet mot hedersrelaterat våld och förtryck",
            "Stadsrevisionen",
            "2023-09-19",
            "2024-06-21",
        )
    ]


def test_scanned_recommendations(scan_db: tuple[Path, str]) -> None:
    """The eight bulleted recommendations on page 6, as printed (•, not "e").

    Compared lower-cased: tesseract reads the last word of the fifth, "sätt.",
    as "Sätt." (a reason words and numbers from OCR pages are unconfirmed).
    """
    mentions = rows(
        scan_db[0],
        f"select text, page, auditee from recommendation_mentions {IN_SCAN} "
        "order by number",
    )
    texts = list(dict.fromkeys(str(m[0]).lower() for m in mentions))
    assert texts == [
        "att säkerställa att personalen får kompetensutveckling i vad "
        "hedersrelaterat våld och förtryck innebär.",
        "att säkerställa att det vidtas adekvata åtgärder om det framkommer att "
        "personal upprätthåller hedersnormer och inte främjar mänskliga "
        "rättigheter och grundläggande demokratiska värderingar.",
        "att upprätta rutiner för hur personalen kan upptäcka och hur de ska agera "
        "vid misstanke om att ett barn eller en elev är utsatt för "
        "hedersrelaterat våld och förtryck.",
        "att vidta åtgärder för att säkerställa att ärenden som avser "
        "hedersrelaterat våld och förtryck registreras korrekt i "
        "verksamhetssystemet.",
        "att säkerställa att resursteamens kunskap och erfarenheter tas tillvara "
        "på ett effektivt sätt.",
        "att i samråd med förskolenämnden, grundskolenämnden och "
        "utbildningsnämnden upprätta rutiner för samverkan i ärenden som rör "
        "hedersrelaterat våld och förtryck.",
        "att säkerställa att det sker en återkoppling till den som gjort en "
        "orosanmälan om en utredning har inletts, inte inletts eller redan pågår "
        "(om anmälaren angett att hen önskar en sådan återkoppling).",
        "att följa upp och utvärdera arbetet mot hedersrelaterat våld och förtryck.",
    ]
    assert {m[1] for m in mentions} == {6}
    third = [m[2] for m in mentions if str(m[0]).startswith("att upprätta")]
    assert third == ["Förskolenämnden", "Grundskolenämnden"]


def test_a_synthetic_scan_is_read(scan_db: tuple[Path, str]) -> None:
    """The corpus notice's scanned page 6 (a protocol extract) reads as printed."""
    db, output = scan_db
    page = rows(
        db,
        "select p.quality, p.needs_ocr, p.text from pages p join files f "
        "on f.sha256 = p.file_sha256 where f.path like '%granvik%' and p.page = 6",
    )
    assert page[0][:2] == ("ocr", 0)
    lines = str(page[0][2]).split("\n")
    assert lines[:4] == [
        "GRANVIKS KOMMUN",
        "Äldrenämnden",
        "PROTOKOLLSUTDRAG",
        "Sammanträdesdatum 2024-01-23",
    ]
    assert lines[4:7] == [
        "§ 5 Val av ersättare i pensionärsrådet",
        "Äldrenämnden utser Gösta Ring att vara ersättare",
        "i kommunala pensionärsrådet för tiden till och med 2026.",
    ]
    assert (
        "OCR: the database holds 7 scanned pages read with OCR (0 with low confidence)"
        in output
    )
    assert "wait for OCR" not in output
    assert rows(db, "select quality, count(*) from pages group by 1 order by 1") == [
        ("ocr", 7),
        ("text", 5),
    ]


def test_without_tesseract_pages_wait_and_the_summary_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No tesseract on the machine: the scan stays needs_ocr; nothing fails."""
    monkeypatch.delenv(ocr_switch.OFF_VARIABLE, raising=False)
    monkeypatch.setenv(ocr_switch.COMMAND_VARIABLE, str(tmp_path / "no-tesseract"))
    assert ocr_switch.unavailable() == (
        "tesseract is not installed; tesseract-ocr-swe would read them"
    )
    db = tmp_path / "none.db"
    result = CliRunner().invoke(cli, ["ingest", str(NOTICE), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert (
        "OCR: 1 scanned page waits for OCR: tesseract is not installed; "
        "tesseract-ocr-swe would read them (canned query pages_needing_ocr)"
    ) in result.output
    assert rows(db, "select page, needs_ocr, quality, ocr_confidence from pages") == [
        (n, 0, "text", None) for n in range(1, 6)
    ] + [(6, 1, "empty", None)]


def test_no_ocr_option(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """--no-ocr leaves scans unread, says so, and restores the setting after."""
    monkeypatch.delenv(ocr_switch.OFF_VARIABLE, raising=False)
    db = tmp_path / "off.db"
    result = CliRunner().invoke(
        cli, ["ingest", str(NOTICE), "--db", str(db), "--no-ocr"]
    )
    assert result.exit_code == 0, result.output
    assert (
        "OCR: 1 scanned page waits for OCR: OCR was turned off (--no-ocr or "
        "DIARIUM_OCR=off) (canned query pages_needing_ocr)"
    ) in result.output
    assert rows(db, "select needs_ocr from pages where page = 6") == [(1,)]
    assert ocr_switch.OFF_VARIABLE not in os.environ


def test_scans_loaded_without_ocr_are_read_once_it_can_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A file loaded with --no-ocr is read again by the next run that has OCR,
    and only by that one."""
    reason = _ocr_reason()
    if reason is not None:
        pytest.skip(f"OCR cannot run: {reason}")
    monkeypatch.delenv(ocr_switch.OFF_VARIABLE, raising=False)
    db = tmp_path / "later.db"
    runs = [
        CliRunner().invoke(cli, ["ingest", str(NOTICE), "--db", str(db), *extra])
        for extra in (["--no-ocr"], [], [])
    ]
    assert [r.exit_code for r in runs] == [0, 0, 0], runs[-1].output
    summaries = [
        next(line for line in r.output.splitlines() if "files loaded" in line)
        for r in runs
    ]
    assert [line.split(";")[0] for line in summaries] == [
        "1 files loaded, 0 unchanged, 0 failed",
        "1 files loaded, 0 unchanged, 0 failed",
        "0 files loaded, 1 unchanged, 0 failed",
    ]
    assert rows(db, "select needs_ocr, quality from pages where page = 6") == [
        (0, "ocr")
    ]
    assert (
        "OCR: the database holds 1 scanned page read with OCR (0 with low confidence)"
        in runs[1].output
    )


def test_ocr_damaged_text_layer_is_flagged_and_still_read(tmp_path: Path) -> None:
    """Seed 004 ("Forslag till beslut", "6versyn"): text-damaged, still read."""
    if not SHARED.is_dir():
        pytest.skip(SHARED_REASON)
    result = process_path(str(DAMAGED))
    assert isinstance(result, FileResult)
    assert [p.quality for p in result.pages] == ["text-damaged"] * 3
    assert [(d.kind, d.title) for d in result.documents] == [
        ("tjansteskrivelse", "Redovisning av verksamhetsuppfoljning gallande insatsen")
    ]
    db = tmp_path / "damaged.db"
    result_cli = CliRunner().invoke(cli, ["ingest", str(DAMAGED), "--db", str(db)])
    assert result_cli.exit_code == 0, result_cli.output
    assert (
        "OCR: 3 pages have a text layer that lost å, ä and ö; numbers on them "
        "are unconfirmed (pages.quality)"
    ) in result_cli.output
    assert rows(db, "select ocr_pages from documents") == [(3,)]


def test_bullets_read_as_letters() -> None:
    """A bullet read as "e" (before a wide gap) becomes "•"; a word "e" does not.

    Lines as tesseract 5.3 read page 6 of the scanned Göteborg summary (the
    second with a doubtful dash in the gap), and a written line of prose.
    """
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\t"
    header += "left\ttop\twidth\theight\tconf\ttext\n"
    words = [
        (1, 373, 1234, 16, 16, 85.0, "e"),
        (1, 446, 1223, 163, 42, 73.3, "Samtliga"),
        (2, 373, 1358, 16, 17, 82.9, "e"),
        (2, 419, 1344, 13, 50, 0.0, "-"),
        (2, 445, 1348, 338, 38, 68.6, "Förskolenämnden,"),
        (3, 373, 1500, 16, 16, 90.0, "e"),
        (3, 395, 1490, 90, 40, 90.0, "postadress"),
    ]
    tsv = header + "".join(
        f"5\t1\t1\t1\t{line}\t1\t{left}\t{top}\t{width}\t{height}\t{conf}\t{text}\n"
        for line, left, top, width, height, conf, text in words
    )
    scan = ocr.parse_tsv(tsv)
    assert scan.text.split("\n") == [
        "• Samtliga",
        "• Förskolenämnden,",
        "e postadress",
    ]
    assert (scan.words, scan.quality) == (7, "ocr")


def test_section_sign_read_as_eight() -> None:
    """ "8 5 Val av ersättare" (tesseract 5.3 on the corpus scan) is "§ 5 …".

    A written variant with "$"; a count "8 12 ledamöter" stays as read.
    """
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\t"
    header += "left\ttop\twidth\theight\tconf\ttext\n"
    lines = ["8 5 Val av ersättare", "$ 12 Budget 2025", "8 12 ledamöter"]
    tsv = header + "".join(
        f"5\t1\t1\t1\t{n}\t{i}\t{100 + 60 * i}\t{100 + 60 * n}\t50\t30\t90\t{word}\n"
        for n, line in enumerate(lines)
        for i, word in enumerate(line.split())
    )
    assert ocr.parse_tsv(tsv).text.split("\n") == [
        "§ 5 Val av ersättare",
        "§ 12 Budget 2025",
        "8 12 ledamöter",
    ]


def _asks_for_time(path: str, hint: str | None) -> FileResult | Failure:
    """Work that asks for 3 s more (as OCR does), then takes 1.5 s."""
    assert ocr.ask_for_time is not None
    ocr.ask_for_time(3.0)
    time.sleep(1.5)
    return Failure(SourceFile(path, "sha", 0), "finished")


def _asks_too_little(path: str, hint: str | None) -> FileResult | Failure:
    """Work that asks for 0.5 s more, then takes 5 s."""
    assert ocr.ask_for_time is not None
    ocr.ask_for_time(0.5)
    time.sleep(5)
    return Failure(SourceFile(path, "sha", 0), "finished")


def test_worker_time_limit_grows_on_request() -> None:
    """The parent adds the seconds a worker asks for to that file's limit."""
    todo = [SourceFile("a.pdf", "a", 1)]
    limits = Limits(seconds=1.0)
    granted = list(run_isolated(todo, [None], _asks_for_time, 1, limits))
    assert [f.reason for f in granted if isinstance(f, Failure)] == ["finished"]
    short = list(run_isolated(todo, [None], _asks_too_little, 1, limits))
    assert [f.reason for f in short if isinstance(f, Failure)] == [
        "took longer than 1.5 s"
    ]


def test_page_counts_of_an_older_database_are_set_as_the_loader_sets_them(
    scan_db: tuple[Path, str], tmp_path: Path
) -> None:
    """Documents stored without page counts (an older diarium) get the counts
    the loader gives: the OCR pages of the scanned documents among them."""
    from pipeline.store.save import open_db
    from pipeline.store.shape import ensure_db_shape

    copy = tmp_path / "older.db"
    shutil.copy(scan_db[0], copy)
    counts = "select id, masked, masked_contacts, ocr_pages from documents order by id"
    loaded = rows(copy, counts)
    conn = sqlite3.connect(copy)
    with conn:
        conn.execute(
            "update documents set masked = null, masked_contacts = null, "
            "ocr_pages = null"
        )
    conn.close()
    db = open_db(str(copy))
    ensure_db_shape(db)
    db.close()
    assert rows(copy, counts) == loaded
    assert sum(int(str(r[3])) for r in loaded) > 0
