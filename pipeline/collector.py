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
count are freed as always.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def loading() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off, then freeze every
    object alive; the collector is on again after it if it was before."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
