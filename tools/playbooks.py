"""`search_playbooks`: methods, frameworks and benchmarks from our own playbooks."""

from __future__ import annotations

from langchain_core.tools import BaseTool, StructuredTool

from agent.services import Services
from tools.registry import Routing, attach_routing, tool_result
from tools.retrieval import DEFAULT_K, SearchInput, query_from_message, search_index

EXAMPLES = (
    "How do I define an MQL?",
    "What is a good MQL to SQL conversion rate?",
    "How should I structure a messaging framework?",
    "Explain April Dunford's positioning method",
    "What goes into an ideal customer profile?",
    "How do I build a 90 day marketing roadmap?",
    "How do we calculate CAC payback?",
    "What is the formula for LTV to CAC?",
    "How should a small team split its marketing budget?",
    "How do I run a martech audit?",
    "What should a lead handover SLA include?",
    "How do I improve landing page conversion?",
    "What are signs that sales and marketing are misaligned?",
    "How can a lean marketing team use AI safely?",
    "What are good content pillars for B2B?",
    "How do I reduce churn with lifecycle emails?",
    "How should we write a tone of voice guide?",
    "Which channels work best for B2B SaaS?",
    "What is a good 70/20/10 budget split?",
    "How do I choose between an agency and a hire?",
    "What's the difference between a lead and an MQL?",
    "Best practices for a webinar programme",
    "How many times a week should we post on LinkedIn?",
    "What KPIs should a marketing dashboard have?",
    "How do I prioritise marketing initiatives?",
    "What is a positioning statement template?",
    "How do we test a new channel without wasting money?",
    "What is net revenue retention and why does it matter?",
    "How do I set up a revenue meeting with sales?",
    "What does a fractional CMO do in the first 30 days?",
)


def make_search_playbooks(services: Services) -> BaseTool:
    def search_playbooks(query: str, k: int = DEFAULT_K) -> str:
        """Search our marketing playbooks (strategy, ICP, positioning, messaging, channels,
        funnel, sales alignment, KPIs and formulas, budget, brand, content, retention, martech,
        AI). Use for how-to questions, frameworks, definitions and rules of thumb. Returns
        passages with their source file and heading; cite them."""
        result = search_index(services.playbook_index(), query, k, "playbooks", "playbook")
        return tool_result(result)

    tool = StructuredTool.from_function(search_playbooks, args_schema=SearchInput)
    return attach_routing(
        tool,
        Routing(
            examples=EXAMPLES,
            extract_args=lambda request: {"query": query_from_message(request.text)},
            keywords=(
                r"\bplaybook",
                r"\bhow (do|should|can) (i|we)\b",
                r"\bbest practice",
                r"\bframework\b",
                r"\bformula\b",
                r"\bwhat is an?\b",
            ),
            summary="answer marketing how-to questions from our playbooks, with citations",
        ),
    )
