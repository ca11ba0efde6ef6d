"""The offline model can route to every tool of the catalogue: each has examples, a summary
and a grammar, registered in the offline package (or, until moved, on the tool itself)."""

from __future__ import annotations

from typing import Any

from agent.offline.routes import offline_routes
from agent.offline.routing import routing_of
from tools.catalog import build_tools


def test_every_catalogue_tool_has_offline_routing(services: Any) -> None:
    registered = offline_routes(services)
    for tool in build_tools(services):
        routing = registered.get(tool.name) or routing_of(tool)
        assert routing is not None, tool.name
        assert routing.examples and routing.summary, tool.name
