"""Throughput under concurrent streaming sessions against what one turn's CPU time allows.

A turn here is a streamed `/chat` request (Server-Sent Events, read to the `final` event),
served in-process. First, turns one at a time give the process CPU time of a turn; the
cores could then serve at most `cores ÷ CPU per turn` turns a second. Then `sessions`
sessions run at once, each asking `session_turns` questions in its own thread; their
throughput is compared with that capacity. The one-at-a-time turns are measured before and
after the concurrent ones, so machine load hits both.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx

from evals.bench.context import Bench
from evals.bench.measure import LoadNote, cores, median, percentile
from evals.bench.report import Row
from evals.bench.serving import serve

TARGET = 0.6
QUESTIONS = (
    "How do I define an MQL with sales?",
    "What was our total spend last month?",
    "What did customers say about onboarding?",
    "What is a good LTV to CAC ratio?",
    "What was the CPL by channel last quarter?",
    "How should a small team split its marketing budget?",
    "What does our brand guide say about tone of voice?",
    "Which campaign had the best ROAS in Q3?",
)


async def streamed_turn(
    client: httpx.AsyncClient, message: str, thread_id: str | None
) -> tuple[float, int, str]:
    """(seconds to the final event, token events, thread id) of one streamed turn."""
    start = time.perf_counter()
    tokens, event, thread = 0, "", thread_id or ""
    body: dict[str, Any] = {"message": message, "thread_id": thread_id}
    headers = {"accept": "text/event-stream"}
    async with client.stream("POST", "/chat", json=body, headers=headers) as response:
        response.raise_for_status()
        async for line in response.aiter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
                tokens += event == "token"
            elif line.startswith("data:") and event == "final":
                thread = json.loads(line.split(":", 1)[1])["thread_id"]
    if not thread:
        raise RuntimeError(f"no final event for {message!r}")
    return time.perf_counter() - start, tokens, thread


async def _one_at_a_time(client: httpx.AsyncClient, n: int, offset: int) -> tuple[float, int]:
    """(process CPU seconds per turn, token events per answer) over n sequential turns."""
    cpu = time.process_time()
    events = 0
    for i in range(n):
        _, tokens, _ = await streamed_turn(client, QUESTIONS[(offset + i) % len(QUESTIONS)], None)
        events += tokens
    return (time.process_time() - cpu) / n, events // max(n, 1)


async def _session(client: httpx.AsyncClient, number: int, turns: int) -> list[float]:
    latencies, thread = [], None
    for t in range(turns):
        seconds, _, thread = await streamed_turn(
            client, QUESTIONS[(number + t) % len(QUESTIONS)], thread
        )
        latencies.append(seconds)
    return latencies


def load_row(bench: Bench) -> list[Row]:
    return [asyncio.run(_load(bench))]


async def _load(bench: Bench) -> Row:
    note, started = LoadNote(), time.perf_counter()
    config = bench.config
    async with serve(bench.data_copy("chat-load"), bench.embedder) as served:
        client = served.client
        warm = min(len(QUESTIONS), max(2, config.sequential_turns))
        await _one_at_a_time(client, warm, 0)  # warm every path once
        cpu_before, events = await _one_at_a_time(client, config.sequential_turns, 1)
        cpu = time.process_time()
        wall = time.perf_counter()
        sessions = await asyncio.gather(
            *(_session(client, s, config.session_turns) for s in range(config.sessions))
        )
        wall = time.perf_counter() - wall
        cpu_loaded = (time.process_time() - cpu) / (config.sessions * config.session_turns)
        cpu_after, _ = await _one_at_a_time(client, config.sequential_turns, 2)
    latencies = [s for session in sessions for s in session]
    cpu_per_turn = (cpu_before + cpu_after) / 2
    capacity = cores() / cpu_per_turn
    throughput = len(latencies) / wall
    ratio = throughput / capacity
    p50, p95 = median(latencies), percentile(latencies, 0.95)
    return Row(
        id="load",
        path=f"throughput, {config.sessions} concurrent streaming sessions",
        product=f"{throughput:.1f} turns/s (p50 {p50:.2f} s, p95 {p95:.2f} s)",
        primitive=f"{capacity:.1f} turns/s ({cores()} cores ÷ {cpu_per_turn * 1000:.0f} ms "
        "CPU per turn)",
        ratio=round(ratio, 2),
        ratio_text=f"{ratio:.2f}",
        target=f"≥ {TARGET}, p95 reported",
        met=ratio >= TARGET,
        details={
            "sessions": config.sessions,
            "turns_per_session": config.session_turns,
            "turns": len(latencies),
            "wall_s": round(wall, 2),
            "cpu_ms_per_turn_alone": [round(cpu_before * 1000, 1), round(cpu_after * 1000, 1)],
            "cpu_ms_per_turn_under_load": round(cpu_loaded * 1000, 1),
            "token_events_per_answer": events,
            "p50_s": round(p50, 3),
            "p95_s": round(p95, 3),
            "max_s": round(max(latencies), 3),
        },
        load=note.close().as_dict(),
        seconds=round(time.perf_counter() - started, 1),
    )
