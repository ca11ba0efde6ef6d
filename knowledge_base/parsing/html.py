"""HTML → sections split at h1-h4, using BeautifulSoup's built-in "html.parser".

Scripts, styles, navigation, footers and other non-content elements are dropped. The page
<title> becomes the top heading when the page has no <h1>. Hidden text (the `hidden`
attribute, aria-hidden, display:none, white, tiny or off-screen text, screen-reader-only
classes; see `hidden.hidden_style`) is left out and reported in `warnings`.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, PreformattedString, Tag

from knowledge_base.parsing.hidden import hidden_style
from knowledge_base.parsing.sections import Section
from knowledge_base.parsing.text import clean_text

_DROP = frozenset(
    {"script", "style", "nav", "footer", "noscript", "template", "svg", "canvas", "iframe",
     "object", "embed", "head", "title", "button", "select", "dialog"}
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
_PARAGRAPH_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "header", "aside", "blockquote", "pre", "table",
     "ul", "ol", "dl", "figure", "address", "details", "fieldset", "form", "h5", "h6", "hr",
     "body"}
)
_LINE_BLOCKS = frozenset({"li", "dt", "dd", "br", "caption", "figcaption", "summary", "legend"})
_SPACES = re.compile(r"\s+")
_LINE_SPACES = re.compile(r"[^\S\n]+")


def parse_html(text: str, warnings: list[str] | None = None) -> list[Section]:
    soup = BeautifulSoup(text, "html.parser")
    title_tag = soup.find("title")
    title = _SPACES.sub(" ", title_tag.get_text(" ")).strip() if title_tag else ""
    builder = _Builder()
    if title and not any(_shown(h) for h in soup.find_all("h1")):
        builder.heading(1, title)
    _walk(soup, builder)
    builder.flush()
    if builder.hidden and warnings is not None:
        warnings.append(
            f"hidden text ({builder.hidden:,} characters: display:none, white, tiny or "
            "off-screen) was left out: it is not searchable and never quoted"
        )
    if not builder.sections and builder.titles:
        # Headings but no body text ("Coming soon"): keep the headings themselves.
        return [Section(text="\n".join(builder.titles))]
    return builder.sections


class _Builder:
    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.stack: list[tuple[int, str]] = []
        self.parts: list[str] = []
        self.titles: list[str] = []
        self.hidden = 0  # characters of hidden text left out

    def heading(self, level: int, title: str) -> None:
        self.flush()
        self.titles.append(title)
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, title))

    def flush(self) -> None:
        lines = (_LINE_SPACES.sub(" ", line).strip() for line in "".join(self.parts).split("\n"))
        text = clean_text("\n".join(lines))
        if text:
            self.sections.append(Section(text=text, heading_path=tuple(t for _, t in self.stack)))
        self.parts.clear()


def _walk(root: Tag, builder: _Builder) -> None:
    """Depth-first without recursion (pages can nest thousands of elements deep)."""
    pending: list[tuple[PageElement, bool]] = [(root, False)]
    in_pre = 0
    while pending:
        node, closing = pending.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):  # comments, doctype, CDATA...
                builder.parts.append(str(node) if in_pre else _SPACES.sub(" ", str(node)))
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name.lower() if node.name else ""
        if closing:
            in_pre -= name == "pre"
            builder.parts.append(_break(name))
            continue
        if name in _DROP:
            continue
        if not _visible(node):
            builder.hidden += len(node.get_text().strip())
            continue
        if name in _HEADINGS:
            heading = _SPACES.sub(" ", node.get_text(" ")).strip()
            if heading:
                builder.heading(_HEADINGS[name], heading)
            continue
        if name == "tr":
            cells = [
                _SPACES.sub(" ", cell.get_text(" ")).strip()
                for cell in node.find_all(["td", "th"], recursive=False)
                if isinstance(cell, Tag) and _visible(cell)
            ]
            if any(cells):
                builder.parts.append("\n" + " | ".join(cells))
            continue
        if name in _LINE_BLOCKS:
            builder.parts.append("\n- " if name == "li" else "\n")
        elif name in _PARAGRAPH_BLOCKS:
            builder.parts.append("\n\n")
        in_pre += name == "pre"
        pending.append((node, True))
        pending.extend((child, False) for child in reversed(node.contents))


def _break(name: str) -> str:
    """What ends an element: a blank line after paragraph-like blocks (lines start with \\n)."""
    return "\n\n" if name in _PARAGRAPH_BLOCKS else ""


def _shown(tag: Tag) -> bool:
    """Neither the tag nor any of its ancestors is dropped or hidden."""
    chain = [tag, *tag.parents]
    return all(
        (t.name or "").lower() not in _DROP and _visible(t) for t in chain if isinstance(t, Tag)
    )


def _visible(tag: Tag) -> bool:
    if tag.has_attr("hidden") or str(tag.get("aria-hidden", "")).lower() == "true":
        return False
    classes: object = tag.get("class") or []
    names = " ".join(classes) if isinstance(classes, list) else str(classes)
    return not hidden_style(str(tag.get("style", "")), names)
