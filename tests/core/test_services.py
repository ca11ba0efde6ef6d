"""A turn looks its workspace up once; outside a turn every look-up reads the registry."""

from __future__ import annotations

from typing import Any

import pytest

from core.errors import WorkspaceNotFound
from core.services import resolved_scope


def _counting_gets(services: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    get = services.workspaces.get

    def counted(workspace_id: str) -> Any:
        calls.append(workspace_id)
        return get(workspace_id)

    monkeypatch.setattr(services.workspaces, "get", counted)
    return calls


def test_inside_a_turn_the_resolved_scope_is_reused(
    services: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.workspaces.create("acme", "Acme Ltd")
    services.workspaces.create("globex", "Globex")
    scope = services.scope("acme")
    calls = _counting_gets(services, monkeypatch)
    with resolved_scope(scope):
        assert services.scope("acme") is scope
        assert services.scope("acme").documents is scope.documents
        assert services.scope("globex").id == "globex"  # another id is looked up as before
    assert calls == ["globex"]


def test_outside_a_turn_a_deleted_workspace_is_unknown_again(services: Any) -> None:
    services.workspaces.create("acme", "Acme Ltd")
    scope = services.scope("acme")
    with resolved_scope(scope):
        assert services.scope("acme") is scope
    services.delete_workspace("acme")
    with pytest.raises(WorkspaceNotFound):
        services.scope("acme")
