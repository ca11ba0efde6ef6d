"""What of a thread's history is sent to the model on each call.

Tool results of earlier turns (a positioning draft or a roadmap is 30–50k characters of JSON)
have already been answered from; sending them again on every later turn makes prompts grow
without bound. They are clipped to a head that keeps what the model needs to follow the
conversation (ids, titles, the first figures). The current turn's results are sent whole, and
the checkpointed thread itself is never changed.
"""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.messages import BaseMessage, HumanMessage, ToolMessage

EARLIER_RESULT_CHARS = 1500


def model_view(messages: Sequence[BaseMessage]) -> list[BaseMessage]:
    """The messages to send: earlier turns' tool results clipped, the current turn whole."""
    humans = [i for i, m in enumerate(messages) if isinstance(m, HumanMessage)]
    current = humans[-1] if humans else 0
    view: list[BaseMessage] = []
    for index, message in enumerate(messages):
        if index < current and isinstance(message, ToolMessage):
            message = _clipped(message)
        view.append(message)
    return view


def _clipped(message: ToolMessage) -> ToolMessage:
    content = message.content if isinstance(message.content, str) else str(message.content)
    if len(content) <= EARLIER_RESULT_CHARS:
        return message
    head = content[:EARLIER_RESULT_CHARS]
    note = f"… [{len(content) - EARLIER_RESULT_CHARS:,} more characters shown in an earlier turn]"
    return message.model_copy(update={"content": head + note})
