"""Working titles, hooks and CTAs for scheduled items, from templates plus idea sources.

Retrieval is the caller's job: it passes `IdeaSource`s (client document and playbook passages).
Each item takes the source that best overlaps its pillar, stage and segment, discounted by how
often it was used already (so sources rotate), and cites it, with the passage's most relevant
sentence as the citation's quote. Passages are data, never copy: titles, hooks and calls to
action come only from the templates, the pillar and the request, so a document cannot write
a deliverable's words (nor put a link, image or markup in it); its text appears only as the
quoted, cited evidence behind an item, neutralised (`core.sanitise`), and a sentence that
reads like an instruction to a model is never quoted. Without sources the template is cited;
launch items cite the launch they belong to.
Choices are seeded by calendar id and item id, so the same calendar always reads the same and
a revision re-rolls only the items it regenerates. Titles are unique within a calendar.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from core.prompts import PROMPTS_DIR, clip
from core.sanitise import clean_text, neutralise_markdown
from tools.calendar.models import CalendarItem, IdeaSource, Stage
from tools.citations import Citation

TEMPLATES_FILE = PROMPTS_DIR / "calendar" / "ideas.yaml"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STAGE_KEYWORDS: dict[Stage, frozenset[str]] = {
    "awareness": _words("why problem mistake trend risk insight myth sign cost guide"),
    "consideration": _words(
        "compare comparison case study framework choose option evaluate versus how"
    ),
    "conversion": _words("price pricing roi demo trial objection return budget payback"),
    "retention": _words(
        "customer onboarding churn renewal adoption tips retention expansion loyalty"
    ),
}
_STOP = _words(
    "the and for with that this from your you are our what when how into about have has was "
    "were will can not but they them their more most than then its it's also each which"
)
_PLURAL_ENDINGS = ("s", "people", "staff", "teams")
_LABEL_PREFIX = re.compile(r"^[A-Z][\w ]{0,24}:\s+")
_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instructions?|prompts?|rules)\b|system prompt",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def load_templates() -> dict[str, Any]:
    """The idea templates file (see its header for placeholders)."""
    return dict(yaml.safe_load(TEMPLATES_FILE.read_text(encoding="utf-8")))


def tokens(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z0-9']{2,}", text.lower()) if w not in _STOP}


@dataclass(frozen=True)
class _Prepared:
    source: IdeaSource
    tokens: frozenset[str]
    sentences: tuple[str, ...]


def _prepare(source: IdeaSource) -> _Prepared:
    sentences = tuple(
        s
        for s in (
            _sentence(p) for p in re.split(r"(?<=[.!?])\s+|\n+", source.text.replace("**", ""))
        )
        if s
    )
    return _Prepared(source, frozenset(tokens(source.text + " " + source.label)), sentences)


def _clean(text: str) -> str:
    return re.sub(r"^[#>*\-|\s\d.)]+", "", text).replace("**", "").strip()


def _sentence(text: str) -> str:
    """A passage sentence fit to be a hook: a whole sentence (not a list fragment or a
    heading), without a leading "Label:" and never instruction-like; else ""."""
    text = _LABEL_PREFIX.sub("", _clean(text))
    if not 30 <= len(text) <= 220 or _INSTRUCTION.search(text):
        return ""
    if not text[:1].isupper() or not text.rstrip('"”’)').endswith((".", "!", "?")):
        return ""
    return text


def _rng(calendar_id: str, item_id: str) -> random.Random:
    digest = hashlib.sha256(f"{calendar_id}:{item_id}".encode()).hexdigest()
    return random.Random(int(digest[:16], 16))


def _lower_first(text: str) -> str:
    first, _, rest = text.partition(" ")
    if first[:1].isupper() and first[1:] == first[1:].lower():
        first = first.lower()
    return f"{first} {rest}".strip()


def _audience(segment: str) -> str:
    if not segment:
        return "teams like yours"
    return segment if segment.lower().endswith(_PLURAL_ENDINGS) else f"{segment} buyers"


def fill_ideas(items: list[CalendarItem], sources: list[IdeaSource], calendar_id: str) -> None:
    """Give every item without a title a title, hook, CTA and source (in place).

    Items that already have a title (kept by a revision, or hand-edited) are left alone and
    their titles reserved, so new titles never repeat them.
    """
    prepared = [_prepare(s) for s in sources]
    used = {item.title.casefold() for item in items if item.title}
    hooks = {item.hook for item in items if item.title}
    uses: Counter[str] = Counter()
    for item in items:
        if item.title:
            continue
        rng = _rng(calendar_id, item.id)
        if item.launch_step:
            _fill_launch(item, rng, used, hooks)
        else:
            _fill_regular(item, prepared, rng, used, hooks, uses)


def _fill_regular(
    item: CalendarItem,
    prepared: list[_Prepared],
    rng: random.Random,
    used: set[str],
    hooks: set[str],
    uses: Counter[str],
) -> None:
    templates = load_templates()
    stage = templates["stages"][item.stage]
    chosen = _pick_source(item, prepared, rng, uses)
    values = _values(item, item.pillar, rng)
    item.title = _unique_title(item, stage["titles"], values, rng, used)
    item.hook = _hook(stage["hooks"], values, rng, hooks)
    item.cta = _cta(item, stage["ctas"], values, rng)
    if chosen:
        uses[chosen.source.ref] += 1
        s = chosen.source
        item.source = Citation(
            kind=s.kind,
            label=neutralise_markdown(clean_text(s.label)),
            ref=s.ref,
            detail=_quote(item, chosen),
        )
    else:
        item.source = Citation(
            kind="artifact",
            label=f"Idea template ({item.stage}, pillar: {item.pillar})",
            ref=f"prompts/calendar/ideas.yaml#stages.{item.stage}",
        )


def _fill_launch(item: CalendarItem, rng: random.Random, used: set[str], hooks: set[str]) -> None:
    step = load_templates()["launch"][item.launch_step or "announcement"]
    values = _values(item, item.launch or "", rng)
    item.title = _unique_title(item, step["titles"], values, rng, used)
    item.hook = _hook(step["hooks"], values, rng, hooks)
    item.cta = _cta(item, step["ctas"], values, rng)
    step_name = (item.launch_step or "announcement").replace("_", "-")
    item.source = Citation(
        kind="brief",
        label=f"Launch plan: {item.launch} ({step_name})",
        ref=f"launch:{item.launch}",
        detail="The launch named in the calendar request.",
    )


def _values(item: CalendarItem, topic: str, rng: random.Random) -> dict[str, str]:
    topic = " ".join(topic.split())
    return {
        "topic": topic[:1].upper() + topic[1:],
        "topic_l": _lower_first(topic),
        "pillar": item.pillar,
        "pillar_l": _lower_first(item.pillar),
        "audience": _audience(item.segment),
        "channel": item.channel,
        "n": str(rng.choice(load_templates()["numbers"])),
        "launch": item.launch or "",
    }


def _render(template: str, values: dict[str, str]) -> str:
    text = template.format_map(values).strip()
    return text[:1].upper() + text[1:]


def _pick_source(
    item: CalendarItem, prepared: list[_Prepared], rng: random.Random, uses: Counter[str]
) -> _Prepared | None:
    """Keyword overlap with pillar, stage and segment, discounted by past use; seeded ties."""
    if not prepared:
        return None
    query = tokens(f"{item.pillar} {item.segment}") | STAGE_KEYWORDS[item.stage]
    jitter = {p.source.ref: rng.random() for p in prepared}
    return min(
        prepared,
        key=lambda p: (
            -len(query & p.tokens) / (1 + uses[p.source.ref]),
            uses[p.source.ref],
            jitter[p.source.ref],
        ),
    )


def _unique_title(
    item: CalendarItem,
    templates: list[str],
    values: dict[str, str],
    rng: random.Random,
    used: set[str],
) -> str:
    """First unused title from the seeded template order; a dated suffix as a last resort."""
    start = rng.randrange(len(templates))
    prefix = load_templates()["formats"].get(item.format, {}).get("prefix", "")
    candidates = [
        _with_prefix(prefix, _render(templates[(start + i) % len(templates)], values))
        for i in range(len(templates))
    ]
    title = next((c for c in candidates if c.casefold() not in used), "")
    if not title:
        base = f"{candidates[0]} ({item.channel}, {item.date.day} {item.date:%b %Y})"
        title, k = base, 2
        while title.casefold() in used:
            title, k = f"{base} #{k}", k + 1
    used.add(title.casefold())
    return title


def _with_prefix(prefix: str, title: str) -> str:
    if not prefix or title.lower().startswith(prefix.strip(" :").lower()):
        return title
    return prefix + title


def _hook(templates: list[str], values: dict[str, str], rng: random.Random, hooks: set[str]) -> str:
    """A template hook not used yet in this calendar; hooks repeat only when every
    template is taken."""
    start = rng.randrange(len(templates))
    candidates = [
        _render(templates[(start + i) % len(templates)], values) for i in range(len(templates))
    ]
    hook = next((c for c in candidates if c not in hooks), candidates[0])
    hooks.add(hook)
    return hook


def _quote(item: CalendarItem, chosen: _Prepared) -> str:
    """The passage's sentence most relevant to the item, as a quote; else the passage
    clipped. Neutralised: no link, image or markup survives, nor an instruction."""
    query = tokens(f"{item.pillar} {item.segment}") | STAGE_KEYWORDS[item.stage]
    ranked = sorted(chosen.sentences, key=lambda s: -len(query & tokens(s)))
    text = ranked[0] if ranked else clip(chosen.source.text, 300)
    if _INSTRUCTION.search(text):
        text = ""
    return f"“{neutralise_markdown(clean_text(text))}”" if text else ""


def _cta(
    item: CalendarItem, stage_ctas: list[str], values: dict[str, str], rng: random.Random
) -> str:
    format_ctas = load_templates()["formats"].get(item.format, {}).get("ctas", [])
    return _render(rng.choice(format_ctas or stage_ctas), values)
