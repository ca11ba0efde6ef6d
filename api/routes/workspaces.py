"""Client workspaces: list, create, show, and the threads of one."""

from __future__ import annotations

from fastapi import APIRouter, status

from agent.workspaces import ThreadInfo, Workspace
from api.deps import ServicesDep
from api.schemas import ErrorResponse, WorkspaceCreate

router = APIRouter(prefix="/workspaces", tags=["workspaces"])


@router.get("", response_model=list[Workspace])
def list_workspaces(services: ServicesDep) -> list[Workspace]:
    return services.workspaces.list()


@router.post(
    "",
    response_model=Workspace,
    status_code=status.HTTP_201_CREATED,
    responses={409: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
)
def create_workspace(body: WorkspaceCreate, services: ServicesDep) -> Workspace:
    """Create a client workspace; its documents, data and threads are isolated from others."""
    return services.workspaces.create(body.id, body.name)


@router.get("/{workspace_id}", response_model=Workspace, responses={404: {"model": ErrorResponse}})
def get_workspace(workspace_id: str, services: ServicesDep) -> Workspace:
    return services.workspaces.get(workspace_id)


@router.get("/{workspace_id}/threads", response_model=list[ThreadInfo])
def list_threads(workspace_id: str, services: ServicesDep) -> list[ThreadInfo]:
    services.workspaces.get(workspace_id)
    return services.workspaces.threads(workspace_id)
