"""Keys for tests: the admin key a test app creates, and workspace keys made on demand.

`client` (tests/conftest.py) already sends the admin key; use `key_for` to act as a workspace
editor or viewer, and `api_client` for an app of your own (e.g. across a restart):

    viewer = key_for(settings, "viewer", "demo")
    client.get("/workspaces/demo", headers=bearer(viewer))
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient

from core.keys import KeyStore, read_admin_key
from core.settings import Settings

TEST_HOSTS = "127.0.0.1,localhost,[::1],testserver"


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def admin_key(settings: Settings) -> str:
    """The admin key the app wrote to `<data dir>/admin.key` when it started."""
    key = read_admin_key(settings.data_dir)
    assert key, "the app creates admin.key at start-up; start it first"
    return key


def key_for(settings: Settings, scope: str, workspace: str | None = None) -> str:
    """A new key of `scope` (admin, editor, viewer) for `workspace`."""
    return KeyStore(settings.data_dir).create(scope, workspace).token


@contextmanager
def api_client(settings: Settings, embedder: Any, key: str | None = None) -> Iterator[TestClient]:
    """A started app whose client sends the admin key (or `key`) on every request."""
    from api.main import create_app

    with TestClient(create_app(settings, embedder)) as client:
        client.headers.update(bearer(key or admin_key(settings)))
        yield client
