"""Which tools a model is offered on a turn: the few the message is about, not the catalogue.

Every tool offered costs its schema in tokens on every model call (the KPI and calendar tools
about 1,600–1,800 each, all thirteen about 6,200), so a real model is offered a relevant
subset per turn — LangGraph's "many tools" pattern of selecting tools before the model call.
The subset is chosen locally, with no model call, by the offline intent classifier
(`agent.offline.intents`: the message's MiniLM embedding and its n-grams, a few milliseconds,
and free when the turn already embedded the message):

- the most likely tool, and the next ones up to `MAX_CHOSEN` while each has at least
  `MIN_SHARE` of the probability;
- the tool a chosen clarifying option names ("Show the figures: …" → `kpi_lookup`);
- the tools the previous turn and this turn called (a follow-up such as "and last quarter?"
  continues them; the answer step can call them again);
- always `ask_clarifying_question`, so a model that is unsure asks rather than guesses.

The offline model routes over the whole catalogue whatever the offer (its answers do not
change); the graph records the offer in the call's metadata (`OFFERED_KEY`), which is what
`make bench` counts for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from agent.offline.decision import VERBS
from agent.offline.grammar.search import query_from_message
from agent.offline.intents.model import load_intents
from agent.reading import ASK_TOOL
from core.embeddings import Embedder

OFFERED_KEY = "cmo_offered_tools"
ALWAYS = (ASK_TOOL,)
MAX_CHOSEN = 3
MIN_SHARE = 0.10


def choose_tools(
    probabilities: Mapping[str, float],
    catalogue: Sequence[str],
    text: str = "",
    called: Sequence[str] = (),
) -> list[str]:
    """The names to offer, in catalogue order (see the module docstring). `probabilities`:
    the intent classifier's label → probability; `called`: tools of the previous turn and of
    this one so far."""
    ranked = sorted(
        (n for n in catalogue if n in probabilities), key=lambda n: (-probabilities[n], n)
    )
    chosen = set(ranked[:1])
    chosen |= {n for n in ranked[1:MAX_CHOSEN] if probabilities[n] >= MIN_SHARE}
    named = text.strip().lower()
    chosen |= {tool for tool, verb in VERBS.items() if named.startswith(verb.lower())}
    chosen |= set(called) | set(ALWAYS)
    return [n for n in catalogue if n in chosen]


class ToolOffer:
    """`choose_tools` for a thread's messages, with the classifier of `embedder`."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def __call__(self, messages: Sequence[BaseMessage], catalogue: Sequence[str]) -> list[str]:
        humans = [i for i, m in enumerate(messages) if isinstance(m, HumanMessage)]
        if not humans:
            return list(catalogue)
        current = humans[-1]
        previous = humans[-2] if len(humans) > 1 else current
        text = _text(messages[current])
        called = [
            str(call["name"])
            for m in messages[previous:]
            if isinstance(m, AIMessage)
            for call in m.tool_calls
        ]
        # The message now, its search query on a worker thread meanwhile (for the search tool,
        # should one run); each once per turn (core.embeddings.embedding_memo). The runner has
        # usually begun both already.
        self._embedder.embed_ahead([text], [query_from_message(text)])
        probabilities = load_intents(self._embedder).predict(text)
        return choose_tools(probabilities, catalogue, text, called)

    async def choose(self, messages: Sequence[BaseMessage], catalogue: Sequence[str]) -> list[str]:
        """`self(...)` in a worker thread: the classifier embeds, which is CPU work; on the
        event loop when the message's vector is already made (the turn's later model calls:
        the classifier alone is a fraction of a millisecond, less than the trip to a thread)."""
        human = next((m for m in reversed(messages) if isinstance(m, HumanMessage)), None)
        if human is not None and self._embedder.ready(_text(human)):
            return self(messages, catalogue)
        return await asyncio.to_thread(self, messages, catalogue)


def _text(message: BaseMessage) -> str:
    if isinstance(message.content, str):
        return message.content
    return " ".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in message.content)
