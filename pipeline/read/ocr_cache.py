"""The OCR cache: tesseract's TSV output kept by what decides it.

Reading a file again (a new reading version: a lexicon edit, a diarium
upgrade) renders its scanned pages again, but need not run tesseract again:
its output is a pure function of the rendered image's bytes, the tesseract
build (``tesseract --version``, first line), the language model (a digest of
its ``.traineddata`` file), the command line and :data:`FORMAT`. A digest of
all of them names one entry, ``<folder>/<2 hex>/<digest>.tsv.gz``, holding
the TSV exactly as tesseract wrote it; reading an entry sets its
modification time, so ``diarium ocr-cache --unused-days N``
(:mod:`pipeline.ocr_cache_files`) can remove those no run has used for a
while. Everything after tesseract
(:func:`pipeline.read.ocr.parse_tsv`, masking) runs as without the cache, so
the database is the same with it and without it.

Finding an entry takes the rendered image, and rendering costs about 70 ms
a page. So each page read also gets an index file,
``<folder>/<2 hex>/<digest>.page``, holding its entry's key; its digest
(:meth:`OcrCache.page_key`) is of all the entry's key is made of except the
image, and of what the image is a pure function of instead: the file's
SHA-256, the page number and the rendering (:func:`pipeline.read.render.rendering`:
pypdfium2's and PDFium's versions and the settings). A page whose index file
names an entry that is there and whole is not rendered; otherwise it is
rendered and looked up by its image as before, and its index file written.
Reading an index file sets its modification time too. One thing the image
depends on is left out: the system's fonts, which PDFium draws the few
letters a scanned page may show in a font the file does not embed with; a
page indexed before fonts were installed keeps its reading until the cache
is emptied.

The folder is :func:`pipeline.ocr_switch.cache_folder`: the user's cache
directory, never beside the database. Entries hold the raw text of scanned
pages, personal identity numbers and contact details unmasked: folders are
made ``0700`` and files ``0600``. Worker processes write at once without a
lock: each entry is written to a temporary file in its folder and renamed
into place. A cache that cannot be read or written never fails a page: it
is logged once per process and the page is read with tesseract.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import logging
import os
import re
import subprocess
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.ocr_cache_files import TEMPORARY_PREFIX, entry_path, index_path
from pipeline.ocr_switch import LANGUAGE, cache_folder

log = logging.getLogger(__name__)

#: Version of the entries' format and of what their key is made of.
FORMAT = "1"
#: The first bytes of tesseract's TSV output (its header row).
TSV_HEADER = b"level\t"
#: What an index file holds: an entry's key.
_KEY = re.compile(rb"[0-9a-f]{64}")
#: Where ``tesseract --list-langs`` names its language data folder.
_DATA_FOLDER = re.compile(r'"([^"]+)"')

#: The problems already logged in this process (each is logged once).
_logged: set[str] = set()


@dataclass(frozen=True)
class OcrCache:
    """The cache entries of one tesseract build, model and command line."""

    folder: Path
    """The cache's folder."""
    context: str
    """Digest of everything but the image that decides tesseract's output."""

    def key(self, image: bytes) -> str:
        """Return the key of ``image`` read in this context (hex SHA-256)."""
        image_digest = hashlib.sha256(image).hexdigest()
        return hashlib.sha256(f"{self.context}/{image_digest}".encode()).hexdigest()

    def entry(self, key: str) -> Path:
        """Return the file of the entry ``key``."""
        return entry_path(self.folder, key)

    def get(self, key: str) -> bytes | None:
        """Return the TSV stored under ``key``; None when there is none (or it is
        unreadable: it is then read with tesseract and written again)."""
        try:
            packed = self.entry(key).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            _log_once("read", "OCR cache entry could not be read: %s", exc)
            return None
        try:
            tsv = gzip.decompress(packed)
        except (OSError, EOFError, zlib.error) as exc:
            _log_once("corrupt", "OCR cache entry is damaged (%s): read again", exc)
            return None
        if not tsv.startswith(TSV_HEADER):
            _log_once("corrupt", "OCR cache entry is damaged: read again")
            return None
        _mark_used(self.entry(key))
        return tsv

    def put(self, key: str, tsv: bytes) -> bool:
        """Store ``tsv`` under ``key`` (a file readable by its owner only);
        return whether it was stored."""
        if not tsv.startswith(TSV_HEADER):
            return False  # not tesseract's TSV: nothing a later run could use
        return _write(self.entry(key), gzip.compress(tsv, compresslevel=6, mtime=0))

    def page_key(self, file_digest: str, number: int, rendering: str) -> str:
        """Return the key of page ``number`` of the file whose SHA-256 is
        ``file_digest``, rendered as ``rendering`` says, read in this context."""
        parts = [self.context, rendering, file_digest, number]
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()

    def indexed(self, page_key: str) -> str | None:
        """Return the key of the entry the page ``page_key`` was read as; None
        when no index file names one (or it is damaged)."""
        index = index_path(self.folder, page_key)
        try:
            said = index.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            _log_once("read", "OCR cache entry could not be read: %s", exc)
            return None
        if not _KEY.fullmatch(said):
            _log_once("corrupt", "OCR cache entry is damaged: read again")
            return None
        _mark_used(index)
        return said.decode()

    def link(self, page_key: str, key: str) -> None:
        """Write the index file saying that the page ``page_key`` is the entry
        ``key``."""
        _write(index_path(self.folder, page_key), key.encode())


