"""Idle cores claimed round by round: a file takes the cores a batch leaves idle.

The claims are real shared memory (:class:`Slots`) used by real forked
processes; the file test reads the rounds from the debug log the workers
write, one line a round of several items, with the processes it ran on.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, ROOT
from test_parallel import joined

from extractors.core.models import FileResult, SourceFile
from pipeline import parallel
from pipeline.discover import describe
from pipeline.isolate import Limits, run_isolated
from pipeline.parallel import Share, Slots
from pipeline.process import process_path


def test_a_claim_takes_only_what_is_idle_and_comes_back() -> None:
    """Claims stop at the slots offered, less what others hold; a release
    or a cleared worker gives them back; an offer below the claims lets
    nobody claim until enough are given back."""
    slots = Slots(3)
    assert slots.claim(0, 2) == 0  # nothing offered yet
    slots.offer(2)
    assert slots.claim(0, 5) == 2
    assert slots.claim(1, 1) == 0
    assert (slots.free(), slots.claimed(0)) == (0, 2)
    slots.release(0, 1)
    assert slots.claim(1, 2) == 1
    assert (slots.free(), slots.claimed(0), slots.claimed(1)) == (0, 1, 1)
    slots.clear(0)  # its worker ended holding one
    assert (slots.free(), slots.claimed(0)) == (1, 0)
    slots.offer(0)  # a worker became busy again
    assert slots.free() == -1
    assert slots.claim(2, 1) == 0
    slots.release(1, 1)
    assert slots.free() == 0


def test_a_share_claims_per_round_and_gives_back_on_an_error() -> None:
    """A round claims one helper an item at most, within the share's
    helpers; the claim is given back when the round ends, raising or not.
    A share without slots has its helpers for good."""
    slots = Slots(4)
    slots.offer(3)
    share = Share(helpers=2, slots=slots, slot=1)
    with share.claimed(5) as processes:
        assert (processes, slots.claimed(1), slots.free()) == (3, 2, 1)
    assert (slots.claimed(1), slots.free()) == (0, 3)
    with pytest.raises(ValueError), share.claimed(1) as processes:
        assert (processes, slots.free()) == (2, 2)
        raise ValueError("a round failed")
    assert slots.free() == 3
    assert [p for p, _ in share.map(lambda i: (i, os.getpid()), 2)] == [0, 1]
    assert slots.free() == 3
    with Share(helpers=2).claimed(5) as processes:
        assert processes == 3


def test_a_round_takes_a_core_that_becomes_idle_while_it_runs() -> None:
    """A round started with no idle slot forks a helper as soon as one is
    offered, before its next item, and gives it back when it ends."""
    slots = Slots(2)
    share = Share(helpers=1, slots=slots, slot=0)

    def item(i: int) -> int:
        if i == 0:
            slots.offer(1)  # the other worker's file ended
        time.sleep(0.2)
        return os.getpid()

    pids = share.map(item, 6)
    assert pids[0] == os.getpid()
    assert len(set(pids)) == 2
    assert (slots.free(), slots.claimed(0)) == (1, 0)
    slots.offer(0)
    again = share.map(item, 3)  # item 0 offers one: a helper takes item 2
    assert len(set(again)) == 2
    assert slots.free() == 1


def _claim_often(slots: Slots, slot: int, in_use: Any, over: Any, got: Any) -> None:
    """Claim one or two slots 300 times, holding them a moment; count the
    times helpers in use went beyond the two offered."""
    for i in range(300):
        with Share(helpers=2, slots=slots, slot=slot).claimed(1 + i % 2) as processes:
            helpers = processes - 1
            with in_use.get_lock():
                in_use.value += helpers
                if in_use.value > 2:
                    over.value += 1
            got.value += helpers
            time.sleep(0.0005)
            with in_use.get_lock():
                in_use.value -= helpers
        time.sleep(0.0005)


def test_concurrent_claims_of_two_processes_never_exceed_the_offer() -> None:
    """Two forked processes claiming the same two idle slots at once never
    hold more than two between them; both got some; all come back."""
    context = multiprocessing.get_context("fork")
    slots = Slots(3, context)
    slots.offer(2)
    in_use, over = context.Value("i", 0), context.Value("i", 0)
    got = [context.Value("i", 0, lock=False), context.Value("i", 0, lock=False)]
    children = [
        context.Process(target=_claim_often, args=(slots, k, in_use, over, got[k]))
        for k in (0, 1)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join()
    assert [child.exitcode for child in children] == [0, 0]
    assert over.value == 0
    assert got[0].value > 0 and got[1].value > 0
    assert (slots.free(), slots.claimed(0), slots.claimed(1)) == (2, 0, 0)


def _hold_the_lock(slots: Slots) -> None:
    slots._cells.get_lock().acquire()
    time.sleep(60)


def test_a_lock_left_held_by_a_killed_process_stops_claims_not_the_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A process killed holding the lock: a claim waits LOCK_WAIT once and
    gets nothing; later claims get nothing at once; offers are still written."""
    monkeypatch.setattr(parallel, "LOCK_WAIT", 0.3)
    context = multiprocessing.get_context("fork")
    slots = Slots(2, context)
    slots.offer(1)
    child = context.Process(target=_hold_the_lock, args=(slots,))
    child.start()
    lock = slots._cells.get_lock()
    while lock.acquire(timeout=0):  # until the child holds it
        lock.release()
        time.sleep(0.01)
    child.kill()
    child.join()
    started = time.monotonic()
    assert slots.claim(0, 1) == 0
    waited = time.monotonic() - started
    assert slots.claim(1, 1) == 0
    assert 0.3 <= waited and time.monotonic() - started < waited + 0.1
    slots.offer(0)
    assert slots._raw[0] == 0
    with Share(helpers=1, slots=slots).claimed(1) as processes:
        assert processes == 1


