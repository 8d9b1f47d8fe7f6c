"""Build real input files for the ingest tests: PDFs, Word documents, zip bombs, HTML.

Everything is made in memory from our own text, so the tests need no fixture files and
no network. The PDF writer is hand-rolled (a few objects and an xref table) because
pypdf can read PDFs but cannot lay out text.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

WIRE_ARTICLE = """\
Envoys Report Progress on Border Truce as Deadline Nears

Lakeside Wire Service
Jul 09, 2025

By Ana Morel

GENEVA -- Negotiators from both sides said on Tuesday that they had narrowed their differences over a border truce, a day before a deadline set by the mediators.

"We are closer than we have ever been," said the chief mediator, Ilse Brandt. "Nobody should expect miracles, but the gaps are now small."

Officials on the other side were more cautious. A spokesman said the draft still left open how the truce would be monitored.

Write to Ana Morel at ana.morel@lakeside.example

(END) Lakeside Newswires

July 08, 2025 23:00 ET (03:00 GMT)

Copyright (c) 2025 Lakeside Wire Service, Inc.

At the request of the copyright holder, you need to log in to view this content

Disclaimer: Nothing here is investment advice. Readers should do their own research before acting on anything in this article.

Most Discussed

  1. 1



  2. 2



  3. 3

"""

WIRE_BODY = [
    "GENEVA -- Negotiators from both sides said on Tuesday",
    '"We are closer than we have ever been," said the chief mediator, Ilse Brandt.',
    "Officials on the other side were more cautious.",
]


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1") + b")"


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A valid PDF with one text line per entry; an empty entry leaves a blank line."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in once the page tree exists
    pages_id = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for lines in pages:
        ops = [b"BT /F1 11 Tf 14 TL 72 740 Td"]
        for line in lines:
            ops.append(_pdf_string(line) + b" Tj T*" if line else b"T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    info = add(b"<< /Title " + _pdf_string(title) + b" >>") if title else None

    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info:
        trailer += b" /Info %d 0 R" % info
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def make_docx(paragraphs: list[str], title: str | None = None) -> bytes:
    """A real Word document written by python-docx."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if title is not None:
        document.core_properties.title = title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_zip_bomb(declared_mb: int = 200) -> bytes:
    """A DOCX-shaped zip whose document.xml inflates to declared_mb of zeros.

    Written in 1 MB chunks so building it costs well under a second and little memory;
    the zip itself is only about declared_mb kilobytes.
    """
    out = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            for _ in range(declared_mb):
                entry.write(chunk)
    return out.getvalue()


def make_lying_zip(actual_mb: int = 20, claimed_bytes: int = 1000) -> bytes:
    """A zip whose headers claim a tiny entry that in fact inflates to actual_mb of zeros."""
    data = zlib.compress(b"\0" * (actual_mb * 1024 * 1024), 9)[2:-4]  # raw deflate
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"x")
    raw = bytearray(out.getvalue())
    # Rebuild the second entry by hand: same name, deflated zeros, a lie in both headers.
    name = b"word/document.xml"
    crc = zlib.crc32(b"\0" * (actual_mb * 1024 * 1024))
    first_end = raw.find(b"PK\x03\x04", 4)
    head = bytes(raw[:first_end])
    local = (
        struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), claimed_bytes, len(name), 0)
        + name
        + data
    )
    cd_first = bytes(raw[raw.find(b"PK\x01\x02") : raw.find(b"PK\x01\x02", raw.find(b"PK\x01\x02") + 4)])
    central = (
        struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0,
            crc,
            len(data),
            claimed_bytes,
            len(name),
            0,
            0,
            0,
            0,
            0,
            len(head),
        )
        + name
    )
    cd_offset = len(head) + len(local)
    cd = cd_first + central
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 2, 2, len(cd), cd_offset, 0)
    return head + local + cd + end


def make_html(body: str, *, meta: dict[str, str] | None = None, title: str | None = None) -> bytes:
    """An HTML page with og: meta tags, a nav bar and a footer around an <article>."""
    tags = "\n".join(
        f'<meta {"name" if key in ("date", "pubdate") else "property"}="{key}" content="{value}">'
        for key, value in (meta or {}).items()
    )
    head_title = f"<title>{title}</title>" if title else ""
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">{head_title}
{tags}
<script>var tracking = "Subscribe now";</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article>{body}</article>
<aside><h2>Most read</h2><ol><li>Something else entirely</li></ol></aside>
<footer><p>&copy; 2025 Example Media. All rights reserved.</p></footer>
</body></html>""".encode()