def open_cache(command: str, args: list[str]) -> OcrCache | None:
    """Return the cache of ``command`` run with ``args``; None when it is off
    or tesseract does not say its version."""
    folder = cache_folder()
    if folder is None:
        return None
    version = tesseract_version(command)
    if version is None:
        _log_once("version", "tesseract gave no version: OCR cache not used")
        return None
    parts = [FORMAT, version, model_digest(command, LANGUAGE), args]
    context = hashlib.sha256(json.dumps(parts).encode()).hexdigest()
    return OcrCache(folder, context)


@functools.lru_cache(maxsize=4)
def tesseract_version(command: str) -> str | None:
    """Return the first line ``command --version`` prints (asked once a process)."""
    try:
        done = subprocess.run(
            [command, "--version"], capture_output=True, timeout=30, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    said = (done.stdout or done.stderr).decode("utf-8", "replace").strip()
    return said.splitlines()[0].strip() if said else None


@functools.lru_cache(maxsize=4)
def model_digest(command: str, language: str) -> str:
    """Return the SHA-256 of the ``language`` model ``command`` reads with
    (empty when its file is not found: the version then stands for it)."""
    try:
        done = subprocess.run(
            [command, "--list-langs"], capture_output=True, timeout=30, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    said = (done.stdout or done.stderr).decode("utf-8", "replace")
    found = _DATA_FOLDER.search(said)
    if found is None:
        return ""
    try:
        data = (Path(found.group(1)) / f"{language}.traineddata").read_bytes()
    except OSError:
        return ""
    return hashlib.sha256(data).hexdigest()


def _write(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` whole or not at all (a file readable by its
    owner only, in a folder that is the owner's only); return whether it was
    written."""
    try:
        _private_folder(path.parent)
        handle, temporary = tempfile.mkstemp(".tmp", TEMPORARY_PREFIX, path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        _log_once("write", "OCR cache could not be written: %s", exc)
        return False
    return True


def _private_folder(folder: Path) -> None:
    """Make ``folder`` and the cache folder above it, readable by the owner only."""
    if folder.is_dir():
        return
    folder.parent.parent.mkdir(parents=True, exist_ok=True)
    for made in (folder.parent, folder):
        try:
            made.mkdir(mode=0o700)
        except FileExistsError:
            pass


def _mark_used(entry: Path) -> None:
    """Set an entry's modification time to now: when it was last used, which
    ``diarium ocr-cache --unused-days`` goes by."""
    try:
        os.utime(entry)
    except OSError:
        pass  # a cache on a read-only medium is still read


def _log_once(problem: str, message: str, *args: object) -> None:
    """Log a warning the first time this process meets ``problem``."""
    if problem not in _logged:
        _logged.add(problem)
        log.warning(message, *args)
