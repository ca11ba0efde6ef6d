"""First start: `cmo serve` on an empty data directory, timed from the process's spawn.

* **liveness**: the first answer of `GET /livez` (target under 2 s, before the embedder loads);
  `/readyz` is polled meanwhile and its answers kept, to show readiness and its progress.
* **first answer**: a playbook question posted as soon as the server is alive, answered with
  a `search_playbooks` citation; against the embedder's time for the playbooks' chunk texts
  (one call, in this process, measured before and after each start so load hits both) + 5 s.

A server without `/livez` (older code) counts as alive at its first HTTP answer of any kind.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from agent.bootstrap import PLAYBOOKS_DIR
from core.keys import read_admin_key
from evals.bench.context import Bench
from evals.bench.measure import LoadNote, timed
from evals.bench.report import Row
from knowledge_base.ingest import build_chunks
from knowledge_base.parsing.markdown import parse_markdown

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "How do I define an MQL with sales?"
LIVENESS_TARGET_S = 2.0
GRACE_S = 5.0
TIMEOUT_S = 600.0


def playbook_texts() -> list[str]:
    """The playbooks' chunk texts, as indexing embeds them."""
    texts = []
    for path in sorted(PLAYBOOKS_DIR.glob("*.md")):
        sections = parse_markdown(path.read_text(encoding="utf-8"))
        texts += [c.search_text for c in build_chunks(path.name, path.name, "x", sections)]
    return texts


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def _until(client: httpx.AsyncClient, path: str, started: float) -> tuple[float, int]:
    """Seconds from spawn to the first HTTP answer on `path`, and its status."""
    while time.perf_counter() - started < TIMEOUT_S:
        try:
            response = await client.get(path, timeout=5)
            return time.perf_counter() - started, response.status_code
        except httpx.TransportError:
            await asyncio.sleep(0.02)
    raise TimeoutError(f"{path} never answered")


async def _readiness(client: httpx.AsyncClient, started: float) -> list[dict[str, Any]]:
    """Every `/readyz` answer until ready (200) or absent (404), with its time."""
    samples: list[dict[str, Any]] = []
    while time.perf_counter() - started < TIMEOUT_S:
        try:
            response = await client.get("/readyz", timeout=30)
        except httpx.TransportError:
            await asyncio.sleep(0.05)
            continue
        body = response.json() if "json" in response.headers.get("content-type", "") else {}
        seconds = round(time.perf_counter() - started, 2)
        samples.append({**body, "s": seconds, "http": response.status_code})
        if response.status_code in (200, 404):
            return samples
        await asyncio.sleep(0.25)
    return samples


async def _first_answer(client: httpx.AsyncClient, started: float) -> tuple[float, bool]:
    """Seconds from spawn to the answer of a playbook question, and whether it cited one."""
    while True:
        try:
            response = await client.post("/chat", json={"message": QUESTION}, timeout=TIMEOUT_S)
            break
        except httpx.TransportError:
            await asyncio.sleep(0.05)
    seconds = time.perf_counter() - started
    body = response.json()
    cited = any(c.get("kind") == "playbook" for c in body.get("citations", []))
    return seconds, response.status_code == 200 and cited


async def _one_start(data_dir: Path, log: Path) -> dict[str, Any]:
    port = _free_port()
    env = {**os.environ, "CMO_DATA_DIR": str(data_dir), "CMO_MODEL": "offline"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    command = [sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1"]
    started = time.perf_counter()
    with log.open("w") as out:
        server = subprocess.Popen(
            [*command, "--port", str(port)], cwd=ROOT, env=env, stdout=out, stderr=out
        )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            live_s, live_status = await _until(client, "/livez", started)
            key = read_admin_key(data_dir)  # written before the server listens
            client.headers["authorization"] = f"Bearer {key}"
            readiness = asyncio.create_task(_readiness(client, started))
            answer_s, cited = await _first_answer(client, started)
            samples = await readiness
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return {
        "liveness_s": round(live_s, 2),
        "liveness_status": live_status,
        "first_answer_s": round(answer_s, 2),
        "answer_cites_a_playbook": cited,
        "ready_s": samples[-1]["s"] if samples and samples[-1]["http"] == 200 else None,
        "readyz": _changes(samples),
    }


def _changes(samples: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The answers that differ from the one before (times aside), and the last one."""

    def gist(sample: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in sample.items() if k not in ("s", "seconds")}

    kept: list[dict[str, Any]] = []
    for sample in samples:
        if not kept or gist(kept[-1]) != gist(sample):
            kept.append(sample)
    if samples and kept[-1] is not samples[-1]:
        kept.append(samples[-1])
    return kept


def startup_rows(bench: Bench) -> list[Row]:
    note, started = LoadNote(), time.perf_counter()
    texts = playbook_texts()
    embed_s, starts = [], []
    for run in range(bench.config.startup_runs):
        embed_s.append(timed(lambda: bench.embedder.embed(texts)))
        log = bench.root / f"serve-{run}.log"
        starts.append(asyncio.run(_one_start(bench.root / f"empty-{run}", log)))
        embed_s.append(timed(lambda: bench.embedder.embed(texts)))
    load = note.close().as_dict()
    seconds = round(time.perf_counter() - started, 1)
    live = max(s["liveness_s"] for s in starts)
    answer = max(s["first_answer_s"] for s in starts)
    budget = sum(embed_s) / len(embed_s) + GRACE_S
    progress = [s for st in starts for s in st["readyz"] if s["http"] == 503 and "steps" in s]
    liveness = Row(
        id="liveness",
        path="liveness at first start (`GET /livez` after spawn)",
        product=f"{live:.1f} s" + ("" if starts[0]["liveness_status"] == 200 else " (no /livez)"),
        primitive="—",
        ratio=None,
        ratio_text="—",
        target=f"< {LIVENESS_TARGET_S:g} s, readiness with progress",
        met=live < LIVENESS_TARGET_S and starts[0]["liveness_status"] == 200 and bool(progress),
        details={"starts": starts},
        load=load,
        seconds=seconds,
    )
    first = Row(
        id="first_answer",
        path="first playbook answer on an empty data dir",
        product=f"{answer:.1f} s",
        primitive=f"{budget:.1f} s (the embedder on the playbooks' {len(texts)} chunks, "
        f"{budget - GRACE_S:.1f} s, + {GRACE_S:g} s)",
        ratio=round(answer / budget, 2),
        ratio_text=f"{answer / budget:.2f}",
        target="≤ 1",
        met=answer <= budget and all(s["answer_cites_a_playbook"] for s in starts),
        details={"embed_s": [round(s, 2) for s in embed_s], "chunks": len(texts)},
        load=load,
        seconds=seconds,
    )
    return [liveness, first]
