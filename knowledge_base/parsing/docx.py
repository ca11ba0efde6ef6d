"""DOCX → sections split at Title and Heading 1-3, with tables as ' | '-separated rows.

The zip container is checked (size, ratio, member count, `word/document.xml`) before
python-docx opens it; see `limits.py` for the limits.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from core.errors import UnreadableFile, UnsupportedFile
from knowledge_base.parsing.limits import MAX_TEXT_CHARS, open_checked_zip
from knowledge_base.parsing.sections import Section
from knowledge_base.parsing.text import clean_text

_HEADING = re.compile(r"heading\s*([1-9])")
_SPACES = re.compile(r"\s+")
_MAX_LEVEL = 3
_STYLE_DEPTH = 10
# Zip-based formats that are not Word documents, by a part only they have.
_OTHER_ZIPS = {
    "ppt/presentation.xml": "a PowerPoint presentation (name it .pptx)",
    "xl/workbook.xml": "an Excel workbook (campaign data belongs in the data upload)",
    "content.xml": "an OpenDocument file (save it as .docx instead)",
}
_ERRORS = (
    ValueError, KeyError, TypeError, AttributeError, IndexError, zipfile.BadZipFile,
    PackageNotFoundError, etree.LxmlError, OSError, NotImplementedError, RecursionError,
)


@dataclass
class DocxResult:
    sections: list[Section]
    warnings: list[str] = field(default_factory=list)


def parse_docx(filename: str, data: bytes, max_bytes: int) -> DocxResult:
    archive = open_checked_zip(filename, data, max_bytes)
    names = set(archive.namelist())
    if "word/document.xml" not in names:
        for part, what in _OTHER_ZIPS.items():
            if part in names:
                raise UnsupportedFile(f"{filename}: this is not a Word document, it is {what}")
        raise UnreadableFile(
            f"{filename}: this is not a Word document (it is a zip archive without "
            "word/document.xml); save it from Word as .docx and upload it again"
        )
    try:
        document = Document(io.BytesIO(data))
        blocks = list(_blocks(document))
    except _ERRORS as exc:
        reason = str(exc).strip() or type(exc).__name__
        raise UnreadableFile(
            f"{filename}: the Word document is damaged and could not be read ({reason[:200]})"
        ) from exc
    warnings: list[str] = []
    sections = _sections(blocks, warnings)
    if not sections:
        raise UnreadableFile(f"{filename}: the Word document contains no text")
    return DocxResult(sections=sections, warnings=warnings)


def _blocks(document: object) -> Iterator[tuple[int | None, str]]:
    """(heading level or None, text) for each paragraph and table, in document order."""
    for block in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Paragraph):
            level = _heading_level(block)
            text = block.text
            if level is not None:
                yield level, _SPACES.sub(" ", text).strip()
            else:
                yield None, _paragraph_text(block)
        elif isinstance(block, Table):
            yield None, _table_text(block)


def _sections(blocks: list[tuple[int | None, str]], warnings: list[str]) -> list[Section]:
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    body: list[str] = []
    chars = 0

    def flush() -> None:
        text = clean_text("\n\n".join(b for b in body if b.strip()))
        if text:
            sections.append(Section(text=text, heading_path=tuple(t for _, t in stack)))
        body.clear()

    for level, text in blocks:
        chars += len(text)
        if chars > MAX_TEXT_CHARS:
            warnings.append("the document has too much text; the rest was dropped")
            break
        if level is None:
            body.append(text)
        elif text:
            flush()
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, text))
    flush()
    if not sections and stack:
        # Headings but no body text: keep the headings themselves.
        titles = [text for level, text in blocks if level is not None and text]
        sections.append(Section(text="\n".join(titles)))
    return sections


def _heading_level(paragraph: Paragraph) -> int | None:
    """1-3 for Title / Heading 1-3 (also via base styles or outline level), else None."""
    level = _outline_level(paragraph._p)
    style = paragraph.style
    for _ in range(_STYLE_DEPTH):
        if level is not None or style is None:
            break
        name = (style.name or "").strip().lower()
        match = _HEADING.fullmatch(name)
        if name == "title":
            level = 1
        elif match:
            level = int(match.group(1))
        else:
            level = _outline_level(style.element)
        style = style.base_style
    return level if level is not None and level <= _MAX_LEVEL else None


def _outline_level(element: object) -> int | None:
    """A `w:outlineLvl` 0-8 means heading level 1-9 (9 is body text)."""
    values = element.xpath("./w:pPr/w:outlineLvl/@w:val")  # type: ignore[attr-defined]
    if values and str(values[0]).isdigit() and int(values[0]) < 9:
        return int(values[0]) + 1
    return None


def _paragraph_text(paragraph: Paragraph) -> str:
    text = paragraph.text.strip()
    listed = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    style = (paragraph.style.name or "") if paragraph.style is not None else ""
    if text and (listed or style.lower().startswith("list")):
        return f"- {text}"
    return text


def _table_text(table: Table, depth: int = 0) -> str:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[object] = set()
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans.
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            cells.append(_cell_text(cell, depth))
        if any(cells):
            rows.append(" | ".join(cells))
    return "\n".join(rows)


def _cell_text(cell: _Cell, depth: int) -> str:
    parts: list[str] = []
    for block in cell.iter_inner_content():
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, Table) and depth < 5:
            parts.append(_table_text(block, depth + 1))
    return _SPACES.sub(" ", " ".join(parts)).strip()
