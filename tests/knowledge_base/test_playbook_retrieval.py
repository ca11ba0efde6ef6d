"""Representative questions find the right playbook among the top results."""

from __future__ import annotations

import pytest

from agent.bootstrap import PLAYBOOKS_DIR, index_playbooks

QUESTIONS = [
    ("How do I calculate CAC payback months?", "kpis-and-measurement.md"),
    (
        "What should a lead handover SLA between sales and marketing say?",
        "sales-marketing-alignment.md",
    ),
    ("How do I find the competitive alternatives for my positioning?", "positioning.md"),
    ("Which firmographics go into an ideal customer profile?", "icp-and-segmentation.md"),
    (
        "How should I split budget between proven channels and experiments?",
        "budget-allocation-and-testing.md",
    ),
    (
        "How many LinkedIn posts a week should a small team publish?",
        "content-strategy-and-calendars.md",
    ),
    ("What are the signs we have too many marketing tools?", "martech-rationalisation.md"),
    ("How do I write tone of voice rules?", "brand-and-tone-of-voice.md"),
    ("What onboarding emails reduce churn?", "retention-and-lifecycle.md"),
    ("Build a messaging house with pillars and proof points", "messaging-framework.md"),
    ("What goes in a 30/60/90 day marketing roadmap?", "strategy-and-roadmap.md"),
    ("How can AI help a two-person marketing team?", "ai-and-automation-for-lean-teams.md"),
    ("What is a typical visitor to lead conversion rate?", "funnel-and-conversion.md"),
    (
        "Should we use webinars, paid search or outbound for go-to-market?",
        "go-to-market-and-channel-mix.md",
    ),
]


def test_there_are_at_least_twelve_playbooks() -> None:
    assert len(list(PLAYBOOKS_DIR.glob("*.md"))) >= 12


@pytest.mark.parametrize(("question", "expected"), QUESTIONS)
def test_question_finds_its_playbook(services, question: str, expected: str) -> None:
    if not (PLAYBOOKS_DIR / expected).exists():
        pytest.fail(f"playbook {expected} is missing")
    hits = services.playbook_index().search(question, k=3)
    assert expected in [h.chunk.source for h in hits], [h.chunk.label for h in hits]


def test_reindexing_unchanged_playbooks_embeds_nothing(services) -> None:
    report = index_playbooks(services)
    assert report.added == [] and report.updated == [] and report.chunks == 0
    assert len(report.unchanged) == len(list(PLAYBOOKS_DIR.glob("*.md")))


def test_citations_carry_file_and_heading(services) -> None:
    hit = services.playbook_index().search("LTV to CAC ratio", k=1)[0]
    assert hit.chunk.label.startswith(hit.chunk.source + " › ")
