"""Discover stage: paths given by the user → PDF files with their hashes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from extractors.core.errors import NoInputFiles
from extractors.core.models import SourceFile


def find_pdfs(paths: Iterable[str | Path]) -> list[Path]:
    """Return the PDF files named by ``paths`` (folders searched recursively).

    Files named explicitly are taken whatever their suffix; inside folders,
    names ending in ``.pdf`` in any case. Each file is listed once, sorted.
    """
    found: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() == ".pdf":
                    found[child] = None
        elif path.is_file():
            found[path] = None
        else:
            raise NoInputFiles(f"no such file or folder: {path}")
    if not found:
        raise NoInputFiles("no PDF files found in " + ", ".join(str(p) for p in paths))
    return sorted(found)


def describe(path: Path) -> SourceFile:
    """Return the :class:`SourceFile` of ``path``: its SHA-256 and size."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return SourceFile(str(path), digest.hexdigest(), size)
