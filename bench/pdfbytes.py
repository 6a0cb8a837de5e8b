"""Write small PDFs byte by byte, for hostile and odd inputs.

Hand-written bytes make structures no library would write (a page tree that
contains itself, an xref pointing nowhere, a stream inflating to a gigabyte)
and keep even 5,000-page files fast to make: pages share one content stream.
Text is set in the standard Helvetica font with WinAnsi encoding, so the
Swedish letters å, ä, ö come out as printed.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

#: The font every text page uses (a standard font: nothing embedded).
FONT = (
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
)


def literal(text: str) -> bytes:
    """Return ``text`` as a PDF literal string in WinAnsi (cp1252)."""
    raw = text.encode("cp1252")
    return (
        b"("
        + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        + b")"
    )


def text_content(lines: Sequence[str], top: float = 780, size: float = 11) -> bytes:
    """Return a content stream that prints ``lines`` from ``top`` down."""
    out = [b"BT /F1 %g Tf %g TL 72 %g Td" % (size, size * 1.5, top)]
    out += [literal(line) + b" Tj T*" for line in lines]
    out.append(b"ET")
    return b"\n".join(out)


def stream(content: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    """Return a stream object body for ``content`` (deflated if asked)."""
    if compress:
        content = zlib.compress(content)
        extra += b" /Filter /FlateDecode"
    return (
        b"<< /Length %d%s >>\nstream\n" % (len(content), extra)
        + content
        + b"\nendstream"
    )


def assemble(
    objects: Sequence[bytes],
    trailer: bytes = b"/Root 1 0 R",
    version: bytes = b"1.4",
) -> bytes:
    """Return a whole PDF: header, numbered objects, a correct xref, trailer."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d %s >>\n" % (len(objects) + 1, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def pages_pdf(
    contents: Sequence[bytes],
    box: tuple[float, float] = (595, 842),
    extra_catalog: bytes = b"",
    extra_objects: Sequence[bytes] = (),
    trailer: bytes = b"/Root 1 0 R",
) -> bytes:
    """Return a PDF with one page per content stream.

    Objects: 1 catalog, 2 page tree, 3 font, then ``extra_objects`` (numbered
    from 4, for the caller's catalog entries), then pages and their streams.
    """
    first = 4 + len(extra_objects)
    kids = b" ".join(b"%d 0 R" % (first + 2 * i) for i in range(len(contents)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R%s >>" % extra_catalog,
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(contents)),
        FONT,
        *extra_objects,
    ]
    for i, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (box[0], box[1], first + 2 * i + 1)
        )
        objects.append(stream(content))
    return assemble(objects, trailer)


def shared_pages_pdf(count: int, content: bytes | None) -> bytes:
    """Return a PDF of ``count`` pages that all draw one content stream.

    ``None`` gives blank pages (no content at all). Pages are grouped in
    intermediate page-tree nodes of 100, as real writers do.
    """
    groups = [range(i, min(i + 100, count)) for i in range(0, count, 100)]
    first_group, first_page = 5, 5 + len(groups)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (
            b" ".join(b"%d 0 R" % (first_group + g) for g in range(len(groups))),
            count,
        ),
        FONT,
        stream(content or b"", compress=True),
    ]
    for pages in groups:
        kids = b" ".join(b"%d 0 R" % (first_page + p) for p in pages)
        objects.append(
            b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count %d >>"
            % (kids, len(pages))
        )
    contents = b"" if content is None else b" /Contents 4 0 R"
    for p in range(count):
        objects.append(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >>%s >>"
            % (first_group + p // 100, contents)
        )
    return assemble(objects)


def ruled_vote_page(members: int = 40) -> bytes:
    """Return a content stream: a ruled 'Ledamot Parti Ja Nej Avstår' table."""
    columns = [72, 260, 330, 390, 450, 520]
    out = [b"0.5 w"]
    top, row = 760, 16
    header = ["Ledamot", "Parti", "Ja", "Nej", "Avstår"]
    rows = [header] + [
        [f"Ledamot nummer {i + 1}", "S" if i % 2 else "M", "X" if i % 3 else "", "", ""]
        for i in range(members)
    ]
    for r, cells in enumerate(rows):
        y = top - r * row
        out.append(b"%d %g m %d %g l S" % (columns[0], y, columns[-1], y))
        out.append(b"BT /F1 9 Tf")
        for x, cell in zip(columns, cells, strict=False):
            if cell:
                out.append(b"1 0 0 1 %d %g Tm %s Tj" % (x + 3, y - 12, literal(cell)))
        out.append(b"ET")
    bottom = top - len(rows) * row
    out.append(b"%d %g m %d %g l S" % (columns[0], bottom, columns[-1], bottom))
    out += [b"%d %g m %d %g l S" % (x, top, x, bottom) for x in columns]
    title = text_content(["Omröstning § 12", "Omröstningslista"], top=800)
    return title + b"\n" + b"\n".join(out)


def bomb_stream(expanded: int) -> bytes:
    """Return zlib bytes that inflate to ``expanded`` bytes of spaces.

    Spaces are valid (empty) page content, so a reader that inflates the
    whole stream finds nothing to draw once it has paid for it. One 16 MiB
    block is deflated once and repeated (a full flush makes each copy stand
    alone), so a gigabyte takes a fraction of a second to write.
    """
    chunk = b" " * (1 << 24)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    copies = expanded // len(chunk)
    check = 1
    for _ in range(copies):
        check = zlib.adler32(chunk, check)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    return b"\x78\xda" + block * copies + end + check.to_bytes(4, "big")
