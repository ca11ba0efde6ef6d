"""Dependencies declared once as `Annotated` aliases.

Access is declared by the dependency a route takes:

- `CallerDep`: any valid key (the `Authenticate` middleware already refused the rest);
- `AdminDep`: an admin key;
- `WorkspaceDep`: the `{workspace_id}` of the path, resolved once for the request, after the
  caller is authorised for it: read access for GET/HEAD, write access (admin or editor) for
  every other method;
- `WorkspaceReadDep`: the same with read access whatever the method (queries sent as POST,
  such as `POST /workspaces/{id}/kpi`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Path, Request

from api.auth import Caller
from api.guards import SAFE_METHODS
from core.errors import Unauthorized
from core.keys import KeyStore
from core.scope import WorkspaceScope
from core.services import Services
from core.settings import Settings

# The look-ups below that only read what is already in memory are `async def`: FastAPI runs a
# plain `def` dependency in its thread pool, a hop to a worker thread and back per dependency
# per request. Those that may wait on the disk (`services.scope` reads the registry) stay `def`.


async def get_services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


async def get_graph(request: Request) -> Any:
    return request.app.state.graph


async def get_settings(request: Request) -> Settings:
    return request.app.state.services.settings  # type: ignore[no-any-return]


async def get_keys(request: Request) -> KeyStore:
    return request.app.state.keys  # type: ignore[no-any-return]


async def get_caller(request: Request) -> Caller:
    """The authenticated caller (set by `api.auth.Authenticate`)."""
    caller = getattr(request.state, "caller", None)
    if not isinstance(caller, Caller):
        raise Unauthorized("this needs an API key: send `Authorization: Bearer cmo_…`")
    return caller


ServicesDep = Annotated[Services, Depends(get_services)]
GraphDep = Annotated[Any, Depends(get_graph)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
KeysDep = Annotated[KeyStore, Depends(get_keys)]
CallerDep = Annotated[Caller, Depends(get_caller)]


async def get_admin(caller: CallerDep) -> Caller:
    caller.require_admin()
    return caller


AdminDep = Annotated[Caller, Depends(get_admin)]
WorkspaceIdPath = Annotated[str, Path(description="The client workspace, e.g. 'demo'.")]


def get_workspace(
    request: Request, services: ServicesDep, caller: CallerDep, workspace_id: WorkspaceIdPath
) -> WorkspaceScope:
    """The path's workspace, after the caller is authorised for it (403 first, then 404 when
    unknown, 422 when malformed)."""
    caller.authorise(workspace_id, write=request.method not in SAFE_METHODS)
    return services.scope(workspace_id)


def get_workspace_read(
    services: ServicesDep, caller: CallerDep, workspace_id: WorkspaceIdPath
) -> WorkspaceScope:
    caller.authorise(workspace_id, write=False)
    return services.scope(workspace_id)


WorkspaceDep = Annotated[WorkspaceScope, Depends(get_workspace)]
WorkspaceReadDep = Annotated[WorkspaceScope, Depends(get_workspace_read)]
