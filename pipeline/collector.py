"""The cyclic garbage collector while a run starts.

A run's start mostly adds objects that live as long as the process:
importing spaCy, dateparser, sqlite-utils and the extractors, compiling
their patterns, making the schema. Python's collector, run every few
hundred allocations, walked that growing heap again and again: three full
collections and some four hundred young ones, and one more full collection
before the workers forked, about 0.25 s of CPU of a 1.2 s one-file run.

:func:`loading` follows the remedy the documentation of :func:`gc.freeze`
gives a process that forks: the collector is off while it loads, and what
was loaded is frozen (never walked again by a collection, in this process
or in a forked worker, whose pages therefore stay shared). What little
cyclic garbage the start makes (some thousands of objects, about 2 MB) is
frozen with it rather than collected; objects freed by their reference
count are freed as always. A later run in the same process collects what
an earlier one froze (:func:`new_run`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_froze = False
"""Whether :func:`loading` froze objects that :func:`new_run` has not thawed."""


@contextmanager
def loading() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off, then freeze every
    object alive; the collector is on again after it if it was before."""
    global _froze
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        _froze = True
        if collecting:
            gc.enable()


def new_run() -> None:
    """Collect what an earlier run in this process froze and left.

    A program that runs ingest again and again would otherwise keep each
    run's cyclic garbage frozen for good. Thawing at the end of a run
    instead cost the command line 0.2 s: the collection Python makes as it
    exits then walks the whole heap. So the first run pays nothing and a
    later one a full collection.
    """
    global _froze
    if _froze:
        gc.unfreeze()
        gc.collect()
        _froze = False
