"""What of a thread's history is sent to the model on each call.

Every tool result is sent as its compact rendering (`agent.compact`: the same JSON with field
names written once per table and nothing only code reads). Tool results of earlier turns (a
positioning draft or a roadmap is 30–50k characters of JSON) have already been answered from;
sending them again on every later turn makes prompts grow without bound. They are clipped to
a head that keeps what the model needs to follow the conversation (ids, titles, the first
figures), and so are earlier answers longer than `EARLIER_ANSWER_CHARS` (a calendar's answer
lists its first items as a table: the head keeps the reading and the summary). The current
turn's results are sent whole up to `CURRENT_RESULT_CHARS` (about 4,000 tokens; only a full
diagnosis or roadmap is longer, and its head carries the areas and their status), and the
checkpointed thread itself is never changed. The offline model and the API read the typed
results (artifacts), never these texts.

A turn that failed (its user message marked unanswered, then the assistant's note about the
failure, see `agent.runner`) is left out entirely: it is never re-sent to the model.
"""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from agent.compact import compact_result

EARLIER_RESULT_CHARS = 1500
EARLIER_ANSWER_CHARS = 1500
CURRENT_RESULT_CHARS = 16_000
UNANSWERED_KEY = "cmo_unanswered"  # on a user message whose turn failed
FAILED_KEY = "cmo_failed"  # on the assistant's note about the failure: the error code


def model_view(messages: Sequence[BaseMessage]) -> list[BaseMessage]:
    """The messages to send: failed turns left out, tool results compact, earlier turns'
    tool results and long answers clipped, the current turn whole."""
    messages = _answered(messages)
    humans = [i for i, m in enumerate(messages) if isinstance(m, HumanMessage)]
    current = humans[-1] if humans else 0
    view: list[BaseMessage] = []
    for index, message in enumerate(messages):
        if isinstance(message, ToolMessage):
            earlier = index < current
            limit = EARLIER_RESULT_CHARS if earlier else CURRENT_RESULT_CHARS
            message = _clipped(message, limit, "shown in an earlier turn" if earlier else "cut")
        elif isinstance(message, AIMessage) and index < current:
            message = _answer_head(message)
        view.append(message)
    return view


def _clipped(message: ToolMessage, limit: int, why: str) -> ToolMessage:
    """The result rendered compactly (`agent.compact`), then clipped to `limit` characters."""
    full = message.content if isinstance(message.content, str) else str(message.content)
    content = compact_result(full)
    if len(content) > limit:
        content = content[:limit] + f"… [{len(content) - limit:,} more characters {why}]"
    return message if content == full else message.model_copy(update={"content": content})


def _answer_head(message: AIMessage) -> AIMessage:
    """An earlier answer cut to its head (the reading, the summary, the first rows); its tool
    calls stay whole."""
    content = message.content
    if not isinstance(content, str) or len(content) <= EARLIER_ANSWER_CHARS:
        return message
    rest = len(content) - EARLIER_ANSWER_CHARS
    clipped = content[:EARLIER_ANSWER_CHARS] + f"… [{rest:,} more characters shown earlier]"
    return message.model_copy(update={"content": clipped})


def _answered(messages: Sequence[BaseMessage]) -> list[BaseMessage]:
    """Without failed turns: from an unanswered user message to the failure note."""
    kept: list[BaseMessage] = []
    skipping = False
    for message in messages:
        flags = message.additional_kwargs or {}
        if isinstance(message, HumanMessage):
            skipping = bool(flags.get(UNANSWERED_KEY))
        if not skipping:
            kept.append(message)
        elif flags.get(FAILED_KEY):
            skipping = False
    return kept
