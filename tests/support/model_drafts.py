"""Replies a model might send for the drafts and the brief, built from the prompt it was shown
(source ids are looked up by label, as a model reads them), for the model-drafter tests."""

from __future__ import annotations

import re
from typing import Any

from langchain_core.messages import BaseMessage

INVENTED = "D999"  # a source id no prompt lists
Messages = list[BaseMessage] | dict[str, Any]  # what a model received, or a request body


def prompt_of(messages: Messages) -> str:
    """The draft request's prompt (the first human message), from the messages a model
    received or from a request body on the wire."""
    if isinstance(messages, dict):
        return str(messages["messages"][1]["content"])
    return str(messages[1].content)


def doc_id(prompt: str, label_part: str) -> str:
    """The id (D…) of the first passage whose label contains `label_part`."""
    found = re.search(rf"<<(D\d+) · [^>\n]*{re.escape(label_part)}[^>\n]*>>", prompt)
    assert found, f"no passage labelled …{label_part}… in the prompt"
    return found.group(1)


def positioning(messages: Messages, invented: bool = False) -> dict[str, Any]:
    """A valid positioning of the demo client; `invented` cites an id it was never shown."""
    p = prompt_of(messages)
    status_quo = doc_id(p, "The status quo")
    interview = doc_id(p, "Results so far")
    return {
        "competitive_alternatives": [
            {
                "name": "Spreadsheets and email approvals",
                "kind": "status_quo",
                "primary": True,
                "source": status_quo,
            },
            {
                "name": "Payflow",
                "kind": "competitor",
                "primary": False,
                "source": doc_id(p, "Payflow"),
            },
        ],
        "unique_attributes": [
            {
                "id": "A1",
                "name": "Approvals across every entity in one workflow",
                "source": doc_id(p, "What is unique"),
            },
            {
                "id": "A2",
                "name": "A named UK support team answering within two hours",
                "source": INVENTED if invented else doc_id(p, "What is unique"),
            },
        ],
        "values": [
            {
                "text": "Close the month in days, not weeks, across all entities",
                "attribute_ids": ["A1", "A7"],
                "source": interview,
                "proof": [
                    {
                        "text": "Month-end close cut from 12 to 5 days",
                        "kind": "result",
                        "customer": "Pennine Hospitality Group",
                        "source": interview,
                    }
                ],
            },
            {
                "text": "Answers from people who know UK finance",
                "attribute_ids": ["A2"],
                "source": None,
                "proof": [],
            },
        ],
        "best_fit_customers": [
            {
                "text": "Multi-entity finance teams of 100–500 staff",
                "source": doc_id(p, "About Pennine"),
            },
        ],
        "market_category": {
            "name": "AP automation for multi-entity finance teams",
            "approach": "big fish, small pond",
            "source": doc_id(p, "The competitive landscape"),
        },
        "trends": [],
        "statement": "For multi-entity finance teams drowning in email approvals, Ledgerly "
        "brings every entity's approvals into one workflow.",
        "value_proposition": "Close the month in days across every entity.",
    }


def icp(messages: Messages) -> dict[str, Any]:
    p = prompt_of(messages)
    return {
        "firmographics": [
            {
                "dimension": "size",
                "value": "100–500 employees",
                "source": doc_id(p, "About Pennine"),
            },
            {"dimension": "industry", "value": "Hospitality", "source": doc_id(p, "About Pennine")},
        ],
        "buying_committee": [
            {
                "role": "Financial Controller",
                "committee_role": "champion",
                "jobs_to_be_done": [{"text": "Close the month on time", "source": None}],
                "concerns": [],
                "source": None,
            },
        ],
        "pains": [
            {
                "text": "Approvals chased by email across entities",
                "source": doc_id(p, "Life before Ledgerly"),
            }
        ],
        "gains": [],
        "triggers": [],
        "objections": [
            {
                "objection": "Another system to learn",
                "source": None,
                "answer": {"text": "", "source": None},
            }
        ],
        "channels": [],
        "qualification": [{"text": "Runs three or more entities", "points": 20, "source": None}],
        "disqualification": [{"text": "Sole trader", "points": 30, "source": None}],
    }


def messaging(messages: Messages) -> dict[str, Any]:
    return {
        "umbrella": "Every entity's approvals, one workflow, a faster close.",
        "pillars": [
            {
                "headline": "One workflow for every entity",
                "benefit": "A faster close",
                "value_ids": ["V1", "V42"],
                "proof": [],
                "source": None,
            },
            {
                "headline": "Invented value",
                "benefit": "Nothing behind it",
                "value_ids": ["V42"],
                "proof": [],
                "source": None,
            },
        ],
        "personas": [
            {
                "persona": "Financial Controller",
                "lead_pillar": 7,
                "message": "Close faster.",
                "proof": None,
                "source": None,
            }
        ],
        "tone_rules": [{"text": "Talk like a finance colleague", "source": None}],
    }


def brief(messages: Messages) -> dict[str, Any]:
    """A brief read from the demo documents: a company from the founder's notes, and a
    competitor citing an id that was never shown (it must be dropped)."""
    p = prompt_of(messages)
    empty: dict[str, Any] = {
        name: None for name in ("company", "offering", "category", "business_model", "budget")
    }
    lists = (
        "price_points",
        "target_markets",
        "segments",
        "competitors",
        "alternatives",
        "differentiators",
        "proof_points",
        "goals",
        "team",
        "agencies",
        "channels",
        "tools",
        "brand_voice",
    )
    empty.update({name: [] for name in lists})
    empty["company"] = {"value": "Ledgerly (model)", "source": doc_id(p, "Where Ledgerly came")}
    empty["competitors"] = [
        {"value": "Payflow", "source": doc_id(p, "Payflow")},
        {"value": "Invented Ltd", "source": INVENTED},
    ]
    return empty
