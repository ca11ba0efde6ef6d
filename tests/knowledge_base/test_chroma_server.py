"""The same ingestion and search code against a Chroma server (`chroma run`) on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from core.services import build_services
from core.settings import Settings
from knowledge_base.documents import ingest_document, list_documents


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    if chroma is None:
        pytest.fail("the chroma command is missing from the environment")
    port = _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            pytest.fail("chroma server did not start within 60 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_ingest_and_search_through_a_chroma_server(tmp_path, chroma_url: str, embedder) -> None:
    settings = Settings(data_dir=tmp_path, chroma_url=chroma_url, _env_file=None)
    services = build_services(settings, embedder)
    # An HTTP client talks to the server through the FastAPI implementation, not the local bindings.
    assert "fastapi" in services.chroma.get_settings().chroma_api_impl.lower()
    services.workspaces.create("alpha")
    services.workspaces.create("beta")
    alpha, beta = services.document_index("alpha"), services.document_index("beta")
    doc = b"# Pricing\n\nThe Scale plan starts at 1,900 pounds a month (code SC-1900).\n"
    assert ingest_document(alpha, "pricing.md", doc, 10**6).status == "added"
    assert ingest_document(alpha, "pricing.md", doc, 10**6).status == "unchanged"
    ingest_document(beta, "other.md", b"# Other\n\nGarden furniture catalogue.\n", 10**6)
    hit = alpha.search("how much does the biggest plan cost", k=1, mode="dense")[0]
    assert "SC-1900" in hit.chunk.text
    assert all("SC-1900" not in h.chunk.text for h in beta.search("Scale plan SC-1900", k=5))
    assert [d.name for d in list_documents(alpha)] == ["pricing.md"]
