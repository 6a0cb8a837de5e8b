"""Whether scanned pages can be read with OCR here, the switch that turns it
off, and where tesseract's readings are cached.

Apart from the reader (:mod:`pipeline.read.ocr`) so that asking costs no
import of the PDF libraries: an unchanged re-run asks, and reads nothing.
Settings are environment variables so that worker processes inherit them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache
from pathlib import Path

#: Environment variable that turns OCR off when set to ``off``.
OFF_VARIABLE = "DIARIUM_OCR"
#: Environment variable naming the tesseract command (default ``tesseract``).
COMMAND_VARIABLE = "DIARIUM_TESSERACT"
#: The tesseract language model pages are read with.
LANGUAGE = "swe"
#: Environment variable naming the OCR cache folder, or ``off`` to turn it off
#: (:mod:`pipeline.read.ocr_cache`; default :func:`default_cache_folder`).
CACHE_VARIABLE = "DIARIUM_OCR_CACHE"

#: Values of a variable that turn its feature off.
_OFF = frozenset({"off", "0", "no"})

#: What reads scanned pages where it is missing.
_INSTALL = "tesseract-ocr-swe would read them"


def unavailable() -> str | None:
    """Return why OCR cannot run here (in words), or None when it can."""
    if os.environ.get(OFF_VARIABLE, "").strip().lower() in _OFF:
        return "OCR was turned off (--no-ocr or DIARIUM_OCR=off)"
    command = os.environ.get(COMMAND_VARIABLE) or "tesseract"
    return _missing(command, os.environ.get("PATH", os.defpath))


def turned_off(off: bool = True) -> AbstractContextManager[None]:
    """Turn OCR off (``off``) for the block, in this process and its workers."""
    return _setting(OFF_VARIABLE, "off" if off else None)


def cache_at(folder: str | None) -> AbstractContextManager[None]:
    """Use ``folder`` as the OCR cache (``off``: none) for the block, in this
    process and its workers; None leaves the setting as it is."""
    return _setting(CACHE_VARIABLE, folder)


def cache_folder() -> Path | None:
    """Return the folder of the OCR cache, or None when it is turned off."""
    value = os.environ.get(CACHE_VARIABLE, "").strip()
    if value.lower() in _OFF:
        return None
    return Path(value).expanduser() if value else default_cache_folder()


def default_cache_folder() -> Path | None:
    """Return ``$XDG_CACHE_HOME/diarium/ocr``, else ``~/.cache/diarium/ocr``
    (None for a user without a home folder: no cache)."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base and os.path.isabs(base):
        return Path(base) / "diarium" / "ocr"
    try:
        return Path.home() / ".cache" / "diarium" / "ocr"
    except RuntimeError:  # no HOME and no password entry
        return None


@contextmanager
def _setting(name: str, value: str | None) -> Iterator[None]:
    """Set the environment variable ``name`` to ``value`` (None: leave it) for
    the block."""
    before = os.environ.get(name)
    if value is not None:
        os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


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
