"""The chromadb client: embedded (`PersistentClient`) by default, or a Chroma server."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse


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
