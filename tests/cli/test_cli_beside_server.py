"""`cmo` beside a running server goes through its HTTP API (never opening a database the server
holds); without one it works on the data dir directly, fresh data dirs included."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from cli.main import app
from core.keys import read_admin_key
from core.server_info import find_server
from core.stores import campaigns
from tests.support.auth import bearer
from tests.tools.kpi.test_importers import google_ads_csv

runner = CliRunner()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(settings: Any) -> Any:
    port = _free_port()
    env = {
        **os.environ,
        "CMO_DATA_DIR": str(settings.data_dir),
        "CMO_PORT": str(port),
        "ANONYMIZED_TELEMETRY": "False",
    }
    code = (
        "import uvicorn; from api.main import create_app; from core.settings import Settings;"
        f"uvicorn.run(create_app(Settings()), host='127.0.0.1', port={port}, log_level='warning')"
    )
    process = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=Path.cwd())
    try:
        deadline = time.monotonic() + 120
        while find_server(settings.data_dir) is None:
            assert process.poll() is None, "the server exited"
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert not (settings.data_dir / "server.json").exists()  # removed on shutdown


def test_commands_go_through_the_running_server(
    server: str, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CMO_DATA_DIR", str(settings.data_dir))
    key = read_admin_key(settings.data_dir)  # the server wrote it at start-up; the CLI sends it
    assert key
    created = runner.invoke(app, ["workspaces", "create", "acme"])
    assert created.exit_code == 0, created.output
    path = google_ads_csv(tmp_path / "google.csv")
    dry = runner.invoke(app, ["import", "-w", "acme", str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "nothing was written" in dry.output
    done = runner.invoke(app, ["import", "-w", "acme", str(path)])
    assert done.exit_code == 0, done.output
    assert "Imported 5 of 7 rows" in " ".join(done.output.split())
    listed = httpx.get(f"{server}/workspaces/acme/data", headers=bearer(key)).json()
    assert [i["file_name"] for i in listed] == ["google.csv"]
    mine = [p for p in campaigns._databases if settings.data_dir.resolve() in p.parents]
    assert not mine  # this process opened none of the server's databases
    ws = runner.invoke(app, ["workspaces", "list"])
    assert "acme" in ws.output and "demo" in ws.output
    data = runner.invoke(app, ["data", "list", "-w", "acme"])
    assert "google.csv" in data.output
    metric = runner.invoke(
        app,
        [
            "metrics",
            "add",
            "spend_per_win",
            "-w",
            "acme",
            "--formula",
            "SUM(spend) / SUM(customers)",
            "--unit",
            "currency",
            "--lower-is-better",
        ],
    )
    assert metric.exit_code == 0, metric.output
    assert (settings.data_dir / "workspaces" / "acme" / "metrics.yaml").is_file()
    chat = runner.invoke(app, ["chat", "-w", "acme"], input="How much did we spend?\nexit\n")
    assert chat.exit_code == 0, chat.output
    assert "through the server" in chat.output and "£2,591.55" in chat.output
    assert "thread:" in chat.output


def test_a_fresh_data_dir_without_a_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMO_DATA_DIR", str(tmp_path / "fresh"))
    path = google_ads_csv(tmp_path / "google.csv")
    refused = runner.invoke(app, ["import", "-w", "demo", str(path)])
    assert refused.exit_code != 0
    done = runner.invoke(app, ["import", "-w", "acme", str(path), "--create"])
    assert done.exit_code == 0, done.output
    created = runner.invoke(app, ["workspaces", "create", "beta"])
    assert created.exit_code == 0
    listed = runner.invoke(app, ["workspaces", "list"])
    assert "acme" in listed.output and "beta" in listed.output
    campaigns.close_all()
