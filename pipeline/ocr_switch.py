"""Whether scanned pages can be read with OCR here, and the switch that turns it off.

Apart from the reader (:mod:`pipeline.read.ocr`) so that asking costs no
import of the PDF libraries: an unchanged re-run asks, and reads nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

#: Environment variable that turns OCR off when set to ``off``.
OFF_VARIABLE = "DIARIUM_OCR"
#: Environment variable naming the tesseract command (default ``tesseract``).
COMMAND_VARIABLE = "DIARIUM_TESSERACT"
#: The tesseract language model pages are read with.
LANGUAGE = "swe"

#: What reads scanned pages where it is missing.
_INSTALL = "tesseract-ocr-swe would read them"


def unavailable() -> str | None:
    """Return why OCR cannot run here (in words), or None when it can."""
    if os.environ.get(OFF_VARIABLE, "").strip().lower() in {"off", "0", "no"}:
        return "OCR was turned off (--no-ocr or DIARIUM_OCR=off)"
    command = os.environ.get(COMMAND_VARIABLE) or "tesseract"
    return _missing(command, os.environ.get("PATH", os.defpath))


@contextmanager
def turned_off(off: bool = True) -> Iterator[None]:
    """Turn OCR off (``off``) for the block, in this process and its workers."""
    before = os.environ.get(OFF_VARIABLE)
    if off:
        os.environ[OFF_VARIABLE] = "off"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(OFF_VARIABLE, None)
        else:
            os.environ[OFF_VARIABLE] = before


@lru_cache(maxsize=8)
def _missing(command: str, path: str) -> str | None:
    """Return why ``command`` cannot read Swedish, or None when it can."""
    found = shutil.which(command, path=path)
    if found is None:
        return f"tesseract is not installed; {_INSTALL}"
    try:
        done = subprocess.run(
            [found, "--list-langs"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return "tesseract does not run"
    if LANGUAGE not in done.stdout.split():
        return f"tesseract has no Swedish language data; {_INSTALL}"
    return None
