"""The benchmark's quick mode runs end to end and reports what it measured.

No timing is asserted (the machine is shared); the structure of the JSON is
exact, and the page counts of every reader and run must equal the pages of
the inputs the benchmark built.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RATE = {"pages", "seconds", "pages_per_s"}
MEMORY = RATE | {"peak_tree_mib", "peak_process_mib", "processes"}
RERUN = {"pages", "seconds", "percent_of_first"}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Run ``bench/ingest_bench.py --quick`` once and return its JSON."""
    out = tmp_path_factory.mktemp("bench") / "results.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "ingest_bench.py"), "--quick"]
        + ["--workers", "2", "--json", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("| diarium ingest, 1 worker on 1 core |") == 2
    results = json.loads(out.read_text(encoding="utf-8"))
    made_of = results["inputs"]["single"]["made_of"]
    assert f"The long file alone ({made_of}, 12 pages):" in done.stdout
    return results


def test_keys(results: dict) -> None:
    """The results have exactly the documented sections and fields."""
    assert set(results) == {
        "mode",
        "machine",
        "inputs",
        "rates",
        "ratios",
        "memory",
        "scaling",
        "long_protokoll",
        "marginal",
        "amdahl",
        "reruns",
        "startup",
        "writer",
        "cluster",
    }
    assert set(results["writer"]) == {
        "pages",
        "files",
        "worker_ms_per_page",
        "writer_runs",
        "writer_ms_per_page",
        "worker_cores_one_writer_feeds",
    }
    assert set(results["writer"]["writer_runs"]) == {"all", "fifth"}
    for run in results["writer"]["writer_runs"].values():
        assert set(run) == {"pages", "seconds"}
    assert results["mode"] == "quick"
    assert set(results["inputs"]) == {"batch", "small", "single", "big"}
    assert set(results["rates"]) == {
        "pypdfium2",
        "pdfplumber",
        "pdftotext",
        "ingest_1",
        "ingest_all",
        "single_pypdfium2",
        "single_pdfplumber",
        "single_pdftotext",
        "single_1",
        "single_all",
        "big_1",
        "big_all",
    }
    for name, rate in results["rates"].items():
        if rate is not None:
            extra = {"workers"} if name.endswith("_all") else set()
            assert set(rate) == RATE | extra, name
    assert set(results["ratios"]) == {
        f"{run}_vs_{engine}"
        for run in ("ingest_1", "single_1")
        for engine in ("pypdfium2", "pdfplumber", "pdftotext")
    } | {
        "ingest_all_vs_ingest_1",
        "single_all_vs_single_1",
        "big_all_vs_big_1",
    }
    assert set(results["memory"]) == {
        "batch_1_worker",
        "batch_all_workers",
        "single_file",
        "big_batch",
    }
    assert all(set(m) == MEMORY for m in results["memory"].values())
    assert set(results["reruns"]["unchanged"]) == RERUN
    assert set(results["reruns"]["version_bump"]) == RERUN | {"kind"}
    assert set(results["reruns"]["unchanged_big"]) == RERUN
    assert set(results["reruns"]["one_added_big"]) == RERUN
    assert set(results["reruns"]["batch_added_big"]) == {
        "pages",
        "database_pages",
        "seconds",
        "first_load_seconds",
        "vs_first_load",
    }
    assert set(results["startup"]) == {"help_seconds", "serve_seconds"}
    assert set(results["marginal"]) == {"fixed_pages", "fixed_seconds"} | {
        f"{size}_{field}"
        for size in ("small", "mid", "big")
        for field in ("pages", "ms_per_page")
    } | {"big_vs_small", "big_vs_mid"}
    assert set(results["amdahl"]) == {"serial_seconds", "workers"} | {
        "ingest_all_vs_ingest_1",
        "single_all_vs_single_1",
        "big_all_vs_big_1",
    }


def test_every_reader_counts_the_pages_built(results: dict) -> None:
    """Each engine and each ingest saw exactly the pages of its inputs."""
    inputs, rates, memory = results["inputs"], results["rates"], results["memory"]
    batch = inputs["batch"]["pages"]
    assert batch >= 27 and inputs["batch"]["files"] == 9  # one corpus copy
    counted = {
        name: rate["pages"]
        for name, rate in rates.items()
        if rate and not name.startswith(("single", "big"))
    }
    assert set(counted) >= {"pypdfium2", "pdfplumber", "ingest_1", "ingest_all"}
    assert counted == dict.fromkeys(counted, batch)
    assert rates["single_1"]["pages"] == rates["single_all"]["pages"] == 12
    singles = {k: r["pages"] for k, r in rates.items() if r and k.startswith("single_")}
    assert set(singles) >= {"single_pypdfium2", "single_pdfplumber"}
    assert singles == dict.fromkeys(singles, 12)  # every reader, the same file
    assert memory["batch_1_worker"]["pages"] == batch
    assert memory["single_file"]["pages"] == inputs["single"]["pages"] == 12
    assert memory["big_batch"]["pages"] == inputs["big"]["pages"] > batch
    assert (
        rates["big_1"]["pages"] == rates["big_all"]["pages"] == inputs["big"]["pages"]
    )
    assert results["scaling"]["big_pages"] == inputs["big"]["pages"]
    assert results["scaling"]["small_pages"] == inputs["small"]["pages"]
    assert results["scaling"]["mid_pages"] == batch
    marginal = results["marginal"]
    assert marginal["small_pages"] == inputs["small"]["pages"]
    assert marginal["mid_pages"] == batch
    assert marginal["big_pages"] == inputs["big"]["pages"]
    assert marginal["fixed_pages"] in range(1, batch)  # the batch's smallest file
    assert results["reruns"]["unchanged"]["pages"] == batch
    assert results["reruns"]["version_bump"]["pages"] == batch
    assert results["reruns"]["unchanged_big"]["pages"] == inputs["big"]["pages"]
    added = results["reruns"]["one_added_big"]["pages"]  # a batch file's copy
    assert added - inputs["big"]["pages"] in range(1, batch)
    copies = results["reruns"]["batch_added_big"]  # every batch file's copy
    assert (copies["pages"], copies["database_pages"]) == (batch, added)
    assert copies["first_load_seconds"] == rates["ingest_all"]["seconds"]
    ratio = copies["seconds"] / copies["first_load_seconds"]
    assert copies["vs_first_load"] == pytest.approx(ratio, abs=0.0005)
    writer = results["writer"]
    assert writer["pages"] == writer["writer_runs"]["all"]["pages"]
    assert writer["pages"] == inputs["big"]["pages"]
    assert writer["files"] == inputs["big"]["files"]
    assert 0 < writer["writer_runs"]["fifth"]["pages"] < writer["pages"]


def test_relations(results: dict) -> None:
    """Ratios are the rates' quotients; the tree holds at least its largest process."""
    rates, ratios = results["rates"], results["ratios"]
    one, floor = rates["ingest_1"]["pages_per_s"], rates["pypdfium2"]["pages_per_s"]
    assert ratios["ingest_1_vs_pypdfium2"] == pytest.approx(one / floor, rel=0.01)
    every = rates["ingest_all"]["pages_per_s"]
    assert ratios["ingest_all_vs_ingest_1"] == pytest.approx(every / one, rel=0.01)
    assert rates["ingest_all"]["workers"] == 2
    single = rates["single_all"]["pages_per_s"] / rates["single_1"]["pages_per_s"]
    assert ratios["single_all_vs_single_1"] == pytest.approx(single, rel=0.01)
    alone = rates["single_1"]["pages_per_s"]
    for engine in ("pypdfium2", "pdfplumber"):
        floor = rates[f"single_{engine}"]["pages_per_s"]
        assert ratios[f"single_1_vs_{engine}"] == pytest.approx(alone / floor, rel=0.01)
    big = rates["big_all"]["pages_per_s"] / rates["big_1"]["pages_per_s"]
    assert ratios["big_all_vs_big_1"] == pytest.approx(big, rel=0.01)
    amdahl = results["amdahl"]
    serial = amdahl["serial_seconds"]
    assert serial == results["marginal"]["fixed_seconds"]
    assert amdahl["workers"] == 2
    for key, run in [
        ("ingest_all_vs_ingest_1", "ingest_1"),
        ("single_all_vs_single_1", "single_1"),
        ("big_all_vs_big_1", "big_1"),
    ]:
        total = rates[run]["seconds"]
        bound = total / (min(serial, total) + max(total - serial, 0) / 2)
        assert amdahl[key] == pytest.approx(bound, rel=0.01), key
        assert 1.0 <= amdahl[key] < 2.0
    for m in results["memory"].values():
        assert m["peak_tree_mib"] >= m["peak_process_mib"] > 0
        assert m["processes"] >= 1
    scaling = results["scaling"]
    assert scaling["big_vs_small"] == pytest.approx(
        scaling["big_ms_per_page"] / scaling["small_ms_per_page"], rel=0.01
    )
    assert scaling["big_vs_mid"] == pytest.approx(
        scaling["big_ms_per_page"] / scaling["mid_ms_per_page"], rel=0.01
    )
    short, long = results["long_protokoll"]
    assert (short["pages"], long["pages"]) == (12, 48)  # the quick sizes
    assert short["read_vs_first"] == short["extract_vs_first"] == 1.0
    for key in ("read", "extract"):
        assert long[f"{key}_vs_first"] == pytest.approx(
            long[f"{key}_ms_per_page"] / short[f"{key}_ms_per_page"], rel=0.01
        )
    assert long["peak_mib"] > 0 and long["start_seconds"] > 0
    sys.path.insert(0, str(ROOT))
    from bench.writer import NOISE_SECONDS

    writer, runs = results["writer"], results["writer"]["writer_runs"]
    pages = runs["all"]["pages"] - runs["fifth"]["pages"]
    seconds = runs["all"]["seconds"] - runs["fifth"]["seconds"]
    assert writer["writer_ms_per_page"] == pytest.approx(
        seconds / pages * 1000, rel=0.01, abs=0.002
    )
    if seconds >= NOISE_SECONDS and writer["writer_ms_per_page"] > 0:
        cores = writer["worker_ms_per_page"] / writer["writer_ms_per_page"]
        expected = pytest.approx(cores, rel=0.02, abs=0.1)
    else:  # a few dozen pages: less than the noise of two runs
        expected = None
    assert writer["worker_cores_one_writer_feeds"] == expected
    marginal, fixed = results["marginal"], results["marginal"]["fixed_seconds"]
    for size, rate in (("mid", "ingest_1"), ("big", "big_1")):  # both on one core
        seconds, pages = rates[rate]["seconds"], rates[rate]["pages"]
        extra = pages - marginal["fixed_pages"]
        beyond = (seconds - fixed) / extra * 1000
        # Both times are stored to the millisecond: on a loaded machine the
        # difference may be a few of them, so allow their rounding.
        rounding = 1.0 / extra + 0.0005
        assert marginal[f"{size}_ms_per_page"] == pytest.approx(
            beyond, rel=0.01, abs=rounding
        )


def test_cluster_run(results: dict) -> None:
    """The large batch, loaded whole on the Dask cluster and by local
    workers: its fields, page counts and quotients."""
    if results["cluster"] is None:
        pytest.skip(
            "Dask distributed is not installed: the benchmark made no cluster run"
        )
    cluster, big = results["cluster"], results["inputs"]["big"]
    assert set(cluster) == {
        "files",
        "pages",
        "workers",
        "local",
        "dask",
        "dask_seconds_over_local",
    }
    run = {"pages", "seconds", "pages_per_s", "ingest_process_cpu_s"}
    run |= {"ingest_process_ms_per_page"}
    assert set(cluster["local"]) == run
    assert set(cluster["dask"]) == run | {"scheduler_cpu_s", "ingest_process_peak_mib"}
    assert (cluster["pages"], cluster["files"]) == (big["pages"], big["files"])
    local, dask = cluster["local"], cluster["dask"]
    assert local["pages"] == dask["pages"] == cluster["pages"]
    assert cluster["workers"] == 2
    assert cluster["dask_seconds_over_local"] == pytest.approx(
        dask["seconds"] / local["seconds"], rel=0.01
    )
    for run_ in (local, dask):
        assert run_["ingest_process_ms_per_page"] == pytest.approx(
            run_["ingest_process_cpu_s"] * 1000 / run_["pages"], rel=0.01, abs=0.001
        )
        assert run_["ingest_process_cpu_s"] > 0
    assert dask["scheduler_cpu_s"] > 0
    assert dask["ingest_process_peak_mib"] > 0


def test_each_first_run_starts_from_an_empty_database(tmp_path: Path) -> None:
    """A database left in a kept --work folder is removed before a first run
    (it made the 'first' run a re-run); a re-run keeps it."""
    sys.path.insert(0, str(ROOT))
    from conftest import corpus_pdfs

    from bench import runs

    one, other = corpus_pdfs()[:2]
    db = tmp_path / "one.db"
    first = runs.ingest([one], db, 1)
    again = runs.ingest([other], db, 1)
    both = runs.ingest([one], db, 1, fresh=False)
    assert again.pages == runs.stored_pages(db) - first.pages
    assert both.pages == first.pages + again.pages


def test_marginal_cost_subtracts_the_one_file_run() -> None:
    """The cost a page adds is a run's seconds beyond the one-file run's,
    over its pages beyond that run's; big over small is their quotient."""
    sys.path.insert(0, str(ROOT))
    from bench import runs
    from bench.tree import Sampled

    def run(pages: int, seconds: float) -> runs.Run:
        return runs.Run(pages, Sampled(seconds, 0, 1.0, 1.0, 1, ""))

    found = runs.marginal(
        run(2, 1.0), {"small": run(102, 1.5), "mid": run(1002, 4.0), "big": run(2, 1.2)}
    )
    assert found == {
        "fixed_pages": 2,
        "fixed_seconds": 1.0,
        "small_pages": 102,
        "small_ms_per_page": 5.0,
        "mid_pages": 1002,
        "mid_ms_per_page": 3.0,
        "big_pages": 2,
        "big_ms_per_page": None,  # no page beyond the one-file run's
        "big_vs_small": None,
        "big_vs_mid": None,
    }
    bigger = runs.marginal(
        run(2, 1.0), {"small": run(102, 1.5), "big": run(5002, 16.0)}
    )
    assert bigger["big_ms_per_page"] == 3.0
    assert bigger["big_vs_small"] == 0.6
    assert bigger["big_vs_mid"] is None


def test_amdahl_keeps_the_one_file_run_serial() -> None:
    """Each prediction is Amdahl's law with the one-file run's seconds
    serial: T / (S + (T - S) / workers); a run shorter than it gains nothing."""
    sys.path.insert(0, str(ROOT))
    from bench import runs
    from bench.tree import Sampled

    def run(pages: int, seconds: float) -> runs.Run:
        return runs.Run(pages, Sampled(seconds, 0, 1.0, 1.0, 1, ""))

    found = runs.amdahl(run(2, 1.0), {"batch": run(1000, 5.0), "short": run(3, 0.5)}, 2)
    assert found == {
        "serial_seconds": 1.0,
        "workers": 2,
        "batch": 1.667,  # 5 / (1 + 4 / 2)
        "short": 1.0,
    }
    assert runs.amdahl(run(2, 1.0), {"big": run(5000, 21.0)}, 4)["big"] == 3.5


def test_many_files(tmp_path: Path) -> None:
    """``bench/many_files.py`` loads N and 10 N distinct files, each run
    twice, and reports what one more file costs the largest process."""
    out = tmp_path / "many.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "many_files.py"), "--files", "12"]
        + ["--workers", "2", "--json", str(out), "--work", str(tmp_path / "w")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(out.read_text(encoding="utf-8"))
    assert set(found) == {
        "small",
        "large",
        "first_kib_per_file",
        "unchanged_kib_per_file",
        "seconds",
    }
    for name, files in (("small", 12), ("large", 120)):
        assert found[name]["files"] == files
        assert set(found[name]) == {"files", "first", "unchanged"}
        for run in ("first", "unchanged"):  # one page a file, all kept
            assert set(found[name][run]) == {"pages", "seconds", "peak_mib"}
            assert found[name][run]["pages"] == files
    for run in ("first", "unchanged"):
        grown = found["large"][run]["peak_mib"] - found["small"][run]["peak_mib"]
        assert found[f"{run}_kib_per_file"] == round(grown * 1024 / 108, 3)
    folders = sorted(p.name for p in (tmp_path / "w" / "files_120").iterdir())
    assert folders == ["complete", "d0000"]
