"""The client brief: a typed profile of one workspace's client, each value with its provenance.

Stored as `<workspace>/brief.json` (atomic writes, one writer at a time). Values come
from chat, the API or the workspace's documents. What a person said (chat, api) always beats
what was extracted from documents, and re-extraction never erases it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field

from core.errors import InvalidInput
from core.files import atomic_write_text
from core.locks import exclusive
from core.prompts import PROMPTS_DIR
from tools.citations import Citation

BriefSource = Literal["chat", "document", "api"]
BRIEF_FILE = "brief.json"
MAX_VALUE_CHARS = 500
PERSON_SOURCES: frozenset[str] = frozenset({"chat", "api"})


class BriefValue(BaseModel):
    """One fact about the client and where it came from."""

    value: str
    source: BriefSource
    citation: Citation | None = Field(default=None, description="the passage, for documents")
    updated_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))


class ClientBrief(BaseModel):
    """What the agent knows about the client. Single-value fields hold a BriefValue or None."""

    company: BriefValue | None = None
    offering: BriefValue | None = None
    category: BriefValue | None = None
    business_model: BriefValue | None = None
    price_points: list[BriefValue] = Field(default_factory=list)
    target_markets: list[BriefValue] = Field(default_factory=list)
    segments: list[BriefValue] = Field(default_factory=list)
    competitors: list[BriefValue] = Field(default_factory=list)
    alternatives: list[BriefValue] = Field(default_factory=list)
    differentiators: list[BriefValue] = Field(default_factory=list)
    proof_points: list[BriefValue] = Field(default_factory=list)
    goals: list[BriefValue] = Field(default_factory=list)
    budget: BriefValue | None = None
    team: list[BriefValue] = Field(default_factory=list)
    agencies: list[BriefValue] = Field(default_factory=list)
    channels: list[BriefValue] = Field(default_factory=list)
    tools: list[BriefValue] = Field(default_factory=list)
    brand_voice: list[BriefValue] = Field(default_factory=list)
    locked: list[str] = Field(
        default_factory=list, description="list fields a person replaced: extraction skips them"
    )
    documents_hash: str = Field(default="", description="documents the extraction last saw")

    def values(self, field: str) -> list[BriefValue]:
        raw = getattr(self, check_field(field))
        if raw is None:
            return []
        return list(raw) if isinstance(raw, list) else [raw]

    def texts(self, field: str) -> list[str]:
        return [v.value for v in self.values(field)]

    def text(self, field: str) -> str | None:
        found = self.values(field)
        return found[0].value if found else None

    def missing_fields(self) -> list[str]:
        """Unknown fields, most important first: what the agent should ask for."""
        return [name for name in fields_by_priority() if not self.values(name)]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: Literal["value", "list"]
    priority: int
    question: str


@lru_cache(maxsize=1)
def field_specs() -> dict[str, FieldSpec]:
    raw = yaml.safe_load((PROMPTS_DIR / "strategy" / "brief_fields.yaml").read_text("utf-8"))
    return {name: FieldSpec(name=name, **spec) for name, spec in raw["fields"].items()}


def fields_by_priority() -> list[str]:
    specs = field_specs()
    order = list(specs)
    return sorted(specs, key=lambda n: (specs[n].priority, order.index(n)))


def check_field(field: str) -> str:
    name = field.strip().lower().replace(" ", "_").replace("-", "_")
    if name not in field_specs():
        raise InvalidInput(f"unknown brief field {field!r}; use one of: {', '.join(field_specs())}")
    return name


def brief_citation(field: str, item: BriefValue) -> Citation:
    """The citation behind a brief value: its passage, or the brief itself for what people said."""
    if item.citation is not None:
        return item.citation
    spec = field_specs()[field]
    said = "told in chat" if item.source == "chat" else "set via the API"
    return Citation(
        kind="brief",
        label=f"Client brief › {spec.label} ({said})",
        ref=f"brief:{field}",
        detail=item.value,
    )


def apply_update(
    brief: ClientBrief,
    field: str,
    values: Iterable[str],
    source: BriefSource,
    *,
    citation: Citation | None = None,
    replace: bool = False,
) -> ClientBrief:
    """Record what a person (or a document) says about one field; returns the updated brief.

    Single-value fields take the first value. For list fields new values are added (case- and
    space-insensitive duplicates are refreshed in place); `replace=True` makes them the whole
    list and, for people, stops extraction from adding document values to it again.
    """
    name = check_field(field)
    cleaned = [_clean(v) for v in values]
    cleaned = [v for v in cleaned if v]
    if not cleaned and not replace:
        raise InvalidInput(f"no value given for the brief field {name!r}")
    now = dt.datetime.now(dt.UTC)
    made = [BriefValue(value=v, source=source, citation=citation, updated_at=now) for v in cleaned]
    data = brief.model_copy(deep=True)
    if field_specs()[name].kind == "value":
        current: BriefValue | None = getattr(data, name)
        if not made:
            setattr(data, name, None)
        elif current is None or _rank(source) >= _rank(current.source):
            setattr(data, name, made[0])
        return data
    items: list[BriefValue] = [] if replace else list(getattr(data, name))
    for item in made:
        key = _key(item.value)
        same = next((i for i, old in enumerate(items) if _key(old.value) == key), None)
        if same is None:
            items.append(item)
        elif _rank(source) >= _rank(items[same].source):
            items[same] = item
    setattr(data, name, items)
    if replace and source in PERSON_SOURCES and name not in data.locked:
        data.locked.append(name)
    return data


def apply_extraction(
    brief: ClientBrief, extracted: dict[str, list[BriefValue]], documents_hash: str
) -> ClientBrief:
    """Replace document-sourced values with a fresh extraction; people's values stay on top."""
    data = brief.model_copy(deep=True)
    for name in field_specs():
        found = [v for v in extracted.get(name, []) if v.source == "document"]
        if field_specs()[name].kind == "value":
            current = getattr(data, name)
            if current is None or current.source == "document":
                setattr(data, name, found[0] if found else None)
            continue
        kept = [v for v in getattr(data, name) if v.source != "document"]
        if name not in data.locked:
            taken = {_key(v.value) for v in kept}
            kept += [v for v in found if _key(v.value) not in taken]
        setattr(data, name, kept)
    data.documents_hash = documents_hash
    return data


def _rank(source: str) -> int:
    return 2 if source in PERSON_SOURCES else 1


def _key(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".")


def _clean(value: Any) -> str:
    text = " ".join(str(value).split()).strip()
    if len(text) > MAX_VALUE_CHARS:
        raise InvalidInput(f"a brief value is limited to {MAX_VALUE_CHARS} characters; shorten it")
    return text


class BriefStore:
    """The brief of one workspace folder; get the scope's one instance with
    `scope.store(BriefStore)`. Loading never writes; `update` is the only writer."""

    def __init__(self, workspace_dir: Path) -> None:
        self.path = Path(workspace_dir) / BRIEF_FILE

    def load(self) -> ClientBrief:
        if not self.path.is_file():
            return ClientBrief()
        return ClientBrief.model_validate_json(self.path.read_text(encoding="utf-8"))

    def update(self, change: Callable[[ClientBrief], ClientBrief]) -> ClientBrief:
        """Load, change and save under the workspace's lock so no update is lost."""
        with exclusive(self.path.with_suffix(".lock")):
            brief = change(self.load())
            self._write(brief)
            return brief

    def _write(self, brief: ClientBrief) -> None:
        atomic_write_text(self.path, brief.model_dump_json(indent=2))
