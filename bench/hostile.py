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

import json
import os
import shutil
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pdfbytes import (
    FONT,
    assemble,
    bomb_stream,
    pages_pdf,
    ruled_vote_page,
    shared_pages_pdf,
    stream,
    text_content,
)

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

#: Per-file limits the expectations assume (``--timeout``, ``--memory-limit``).
TIMEOUT, MEMORY_MB = 10.0, 400

#: A marker in the bytes of bad files; no error message may quote it.
CANARY = "KANARIEFÅGEL-4711"

#: A one-page tjänsteskrivelse: one document.
LETTER = [
    "TJÄNSTESKRIVELSE",
    "2024-05-06",
    "Dnr KS 2024/0042",
    "Upphandling av skolskjuts",
    "Förvaltningen föreslår att kommunstyrelsen godkänner upphandlingen.",
]


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


def letter(
    path: Path, lines: list[str] = LETTER, box: tuple[float, float] = (595, 842)
) -> None:
    """Write a one-page PDF of ``lines``."""
    path.write_bytes(pages_pdf([text_content(lines, top=box[1] - 60)], box=box))


def write(data: bytes) -> Callable[[Path], None]:
    """Return a maker that writes ``data``."""
    return lambda path: path.write_bytes(data)


def copy_of(name: str) -> Callable[[Path], None]:
    """Return a maker that copies the corpus file ``name``."""
    return lambda path: shutil.copyfile(CORPUS / name, path)


def cut(name: str, fraction: float, minus: int = 0) -> Callable[[Path], None]:
    """Return a maker that writes the corpus file ``name`` cut short."""

    def make(path: Path) -> None:
        data = (CORPUS / name).read_bytes()
        path.write_bytes(data[: int(len(data) * fraction) - minus])

    return make


def corpus_documents() -> dict[str, int]:
    """Return the documents of each corpus file, from its manifest."""
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    return {entry["file"]: len(entry["documents"]) for entry in manifest}


def letter_bytes(lines: list[str] = LETTER) -> bytes:
    """Return the bytes of a one-page letter."""
    return pages_pdf([text_content(lines)])


def broken_xref() -> bytes:
    """Return a letter whose xref offsets all point 7 bytes too far."""
    data = letter_bytes()
    head, tail = data.split(b"xref\n", 1)
    entries = tail.split(b"\n")
    fixed = [
        b"%010d 00000 n " % (int(e[:10]) + 7) if e.endswith(b" n ") else e
        for e in entries
    ]
    return head + b"xref\n" + b"\n".join(fixed)


def without_xref() -> bytes:
    """Return a letter with no xref table, trailer or startxref at all."""
    data = letter_bytes()
    return data[: data.index(b"xref\n")]


def bad_startxref() -> bytes:
    """Return a letter whose startxref points far past the end."""
    data = letter_bytes()
    return data[: data.index(b"startxref")] + b"startxref\n999999999\n%%EOF\n"


def wrong_length() -> bytes:
    """Return a letter whose content stream declares a wrong /Length."""
    return letter_bytes().replace(b"<< /Length ", b"<< /Length 9", 1)


def encrypted(user: str) -> Callable[[Path], None]:
    """Return a maker of a reportlab PDF encrypted with ``user`` as password."""

    def make(path: Path) -> None:
        from reportlab.lib.pdfencrypt import StandardEncryption
        from reportlab.pdfgen import canvas

        secret = StandardEncryption(user, ownerPassword="ägare", canPrint=1)
        pdf = canvas.Canvas(str(path), encrypt=secret, invariant=1)
        for i, line in enumerate(LETTER):
            pdf.drawString(72, 780 - 16 * i, line)
        pdf.save()

    return make


def zero_pages() -> bytes:
    """Return a PDF whose page tree has no pages."""
    return assemble(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    )


def no_page_tree() -> bytes:
    """Return a PDF whose catalog names no page tree."""
    return assemble([b"<< /Type /Catalog >>"])


def page_tree_loop() -> bytes:
    """Return a PDF whose page tree lists itself as its own kid."""
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
        ]
    )


