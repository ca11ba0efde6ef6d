"""Client workspaces: list, create, show, delete, and the threads of one.

Creating and deleting workspaces needs an admin key; a workspace key lists only its own
workspace. Deleting a workspace revokes its keys too, so a namesake starts with none.
"""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from api.deps import AdminDep, CallerDep, GraphDep, KeysDep, ServicesDep, WorkspaceDep
from api.schemas import ErrorResponse, WorkspaceCreate
from core.workspaces import ThreadInfo, Workspace

router = APIRouter(prefix="/workspaces", tags=["workspaces"])


@router.get("", response_model=list[Workspace])
def list_workspaces(services: ServicesDep, caller: CallerDep) -> list[Workspace]:
    """Every workspace for an admin key; a workspace key sees only its own."""
    return [w for w in services.workspaces.list() if caller.can(w.id)]


@router.post(
    "",
    response_model=Workspace,
    status_code=status.HTTP_201_CREATED,
    responses={409: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
)
def create_workspace(body: WorkspaceCreate, services: ServicesDep, _admin: AdminDep) -> Workspace:
    """Create a client workspace; its documents, data and threads are isolated from others."""
    return services.workspaces.create(body.id, body.name)


@router.get("/{workspace_id}", response_model=Workspace, responses={404: {"model": ErrorResponse}})
def get_workspace(scope: WorkspaceDep) -> Workspace:
    return scope.workspace


@router.delete(
    "/{workspace_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
)
async def delete_workspace(
    workspace_id: str, services: ServicesDep, graph: GraphDep, keys: KeysDep, _admin: AdminDep
) -> Response:
    """Delete a client workspace and everything in it, threads' histories and keys included.
    This cannot be undone; the `demo` workspace is seeded again at the next start."""
    for thread_id in services.delete_workspace(workspace_id):
        await graph.checkpointer.adelete_thread(thread_id)
    keys.revoke_workspace(workspace_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{workspace_id}/threads", response_model=list[ThreadInfo])
def list_threads(scope: WorkspaceDep, services: ServicesDep) -> list[ThreadInfo]:
    return services.workspaces.threads(scope.id)
