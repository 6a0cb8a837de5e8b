"""Write a folder of hostile and odd inputs, mixed with good files.

Usage: python bench/hostile.py OUT_FOLDER

Every entry is a :class:`Case`: its name, how it is made and what ingest
must record for it (``loaded`` with so many documents, ``failed`` with a
reason, or ``duplicate`` of a file read under another name).
``tests/test_hostile.py`` runs one ingest over the folder and holds the
database to these expectations; run by hand, the script writes the
folder and prints the table. The expectations assume the limits the test
gives (:data:`TIMEOUT` seconds, :data:`MEMORY_MB` MB per file).

Bad files carry the marker :data:`CANARY` in their bytes, so a test can
check that no error message quotes a file's content.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.hostile_files import (
    CANARY,
    LETTER,
    bad_metadata,
    bad_startxref,
    bomb,
    broken_xref,
    copy_of,
    corpus_documents,
    cut,
    deep_page_tree,
    encrypted,
    fifo,
    folder,
    garbage,
    javascript_and_attachment,
    letter,
    letter_bytes,
    link,
    nested_arrays,
    nested_dicts,
    no_page_tree,
    not_a_pdf,
    outside_file,
    page_tree_loop,
    personal_letter,
    secret_page,
    unix_socket,
    without_xref,
    write,
    wrong_length,
    zero_pages,
)
from bench.pdfbytes import ruled_vote_page, shared_pages_pdf

#: Per-file limits the expectations assume (``--timeout``, ``--memory-limit``).
TIMEOUT, MEMORY_MB = 10.0, 400


@dataclass(frozen=True)
class Case:
    """One input entry and the outcome ingest must record for it."""

    name: str | bytes
    """Entry name in the folder (bytes for a name that is not UTF-8)."""
    make: Callable[[Path], None]
    """Writes the entry at the path given."""
    status: str
    """``loaded``, ``failed`` or ``duplicate``."""
    reason: str = ""
    """For a failed or duplicate entry: a substring of its recorded error."""
    documents: int = 0
    """For a loaded entry: the documents found in it."""
    masked: int = 0
    """Personal identity numbers masked in it."""
    withheld: int = 0
    """Pages withheld as secret."""


KS = "granvik_ks_protokoll_2024-04-02.pdf"


def hostile_cases() -> list[Case]:
    """Return the hostile and odd entries, with their outcomes."""
    return [
        Case("tom.pdf", write(b""), "failed", "empty file (0 bytes)"),
        Case("text.pdf", write(not_a_pdf("Mötesanteckningar")), "failed", "not a PDF"),
        Case(
            "felsida.pdf",
            write(not_a_pdf("<!DOCTYPE html><h1>404</h1>")),
            "failed",
            "not a PDF",
        ),
        Case(
            "bild.pdf",
            write(b"\xff\xd8\xff\xe0\x00\x10JFIF" + CANARY.encode()),
            "failed",
            "not a PDF",
        ),
        Case(
            "sent_huvud.pdf",
            write(not_a_pdf("x" * 2000) + letter_bytes()),
            "failed",
            "not a PDF",
        ),
        Case("bara_huvud.pdf", write(b"%PDF-1.7\n"), "failed", "damaged or truncated"),
        Case("skrap.pdf", write(garbage()), "failed", "damaged or truncated"),
        Case("avbruten_10.pdf", cut(KS, 0.10), "failed", "damaged or truncated"),
        Case("avbruten_50.pdf", cut(KS, 0.50), "failed", "damaged or truncated"),
        Case("avbruten_90.pdf", cut(KS, 0.90), "failed", "damaged or truncated"),
        Case("avbruten_slut.pdf", cut(KS, 1.0, 30), "failed", "damaged or truncated"),
        Case("fel_xref.pdf", write(broken_xref()), "loaded", documents=1),
        Case("utan_xref.pdf", write(without_xref()), "failed", "damaged or truncated"),
        Case("fel_startxref.pdf", write(bad_startxref()), "loaded", documents=1),
        Case("fel_langd.pdf", write(wrong_length()), "loaded", documents=1),
        Case(
            "losenord.pdf",
            encrypted("hemligt"),
            "failed",
            "encrypted PDF (password required)",
        ),
        Case("agarlosen.pdf", encrypted(""), "loaded", documents=1),
        Case("noll_sidor.pdf", write(zero_pages()), "failed", "PDF has no pages"),
        Case("utan_sidtrad.pdf", write(no_page_tree()), "failed", "PDF has no pages"),
        Case(
            "sidtrad_slinga.pdf",
            write(page_tree_loop()),
            "failed",
            "page 1 of 2 cannot",
        ),
        Case(
            "djupt_sidtrad.pdf", write(deep_page_tree()), "failed", "page 1 of 1 cannot"
        ),
        Case("nastlade_listor.pdf", write(nested_arrays()), "loaded", documents=1),
        # The engine drops a page object nested too deep: the page reads blank.
        Case("nastlade_lexikon.pdf", write(nested_dicts()), "loaded", documents=0),
        Case("tomma_5000.pdf", write(shared_pages_pdf(5000, None)), "loaded"),
        # About 37 s of CPU: past the limit even with every idle core taken
        # (1,500 such pages took 7.5 s on 2 cores, inside it).
        Case(
            "omrostning_4500.pdf",
            write(shared_pages_pdf(4500, ruled_vote_page())),
            "failed",
            f"took longer than {TIMEOUT:g} s",
        ),
        Case(
            "200_tum.pdf",
            lambda p: letter(p, box=(14400, 14400)),
            "loaded",
            documents=1,
        ),
        Case("bomb.pdf", bomb(), "failed", f"more than {MEMORY_MB} MB"),
        Case("metadata.pdf", write(bad_metadata()), "loaded", documents=1),
        Case(
            "javascript.pdf", write(javascript_and_attachment()), "loaded", documents=1
        ),
        Case(
            "personnummer.pdf",
            write(personal_letter()),
            "loaded",
            documents=1,
            masked=7,
        ),
        Case("sekretess.pdf", write(secret_page()), "loaded", documents=1, withheld=1),
        Case("kopia av protokoll.pdf", copy_of(KS), "duplicate", "the same content as"),
        Case(
            b"prot\xe9koll.pdf",
            lambda p: letter(p, LETTER[:1] + ["2024-05-10"] + LETTER[2:]),
            "loaded",
            documents=1,
        ),
        Case(
            "rad\nbryt.pdf",
            lambda p: letter(p, LETTER[:1] + ["2024-05-07"] + LETTER[2:]),
            "loaded",
            documents=1,
        ),
        Case(
            "STOR.PDF",
            lambda p: letter(p, LETTER[:1] + ["2024-05-08"] + LETTER[2:]),
            "loaded",
            documents=1,
        ),
        Case(
            "l" * 200 + ".pdf",
            lambda p: letter(p, LETTER[:1] + ["2024-05-09"] + LETTER[2:]),
            "loaded",
            documents=1,
        ),
        Case("mapp.pdf", folder, "failed", "a folder, not a file"),
        Case("ror.pdf", fifo, "failed", "not a regular file (a named pipe)"),
        Case("uttag.pdf", unix_socket, "failed", "not a regular file (a socket)"),
        Case(
            "saknas.pdf", link("finns-inte.pdf"), "failed", "symbolic link to nothing"
        ),
        Case("slinga.pdf", link("slinga.pdf"), "failed", "symbolic link that loops"),
        Case(
            b"f\xf6rsvunnen.pdf",
            link("borta.pdf"),
            "failed",
            "symbolic link to nothing",
        ),
        Case(
            "system.pdf",
            link(outside_file),
            "failed",
            "pointing outside the input folders",
        ),
    ]


def good_cases() -> list[Case]:
    """Return a copy of every corpus PDF, with its documents."""
    return [
        Case(name, copy_of(name), "loaded", documents=count)
        for name, count in sorted(corpus_documents().items())
    ]


def make_folder(out: Path) -> dict[str, Case]:
    """Write every case into the new folder ``out``; return them by path.

    Paths are keyed as ingest stores them (bytes that are no UTF-8 as
    ``\\xNN`` escapes).
    """
    out.mkdir(parents=True)
    made = {}
    for case in good_cases() + hostile_cases():
        name = case.name if isinstance(case.name, bytes) else case.name.encode()
        path = Path(os.fsdecode(os.fsencode(out) + b"/" + name))
        case.make(path)
        made[os.fsencode(path).decode("utf-8", "backslashreplace")] = case
    return made


def main(argv: list[str]) -> int:
    """Write the folder named on the command line and print what it holds."""
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    made = make_folder(Path(argv[1]))
    for path, case in made.items():
        expected = case.reason or f"{case.documents} documents"
        print(f"{case.status:9} {Path(path).name[:40]:40} {expected}")
    failing = sum(c.status == "failed" for c in made.values())
    print(f"{len(made)} entries, {failing} to fail")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
