"""`GET /workspaces/{id}/dashboard`: the performance dashboard, as JSON, CSV or the web page.

Figures come from the KPI engine only (`tools.dashboard`); the diagnosis's open problems are
run for the request, not saved. Read access is enough (viewer keys see their workspace's
dashboard). A browser navigating to the path (`Accept: text/html`, no `format`) gets the
dashboard page, which fetches the JSON with its session cookie.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from agent.offline.grammar.periods import parse_period
from api.deps import WorkspaceReadDep
from api.schemas import ErrorResponse
from api.web import page
from tools.dashboard import Dashboard, Grain, build_dashboard, dashboard_csv

router = APIRouter(prefix="/workspaces/{workspace_id}", tags=["dashboard"])
DEFAULT_PERIOD = "last month"
PeriodText = Annotated[
    str,
    Query(
        max_length=100,
        description="The period in words, counted from the latest imported date: 'last month' "
        "(default), 'last 90 days', 'this quarter', 'Q3 2026', 'all'; compared with the period "
        "before it.",
    ),
]
GrainParam = Annotated[
    Grain | None, Query(description="trend by week or month (default: week up to 92 days)")
]
_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorResponse},
    404: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
}


async def _build(scope: Any, period: str, grain: Grain | None) -> Dashboard:
    spec = parse_period(period or DEFAULT_PERIOD)
    return await run_in_threadpool(build_dashboard, scope, spec, grain)


@router.get(
    "/dashboard",
    response_model=Dashboard,
    responses={**_ERRORS, 200: {"content": {"text/csv": {}, "text/html": {}}}},
)
async def get_dashboard(
    request: Request,
    scope: WorkspaceReadDep,
    period: PeriodText = DEFAULT_PERIOD,
    grain: GrainParam = None,
    format: Annotated[Literal["json", "csv"] | None, Query()] = None,  # noqa: A002
) -> Any:
    """The dashboard: headline metrics for `period` against the period before (n/a with the
    reason where the data does not allow), the trend by `grain`, breakdowns by channel and by
    campaign (top 25 by spend), the diagnosis's open problems, and `empty` states naming the
    data to import. `?format=csv` (or `/dashboard.csv`) downloads it as CSV."""
    if format is None and "text/html" in request.headers.get("accept", ""):
        return page("dashboard.html")
    dashboard = await _build(scope, period, grain)
    if format == "csv":
        return _csv(dashboard)
    return dashboard


@router.get("/dashboard.csv", responses={**_ERRORS, 200: {"content": {"text/csv": {}}}})
async def get_dashboard_csv(
    scope: WorkspaceReadDep, period: PeriodText = DEFAULT_PERIOD, grain: GrainParam = None
) -> Response:
    """The dashboard as CSV: `section,group,metric,value,formatted,previous,change_percent,
    period`, one line per figure."""
    return _csv(await _build(scope, period, grain))


def _csv(dashboard: Dashboard) -> Response:
    name = f"dashboard-{dashboard.workspace}.csv"
    return Response(
        dashboard_csv(dashboard),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
