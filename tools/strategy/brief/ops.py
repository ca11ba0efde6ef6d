"""Reading and changing the client brief (shared by the tools and the API).

Reads (`read_brief`) never write; changes (`record_fact`, `merge_brief`) first save the current
documents' extraction (`ensure_brief`) so a person's value sits on top of it, then apply theirs
under the brief's lock.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, computed_field

from core.errors import InvalidInput
from core.scope import WorkspaceScope
from tools.citations import Citation
from tools.strategy.brief.current import current_brief, ensure_brief
from tools.strategy.brief.model import (
    BriefSource,
    BriefStore,
    BriefValue,
    ClientBrief,
    apply_update,
    brief_citation,
    check_field,
    field_specs,
    matches_value,
)

ASK_AT_MOST = 3


class MissingField(BaseModel):
    field: str
    label: str
    question: str


class BriefField(BaseModel):
    field: str
    label: str
    kind: str
    values: list[BriefValue]


class BriefResult(BaseModel):
    """The brief with provenance; `ask` is what to ask next (known fields are never asked)."""

    workspace: str
    known_count: int = Field(description="how many fields have a value")
    field_count: int = Field(description="how many fields the brief has")
    requested: list[str] = Field(description="fields the question was about ([] = all)")
    fields: list[BriefField] = Field(description="known fields (of those requested)")
    unknown_requested: list[MissingField]
    missing: list[MissingField]
    ask: list[MissingField]
    citations: list[Citation]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def reading(self) -> str:
        """What was read: the whole brief or the fields asked about."""
        if not self.requested:
            return f"The client brief ({self.known_count} of {self.field_count} fields known)"
        return "The client brief's " + ", ".join(f.replace("_", " ") for f in self.requested)


class BriefUpdateResult(BaseModel):
    workspace: str
    field: str
    label: str
    source: BriefSource
    recorded: list[str]
    removed: list[str] = Field(default_factory=list, description="values taken off the field")
    not_found: list[str] = Field(
        default_factory=list, description="values asked to be removed that the field did not hold"
    )
    replaced: bool
    values: list[BriefValue] = Field(description="the field's values after the update")
    superseded: list[BriefValue] = Field(description="document values a person's value overrides")
    ask: list[MissingField]
    citations: list[Citation]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def reading(self) -> str:
        """What was recorded: the field and the values, in the user's words."""
        how = "replaced with" if self.replaced else "now includes"
        parts = [f"{self.label} {how} {'; '.join(self.recorded)}"] if self.recorded else []
        if self.removed:
            parts.append(f"{'; '.join(self.removed)} removed from {self.label}")
        if self.not_found:
            parts.append(f"{'; '.join(self.not_found)} was not in {self.label}")
        if not parts:
            parts.append(f"{self.label} unchanged")
        return "Recorded in the client brief: " + "; ".join(parts)


# -- operations (shared with the API) -------------------------------------------------------------
def read_brief(scope: WorkspaceScope, fields: list[str] | None = None) -> BriefResult:
    """The brief with provenance, the requested fields (all when none are named) and what to
    ask next. Unknown field names raise `InvalidInput`."""
    brief = current_brief(scope)  # a read: never writes the brief
    requested = [check_field(f) for f in fields or []]
    shown = requested or list(field_specs())
    known = [_field(brief, name) for name in shown if brief.values(name)]
    return BriefResult(
        workspace=scope.id,
        known_count=len(field_specs()) - len(brief.missing_fields()),
        field_count=len(field_specs()),
        requested=requested,
        fields=known,
        unknown_requested=[_missing(n) for n in requested if not brief.values(n)],
        missing=[_missing(n) for n in brief.missing_fields()],
        ask=[_missing(n) for n in brief.missing_fields()[:ASK_AT_MOST]],
        citations=[brief_citation(f.field, v) for f in known for v in f.values],
    )


def record_fact(
    scope: WorkspaceScope,
    field: str,
    values: list[str],
    source: BriefSource,
    replace: bool = False,
    remove: list[str] | None = None,
) -> BriefUpdateResult:
    """Record what a person told us about one field (chat or API); their value beats what was
    extracted from documents. `remove` takes values off the field first (a cancelled tool, an
    agency let go; matched by `matches_value`). Unknown fields and nothing to record or remove
    raise `InvalidInput`."""
    name = check_field(field)
    store = scope.store(BriefStore)
    before = ensure_brief(scope)  # document values first, so a person's value sits on top
    if field_specs()[name].kind == "value" and len(values) > 1:
        values = [", ".join(values)]
    gone = remove or []
    after = store.update(
        lambda brief: apply_update(brief, name, values, source, replace=replace, remove=gone)
    )
    now = after.values(name)
    held = [v.value for v in before.values(name)]
    superseded = [
        v
        for v in before.values(name)
        if v.source == "document"
        and v not in now
        and not any(matches_value(v.value, g) for g in gone)
    ]
    return BriefUpdateResult(
        workspace=scope.id,
        field=name,
        label=field_specs()[name].label,
        source=source,
        recorded=[v.value for v in now if v.source == source and v.value in _clean_all(values)],
        removed=[h for h in held if any(matches_value(h, g) for g in gone)],
        not_found=[g for g in gone if not any(matches_value(h, g) for h in held)],
        replaced=replace or field_specs()[name].kind == "value",  # one value: it replaces
        values=now,
        superseded=superseded,
        ask=[_missing(n) for n in after.missing_fields()[:ASK_AT_MOST]],
        citations=[brief_citation(name, v) for v in now],
    )


def merge_brief(
    scope: WorkspaceScope, updates: dict[str, Any], source: BriefSource = "api"
) -> ClientBrief:
    """Set several fields at once (PUT /brief): lists replace that field, strings set it."""
    names = {check_field(k): v for k, v in updates.items() if v is not None}
    ensure_brief(scope)

    for name, raw in names.items():
        items = raw if isinstance(raw, list) else [raw]
        if not all(isinstance(i, str | int | float) for i in items):
            raise InvalidInput(f"brief field {name!r} takes a string or a list of strings")
        if field_specs()[name].kind == "value" and isinstance(raw, list):
            raise InvalidInput(f"brief field {name!r} holds one value: send a string, not a list")

    def change(brief: ClientBrief) -> ClientBrief:
        for name, raw in names.items():
            items = raw if isinstance(raw, list) else [raw]
            brief = apply_update(
                brief, name, [str(i) for i in items], source, replace=isinstance(raw, list)
            )
        return brief

    return scope.store(BriefStore).update(change)


def _field(brief: ClientBrief, name: str) -> BriefField:
    spec = field_specs()[name]
    return BriefField(field=name, label=spec.label, kind=spec.kind, values=brief.values(name))


def _missing(name: str) -> MissingField:
    spec = field_specs()[name]
    return MissingField(field=name, label=spec.label, question=spec.question)


def _clean_all(values: list[str]) -> set[str]:
    return {" ".join(v.split()) for v in values}
