"""The chromadb client: embedded (`PersistentClient`) by default, or a Chroma server."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlparse


class LazyChroma:
    """`open_chroma(data_dir, server_url)`, opened on first use by whichever thread needs it
    first; every attribute is the client's. Importing chromadb and opening the store take
    about a second: at a server's first start the playbooks begin embedding meanwhile rather
    than after it (issue #16)."""

    def __init__(self, data_dir: Path, server_url: str | None = None) -> None:
        self._data_dir, self._server_url = data_dir, server_url
        self._client: Any = None
        self._lock = threading.Lock()

    def client(self) -> Any:
        with self._lock:
            if self._client is None:
                self._client = open_chroma(self._data_dir, self._server_url)
            return self._client

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client(), name)


def open_chroma(data_dir: Path, server_url: str | None = None) -> Any:
    """Open the vector store. Vectors are always passed in, so no embedding function is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if server_url:
        url = urlparse(server_url)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or 8000,
            ssl=url.scheme == "https",
            settings=settings,
        )
    path = data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)
