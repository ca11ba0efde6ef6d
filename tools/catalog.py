"""Every tool the agent has, built for one process's services."""

from __future__ import annotations

from langchain_core.tools import BaseTool

from agent.services import Services


def build_tools(services: Services) -> list[BaseTool]:
    """Tool factories are imported here only, so adding a tool is one line."""
    from tools.documents import make_search_client_documents
    from tools.playbooks import make_search_playbooks

    return [make_search_playbooks(services), make_search_client_documents(services)]
