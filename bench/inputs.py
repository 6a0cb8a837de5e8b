"""Build the benchmark's inputs: generated batches and one long file.

Everything is written by child processes (a child's peak memory is not the
benchmark's) and is the same bytes on every run, so runs can be compared:

- a batch of about N pages: varied copies of the sample corpus
  (``corpus/make_corpus.py --copies``: every kind and layout it has);
- one long file: the real records of ``../shared`` (seeds and real)
  concatenated until it has N pages, or, without them, one long generated
  protokoll (:mod:`bench.long_protocol`).
"""

from __future__ import annotations

import hashlib
import math
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
#: Pages of one copy of the sample corpus (its nine files).
CORPUS_PAGES = 27


def page_count(path: Path) -> int:
    """Return the number of pages of one PDF."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def batch(out: Path, pages: int) -> list[Path]:
    """Write varied copies of the corpus, about ``pages`` pages, into ``out``.

    Returns the files, sorted. A copy identical to an earlier one (some
    files vary little) is left out: the database keeps one file per content,
    and every reader must count the same pages. Whole copies are kept, so
    the batch may be a few pages longer than asked.
    """
    copies = max(1, math.ceil(pages * 1.3 / CORPUS_PAGES))
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "corpus" / "make_corpus.py"),
            "--out",
            str(out),
            "--copies",
            str(copies),
        ],
        check=True,
        capture_output=True,
    )
    files = sorted((out / "bulk").glob("*.pdf"))
    kept, seen, total = [], set(), 0
    for copy in range(1, copies + 1):  # whole copies until the count is reached
        if total >= pages:
            break
        for path in (f for f in files if f.stem.endswith(f"_{copy:04d}")):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest not in seen:
                seen.add(digest)
                kept.append(path)
                total += page_count(path)
    return sorted(kept)


def real_records() -> list[Path]:
    """Return the shared seed and real records, or none without ``../shared``."""
    if not SHARED.is_dir():
        return []
    return sorted(SHARED.glob("seeds/*.pdf")) + sorted(SHARED.glob("real/*.pdf"))


def long_file(out: Path, pages: int) -> tuple[Path, str]:
    """Write one file of ``pages`` pages; return it and what it is made of."""
    path = out / f"long_{pages}.pdf"
    sources = real_records()
    if sources:
        subprocess.run(
            [sys.executable, __file__, str(pages), str(path)]
            + [str(s) for s in sources],
            check=True,
        )
        return path, "real records concatenated"
    writer = Path(__file__).with_name("long_protocol.py")
    subprocess.run([sys.executable, str(writer), str(pages), str(path)], check=True)
    return path, "generated protokoll"


def _born_digital(pdf: pdfium.PdfDocument) -> bool:
    """Return True when every page of ``pdf`` has a text layer (no scans)."""
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        textpage.close()
        page.close()
        if len(text.strip()) < 20:
            return False
    return True


def concatenate(sources: list[Path], pages: int, out: Path) -> None:
    """Append whole born-digital ``sources``, round after round, up to ``pages``."""
    target = pdfium.PdfDocument.new()
    opened = [pdfium.PdfDocument(str(s)) for s in sources]
    usable = [pdf for pdf in opened if _born_digital(pdf)]
    try:
        while usable and len(target) < pages:
            for pdf in usable:
                room = pages - len(target)
                if room <= 0:
                    break
                count = min(len(pdf), room)
                target.import_pages(pdf, list(range(count)))
        target.save(str(out))
    finally:
        for pdf in opened:
            pdf.close()
        target.close()


def one_more(source: Path, out: Path, mark: str = "one more file") -> Path:
    """Write a copy of ``source`` with other bytes (a comment, ``mark``, after
    its end), a file no database of the benchmark holds; return its path."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tail = f"\n% {mark} for the benchmark\n".encode()
    out.write_bytes(source.read_bytes() + tail)
    return out


if __name__ == "__main__":
    concatenate([Path(p) for p in sys.argv[3:]], int(sys.argv[1]), Path(sys.argv[2]))
