"""PPTX → one section per slide: its title, body text, tables and speaker notes, via python-pptx.

Each section carries its slide number as `page`, so citations read "deck.pptx, slide 4". Text
boxes inside groups are read too; tables become ' | '-separated rows. The zip container passes
the same size and zip-bomb checks as a DOCX before python-pptx opens it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.exc import PackageNotFoundError
from pptx.shapes.group import GroupShape

from core.errors import UnreadableFile, UnsupportedFile
from knowledge_base.parsing.limits import MAX_TEXT_CHARS, open_checked_zip
from knowledge_base.parsing.sections import Section
from knowledge_base.parsing.text import clean_text

_ERRORS = (
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    zipfile.BadZipFile,
    PackageNotFoundError,
    etree.LxmlError,
    OSError,
    NotImplementedError,
    RecursionError,
)


@dataclass
class PptxResult:
    sections: list[Section]
    slides: int
    warnings: list[str] = field(default_factory=list)


def parse_pptx(filename: str, data: bytes, max_bytes: int) -> PptxResult:
    archive = open_checked_zip(filename, data, max_bytes)
    if "ppt/presentation.xml" not in set(archive.namelist()):
        if "word/document.xml" in archive.namelist():
            raise UnsupportedFile(f"{filename}: this is a Word document; name it .docx")
        raise UnreadableFile(
            f"{filename}: this is not a PowerPoint presentation (no ppt/presentation.xml); "
            "save it from PowerPoint as .pptx and upload it again"
        )
    try:
        deck = Presentation(io.BytesIO(data))
        slides = [_slide_text(slide) for slide in deck.slides]
    except _ERRORS as exc:
        reason = str(exc).strip() or type(exc).__name__
        raise UnreadableFile(
            f"{filename}: the presentation is damaged and could not be read ({reason[:200]})"
        ) from exc
    sections: list[Section] = []
    warnings: list[str] = []
    chars = 0
    for number, text in enumerate(slides, start=1):
        chars += len(text)
        if chars > MAX_TEXT_CHARS:
            warnings.append(f"the deck has too much text; slides from {number} on were dropped")
            break
        if text.strip():
            sections.append(Section(text=text, page=number))
    if not sections:
        raise UnreadableFile(f"{filename}: the presentation contains no text")
    return PptxResult(sections=sections, slides=len(slides), warnings=warnings)


def _slide_text(slide: Any) -> str:
    title_shape = slide.shapes.title
    title = title_shape.text_frame.text.strip() if title_shape is not None else ""
    parts = [title] if title else []
    for shape in _shapes(slide.shapes):
        if title_shape is not None and shape.shape_id == title_shape.shape_id:
            continue
        if getattr(shape, "has_table", False) and shape.has_table:
            parts.append(_table(shape.table))
        elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            body = "\n".join(p.text.strip() for p in shape.text_frame.paragraphs if p.text.strip())
            if body:
                parts.append(body)
    if slide.has_notes_slide:
        notes = slide.notes_slide.notes_text_frame
        if notes is not None and notes.text.strip():
            parts.append("Speaker notes: " + notes.text.strip())
    return clean_text("\n\n".join(parts))


def _shapes(shapes: Any) -> Iterator[Any]:
    for shape in shapes:
        if isinstance(shape, GroupShape):
            yield from _shapes(shape.shapes)
        else:
            yield shape


def _table(table: Any) -> str:
    rows = []
    for row in table.rows:
        cells = [" ".join(c.text.split()) for c in row.cells]
        if any(cells):
            rows.append(" | ".join(cells))
    return "\n".join(rows)
