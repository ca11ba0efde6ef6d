"""The offline model's routing for `kpi_lookup`: its examples and grammar, registered per tool."""

from __future__ import annotations

from agent.offline.examples.kpi import KPI_EXAMPLES
from agent.offline.routes.kpi import kpi_route
from agent.offline.routing import PriorCall, RoutingInput


def test_routing_follows_up_on_the_previous_call() -> None:
    routing = kpi_route(None)
    assert routing is not None and routing.follow_up and len(routing.examples) >= 30
    assert routing.examples == tuple(KPI_EXAMPLES)
    first = routing.extract_args(RoutingInput("What was our CPL on LinkedIn last month?"))
    assert first == {
        "metrics": ["cpl"],
        "filters": {"channel": ["LinkedIn Ads"]},
        "period": {"kind": "previous", "unit": "month", "back": 1},
    }
    history = (PriorCall("kpi_lookup", first),)
    follow_up = routing.extract_args(RoutingInput("and last quarter?", history))
    assert follow_up["period"] == {"kind": "previous", "unit": "quarter", "back": 1}
