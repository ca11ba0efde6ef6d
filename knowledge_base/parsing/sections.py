"""The common output of every parser: text split into sections with where-it-came-from metadata."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """A run of text under one heading (or on one page) of a source file.

    `heading_path` is the chain of headings above the text, outermost first, so a citation
    can say "interviews.md › Customer 3"; `page` is the 1-based page for paged formats.
    """

    text: str
    heading_path: tuple[str, ...] = ()
    page: int | None = None

    @property
    def heading(self) -> str:
        return " › ".join(self.heading_path)
