"""Health: `/livez` (the process answers), `/readyz` (it can serve), `/health` (details).

* `GET /livez`: 200 at once; no work, no dependencies (`cmo serve` answers it even before
  the app has loaded, `api.launcher`).
* `GET /readyz`: 200 once the start-up work (playbook index, demo workspace) is done, the
  stores open and (for a remote model) the provider answers; until then 503 with each
  check, each start-up step's progress, and the error if a step failed.
* `GET /health`: which model answers, whether start-up is done, how many playbook passages
  (and, for admin keys, workspaces) there are.

`/livez` and `/readyz` are open (load balancers and start-up scripts call them without a
key) and say nothing sensitive: readiness names its checks and whether each passed, and
counts files and passages. `/health` needs a key.
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
    """`status`: `ready` (200); `starting`, `not_ready` (a check failed) or `failed` (start-up
    failed, with `error`), all 503. `checks`: stores, start-up and (remote models) the
    provider, each `ok` or why not; `steps`: each start-up step's state, files done and
    passages embedded, e.g. `{"playbooks": {"state": "running", "files": [3, 14], ...}}`."""
    services = getattr(request.app.state, "services", None)
    startup = request.app.state.startup.status()
    checks: dict[str, str] = {"stores": "ok" if services and _stores_ok(services) else "failed"}
    if services is not None and parse_model_spec(services.settings.model).provider != "offline":
        checks["model"] = "ok" if await _model_reachable(request, services) else "unreachable"
    checks["startup"] = "ok" if startup["status"] == "ready" else startup["status"]
    failed = [name for name, v in checks.items() if v != "ok" and name != "startup"]
    status = startup["status"] if startup["status"] == "failed" or not failed else "not_ready"
    body = {
        "status": status,
        "checks": checks,
        **{k: v for k, v in startup.items() if k != "status"},
    }
    return JSONResponse(body, status_code=200 if status == "ready" else 503)


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
def health(services: ServicesDep, caller: CallerDep, request: Request) -> dict[str, Any]:
    body: dict[str, Any] = {
        "status": "ok",
        "model": services.settings.model,
        "ready": request.app.state.startup.ready,
        "playbook_chunks": services.playbook_index().count(),
    }
    if caller.is_admin:
        body["workspaces"] = len(services.workspaces.list())
    return body
