"""The messaging house: pillars tied to positioning values, persona messages, the copy check."""

from __future__ import annotations

import pytest

from core.errors import InvalidInput
from core.stores.artifacts import ArtifactStore
from knowledge_base.documents import ingest_document
from tests.support.strategy_by_id import run_messaging, run_positioning
from tools.strategy.messaging.models import MessagingRevision
from tools.strategy.positioning.models import PositioningRevision


def test_copy_check_finds_the_website_deck_contradiction(services) -> None:
    house = run_messaging(services, "demo", MessagingRevision()).messaging
    [finding] = [f for f in house.copy_findings if f.topic == "positioning and audience"]
    assert finding.severity == "high"
    assert finding.website and finding.website.source.label.startswith("website-copy.md")
    assert finding.other and finding.other.source.label.startswith("sales-deck-summary.md")
    assert "bookkeeping for small businesses and sole traders" in finding.website.text
    assert "AP automation for mid-market finance teams" in finding.other.text
    assert "follows the sales deck" in finding.message
    topics = {f.topic for f in house.copy_findings}
    assert {"contract terms", "tone of voice"} <= topics
    tone = next(f for f in house.copy_findings if f.topic == "tone of voice")
    assert "smart robots" in tone.message and tone.other.source.label.startswith("brand-notes.md")
    assert {c.name: c.status for c in house.checks}["copy_consistency"] == "failed"


def test_pillars_are_tied_to_the_saved_positioning(services) -> None:
    positioning = run_positioning(services, "demo", PositioningRevision())
    result = run_messaging(services, "demo", MessagingRevision())
    house = result.messaging
    assert house.positioning_version == positioning.version
    values = {v.id: v for v in positioning.positioning.values}
    assert 3 <= len(house.pillars) <= 4
    for pillar in house.pillars:
        assert pillar.value_ids and set(pillar.value_ids) <= set(values)
        assert pillar.benefit == values[pillar.value_ids[0]].text
        assert pillar.proof and all(p.source for p in pillar.proof)
    assert house.umbrella.text == positioning.positioning.value_proposition.text
    roles = {m.committee_role: m for m in house.personas}
    assert {"champion", "economic buyer", "user", "evaluator"} <= set(roles)
    assert all(m.lead_pillar in {p.id for p in house.pillars} for m in house.personas)
    assert house.tone_rules and all(t.source for t in house.tone_rules)


def test_add_a_pillar_about_security(services) -> None:
    first = run_messaging(services, "demo", MessagingRevision())
    assert not any("ISO" in p.headline for p in first.messaging.pillars)
    second = run_messaging(services, "demo", MessagingRevision(add_pillar="security"))
    assert (first.version, second.version) == (1, 2) and second.note == "pillar added: security"
    added = second.messaging.pillars[-1]
    assert "ISO 27001" in added.headline and "security" in added.benefit.lower()
    assert added.value_ids and added.proof
    it = next(m for m in second.messaging.personas if m.committee_role == "evaluator")
    assert it.lead_pillar == added.id  # IT now leads with the security pillar
    store = ArtifactStore(services.workspace_dir("demo"))
    assert len(store.get("messaging", 1).content["pillars"]) == len(first.messaging.pillars)
    again = run_messaging(services, "demo", MessagingRevision(add_pillar="security"))
    assert "already covered" in again.note and len(again.messaging.pillars) == len(
        second.messaging.pillars
    )


def test_without_website_copy_the_check_does_not_run(services) -> None:
    services.workspaces.create("acme", "Acme")
    deck = "# Sales deck\n\n## Slide 1\n\n**Title:** Acme — payroll software for charities\n"
    ingest_document(services.document_index("acme"), "deck.md", deck.encode(), 10**6)
    house = run_messaging(services, "acme", MessagingRevision()).messaging
    assert house.copy_findings == []
    assert {c.name: c.status for c in house.checks}["copy_consistency"] == "not_run"


def test_a_tone_rule_from_chat_comes_first(services) -> None:
    run_messaging(services, "demo", MessagingRevision())
    rule = "like a finance colleague, no hype words"
    result = run_messaging(services, "demo", MessagingRevision(tone=rule))
    first = result.messaging.tone_rules[0]
    assert first.text == rule and first.source is not None and "told in chat" in first.source.label
    assert result.note == f"tone rule added: {rule}" and result.version == 2


def test_one_personas_message_leads_where_asked_and_stays_so(services) -> None:
    first = run_messaging(services, "demo", MessagingRevision()).messaging
    before = {m.persona: m.lead_pillar for m in first.personas}
    asked = MessagingRevision(persona="CFO", lead_with="cost of doing nothing")
    result = run_messaging(services, "demo", asked)
    house = result.messaging
    [cfo] = [m for m in house.personas if "CFO" in m.persona]
    lead = next(p for p in house.pillars if p.id == cfo.lead_pillar)
    assert "nothing" in f"{lead.headline} {lead.benefit}".lower()
    others = {m.persona: m.lead_pillar for m in house.personas if m is not cfo}
    assert others == {k: v for k, v in before.items() if k != cfo.persona}  # only the CFO's
    assert result.note == "CFO message: leads with: cost of doing nothing"
    # a later revision keeps the lead the user chose
    later = run_messaging(services, "demo", MessagingRevision(add_pillar="security")).messaging
    assert next(m for m in later.personas if "CFO" in m.persona).lead_pillar == lead.id


def test_a_tone_for_one_persona_is_scoped_to_it(services) -> None:
    run_messaging(services, "demo", MessagingRevision())
    result = run_messaging(services, "demo", MessagingRevision(persona="AP clerk", tone="plainer"))
    assert result.messaging.tone_rules[0].text == "AP clerk messages: plainer"


def test_a_persona_the_house_does_not_have_is_refused_and_nothing_saved(services) -> None:
    run_messaging(services, "demo", MessagingRevision())
    with pytest.raises(InvalidInput, match="no persona 'CMO'.*AP clerk"):
        run_messaging(services, "demo", MessagingRevision(persona="CMO", lead_with="speed"))
    assert ArtifactStore(services.workspace_dir("demo")).latest("messaging").version == 1
