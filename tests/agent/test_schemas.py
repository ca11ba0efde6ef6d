"""The compact tool schemas a real model is sent: the same contract, fewer tokens."""

from __future__ import annotations

import json
from typing import Any

from langchain_core.utils.function_calling import convert_to_openai_tool
from langchain_core.utils.json_schema import dereference_refs

from agent.schemas import compact_tool, optional_type, uninformative_default
from tools.catalog import build_tools, wire_schemas

_BOUNDS = ("maxLength", "minLength", "maxItems", "minItems", "maximum", "minimum")


def _contract(node: Any, in_properties: bool = False) -> Any:
    """What a model chooses by: everything but titles, discriminators, sanity bounds, defaults
    of consts and empty defaults, the `null` branch (and null default) of an optional field,
    an item model's docstring under a described list, and the indentation of docstrings."""
    if isinstance(node, list):
        return [_contract(n) for n in node]
    if not isinstance(node, dict):
        return node
    plain = optional_type(node) if not in_properties else None
    if plain is not None:
        node = {**plain, **{k: v for k, v in node.items() if k not in ("anyOf", "default")}}
    if in_properties:
        return {k: _contract(v) for k, v in node.items()}
    if isinstance(node.get("items"), dict) and "description" in node:
        node = {**node, "items": {k: v for k, v in node["items"].items() if k != "description"}}
    return {
        k: " ".join(v.split()) if k == "description" else _contract(v, k == "properties")
        for k, v in node.items()
        if k not in ("title", "discriminator", *_BOUNDS)
        and not (k == "default" and ("const" in node or uninformative_default(v)))
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
    wired = wire_schemas()
    for tool in build_tools(services):
        if tool.name in wired:
            continue  # described by its wire model: tests/tools/kpi/test_wire.py
        full, compact = convert_to_openai_tool(tool), compact_tool(tool)
        parameters = dereference_refs(_unions_inlined(compact["function"]["parameters"]))
        parameters.pop("$defs", None)  # what the references stand for, spelled out again
        assert parameters == _contract(full["function"]["parameters"]), tool.name
        description = " ".join(full["function"]["description"].split())
        assert compact["function"]["description"] == description


def test_a_wired_tool_is_described_by_its_wire_model(services: Any) -> None:
    tool = next(t for t in build_tools(services) if t.name == "kpi_lookup")
    compact = compact_tool(tool)["function"]
    assert set(compact["parameters"]["properties"]) == set(
        wire_schemas()["kpi_lookup"].model_fields
    )
    period = compact["parameters"]["$defs"]["PeriodArgs"]
    assert period["properties"]["of"]["$ref"] == "#/$defs/PeriodArgs"  # nested, not repeated
    assert "oneOf" not in json.dumps(compact)
    assert compact["description"] == " ".join(tool.description.split())


def test_compact_schemas_are_smaller(services: Any) -> None:
    tools = build_tools(services)
    full = len(json.dumps([convert_to_openai_tool(t) for t in tools]))
    compact = len(json.dumps([compact_tool(t) for t in tools]))
    assert compact < 0.5 * full  # the KPI period union was spelled out three times


def test_a_property_named_title_is_kept() -> None:
    from langchain_core.tools import StructuredTool

    def post(title: str, default: int = 1) -> str:
        """Post something."""
        return title

    schema = compact_tool(StructuredTool.from_function(post))
    assert set(schema["function"]["parameters"]["properties"]) == {"title", "default"}
    assert schema["function"]["parameters"]["properties"]["default"]["default"] == 1
