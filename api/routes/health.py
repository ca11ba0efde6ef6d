"""Liveness, readiness and health.

* `GET /livez`: the process answers (200 at once; no work, no dependencies).
* `GET /readyz`: 200 once the start-up work (playbook index, demo workspace) is done; until
  then 503 with each step's progress, or with the error if a step failed.
* `GET /health`: which model answers, how many playbook passages and workspaces there are.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/livez")
def livez() -> dict[str, str]:
    """Liveness: 200 `{"status": "alive"}` while the process can answer at all."""
    return {"status": "alive"}


@router.get(
    "/readyz",
    responses={503: {"description": "still starting (with progress), or start-up failed"}},
)
def readyz(request: Request) -> JSONResponse:
    """Readiness: `status` is `ready` (200), `starting` or `failed` (503, with `error`);
    `steps` gives each start-up step's state, files done and passages embedded, e.g.
    `{"playbooks": {"state": "running", "files": [3, 14], "passages": [96, 233]}}`.
    Questions are answered while starting: one that searches an index still being filled
    waits for it."""
    status = request.app.state.startup.status()
    return JSONResponse(status, status_code=200 if status["status"] == "ready" else 503)


@router.get("/health")
def health(services: ServicesDep, request: Request) -> dict[str, Any]:
    return {
        "status": "ok",
        "model": services.settings.model,
        "ready": request.app.state.startup.ready,
        "playbook_chunks": services.playbook_index().count(),
        "workspaces": len(services.workspaces.list()),
    }