def deep_page_tree(depth: int = 2000) -> bytes:
    """Return a letter whose page sits under ``depth`` nested page-tree nodes."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = 2 + level
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (number + 1))
    page = 2 + depth
    objects.append(
        b"<< /Type /Page /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
        % (page + 1, page + 2)
    )
    objects += [FONT, stream(text_content(LETTER))]
    return assemble(objects)


def nested_arrays(depth: int = 100_000) -> bytes:
    """Return a letter whose catalog holds an array nested ``depth`` deep."""
    nest = b"[" * depth + b"0" + b"]" * depth
    return pages_pdf([text_content(LETTER)], extra_catalog=b" /Deep " + nest)


def nested_dicts(depth: int = 20_000) -> bytes:
    """Return a letter whose page holds dictionaries ``depth`` deep."""
    nest = b"<< /A " * depth + b"0" + b" >>" * depth
    data = pages_pdf([text_content(LETTER)])
    return data.replace(b"/Type /Page ", b"/Type /Page /Deep " + nest + b" ", 1)


def bomb(expanded: int = 1 << 30) -> Callable[[Path], None]:
    """Return a maker of a page whose content inflates to ``expanded`` bytes."""

    def make(path: Path) -> None:
        body = bomb_stream(expanded)
        page = (
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body)
            + body
            + b"\nendstream"
        )
        path.write_bytes(
            pages_pdf([b""]).replace(b"<< /Length 0 >>\nstream\n\nendstream", page)
        )

    return make


def bad_metadata() -> bytes:
    """Return a letter whose document information holds broken strings."""
    info = (
        b"<< /Title <FEFFD800DC> /Author (\xff\xfe\x00\xd8) "
        b"/Subject (\xe5\xe4\xf6 \x80\x81\x9d) /Keywords <FEFF00> "
        b"/Producer (\\377\\376\\000) /CreationDate (D:20249999999999+99'99') >>"
    )
    return pages_pdf(
        [text_content(LETTER)], extra_objects=[info], trailer=b"/Root 1 0 R /Info 4 0 R"
    )


def javascript_and_attachment() -> bytes:
    """Return a letter that runs JavaScript on opening and carries an attachment."""
    script = f'app.alert("{CANARY}");'.encode()
    attached = stream(f"Bilaga {CANARY} 450101-2340".encode())
    objects = [
        b"<< /S /JavaScript /JS (" + script + b") >>",
        attached,
        b"<< /Type /Filespec /F (bilaga.txt) /UF (bilaga.txt) /EF << /F 5 0 R >> >>",
    ]
    catalog = (
        b" /OpenAction 4 0 R /Names << /EmbeddedFiles << /Names [(bilaga.txt) 6 0 R] >>"
        b" /JavaScript << /Names [(start) 4 0 R] >> >>"
    )
    return pages_pdf(
        [text_content(LETTER)], extra_catalog=catalog, extra_objects=objects
    )


def luhn_complete(nine: str) -> str:
    """Return ``nine`` digits with the Luhn check digit appended."""
    total = 0
    for i, char in enumerate(nine):
        product = int(char) * (2 if i % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return nine + str((10 - total % 10) % 10)


#: Valid personnummer (10 digits) and one samordningsnummer (day + 60).
PERSONAL = [luhn_complete(nine) for nine in ("450101234", "620314482", "870663118")]

#: Seven written forms of those numbers, as clerks print them.
PERSONAL_FORMS = [
    f"{PERSONAL[0][:6]}-{PERSONAL[0][6:]}",
    f"19{PERSONAL[1][:6]}-{PERSONAL[1][6:]}",
    f"{PERSONAL[0][:6]}+{PERSONAL[0][6:]}",
    PERSONAL[1],
    f"19{PERSONAL[0]}",
    f"{PERSONAL[2][:6]}-{PERSONAL[2][6:]}",
    f"19{PERSONAL[1][:6]} {PERSONAL[1][6:]}",
]

#: Numbers that look like personnummer and must survive unmasked.
LOOKALIKES = [
    "Dnr SN 2024/0117 och 2023-00226:3, beslut 2024-05-06 (20240506).",
    "Org.nr 212000-1355, telefon 070-123 45 67 och 08-123 456 78.",
    "Kostnad 1 234 567 kr.",
]


def personal_letter() -> bytes:
    """Return a letter that names applicants by personnummer, in seven forms."""
    lines = LETTER[:4] + [
        f"Sökande {i + 1}: {form}" for i, form in enumerate(PERSONAL_FORMS)
    ]
    return pages_pdf([text_content(lines + LOOKALIKES)])


#: The stamp of the secret page, and words only that page holds.
STAMP, SECRET_WORDS = "SEKRETESSBELAGD enligt OSL 26 kap. 1 §", "Lönnvägen 9"


def secret_page() -> bytes:
    """Return a letter whose second page is stamped secret."""
    second = [STAMP, f"Skyddad adress: {SECRET_WORDS}, {CANARY}."]
    return pages_pdf([text_content(LETTER), text_content(second)])


def garbage() -> bytes:
    """Return a PDF header followed by bytes that are no PDF structure."""
    noise = bytes((i * 7919 + 13) % 251 for i in range(20_000))
    return b"%PDF-1.7\n" + noise + CANARY.encode()


def not_a_pdf(text: str) -> bytes:
    """Return ``text`` (with the canary) as the bytes of a file that is no PDF."""
    return f"{text}\n{CANARY}\n".encode()


def link(target: str | Callable[[Path], Path]) -> Callable[[Path], None]:
    """Return a maker of a symbolic link to ``target`` (or a path made from it)."""
    return lambda path: path.symlink_to(target(path) if callable(target) else target)


def outside_file(path: Path) -> Path:
    """Write a file beside the input folder (outside it); return its path."""
    secret = path.parent.parent / "utanfor.txt"
    secret.write_text(f"root:x:0:0:{CANARY}\n", encoding="utf-8")
    return secret


def fifo(path: Path) -> None:
    """Make a named pipe."""
    os.mkfifo(path)


def unix_socket(path: Path) -> None:
    """Make a Unix socket (bound, then closed: the entry stays)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.close()


def folder(path: Path) -> None:
    """Make an (empty) folder named like a PDF."""
    path.mkdir()


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
        Case(
            "omrostning_1500.pdf",
            write(shared_pages_pdf(1500, ruled_vote_page())),
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
