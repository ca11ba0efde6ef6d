"""The OpenAI wire API: `POST /v1/chat/completions` (streaming and not) and `GET /v1/models`,
so the `openai` SDK, Open WebUI, LibreChat and the like connect with a base URL and a key.

- **Keys**: the same `Authorization: Bearer cmo_…` keys as the rest of the API; chatting
  needs write access to the workspace (an admin or the workspace's editor key; a viewer key
  lists its model but gets 403 on a chat).
- **Model = workspace**: `cmo/<workspace>`; `GET /v1/models` lists the ones the key can
  reach. With a workspace key any other model name means the key's own workspace; with an
  admin key it is 404 `model_not_found`.
- **Threads**: only the last message (the user's) is sent to the agent; the earlier ones
  choose the thread (`core.stores.wire_threads`): an `X-Thread-Id` request header names it;
  otherwise the thread whose answered turns are exactly the earlier messages continues; a
  conversation the server does not know (a new chat, an edited or regenerated one) starts a
  new thread, holding its earlier messages as context. The answer carries the thread in an
  `X-Thread-Id` response header and in `cmo.thread_id`.
- **Clarifying questions** come as a numbered list (`openai_format`); a reply that is just a
  number, or an option's label, sends that option's full reply to the agent.
- **Content, tool activity, citations**: `openai_format` and `openai_stream`.
- **Errors**: OpenAI's error shape for every refusal (`api.errors`): 400 invalid body, 401
  bad key, 403 key without write access, 404 unknown model/workspace/thread, 409 thread busy,
  413 too large, 429 with `Retry-After`, 502/503/504 provider faults.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse, Response
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from openai.types import CompletionUsage, Model
from openai.types.chat import ChatCompletion
from sse_starlette.sse import EventSourceResponse

from agent.reading import clarify_of
from agent.runner import Turn as AgentTurn
from agent.runner import open_turn as open_agent_turn
from agent.runner import run_turn
from api.auth import Caller
from api.deps import CallerDep, GraphDep, ServicesDep
from api.routes.openai_format import (
    MODEL_PREFIX,
    ChunkMaker,
    CompletionRequest,
    ModelList,
    ModelNotFound,
    WireError,
    completion,
    content_of,
    usage_of,
)
from api.routes.openai_stream import WireStream
from core.errors import ThreadNotFound
from core.ids import checked_id
from core.sanitise import clean_text
from core.services import Services
from core.stores.wire_threads import Turn, WireThreads, fingerprint

router = APIRouter(prefix="/v1", tags=["openai"])
SEED_TURNS = 40  # earlier messages kept as context when a conversation starts a new thread
_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": WireError} for status in (400, 401, 403, 404, 409, 413, 429, 502, 503, 504)
}
ThreadHeader = Annotated[
    str | None,
    Header(
        alias="X-Thread-Id",
        description="Continue this thread (otherwise the earlier messages choose it).",
        max_length=100,
    ),
]


@router.get("/models", response_model=ModelList, responses=_ERRORS)
def list_models(services: ServicesDep, caller: CallerDep) -> ModelList:
    """The workspaces the key can reach, as models `cmo/<workspace>` (OpenAI's list shape)."""
    return ModelList(
        data=[
            Model(
                id=f"{MODEL_PREFIX}{w.id}",
                created=_epoch(w.created_at),
                object="model",
                owned_by="fractional-cmo",
            )
            for w in services.workspaces.list()
            if caller.can(w.id)
        ]
    )


@router.post(
    "/chat/completions",
    response_model=ChatCompletion,
    responses={
        **_ERRORS,
        200: {
            "content": {"text/event-stream": {}},
            "description": "A chat.completion, or with `stream: true` chat.completion.chunk "
            "events ending with `data: [DONE]`",
        },
    },
)
async def chat_completions(
    body: CompletionRequest,
    services: ServicesDep,
    graph: GraphDep,
    caller: CallerDep,
    thread: ThreadHeader = None,
) -> Response:
    """One agent turn in OpenAI's chat completion format (see the module docstring)."""
    turn, conversation = await open_turn(body, caller, services, graph, thread)
    headers = {"X-Thread-Id": turn.thread_id}
    if body.stream:
        include_usage = bool(body.stream_options and body.stream_options.include_usage)
        stream = WireStream(
            ChunkMaker(conversation.model),
            lambda text: conversation.answered(turn.thread_id, text),
            (lambda: _usage(graph, turn.thread_id)) if include_usage else None,
        )
        return EventSourceResponse(
            stream.events(graph, services, turn), headers=headers, ping=15, sep="\n"
        )
    result = await run_turn(graph, services, turn)
    final = result.as_dict()
    content = content_of(final)
    conversation.answered(turn.thread_id, content)
    answer = completion(conversation.model, content, final, await _usage(graph, turn.thread_id))
    return JSONResponse(answer.model_dump(mode="json", exclude_unset=True), headers=headers)


@dataclass(frozen=True)
class Conversation:
    """What the client sent: its earlier turns and its new message, in one workspace."""

    workspace: str
    earlier: list[Turn]
    said: str
    threads: WireThreads

    @property
    def model(self) -> str:
        return f"{MODEL_PREFIX}{self.workspace}"

    def answered(self, thread_id: str, content: str) -> None:
        """The thread now stands where the client will: its turns plus this answer."""
        turns = [*self.earlier, ("user", self.said), ("assistant", content)]
        self.threads.advance(thread_id, fingerprint(self.workspace, turns))


async def open_turn(
    body: CompletionRequest, caller: Caller, services: Services, graph: Any, header: str | None
) -> tuple[AgentTurn, Conversation]:
    """The turn to run (its thread chosen, locked and, when new, given the earlier messages
    as context) and the conversation it answers."""
    workspace = workspace_of(body.model, caller)
    caller.authorise(workspace, write=True)
    earlier, said = body.split()
    threads = services.scope(workspace).store(WireThreads)
    conversation = Conversation(workspace, earlier, said, threads)
    known = header or (threads.find(fingerprint(workspace, earlier)) if earlier else None)
    history = await _messages(graph, known) if known and _owns(services, workspace, known) else []
    message = chosen_option(history, said)
    turn = await open_agent_turn(services, workspace, message, known or str(uuid.uuid4()))
    if earlier and not history:
        try:
            await _seed(graph, turn.thread_id, earlier, services.settings.max_message_chars)
        except BaseException:
            turn.release()
            raise
    return turn, conversation


def workspace_of(model: str, caller: Caller) -> str:
    """`cmo/<workspace>` names it; a workspace key's own workspace for any other name."""
    if model.startswith(MODEL_PREFIX):
        return checked_id(
            model[len(MODEL_PREFIX) :],
            40,
            ModelNotFound,
            "model",
            "models are cmo/<workspace>; GET /v1/models lists the ones this key can reach",
        )
    if caller.key.workspace:
        return caller.key.workspace
    raise ModelNotFound(
        f"unknown model {model!r}: models are cmo/<workspace>, e.g. cmo/demo; "
        "GET /v1/models lists the ones this key can reach"
    )


def chosen_option(history: list[BaseMessage], said: str) -> str:
    """The full reply of the option the user chose by its number or label, when the thread's
    last turn asked a clarifying question; otherwise what the user said."""
    start = max((i for i, m in enumerate(history) if isinstance(m, HumanMessage)), default=-1)
    clarify = clarify_of(history[start + 1 :]) if history else None
    if clarify is None:
        return said
    number = _NUMBER.match(said)
    for index, option in enumerate(clarify.options, 1):
        by_number = number is not None and int(number.group(1)) == index
        if by_number or said.strip().casefold() == option.label.strip().casefold():
            return option.reply
    return said


def _owns(services: Services, workspace: str, thread_id: str) -> bool:
    """Whether the thread exists in this workspace (a new id, or one of another workspace,
    is read nothing from; `prepare_turn` then creates it, or refuses it as unknown)."""
    try:
        services.workspaces.thread(thread_id, workspace)
    except ThreadNotFound:
        return False
    return True


async def _messages(graph: Any, thread_id: str) -> list[BaseMessage]:
    state = await graph.aget_state({"configurable": {"thread_id": thread_id}})
    return list((state.values or {}).get("messages", []))


async def _seed(graph: Any, thread_id: str, earlier: list[Turn], limit: int) -> None:
    """Give a new thread the conversation so far, as the client sent it (cleaned, each message
    cut to the message limit, the last `SEED_TURNS` only), so the agent has its context."""
    seeded: list[BaseMessage] = [
        HumanMessage(clean_text(text)[:limit])
        if role == "user"
        else AIMessage(clean_text(text)[:limit])
        for role, text in earlier[-SEED_TURNS:]
        if text.strip()
    ]
    if seeded:
        config = {"configurable": {"thread_id": thread_id}}
        await graph.aupdate_state(config, {"messages": seeded}, as_node="call_model")


async def _usage(graph: Any, thread_id: str) -> CompletionUsage | None:
    return usage_of(await _messages(graph, thread_id))


def _epoch(created_at: str) -> int:
    try:
        return int(datetime.fromisoformat(created_at).timestamp())
    except ValueError:
        return 0
