"""What the offline model may look up about the workspace a message is for: its documents, its
calendars, its brief, its data's vocabulary, the other clients' names. Every look-up answers
safely when there is no workspace (routing tests) or the id is unknown (the tools say so)."""

from __future__ import annotations

from typing import Any

from agent.offline.grammar.kpi import workspace_vocabulary
from agent.offline.limits import other_client_named
from agent.offline.routing import RoutingInput
from core.errors import CmoError
from tools.calendar.store import CalendarStore
from tools.strategy.brief.ops import read_brief


class WorkspaceFacts:
    """Look-ups in the services a model was built with (None: no workspace to look in)."""

    def __init__(self, services: Any) -> None:
        self._services = services

    def names_other_client(self, request: RoutingInput) -> bool:
        """The message names another client of this instance: its data is never fetched."""
        if self._services is None or request.workspace is None:
            return False
        clients = [(w.id, w.name) for w in self._services.workspaces.list()]
        return other_client_named(request.text, request.workspace, clients)

    def in_documents_only(self, request: RoutingInput, words: list[str]) -> bool:
        """Words the KPI grammar left unread that only the client's documents use."""
        if self._services is None or request.workspace is None:
            return False
        try:
            documents = self._services.scope(request.workspace).documents
            share = documents.vocabulary_overlap(" ".join(words), self._services.playbook_index())
        except CmoError:
            return False
        return share is not None and share >= 1.0

    def has_calendar(self, request: RoutingInput) -> bool:
        if self._services is None or request.workspace is None:
            return True  # unknown: no reason to doubt a change
        try:
            return bool(self._services.scope(request.workspace).store(CalendarStore).list())
        except CmoError:
            return True

    def without_documents(self, request: RoutingInput) -> bool:
        """True only when the workspace is known to hold no documents."""
        if self._services is None or request.workspace is None:
            return False
        try:
            return bool(self._services.scope(request.workspace).documents.count() == 0)
        except CmoError:
            return False

    def has_documents(self, request: RoutingInput) -> bool:
        if self._services is None or request.workspace is None:
            return False
        try:
            return bool(self._services.scope(request.workspace).documents.count() > 0)
        except CmoError:
            return False

    def brief_empty(self, request: RoutingInput) -> bool:
        """True when the brief knows nothing yet but the workspace has documents: a question
        about the client is then answered from the documents, not by an empty brief."""
        if self._services is None or request.workspace is None:
            return False
        try:
            scope = self._services.scope(request.workspace)
            return read_brief(scope).known_count == 0 and scope.documents.count() > 0
        except CmoError:
            return False

    def vocabulary(self, request: RoutingInput) -> dict[str, Any]:
        if self._services is None or request.workspace is None:
            return {}
        try:
            directory = self._services.scope(request.workspace).dir
        except CmoError:
            return {}
        return workspace_vocabulary(directory)
