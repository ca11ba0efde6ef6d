"""`search_playbooks`: methods, frameworks and benchmarks from our own playbooks."""

from __future__ import annotations

from langchain_core.tools import BaseTool, StructuredTool

from core.services import Services
from tools.outputs import tool_output
from tools.retrieval import DEFAULT_K, SearchInput, SearchResult, search_index


def make_search_playbooks(services: Services) -> BaseTool:
    def search_playbooks(query: str, k: int = DEFAULT_K) -> tuple[str, SearchResult]:
        """Search our marketing playbooks for methods, frameworks, definitions and rules of
        thumb (strategy, ICP, positioning, messaging, channels, funnel, KPIs, budget, brand,
        content, retention, martech, AI). Returns passages; cite them."""
        result = search_index(services.playbook_index(), query, k, "playbooks", "playbook")
        return tool_output(result)

    return StructuredTool.from_function(
        search_playbooks, args_schema=SearchInput, response_format="content_and_artifact"
    )
