"""Split sections into chunks small enough to embed well, keeping their headings and pages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge_base.parsing.sections import Section

_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class ChunkText:
    text: str
    heading_path: tuple[str, ...]
    page: int | None
    ordinal: int

    @property
    def search_text(self) -> str:
        heading = " › ".join(self.heading_path)
        return f"{heading}\n\n{self.text}" if heading else self.text


def chunk_sections(
    sections: Sequence[Section], max_chars: int = 1200, overlap_chars: int = 150
) -> list[ChunkText]:
    """Whole sections when they fit; otherwise split at paragraphs, then sentences."""
    chunks: list[ChunkText] = []
    for section in sections:
        for piece in _split(section.text, max_chars, overlap_chars):
            chunks.append(ChunkText(piece, section.heading_path, section.page, len(chunks)))
    return chunks


def _split(text: str, max_chars: int, overlap: int) -> list[str]:
    if len(text) <= max_chars:
        return [text]
    units = [u for p in _PARAGRAPH.split(text) for u in _units(p.strip(), max_chars) if u]
    pieces: list[str] = []
    current = ""
    for unit in units:
        if current and len(current) + len(unit) + 2 > max_chars:
            pieces.append(current)
            tail = current[-overlap:].split(" ", 1)[-1] if overlap else ""
            current = f"{tail} {unit}".strip() if len(tail) + len(unit) + 1 <= max_chars else unit
        else:
            current = f"{current}\n\n{unit}" if current else unit
    if current:
        pieces.append(current)
    return pieces


def _units(paragraph: str, max_chars: int) -> list[str]:
    if len(paragraph) <= max_chars:
        return [paragraph]
    out: list[str] = []
    for sentence in _SENTENCE.split(paragraph):
        while len(sentence) > max_chars:
            out.append(sentence[:max_chars])
            sentence = sentence[max_chars:]
        out.append(sentence)
    return out