def _source(path: str) -> SourceFile:
    return SourceFile(path=path, sha256=Path(path).name * 4, bytes=1)


def claimer(path: str, hint: str | None, share: Share | None = None) -> FileResult:
    """Work whose file names say what to do with idle slots (see the test)."""
    assert share is not None
    name = Path(path).name
    if name.startswith("sleep"):
        time.sleep(float(name.split("-")[1]))
    while name == "holder":  # claim one, write that it holds it, sleep
        with share.claimed(2) as processes:
            if processes >= 2:
                Path(hint or "").write_text(str(processes))
                time.sleep(60)
        time.sleep(0.01)
    processes = 1
    while name == "wants-two" and processes < 3:  # until two are free
        with share.claimed(2) as processes:
            pass
        time.sleep(0.01)
    return FileResult(_source(path), [], [], [], str(processes))


def test_a_worker_killed_holding_a_claim_gives_it_back(tmp_path: Path) -> None:
    """Three workers: the holder claims the slot a finished file left idle
    and is killed past its limit holding it; the file that waits for two
    free slots gets them once the holder's worker is gone, within its own
    limit, so the killed worker's claim came back."""
    held = tmp_path / "held"
    names = ["holder", "sleep-2", "sleep-2.5", "wants-two"]
    results = run_isolated(
        [_source(name) for name in names],
        [str(held), None, None, None],
        claimer,
        3,
        Limits(seconds=4),
    )
    out = [r.municipality if isinstance(r, FileResult) else r.reason for r in results]
    assert out == ["took longer than 4 s", "1", "1", "3"]
    assert held.read_text() == "2"


