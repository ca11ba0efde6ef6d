"""The compact tool schemas a real model is sent: the same contract, fewer tokens."""

from __future__ import annotations

import json
from typing import Any

from langchain_core.utils.function_calling import convert_to_openai_tool
from langchain_core.utils.json_schema import dereference_refs

from agent.schemas import compact_tool, optional_type
from tools.catalog import build_tools


def _contract(node: Any, in_properties: bool = False) -> Any:
    """What a model chooses by: everything but titles, discriminators, defaults of consts,
    and the `null` branch (and null default) of an optional field."""
    if isinstance(node, list):
        return [_contract(n) for n in node]
    if not isinstance(node, dict):
        return node
    plain = optional_type(node) if not in_properties else None
    if plain is not None:
        node = {**plain, **{k: v for k, v in node.items() if k not in ("anyOf", "default")}}
    if in_properties:
        return {k: _contract(v) for k, v in node.items()}
    return {
        k: _contract(v, in_properties=k == "properties")
        for k, v in node.items()
        if k not in ("title", "discriminator") and not (k == "default" and "const" in node)
    }


def _unions_inlined(parameters: dict[str, Any]) -> dict[str, Any]:
    """The shared `oneOf` lists (`$defs/Union<n>`) spelled out again where referenced."""
    defs = parameters.get("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, list):
            return [inline(n) for n in node]
        if not isinstance(node, dict):
            return node
        ref = str(node.get("$ref", ""))
        if ref.startswith("#/$defs/Union"):
            rest = {k: inline(v) for k, v in node.items() if k != "$ref"}
            return {"oneOf": defs[ref.rsplit("/", 1)[1]]["oneOf"], **rest}
        return {k: inline(v) for k, v in node.items()}

    out = inline(parameters)
    out["$defs"] = {k: v for k, v in out.get("$defs", {}).items() if not k.startswith("Union")}
    return out  # type: ignore[no-any-return]


def test_compact_schemas_keep_every_name_type_enum_and_description(services: Any) -> None:
    for tool in build_tools(services):
        full, compact = convert_to_openai_tool(tool), compact_tool(tool)
        parameters = dereference_refs(_unions_inlined(compact["function"]["parameters"]))
        parameters.pop("$defs", None)  # what the references stand for, spelled out again
        assert parameters == _contract(full["function"]["parameters"]), tool.name
        assert compact["function"]["description"] == full["function"]["description"]


def test_compact_schemas_are_smaller(services: Any) -> None:
    tools = build_tools(services)
    full = len(json.dumps([convert_to_openai_tool(t) for t in tools]))
    compact = len(json.dumps([compact_tool(t) for t in tools]))
    assert compact < 0.7 * full  # the KPI period union was spelled out three times


def test_a_property_named_title_is_kept() -> None:
    from langchain_core.tools import StructuredTool

    def post(title: str, default: int = 1) -> str:
        """Post something."""
        return title

    schema = compact_tool(StructuredTool.from_function(post))
    assert set(schema["function"]["parameters"]["properties"]) == {"title", "default"}
    assert schema["function"]["parameters"]["properties"]["default"]["default"] == 1
