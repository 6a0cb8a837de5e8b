"""Format the benchmark's results as a markdown table (for the README)."""

from __future__ import annotations

ENGINES = [
    ("pypdfium2", "pypdfium2 raw text"),
    ("pdfplumber", "pdfplumber `extract_text`"),
    ("pdftotext", "poppler `pdftotext`"),
    ("ingest_1", "diarium ingest, 1 worker on 1 core"),
    ("ingest_all", "diarium ingest, all workers"),
]


def markdown(results: dict) -> str:
    """Return the results as markdown: rates, memory, re-runs and start-up."""
    machine, batch = results["machine"], results["inputs"]["batch"]
    load = "/".join(f"{x:.2f}" for x in machine["load_average_before"])
    lines = [
        f"{batch['files']} files, {batch['pages']} pages; "
        f"{machine['cpus']} cores, load average {load} before the run; "
        f"OCR of scanned pages {'on' if machine.get('ocr') else 'off'}.",
        "",
    ]
    rates = results["rates"]
    lines += _readers(rates)
    single = results["inputs"]["single"]
    alone = f"The long file alone ({single['made_of']}, {single['pages']} pages):"
    lines += ["", alone, ""]
    lines += _readers(rates, "single_")
    lines += ["", "| ingest | pages | s | peak MiB, all processes | largest process |"]
    lines.append("|---|---:|---:|---:|---:|")
    for key, name in [
        ("single_file", "one long file"),
        ("big_batch", "large batch"),
    ]:
        m = results["memory"][key]
        lines.append(
            f"| {name} | {m['pages']} | {m['seconds']:.1f} | "
            f"{m['peak_tree_mib']:.0f} | {m['peak_process_mib']:.0f} |"
        )
    scaling, reruns = results["scaling"], results["reruns"]
    startup, ratios = results["startup"], results["ratios"]
    single_1, single_all = rates["single_1"], rates["single_all"]
    big_1, big_all = rates["big_1"], rates["big_all"]
    lines += [
        "",
        f"- The long file alone: {single_1['seconds']:.1f} s with 1 worker on 1 "
        f"core, {single_all['seconds']:.1f} s with {single_all['workers']} workers "
        f"({ratios['single_all_vs_single_1']:.2f}×).",
        f"- The large batch: {big_1['seconds']:.1f} s with 1 worker on 1 core, "
        f"{big_all['seconds']:.1f} s with {big_all['workers']} workers "
        f"({ratios['big_all_vs_big_1']:.2f}×).",
        f"- Per-page cost, {scaling['big_pages']} pages vs {scaling['small_pages']}: "
        f"{scaling['big_vs_small']:.2f}× ({scaling['small_ms_per_page']:.1f} → "
        f"{scaling['big_ms_per_page']:.1f} ms/page); vs {scaling['mid_pages']}: "
        f"{scaling['big_vs_mid']:.2f}× ({scaling['mid_ms_per_page']:.1f} → "
        f"{scaling['big_ms_per_page']:.1f} ms/page).",
        _marginal(results["marginal"]),
        _amdahl(results["amdahl"], ratios),
        _protokoll(results["long_protokoll"]),
        f"- Unchanged re-run: {reruns['unchanged']['percent_of_first']:.1f}% of the "
        f"first run ({reruns['unchanged_big']['percent_of_first']:.1f}% of the large "
        f"batch's); after a `{reruns['version_bump']['kind']}` version bump: "
        f"{reruns['version_bump']['percent_of_first']:.1f}%.",
        f"- Adding one file to the large batch's database: "
        f"{reruns['one_added_big']['seconds']:.1f} s, "
        f"{reruns['one_added_big']['percent_of_first']:.1f}% of its first run.",
        _added(reruns["batch_added_big"]),
        f"- `diarium --help`: {startup['help_seconds']:.2f} s; `diarium serve` "
        f"answers after {startup['serve_seconds']:.2f} s.",
        _writer(results["writer"]),
        _cluster(results["cluster"]),
    ]
    return "\n".join(lines)


def _readers(rates: dict, prefix: str = "") -> list[str]:
    """Return the table of every reader's rate over one input: the batch's
    (``rates["pypdfium2"]``, ``rates["ingest_1"]`` …), or with ``prefix``
    ``"single_"`` the long file's (``rates["single_pypdfium2"]``,
    ``rates["single_1"]`` …)."""
    keys = {key: key for key, _ in ENGINES}
    if prefix:
        keys = {key: prefix + key.removeprefix("ingest_") for key in keys}
    floor = rates[keys["pypdfium2"]]["pages_per_s"]
    plumber = rates[keys["pdfplumber"]]["pages_per_s"]
    lines = ["| reader | pages/s | × pypdfium2 | × pdfplumber |"]
    lines.append("|---|---:|---:|---:|")
    for key, name in ENGINES:
        rate = rates.get(keys[key])
        if rate is None:
            continue
        if key == "ingest_all":
            name = f"diarium ingest, {rate['workers']} workers"
        speed = rate["pages_per_s"]
        lines.append(
            f"| {name} | {speed:.1f} | {speed / floor:.2f} | {speed / plumber:.1f} |"
        )
    return lines


