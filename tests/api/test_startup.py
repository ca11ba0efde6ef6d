"""First start: the server answers at once, reports readiness with progress while the
playbooks index in the background, and a question waits only for an index it searches."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from core.embeddings import Embedder
from core.settings import Settings
from core.stores.hybrid_index import HybridIndex
from tests.support.auth import TEST_HOSTS, api_client


class GatedEmbedder(Embedder):
    """Indexing (which embeds batch by batch) waits for `gate`; queries and routing do not."""

    def __init__(self, fail: str | None = None) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.fail = fail

    def embed_batches(self, texts: Sequence[str]) -> Iterator[tuple[list[int], np.ndarray]]:
        if self.fail:
            raise RuntimeError(self.fail)
        assert self.gate.wait(120), "the test never opened the gate"
        yield from super().embed_batches(texts)


@pytest.fixture(scope="module")
def gated() -> GatedEmbedder:
    return GatedEmbedder()


def test_first_start_answers_at_once_and_waits_only_where_it_must(
    tmp_path: Path, gated: GatedEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    waiting = threading.Event()
    real_wait = HybridIndex.wait_filled

    def spy(self: HybridIndex, timeout_s: float | None = None) -> bool:
        if not self.is_filled:
            waiting.set()
        return real_wait(self, timeout_s)

    monkeypatch.setattr(HybridIndex, "wait_filled", spy)
    gated.gate.clear()
    settings = Settings(data_dir=tmp_path / "data", allowed_hosts=TEST_HOSTS, _env_file=None)
    with api_client(settings, gated) as client:
        assert client.get("/livez").json() == {"status": "ok"}
        starting = client.get("/readyz")
        assert starting.status_code == 503 and starting.json()["status"] == "starting"
        steps = starting.json()["steps"]
        assert steps["playbooks"]["state"] == "running" and steps["playbooks"]["files"][0] == 0
        assert steps["demo documents"]["state"] == "waiting"
        assert client.get("/health").json()["ready"] is False

        kpi = client.post("/chat", json={"message": "What was our total spend last month?"})
        assert kpi.status_code == 200 and "£" in kpi.json()["answer"], "no index needed"

        answers: dict[str, Any] = {}
        question = {"message": "How do I define an MQL with sales?"}
        asking = threading.Thread(
            target=lambda: answers.update(r=client.post("/chat", json=question))
        )
        asking.start()
        assert waiting.wait(60), "the playbook search waits for the index"
        assert asking.is_alive()
        gated.gate.set()
        asking.join(120)
        assert any(c["kind"] == "playbook" for c in answers["r"].json()["citations"])

        assert client.app.state.startup.wait(120)  # type: ignore[attr-defined]
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["status"] == "ready"
        playbooks = ready.json()["steps"]["playbooks"]
        assert playbooks["state"] == "done" and playbooks["files"] == [14, 14]
        assert playbooks["passages"][0] == playbooks["passages"][1] > 100
        assert client.get("/health").json()["ready"] is True


def test_a_second_start_embeds_nothing(client: Any) -> None:
    assert client.app.state.startup.wait(120)
    steps = client.get("/readyz").json()["steps"]
    assert steps["playbooks"]["files"] == [14, 14] and steps["playbooks"]["passages"] == [0, 0]
    assert steps["demo documents"]["state"] == "done"


def test_a_failed_start_says_why_and_releases_the_searches(tmp_path: Path) -> None:
    broken = GatedEmbedder(fail="the model file is damaged")
    settings = Settings(data_dir=tmp_path / "data", allowed_hosts=TEST_HOSTS, _env_file=None)
    with api_client(settings, broken) as client:
        assert client.app.state.startup.wait(120)  # type: ignore[attr-defined]
        body = client.get("/readyz")
        assert body.status_code == 503 and body.json()["status"] == "failed"
        assert "the model file is damaged" in body.json()["error"]
        steps = body.json()["steps"]
        assert steps["playbooks"]["state"] == steps["demo documents"]["state"] == "failed"
        answer = client.post("/chat", json={"message": "How do I define an MQL with sales?"})
        assert answer.status_code == 200  # searched what there is, rather than hanging
        assert client.get("/livez").status_code == 200
