"""The one entry point for client documents: check, identify and parse an uploaded file.

The parser is chosen by the file extension and confirmed by the content (magic bytes for PDF
and DOCX, decodable text for Markdown, text and HTML). Every error names the file first and
states the reason plainly:

* `UnsupportedFile` (415): an extension we do not read (CSV is campaign data, not a document),
  or content of another known type than the extension says (a `.pdf` that is a PNG);
* `PayloadTooLarge` (413): over `max_bytes`;
* `UnreadableFile` (422): empty, damaged, password-protected, scanned (no text layer),
  undecodable text, or a zip bomb.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Literal

from core.errors import UnreadableFile, UnsupportedFile
from knowledge_base.parsing.docx import parse_docx
from knowledge_base.parsing.html import parse_html
from knowledge_base.parsing.limits import check_size
from knowledge_base.parsing.markdown import parse_markdown
from knowledge_base.parsing.pdf import parse_pdf
from knowledge_base.parsing.pptx import parse_pptx
from knowledge_base.parsing.sections import Section
from knowledge_base.parsing.text import (
    clean_text,
    count_invisible,
    decode_text,
    parse_text,
    strip_front_matter,
)

Format = Literal["pdf", "docx", "pptx", "markdown", "text", "html"]

SUPPORTED = "PDF, Word (.docx), PowerPoint (.pptx), Markdown (.md), text (.txt) or HTML (.html)"
FORMATS: dict[str, Format] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".pptx": "pptx",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
}
MEDIA_TYPES: dict[Format, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "markdown": "text/markdown",
    "text": "text/plain",
    "html": "text/html",
}
_NAMES: dict[Format, str] = {
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "pptx": "PowerPoint (.pptx)",
    "markdown": "Markdown",
    "text": "text",
    "html": "HTML",
}
_DATA_UPLOAD = "/workspaces/{id}/data"
_WHY_NOT: dict[str, str] = {
    ".csv": "CSV files are campaign data: upload them to {data}",
    ".tsv": "tab-separated files are campaign data: save them as CSV and upload them to {data}",
    ".xlsx": "spreadsheets are campaign data, not documents: upload them to {data}",
    ".xls": "spreadsheets are campaign data, not documents: upload them to {data}",
    ".ods": "spreadsheets are campaign data, not documents: upload them to {data}",
    ".doc": "the old Word 97-2003 format (.doc) is not supported; save it as .docx or PDF",
    ".ppt": "the old PowerPoint 97-2003 format (.ppt) is not supported; save it as .pptx",
    ".key": "presentations are not supported; export the deck as PDF and upload that",
    ".odt": "OpenDocument files are not supported; save it as .docx or PDF",
    ".rtf": "RTF files are not supported; save it as .docx or PDF",
    ".pages": "Pages files are not supported; export it as .docx or PDF",
}
_IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".heic"})

# Leading bytes of formats we recognise (to explain a mismatch), and what they are.
_MAGIC: list[tuple[bytes, str]] = [
    (b"PK\x03\x04", "a zip archive"),
    (b"PK\x05\x06", "a zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-format or password-protected Office file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x7fELF", "a program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"{\\rtf", "an RTF document"),
]


@dataclass(frozen=True)
class ParsedDocument:
    filename: str
    media_type: str
    sections: list[Section]
    content_hash: str  # sha256 hex of the uploaded bytes
    size_bytes: int
    pages: int | None = None  # PDFs only
    warnings: list[str] = field(default_factory=list)


def parse_document(
    filename: str, data: bytes, max_bytes: int, *, workspace_id: str | None = None
) -> ParsedDocument:
    """Check and parse one uploaded document. `workspace_id` only personalises messages."""
    fmt = detect_format(filename, data, max_bytes, workspace_id=workspace_id)
    warnings: list[str] = []
    pages: int | None = None
    if fmt == "pdf":
        pdf = parse_pdf(filename, data)
        sections, pages, warnings = pdf.sections, pdf.pages, pdf.warnings
    elif fmt == "docx":
        doc = parse_docx(filename, data, max_bytes)
        sections, warnings = doc.sections, doc.warnings
    elif fmt == "pptx":
        deck = parse_pptx(filename, data, max_bytes)
        sections, warnings, pages = deck.sections, deck.warnings, deck.slides
    else:
        text, encoding = decode_text(filename, data)
        if invisible := count_invisible(text):
            warnings.append(
                f"{invisible:,} invisible characters (zero-width, bidirectional controls or "
                "Unicode tags) were removed"
            )
        text = clean_text(text)
        if not text.strip():
            raise _empty(filename)
        if encoding == "cp1252":
            warnings.append("the text is not UTF-8; it was read as Windows-1252")
        sections = _parse_text_format(fmt, text, warnings)
        if not sections:
            raise UnreadableFile(f"{filename}: the {_NAMES[fmt]} file has no readable text")
    return ParsedDocument(
        filename=filename,
        media_type=MEDIA_TYPES[fmt],
        sections=sections,
        content_hash=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        pages=pages,
        warnings=warnings,
    )


def detect_format(
    filename: str, data: bytes, max_bytes: int, *, workspace_id: str | None = None
) -> Format:
    """The format to parse `data` as, or the error that explains why it cannot be."""
    extension = PurePosixPath(filename).suffix.lower()
    fmt = FORMATS.get(extension)
    if fmt is None:
        raise UnsupportedFile(f"{filename}: {_why_not(extension, workspace_id)}")
    check_size(filename, len(data), max_bytes)
    if not data:
        raise UnreadableFile(f"{filename}: the file is empty (0 bytes)")
    if not data.strip(b" \t\r\n\x0b\x0c"):
        raise _empty(filename)
    actual = sniff(data)
    if fmt == "pdf":
        if b"%PDF-" in data[:1024]:  # readers accept a little junk before the header
            return fmt
        if actual is None:
            raise UnreadableFile(
                f"{filename}: the file is not a readable PDF (it does not start with %PDF); "
                "it may be damaged, so export it again and upload the new copy"
            )
    elif fmt in ("docx", "pptx"):
        if actual == "a zip archive":
            return fmt
        app, ext = ("Word", ".docx") if fmt == "docx" else ("PowerPoint", ".pptx")
        if actual == "an old-format or password-protected Office file":
            raise UnreadableFile(
                f"{filename}: the {app} file is password-protected or in the old {app} "
                f"97-2003 format; remove the password or save it as {ext} and upload it again"
            )
        if actual is None:
            raise UnreadableFile(
                f"{filename}: the file is not a {app} file (it is not a {ext} zip package); "
                f"it may be damaged, so save it from {app} again and upload the new copy"
            )
    elif actual is None or actual in ("plain text", "an HTML page"):
        return fmt
    raise UnsupportedFile(
        f"{filename}: the file name says {_NAMES[fmt]} but the content is {actual}; "
        f"upload the original {_NAMES[fmt]} file or give the file its proper extension"
    )


def sniff(data: bytes) -> str | None:
    """What the leading bytes say the content is, or None when they are not recognised."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-"):
        return "a PDF document"
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if data.startswith(b"MZ") and b"\x00" in data[:64]:
        return "a Windows program"
    if data[:12].startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "a WebP image"
    head = data[:8192]
    if b"\x00" in head.lstrip(b"\xef\xbb\xbf\xff\xfe"):
        return None
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    return "plain text" if _looks_like_text(head) else None


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the 8 KB window is still text.
        if exc.start < len(head) - 4:
            return False
    return True


def _parse_text_format(fmt: Format, text: str, warnings: list[str]) -> list[Section]:
    if fmt == "markdown":
        text, had_front_matter = strip_front_matter(text)
        if had_front_matter:
            warnings.append("the YAML front matter at the top was skipped")
        sections = parse_markdown(text)
        if not sections and text.strip():
            sections = [Section(text=text.strip())]  # headings only: keep them as text
        return sections
    if fmt == "html":
        return parse_html(text, warnings)
    return parse_text(text)


def _why_not(extension: str, workspace_id: str | None) -> str:
    data = _DATA_UPLOAD.replace("{id}", workspace_id) if workspace_id else _DATA_UPLOAD
    if extension in _WHY_NOT:
        return _WHY_NOT[extension].format(data=data)
    if extension in _IMAGE_EXTENSIONS:
        return f"images are not supported (there is no OCR); upload {SUPPORTED} files"
    kind = f"{extension} files are" if extension else "files without an extension are"
    return f"{kind} not supported; upload {SUPPORTED} files"


def _empty(filename: str) -> UnreadableFile:
    return UnreadableFile(f"{filename}: the file is empty (it contains only whitespace)")
