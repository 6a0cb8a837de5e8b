"""Makers of hostile and odd inputs: each writes one entry at a path.

The PDF makers write bytes by hand (:mod:`bench.pdfbytes`); the others make
the entries a clerk's archive holds beside PDFs: pipes, sockets, folders and
links named ``.pdf``. What ingest must record for each is declared in
:mod:`bench.hostile`.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from collections.abc import Callable
from pathlib import Path

from bench.pdfbytes import (
    FONT,
    assemble,
    bomb_stream,
    pages_pdf,
    stream,
    text_content,
)

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

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
