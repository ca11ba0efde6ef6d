"""Routing for `kpi_lookup`: performance questions about the client's own figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agent.offline.examples.kpi import KPI_EXAMPLES, KPI_KEYWORDS
from agent.offline.grammar.kpi import extract_kpi_args, workspace_vocabulary
from agent.offline.routing import Routing, RoutingInput
from core.errors import CmoError
from core.services import Services


def kpi_route(services: Services | None) -> Routing:
    def extract_args(request: RoutingInput) -> dict[str, Any]:
        directory = _workspace_dir(services, request)
        vocabulary = workspace_vocabulary(directory) if directory else {}
        return extract_kpi_args(
            request.text, previous=request.previous_args("kpi_lookup"), **vocabulary
        )

    return Routing(
        examples=tuple(KPI_EXAMPLES),
        extract_args=extract_args,
        keywords=KPI_KEYWORDS,
        summary="exact campaign figures (spend, CPL, ROAS, funnel rates) from imported data",
        follow_up=True,
        # a figure is only worth querying when a metric or period is named (the keywords)
        # or the message is very close to a performance question
        intent_required=True,
    )


def _workspace_dir(services: Services | None, request: RoutingInput) -> Path | None:
    """The routed message's workspace folder (None: no workspace, or an unknown one)."""
    if services is None or request.workspace is None:
        return None
    try:
        return services.scope(request.workspace).dir
    except CmoError:
        return None
