"""Where a running API server for a data dir listens, so the CLI can go through it.

The API's lifespan writes `<data dir>/server.json` ({pid, host, port}) once it starts and removes
it when it stops. `find_server` trusts the file only while that process is alive and its port
accepts a connection, so a crashed server's file is ignored (and removed). The CLI sends the
admin key (`core.keys.read_admin_key`) as `Authorization: Bearer`.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from core.files import atomic_write_text

SERVER_FILE = "server.json"


@dataclass(frozen=True)
class ServerInfo:
    pid: int
    host: str
    port: int

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "", "::") else self.host
        return f"http://{f'[{host}]' if ':' in host else host}:{self.port}"


def record_server(data_dir: Path, host: str, port: int) -> None:
    payload = {"pid": os.getpid(), "host": host, "port": port}
    atomic_write_text(Path(data_dir) / SERVER_FILE, json.dumps(payload))


def clear_server(data_dir: Path) -> None:
    """Remove the file if it is this process's (a newer server may have replaced it)."""
    path = Path(data_dir) / SERVER_FILE
    info = _read(path)
    if info is not None and info.pid == os.getpid():
        path.unlink(missing_ok=True)


def find_server(data_dir: Path, timeout: float = 0.5) -> ServerInfo | None:
    path = Path(data_dir) / SERVER_FILE
    info = _read(path)
    if info is None:
        return None
    if not _alive(info.pid) or not _listening(info, timeout):
        if not _alive(info.pid):
            path.unlink(missing_ok=True)
        return None
    return info


def _read(path: Path) -> ServerInfo | None:
    try:
        raw = json.loads(path.read_text("utf-8"))
        return ServerInfo(int(raw["pid"]), str(raw["host"]), int(raw["port"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _listening(info: ServerInfo, timeout: float) -> bool:
    host = info.url.split("//", 1)[1].rsplit(":", 1)[0].strip("[]")
    try:
        with socket.create_connection((host, info.port), timeout=timeout):
            return True
    except OSError:
        return False
