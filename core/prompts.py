"""Prompts and answer templates are files in `prompts/`, loaded by name and rendered with Jinja2."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(PROMPTS_DIR),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,  # noqa: S701 - Markdown for chat, never HTML
    )
    env.filters["money"] = lambda v, cur="£": "n/a" if v is None else f"{cur}{v:,.2f}"
    env.filters["clip"] = clip
    env.filters["quote"] = lambda text: "\n".join(f"> {line}" for line in str(text).splitlines())
    return env


def clip(text: str, limit: int = 600) -> str:
    """Shorten a passage at a sentence or word boundary, marking the cut with an ellipsis."""
    text = str(text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind(".\n"))
    if end > limit * 0.6:
        return cut[: end + 1]
    return cut.rsplit(" ", 1)[0] + " …"


def load_prompt(name: str) -> str:
    """The raw text of a prompt file, e.g. `load_prompt("system.md")`. Read again only when
    the file changed (as Jinja reloads templates): every chat turn asks for the system prompt."""
    path = PROMPTS_DIR / name
    return _read_prompt(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=64)
def _read_prompt(path: Path, stamp: int) -> str:
    return path.read_text(encoding="utf-8")


def render(name: str, **variables: Any) -> str:
    """Render a template file (e.g. `answers/search_playbooks.md.j2`)."""
    return _environment().get_template(name).render(**variables).strip()


def template_exists(name: str) -> bool:
    return (PROMPTS_DIR / name).is_file()