def _cluster(c: dict | None) -> str:
    """Return the line on the large batch on a Dask cluster against local workers."""
    if c is None:
        return "- Dask distributed is not installed: no cluster run."
    local, dask = c["local"], c["dask"]
    return (
        f"- On a Dask cluster of {c['workers']} workers on loopback, the large "
        f"batch took {dask['seconds']:.1f} s against {local['seconds']:.1f} s with "
        f"{c['workers']} local workers ({c['dask_seconds_over_local']:.2f}×); the "
        f"ingest process used {dask['ingest_process_ms_per_page']:.2f} ms of CPU "
        f"a page ({local['ingest_process_ms_per_page']:.2f} with local workers), "
        f"the scheduler {dask['scheduler_cpu_s']:.1f} s in all; the ingest "
        f"process peaked at {dask['ingest_process_peak_mib']:.0f} MiB."
    )


def _writer(w: dict) -> str:
    """Return the line on how many worker cores one writer keeps up with."""
    if w["worker_cores_one_writer_feeds"] is None:
        return "- Too few pages to tell how many worker cores one ingest keeps up with."
    return (
        f"- One ingest process keeps up with about "
        f"{w['worker_cores_one_writer_feeds']:.1f} worker cores: on one core, a "
        f"page of the large batch costs a worker {w['worker_ms_per_page']:.2f} ms "
        f"and the ingest process {w['writer_ms_per_page']:.2f} ms (saving, "
        f"search rows, analysis)."
    )


def _marginal(m: dict) -> str:
    """Return the line on the cost a page adds beyond a one-file run."""
    costs = ", ".join(
        f"{m[f'{name}_pages']} pages {m[f'{name}_ms_per_page']:.2f}"
        for name in ("small", "mid", "big")
        if m.get(f"{name}_ms_per_page") is not None
    )
    ratios = ", ".join(
        f"{m[f'big_vs_{name}']:.2f}× vs {m[f'{name}_pages']}"
        for name in ("small", "mid")
        if m.get(f"big_vs_{name}") is not None
    )
    compared = f"; the large batch {ratios}" if ratios else ""
    return (
        f"- Per-page cost beyond a one-file run ({m['fixed_pages']} pages, "
        f"{m['fixed_seconds']:.2f} s: start-up and end of run), 1 core: "
        f"{costs} ms/page{compared}."
    )


def _amdahl(a: dict, ratios: dict) -> str:
    """Return the line on the speed-ups Amdahl's law predicts."""
    names = [
        ("ingest_all_vs_ingest_1", "the batch"),
        ("single_all_vs_single_1", "the long file"),
        ("big_all_vs_big_1", "the large batch"),
    ]
    each = "; ".join(
        f"{name} {a[key]:.2f}× (measured {ratios[key]:.2f}×)"
        for key, name in names
        if a.get(key) is not None and ratios.get(key) is not None
    )
    return (
        f"- Amdahl's law with the one-file run ({a['serial_seconds']:.2f} s) "
        f"serial predicts for {a['workers']} workers: {each}."
    )


def _protokoll(rows: list[dict]) -> str:
    """Return the line on one long generated protokoll at two sizes."""
    short, long = rows[0], rows[-1]
    return (
        f"- One generated protokoll, {long['pages']} pages against "
        f"{short['pages']}: reading {long['read_vs_first']:.2f}× "
        f"({short['read_ms_per_page']:.1f} → {long['read_ms_per_page']:.1f} "
        f"ms/page), extracting {long['extract_vs_first']:.2f}× "
        f"({short['extract_ms_per_page']:.1f} → "
        f"{long['extract_ms_per_page']:.1f} ms/page); peak "
        f"{long['peak_mib']:.0f} MiB."
    )


def _added(added: dict) -> str:
    """Return the line of the batch added to the large batch's database."""
    return (
        f"- The batch's {added['pages']} pages (copies with other bytes) added to "
        f"the large batch's database of {added['database_pages']} pages: "
        f"{added['seconds']:.1f} s against {added['first_load_seconds']:.1f} s "
        f"into an empty one ({added['vs_first_load']:.2f}×), all workers."
    )
