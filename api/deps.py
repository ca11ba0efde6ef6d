"""Dependencies declared once as `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Path, Request

from core.scope import WorkspaceScope
from core.services import Services
from core.settings import Settings


def get_services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


def get_graph(request: Request) -> Any:
    return request.app.state.graph


def get_settings(request: Request) -> Settings:
    return request.app.state.services.settings  # type: ignore[no-any-return]


ServicesDep = Annotated[Services, Depends(get_services)]
GraphDep = Annotated[Any, Depends(get_graph)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_workspace(
    services: ServicesDep,
    workspace_id: Annotated[str, Path(description="The client workspace, e.g. 'demo'.")],
) -> WorkspaceScope:
    """The `{workspace_id}` of the path, resolved once for the request (404 when unknown)."""
    return services.scope(workspace_id)


WorkspaceDep = Annotated[WorkspaceScope, Depends(get_workspace)]
