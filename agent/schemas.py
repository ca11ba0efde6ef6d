"""Tool schemas as a real model is sent them: the same contract, fewer tokens.

`convert_to_openai_tool` spells out what pydantic generates, much of which a model never
uses: a `title` on every field and model, the `default` of a field that is a constant or
empty, the `discriminator` beside a `oneOf` (OpenAI ignores it; the `const` of each branch
already says which is which), sanity bounds (`maxLength`, `maximum`…) that only guard the
server, the docstring of a list's item model under a field that already says what goes in it,
a type used in several places spelled out at each, and an optional field's `anyOf: [T, null]`
with `default: null` (leaving the field out already means "none"). `compact_tool` drops those
(a repeated type is defined once under `$defs` and referenced; an optional field is its `T`);
names, types, enums, constants, required fields, informative defaults and descriptions stay.
A tool whose arguments hold a union needed only to validate is described by its wire model
instead (`tools.catalog.wire_schemas`: the KPI period, flat).
Arguments are still validated against the tool's full model when it runs, so a model that
sends something the compact schema did not say gets the same readable error as before.

Measured on the tools the graph binds (`make bench`, tokens row): see the README.
"""

from __future__ import annotations

import json
from typing import Any

from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import BaseModel

from tools.catalog import wire_schemas

_DROPPED = frozenset(
    {
        "title",
        "discriminator",
        "maxLength",
        "minLength",
        "maxItems",
        "minItems",
        "maximum",
        "minimum",
        "exclusiveMaximum",
        "exclusiveMinimum",
    }
)


def compact_tool(tool: BaseTool) -> dict[str, Any]:
    """The OpenAI `tools` entry of `tool` (`{"type": "function", "function": {...}}`),
    without titles, discriminators and the defaults of constants; a type used in several
    places (the KPI period inside "before" and "since") is defined once under `$defs`
    rather than spelled out at each, when that is shorter. A tool with a wire model
    (`tools.catalog.wire_schemas`) is described by that model."""
    wire = wire_schemas().get(tool.name)
    if wire is not None:
        return _function(tool, _parameters(wire))
    full: dict[str, Any] = _compact(convert_to_openai_tool(tool))
    model = tool.tool_call_schema
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return full
    raw = model.model_json_schema()
    if "$defs" not in raw:
        return full
    shared = {**full, "function": {**full["function"], "parameters": _parameters(model)}}
    return shared if len(json.dumps(shared)) < len(json.dumps(full)) else full


def _function(tool: BaseTool, parameters: dict[str, Any]) -> dict[str, Any]:
    description = " ".join(tool.description.split())
    function = {"name": tool.name, "description": description, "parameters": parameters}
    return {"type": "function", "function": function}


def _parameters(model: type[BaseModel]) -> dict[str, Any]:
    """`model`'s JSON Schema, compacted, its types kept under `$defs` and referenced."""
    raw = model.model_json_schema()
    parameters = {k: v for k, v in raw.items() if k in ("type", "properties", "required", "$defs")}
    return _shared_unions(_compact(parameters))


def _shared_unions(parameters: dict[str, Any]) -> dict[str, Any]:
    """A `oneOf` list of references spelled out in several places (the KPI period in
    `period`, `before.of` and `since.of`) defined once under `$defs` as `Union<n>` and
    referenced where it was."""
    seen: dict[str, int] = {}

    def count(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("oneOf"), list) and len(node["oneOf"]) > 2:
                key = json.dumps(node["oneOf"], sort_keys=True)
                seen[key] = seen.get(key, 0) + 1
            for value in node.values():
                count(value)
        elif isinstance(node, list):
            for value in node:
                count(value)

    count(parameters)
    names = {key: f"Union{i}" for i, key in enumerate(k for k, n in seen.items() if n > 1)}
    if not names:
        return parameters

    def swap(node: Any) -> Any:
        if isinstance(node, list):
            return [swap(value) for value in node]
        if not isinstance(node, dict):
            return node
        key = json.dumps(node["oneOf"], sort_keys=True) if "oneOf" in node else None
        if key in names:
            rest = {k: swap(v) for k, v in node.items() if k != "oneOf"}
            return {"$ref": f"#/$defs/{names[key]}", **rest}
        return {k: swap(v) for k, v in node.items()}

    out = swap(parameters)
    unions = {name: {"oneOf": json.loads(key)} for key, name in names.items()}
    out["$defs"] = {**out.get("$defs", {}), **unions}
    return out  # type: ignore[no-any-return]


def _compact(node: Any) -> Any:
    if isinstance(node, list):
        return [_compact(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = _optional_as_plain(node)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROPPED and not isinstance(value, dict | list) or key == "discriminator":
            continue
        if key == "default" and ("const" in node or uninformative_default(value)):
            continue
        if key in ("properties", "$defs") and isinstance(value, dict):
            out[key] = {name: _compact(sub) for name, sub in value.items()}  # names kept
            continue
        if key == "description" and isinstance(value, str):
            value = " ".join(value.split())  # a docstring's indentation is tokens too
        if key == "items" and isinstance(value, dict) and "description" in node:
            value = {k: v for k, v in value.items() if k != "description"}  # the field says it
        out[key] = _compact(value)
    return out


def uninformative_default(value: Any) -> bool:
    """An empty or false default: leaving the field out says the same."""
    return value is None or value is False or (isinstance(value, list | dict | str) and not value)


def optional_type(node: dict[str, Any]) -> dict[str, Any] | None:
    """`T` of an optional field (`anyOf: [T, {"type": "null"}]` with `default: null`)."""
    branches = node.get("anyOf")
    if not (isinstance(branches, list) and len(branches) == 2 and node.get("default", 0) is None):
        return None
    plain = [b for b in branches if b != {"type": "null"}]
    return plain[0] if len(plain) == 1 and isinstance(plain[0], dict) else None


def _optional_as_plain(node: dict[str, Any]) -> dict[str, Any]:
    plain = optional_type(node)
    if plain is None:
        return node
    rest = {k: v for k, v in node.items() if k not in ("anyOf", "default")}
    return {**plain, **rest}
