"""The offline model's search arguments: the user's words without greetings and filler, and
which corpus (the client's documents or our playbooks) the words belong to."""

from __future__ import annotations

import re

from agent.offline.routing import RoutingInput
from core.errors import CmoError
from core.services import Services

_QUESTION_NOISE = re.compile(
    r"^\s*(hey|hi|hello|please|can you|could you|tell me|explain|show me|i want to know"
    r"|and|now|what about|how about|also)\b[,\s]*",
    re.IGNORECASE,
)


def query_from_message(text: str) -> str:
    """The offline model's query: the user's words without greetings and filler."""
    query = _QUESTION_NOISE.sub("", text.strip())
    return query.strip() or text.strip()


def client_vocabulary(services: Services, request: RoutingInput) -> float | None:
    """Of the message's words found in only one of the workspace's documents and the
    playbooks, the share found in the documents (None: no workspace, or no telling word)."""
    if request.workspace is None:
        return None
    try:
        documents = services.scope(request.workspace).documents
    except CmoError:  # an unknown workspace: the tools will say so; routing has no signal
        return None
    return documents.vocabulary_overlap(request.text, services.playbook_index())
