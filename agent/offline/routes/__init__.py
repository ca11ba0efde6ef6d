"""What the offline model knows about each tool, registered per tool name: example
utterances, keyword rules and the grammar that turns a message into the tool's typed
arguments. The tools themselves (in `tools/`) know nothing of English."""

from __future__ import annotations

from agent.offline.routing import Routing
from core.services import Services


def offline_routes(services: Services | None) -> dict[str, Routing]:
    """Routing for every tool the offline model can call, keyed by tool name. `services`
    gives the grammar each workspace's vocabulary (channels, campaigns, metrics, document
    words); without it the grammar works from the text alone."""
    from agent.offline.routes.calendar import calendar_routes
    from agent.offline.routes.kpi import kpi_route
    from agent.offline.routes.search import search_routes
    from agent.offline.routes.strategy import strategy_routes

    return {
        **search_routes(services),
        "kpi_lookup": kpi_route(services),
        **calendar_routes(),
        **strategy_routes(),
    }
