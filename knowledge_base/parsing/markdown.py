"""Markdown → sections, split at ATX/setext headings using markdown-it's token stream."""

from __future__ import annotations

from markdown_it import MarkdownIt

from knowledge_base.parsing.sections import Section

_md = MarkdownIt("commonmark")


def parse_markdown(text: str) -> list[Section]:
    """Split a Markdown document at its headings, keeping the heading chain for each part.

    Body text is kept as written (not rendered) so quotes and tables survive for citation.
    """
    lines = text.splitlines()
    tokens = _md.parse(text)
    # Each heading: (level, title, first line, line after the heading).
    headings: list[tuple[int, str, int, int]] = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            title = tokens[i + 1].content.strip()
            headings.append((int(token.tag[1]), title, token.map[0], token.map[1]))

    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    preamble_end = headings[0][2] if headings else len(lines)
    _append(sections, lines[:preamble_end], ())
    for n, (level, title, _start, body_start) in enumerate(headings):
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title))
        body_end = headings[n + 1][2] if n + 1 < len(headings) else len(lines)
        _append(sections, lines[body_start:body_end], tuple(t for _, t in stack))
    return sections


def _append(sections: list[Section], body: list[str], path: tuple[str, ...]) -> None:
    text = "\n".join(body).strip()
    if text:
        sections.append(Section(text=text, heading_path=path))
