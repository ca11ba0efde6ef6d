"""`GET /health`: is the process up, which model answers, is the knowledge base indexed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/health")
def health(services: ServicesDep) -> dict[str, Any]:
    return {
        "status": "ok",
        "model": services.settings.model,
        "playbook_chunks": services.playbook_index().count(),
        "workspaces": len(services.workspaces.list()),
    }
