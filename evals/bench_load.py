"""Load benchmark: concurrent streaming chat sessions against a real server on loopback.

    .venv/bin/python -m evals.bench_load --sessions 50 --duration 120

Starts `cmo serve` on a free loopback port (its own data dir unless `--data-dir`), reads the
admin key from `<data dir>/admin.key`, then runs `--sessions` sessions on that one key for
`--duration` seconds, after one warm-up turn per question. Each session keeps its own thread
and sends one message after another with `Accept: text/event-stream`, reading each stream to
its `done` event. At the end every session's thread is read back to check no message was
lost. Prints turns, throughput, p50 / p95 / max latency (request to `done`), errors and lost
messages; exits 1 on any error or loss.
Traffic goes only to 127.0.0.1, and the run is bounded by `--duration` (plus a 60 s cap per
request and the server's start-up).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from core.keys import read_admin_key

QUESTIONS = (
    "How do I define an MQL with sales?",
    "What is a good LTV to CAC ratio?",
    "What did customers say about month-end close?",
    "What was our CPL on LinkedIn last month?",
    "How should we split budget between channels?",
    "What does our website promise?",
)


@dataclass
class Session:
    thread_id: str | None = None
    completed: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _turn(client: httpx.AsyncClient, session: Session, message: str) -> None:
    body: dict[str, object] = {"message": message, "workspace": "demo"}
    if session.thread_id:
        body["thread_id"] = session.thread_id
    started = time.perf_counter()
    events: list[tuple[str, dict[str, object]]] = []
    async with client.stream(
        "POST", "/chat", json=body, headers={"Accept": "text/event-stream"}
    ) as response:
        if response.status_code != 200:
            session.errors.append(f"HTTP {response.status_code}: {await response.aread()!r}")
            return
        name = "message"
        async for line in response.aiter_lines():
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                events.append((name, json.loads(line[5:].strip() or "{}")))
    kinds = [k for k, _ in events]
    if kinds[-2:] != ["final", "done"]:
        session.errors.append(f"stream ended with {kinds[-2:]}: {events[-2:]}")
        return
    session.latencies.append(time.perf_counter() - started)
    session.thread_id = str(events[-1][1]["thread_id"])
    session.completed += 1


async def _session(client: httpx.AsyncClient, session: Session, n: int, until: float) -> None:
    turn = 0
    while time.monotonic() < until:
        try:
            await _turn(client, session, QUESTIONS[(n + turn) % len(QUESTIONS)])
        except httpx.HTTPError as exc:
            session.errors.append(f"{type(exc).__name__}: {exc}")
        turn += 1


async def _lost(client: httpx.AsyncClient, sessions: list[Session]) -> int:
    lost = 0
    for session in sessions:
        if not session.thread_id:
            continue
        thread = (await client.get(f"/workspaces/demo/threads/{session.thread_id}")).json()
        users = [m for m in thread["messages"] if m["role"] == "user"]
        lost += abs(len(users) - session.completed)
    return lost


async def run(base_url: str, key: str, sessions: int, duration: float) -> dict[str, object]:
    limits = httpx.Limits(max_connections=sessions + 5)
    async with httpx.AsyncClient(
        base_url=base_url,
        headers={"Authorization": f"Bearer {key}"},
        timeout=httpx.Timeout(60.0),
        limits=limits,
    ) as client:
        for question in QUESTIONS:  # warm up: first calls build caches (router, indexes)
            await _turn(client, Session(), question)
        state = [Session() for _ in range(sessions)]
        started = time.monotonic()
        until = started + duration
        await asyncio.gather(*(_session(client, s, n, until) for n, s in enumerate(state)))
        elapsed = time.monotonic() - started
        latencies = sorted(x for s in state for x in s.latencies)
        turns = sum(s.completed for s in state)
        errors = [e for s in state for e in s.errors]
        return {
            "sessions": sessions,
            "seconds": round(elapsed, 1),
            "turns": turns,
            "turns_per_s": round(turns / elapsed, 2),
            "p50_ms": round(statistics.median(latencies) * 1000) if latencies else None,
            "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000)
            if latencies
            else None,
            "max_ms": round(latencies[-1] * 1000) if latencies else None,
            "errors": len(errors),
            "first_errors": errors[:3],
            "lost_messages": await _lost(client, state),
        }


def _start_server(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CMO_DATA_DIR": str(data_dir), "CMO_LOG_FORMAT": "text"}
    return subprocess.Popen(
        [sys.executable, "-c", "from cli.main import main; main()", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_ready(base_url: str, timeout_s: float = 600.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not become ready")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of traffic")
    parser.add_argument("--data-dir", type=Path, default=None, help="default: a new temp dir")
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="cmo-load-")) / "data"
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = _start_server(data_dir, port)
    try:
        _wait_ready(base_url)
        key = read_admin_key(data_dir)
        if not key:
            raise SystemExit(f"no admin key in {data_dir}")
        report = asyncio.run(run(base_url, key, args.sessions, args.duration))
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    print(json.dumps(report, indent=2))
    if report["errors"] or report["lost_messages"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
