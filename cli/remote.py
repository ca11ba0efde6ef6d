"""The CLI beside a running server: when `<data dir>/server.json` names a live server, commands
go through its HTTP API (with the admin key as a Bearer token when `<data dir>/admin.key`
exists), so the CLI never opens a database the server holds. Without a server the commands open
the stores themselves, and only those of the workspace they are about."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from core.errors import CmoError
from core.keys import read_admin_key
from core.server_info import ServerInfo, find_server
from core.settings import Settings


class ServerError(CmoError):
    """An error answer from the server, shown as the server worded it."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status_code = status
        self.code = code


class Remote:
    """A small client for the running server of this data dir."""

    def __init__(self, info: ServerInfo, key: str | None, timeout: float = 600.0) -> None:
        self.info = info
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self.client = httpx.Client(base_url=info.url, headers=headers, timeout=timeout)

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.client.request(method, path, **kwargs)
        check(response)
        return response.json() if response.content else None

    @contextmanager
    def stream_chat(self, body: dict[str, Any]) -> Iterator[Iterator[tuple[str, Any]]]:
        """(event, data) pairs of a streamed chat turn."""
        from httpx_sse import connect_sse

        with connect_sse(
            self.client, "POST", "/chat", json=body, headers={"accept": "text/event-stream"}
        ) as source:
            if source.response.status_code >= 400:
                source.response.read()
                check(source.response)
            yield ((e.event, json.loads(e.data) if e.data else {}) for e in source.iter_sse())


def check(response: httpx.Response) -> None:
    if response.status_code < 400:
        return
    try:
        error = response.json()["error"]
        code, message = str(error["code"]), str(error["message"])
    except (ValueError, KeyError, TypeError):
        code, message = "http_error", response.text[:300] or response.reason_phrase
    raise ServerError(response.status_code, code, message)


def remote(settings: Settings | None = None) -> Remote | None:
    """The running server for the configured data dir, or None."""
    settings = settings or Settings()
    info = find_server(settings.data_dir)
    if info is None:
        return None
    return Remote(info, read_admin_key(settings.data_dir))


def gather_files(paths: list[Path]) -> list[Path]:
    """Files, and the files in folders (recursively), in a stable order."""
    return sorted(f for p in paths for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file())
