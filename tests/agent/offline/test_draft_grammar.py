"""Draft revisions read from everyday wording into the drafting tools' typed arguments."""

from __future__ import annotations

import pytest

from agent.offline.grammar.drafts import revision_args


@pytest.mark.parametrize(
    ("tool", "text", "args"),
    [
        # positioning: the category is too broad
        (
            "draft_positioning",
            "the category's way too generic, narrow it down",
            {"more_specific_category": True},
        ),
        (
            "draft_positioning",
            "'software for finance' means nothing as a category",
            {"more_specific_category": True},
        ),
        (
            "draft_positioning",
            "can you sharpen the market category",
            {"more_specific_category": True},
        ),
        (
            "draft_positioning",
            "change the category to spend control",
            {"category": "spend control"},
        ),
        # positioning: what to lead with
        (
            "draft_positioning",
            "lead with the audit trail rather than the integrations",
            {"lead_with": "audit trail"},
        ),
        (
            "draft_positioning",
            "open with UK-based support instead of price",
            {"lead_with": "UK-based support"},
        ),
        (
            "draft_positioning",
            "make approval routing the lead differentiator",
            {"lead_with": "approval routing"},
        ),
        # positioning: a version for a segment
        (
            "draft_positioning",
            "do a cut of it for multi-academy trusts",
            {"segment": "multi-academy trusts"},
        ),
        (
            "draft_positioning",
            "I need a version just for NHS suppliers",
            {"segment": "NHS suppliers"},
        ),
        (
            "draft_positioning",
            "rework it for franchise groups please",
            {"segment": "franchise groups"},
        ),
        (
            "draft_positioning",
            "add a trend about e-invoicing mandates",
            {"add_trend": "e-invoicing mandates"},
        ),
        # ICP: personas
        ("draft_icp", "add the procurement lead as a persona", {"add_persona": "procurement lead"}),
        ("draft_icp", "add a buyer persona for the FD", {"add_persona": "FD"}),
        (
            "draft_icp",
            "you forgot the payroll manager in the buying committee",
            {"add_persona": "payroll manager"},
        ),
        # messaging: pillars and tone
        (
            "draft_messaging",
            "add a pillar on time saved at month end",
            {"add_pillar": "time saved at month end"},
        ),
        (
            "draft_messaging",
            "make it sound less like a brochure and more like a peer",
            {"tone": "less like a brochure and more like a peer"},
        ),
        ("draft_messaging", "the tone is rather stiff", {"tone": "less stiff"}),
        (
            "draft_messaging",
            "copy should read like a colleague explaining it over coffee",
            {"tone": "colleague explaining it over coffee"},
        ),
    ],
)
def test_a_revision_is_read_into_typed_arguments(
    tool: str, text: str, args: dict[str, object]
) -> None:
    assert revision_args(tool, text) == args


@pytest.mark.parametrize(
    ("tool", "text"),
    [
        ("draft_positioning", "draft our positioning"),
        ("draft_icp", "who should we be selling to"),
        ("draft_messaging", "messaging house please"),
    ],
)
def test_a_plain_request_is_a_fresh_draft(tool: str, text: str) -> None:
    assert revision_args(tool, text) == {}


def test_firmographics_are_read_as_a_list() -> None:
    args = revision_args(
        "draft_icp", "set the firmographics to 50-250 staff, UK only; on Sage or Xero"
    )
    assert args == {"firmographics": ["50-250 staff", "UK only", "on Sage or Xero"]}
