"""Health: `/livez` (the process answers), `/readyz` (it can serve), `/health` (details).

`/livez` and `/readyz` are open (load balancers and start-up scripts call them without a
key) and say nothing sensitive: readiness names its checks and whether each passed. `/health`
needs a key; the number of workspaces is shown to admin keys only.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.deps import CallerDep, ServicesDep
from core.model_spec import parse_model_spec
from core.sqlite import transaction

router = APIRouter(tags=["health"])
_MODEL_CHECK_TTL_S = 10.0


@router.get("/livez", include_in_schema=False)
def livez() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", include_in_schema=False)
async def readyz(request: Request) -> JSONResponse:
    """200 when the stores open and (for a remote model) the provider answers; else 503."""
    services = getattr(request.app.state, "services", None)
    checks: dict[str, str] = {"stores": "ok" if services and _stores_ok(services) else "failed"}
    if services is not None and parse_model_spec(services.settings.model).provider != "offline":
        checks["model"] = "ok" if await _model_reachable(request, services) else "unreachable"
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not_ready", "checks": checks},
        status_code=200 if ready else 503,
    )


def _stores_ok(services: Any) -> bool:
    try:
        with transaction(services.data_dir / "app.sqlite") as db:
            db.execute("SELECT count(*) FROM workspaces").fetchone()
    except Exception:
        return False
    return True


async def _model_reachable(request: Request, services: Any) -> bool:
    """Any HTTP answer from `<base url>/models` counts (even 401); cached for 10 s."""
    cached = getattr(request.app.state, "model_check", None)
    if cached and time.monotonic() - cached[0] < _MODEL_CHECK_TTL_S:
        return bool(cached[1])
    base = (services.settings.openai_base_url or "https://api.openai.com/v1").rstrip("/")
    try:
        async with httpx.AsyncClient(timeout=services.settings.model_connect_timeout_s) as client:
            await client.get(f"{base}/models")
        ok = True
    except httpx.HTTPError:
        ok = False
    request.app.state.model_check = (time.monotonic(), ok)
    return ok


@router.get("/health")
def health(services: ServicesDep, caller: CallerDep) -> dict[str, Any]:
    body: dict[str, Any] = {
        "status": "ok",
        "model": services.settings.model,
        "playbook_chunks": services.playbook_index().count(),
    }
    if caller.is_admin:
        body["workspaces"] = len(services.workspaces.list())
    return body
