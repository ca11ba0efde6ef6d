"""`search_playbooks`: methods, frameworks and benchmarks from our own playbooks."""

from __future__ import annotations

from langchain_core.tools import BaseTool, StructuredTool

from core.services import Services
from tools.registry import Routing, RoutingInput, attach_routing, tool_result
from tools.retrieval import (
    DEFAULT_K,
    SearchInput,
    client_vocabulary,
    query_from_message,
    search_index,
)

EXAMPLES = (
    "How do I build a content calendar?",
    "What should every content calendar entry include?",
    "How do I run a martech audit?",
    "How do I decide which marketing tools to keep or cancel?",
    "What is a healthy churn rate for B2B SaaS?",
    "How do I calculate customer lifetime value?",
    "What are the signs of a growth plateau?",
    "How can a small team use AI for marketing safely?",
    "How do I brief a freelancer or an agency?",
    "When should we stop a marketing experiment?",
    "What is break-even ROAS?",
    "How often should we survey customers for NPS?",
    "What goes into a brand platform?",
    "Who sits on a B2B buying committee?",
    "What are buying triggers?",
    "Which channels work best for B2B go-to-market?",
    "How quickly should sales follow up a new lead?",
    "What is closed-loop reporting?",
    "What makes a good proof point?",
    "Why should you never average ratios?",
    "What percentage of revenue should go on marketing?",
    "What are the warning signs that a customer will churn?",
    "What should a tone of voice guide contain?",
    "How do you run a positioning workshop?",
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


def _playbook_vocabulary(services: Services, request: RoutingInput) -> float | None:
    share = client_vocabulary(services, request)
    return None if share is None else 1.0 - share


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
                r"\bhow (do|should|can|would) (i|we|you)\b",
                r"\bhow to\b",
                r"\bbest practice",
                r"\bframework\b",
                r"\bformula\b",
                r"\bwhat(’s|'s| is| are) (an?|the)\b",
                r"\b(typical|benchmark|rule of thumb|template|checklist|definition|define)\b",
            ),
            # about this client's own facts ("our sales cycle", "did we", "the board"): documents
            penalties=(r"\bour\b|\bfor us\b|(?<!how )\b(do|did|have|are|were) we\b|\bthe board\b",),
            follow_up=True,
            fallback=True,
            summary="answer marketing how-to questions from our playbooks, with citations",
            evidence=lambda request: _playbook_vocabulary(services, request),
        ),
    )
