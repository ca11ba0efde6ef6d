"""Every catalogue tool works unchanged with a real tool-calling model: valid OpenAI schemas
and no injected runtime argument exposed. (The offline model's routing for each tool is
tested with the offline package, tests/agent/offline/test_routes.py.)"""

from __future__ import annotations

import json
from typing import Any

from langchain_core.utils.function_calling import convert_to_openai_tool
from langchain_openai import ChatOpenAI

from tools.catalog import build_tools


def test_every_tool_has_an_openai_schema_without_the_runtime(services: Any) -> None:
    tools = build_tools(services)
    names = [t.name for t in tools]
    assert len(names) == len(set(names)) == 12
    for tool in tools:
        spec = convert_to_openai_tool(tool)["function"]
        assert spec["name"] == tool.name and spec["description"].strip()
        assert spec["parameters"]["type"] == "object"
        assert "runtime" not in json.dumps(spec["parameters"])


def test_a_real_model_binds_the_whole_catalogue(services: Any) -> None:
    model = ChatOpenAI(model="gpt-4.1-mini", api_key="sk-test", base_url="http://127.0.0.1:9")
    bound = model.bind_tools(build_tools(services))
    sent = {t["function"]["name"] for t in bound.kwargs["tools"]}  # type: ignore[attr-defined]
    assert "kpi_lookup" in sent and "draft_positioning" in sent and len(sent) == 12
