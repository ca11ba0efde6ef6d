"""Small documents built in memory for the parser tests: PDF (by hand), DOCX, zip bombs."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from docx import Document
from pypdf import PdfReader, PdfWriter

# An outline entry: (title, 0-based page, children).
Outline = Sequence[tuple[str, int, "Outline"]]


def make_pdf(pages: Sequence[Sequence[str]], outline: Outline = ()) -> bytes:
    """A PDF with one text line per string on each page (Helvetica), plus optional bookmarks.

    A page with no lines has no text at all, like a scanned page.
    """
    data = make_pdf_from_streams([_content_stream(lines) for lines in pages])
    return add_outline(data, outline) if outline else data


def make_pdf_from_streams(streams: Sequence[bytes]) -> bytes:
    """A PDF whose pages draw the given content streams (font /F1 is Helvetica)."""
    pages = streams
    objects: list[bytes] = []
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, stream in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def _content_stream(lines: Sequence[str]) -> bytes:
    if not lines:
        return b"0 0 1 rg 72 72 200 200 re f"  # a filled square: drawing, no text
    ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    return "\n".join(ops).encode("latin-1")


def add_outline(data: bytes, outline: Outline) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))

    def add(entries: Outline, parent: object = None) -> None:
        for title, page, children in entries:
            item = writer.add_outline_item(title=title, page_number=page, parent=parent)  # type: ignore[arg-type]
            add(children, item)

    add(outline)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypt_pdf(data: bytes, user_password: str, owner_password: str = "owner") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx() -> bytes:
    """A brand guide: Title, Heading 1-3, body text, a table and a list."""
    document = Document()
    document.add_heading("Ledgerly brand guide", 0)
    document.add_paragraph("This guide explains how Ledgerly talks to accountants and CFOs.")
    document.add_heading("Voice", 1)
    document.add_paragraph("We sound like a calm senior accountant: precise, warm and never smug.")
    document.add_paragraph("Avoid jargon such as synergy or best-in-class.", style="List Bullet")
    document.add_heading("Pricing", 1)
    document.add_paragraph("Pricing is per entity per month and billed annually in advance.")
    document.add_heading("Tiers", 2)
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(
        table.rows,
        [("Tier", "Price", "Entities"), ("Starter", "£49", "1"), ("Growth", "£890", "up to 10")],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Enterprise pricing is agreed case by case with the sales team.")
    document.add_heading("Discounts", 3)
    document.add_paragraph("Charities get 20 percent off every tier, code CHARITY20.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


def make_zeros_zip(name: str, megabytes: int, extra: dict[str, bytes] | None = None) -> bytes:
    """A zip whose member `name` is `megabytes` MiB of zeros (it compresses ~1000:1)."""
    out = io.BytesIO()
    block = bytes(1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for member, body in (extra or {}).items():
            archive.writestr(member, body)
        with archive.open(name, "w") as stream:
            for _ in range(megabytes):
                stream.write(block)
    return out.getvalue()
