"""Shared fixtures: no network, a temporary data directory, one embedder per session."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.embeddings import Embedder
from core.settings import Settings

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: object) -> None:
    host = address[0] if isinstance(address, tuple) else ""
    if self.family in (socket.AF_INET, socket.AF_INET6) and host not in (
        "127.0.0.1",
        "::1",
        "localhost",
    ):
        raise ConnectionRefusedError(f"tests may not reach the network ({host})")
    _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _no_network_no_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real model requests fail in tests: no keys, and only loopback connections."""
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "CMO_MODEL",
        "CMO_DRAFT_MODEL",
        "CMO_DATA_DIR",
        "CMO_CHROMA_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder()


@pytest.fixture(scope="session")
def _prepared_data(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """Playbooks indexed and the demo seeded once; tests get a copy they may change."""
    from agent.bootstrap import prepare_data
    from core.services import build_services

    root = tmp_path_factory.mktemp("prepared")
    prepare_data(build_services(Settings(data_dir=root, _env_file=None), embedder))
    return root


@pytest.fixture
def settings(tmp_path: Path, _prepared_data: Path) -> Settings:
    from tests.support.auth import TEST_HOSTS

    data_dir = tmp_path / "data"
    shutil.copytree(_prepared_data, data_dir)
    return Settings(data_dir=data_dir, allowed_hosts=TEST_HOSTS, _env_file=None)


@pytest.fixture
def services(settings: Settings, embedder: Embedder):  # type: ignore[no-untyped-def]
    from core.services import build_services

    return build_services(settings, embedder)


@pytest.fixture
def client(settings: Settings, embedder: Embedder) -> Iterator[object]:
    """The app, started, with a client that sends the admin key on every request
    (tests/support/auth.py makes workspace keys)."""
    from tests.support.auth import api_client

    with api_client(settings, embedder) as test_client:
        yield test_client


@pytest.fixture
def fake_openai() -> Iterator[object]:
    """A fake OpenAI-compatible server on a free loopback port (tests/support/fake_openai.py)."""
    from tests.support.fake_openai import FakeOpenAI

    with FakeOpenAI() as server:
        yield server
