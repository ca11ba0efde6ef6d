"""PowerPoint decks are client documents: titles, body text, tables and speaker notes, one
section per slide, cited as "deck.pptx, slide N"."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.util import Inches

from core.errors import UnreadableFile
from knowledge_base.chunking import chunk_sections
from knowledge_base.parsing.detect import parse_document


def deck_bytes() -> bytes:
    deck = Presentation()
    first = deck.slides.add_slide(deck.slide_layouts[1])
    first.shapes.title.text = "Why Ledgerly"
    first.placeholders[1].text = "Month-end close in two days, not ten."
    second = deck.slides.add_slide(deck.slide_layouts[5])
    second.shapes.title.text = "Pricing"
    table = second.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(6), Inches(2)).table
    for r, row in enumerate([("Plan", "Price"), ("Starter", "£299/month"), ("Pro", "£899/month")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    second.notes_slide.notes_text_frame.text = "Discounts above 15% need the CFO's approval."
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def test_slides_become_sections_with_tables_and_notes() -> None:
    parsed = parse_document("deck.pptx", deck_bytes(), 10_000_000)
    assert parsed.pages == 2 and [s.page for s in parsed.sections] == [1, 2]
    first, second = (s.text for s in parsed.sections)
    assert first.startswith("Why Ledgerly") and "two days, not ten" in first
    assert "Starter | £299/month" in second and "Pro | £899/month" in second
    assert "Speaker notes: Discounts above 15% need the CFO's approval." in second
    labels = [c.label("deck.pptx") for c in chunk_sections(parsed.sections)]
    assert labels == ["deck.pptx, slide 1", "deck.pptx, slide 2"]


def test_a_broken_deck_is_refused_by_name() -> None:
    with pytest.raises(UnreadableFile) as err:
        parse_document("deck.pptx", b"PK\x03\x04broken", 10_000_000)
    assert err.value.detail.startswith("deck.pptx:")