@pytest.fixture(scope="module")
def small_and_large(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A 54-page file (the corpus twice) and a 327-page one (the
    corpus, then a long synthetic protocol)."""
    folder = tmp_path_factory.mktemp("cores")
    corpus = sorted(CORPUS.glob("*.pdf"))
    small = joined(corpus * 2, folder / "a_small.pdf")
    protocol = folder / "protocol.pdf"
    script = ROOT / "bench" / "long_protocol.py"
    subprocess.run([sys.executable, str(script), "300", str(protocol)], check=True)
    return [small, joined([*corpus, protocol], folder / "b_large.pdf")]


def test_a_large_file_takes_the_core_a_finished_file_leaves(
    small_and_large: list[Path], tmp_path: Path
) -> None:
    """Two workers: the large file starts beside the small one, so its first
    round (reading page ranges) starts on one process; the small file ends
    within it, and every later round runs on two. Both results equal one
    process's."""
    log = tmp_path / "rounds.log"
    handler = logging.FileHandler(log)
    handler.setFormatter(logging.Formatter("%(process)d %(message)s"))
    logger = logging.getLogger("pipeline.parallel")
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        sources = [describe(path) for path in small_and_large]
        results = list(
            run_isolated(sources, [None, None], process_path, 2, Limits(), chunk=60)
        )
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        handler.close()
    rounds = [line.split() for line in log.read_text().splitlines()]
    assert len({pid for pid, *_ in rounds}) == 1  # the large file's worker alone
    items = [int(words[4]) for words in rounds]
    starts = [int(words[7]) for words in rounds]
    ends = [int(words[9]) for words in rounds]
    assert items[0] == 4  # the page ranges of 327 pages, 60 at least each
    assert len(rounds) >= 3
    assert starts == [1] + [2] * (len(rounds) - 1)
    assert ends[1:] == starts[1:]  # the first round may gain one as it runs
    assert ends[0] in (1, 2)
    assert results == [process_path(str(path)) for path in small_and_large]


def _hold_the_lock_for(slots: Slots, seconds: float) -> None:
    """Hold the slots' lock for ``seconds`` (a live process, slow to let go)."""
    lock = slots._cells.get_lock()
    lock.acquire()
    time.sleep(seconds)
    lock.release()


def test_a_claim_is_given_back_after_a_wait_for_the_lock_timed_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A round ending while another process holds the lock past LOCK_WAIT
    still gives its claim back (only its own cell is written); a new worker
    asks for the lock again, whatever its parent's last wait gave."""
    monkeypatch.setattr(parallel, "LOCK_WAIT", 0.3)
    context = multiprocessing.get_context("fork")
    slots = Slots(3, context)
    slots.offer(2)
    holder = context.Process(target=_hold_the_lock_for, args=(slots, 0.8))
    with Share(helpers=2, slots=slots, slot=0).claimed(1) as processes:
        assert (processes, slots.claimed(0)) == (2, 1)
        holder.start()
        lock = slots._cells.get_lock()
        while lock.acquire(timeout=0):  # until the holder has it
            lock.release()
            time.sleep(0.01)
    assert slots.claimed(0) == 0  # given back while the lock was held
    assert slots.claim(1, 1) == 0  # this process waited LOCK_WAIT: lost
    holder.join()
    assert (slots.free(), slots.claim(1, 1)) == (2, 0)  # lost: it claims no more
    slots.retry()
    assert slots.claim(1, 2) == 2


def test_tesseract_claims_cores_only_for_scanned_pages() -> None:
    """A file's OCR step claims at most one core per scanned page beyond its
    worker's: none for a born-digital file, none for a single scan."""
    from pipeline.read import read_raw, scanned_pages

    claims = {}
    for name in ("granvik_an_kallelse_2024-03-12.pdf", "granvik_kf_motioner_2023.pdf"):
        raw = read_raw((CORPUS / name).read_bytes())
        scans = scanned_pages(raw)
        context = multiprocessing.get_context("fork")
        slots = Slots(3, context)
        slots.offer(2)
        with Share(helpers=2, slots=slots).claimed(len(scans) - 1) as processes:
            claims[name] = (scans, processes, slots.claimed(0))
    assert claims == {
        "granvik_an_kallelse_2024-03-12.pdf": ([6], 1, 0),
        "granvik_kf_motioner_2023.pdf": ([], 1, 0),
    }
