"""Drafts written by a real model (structured output), in-process with a scripted model: the
model's words in the typed draft, its sources checked, the same review as offline drafts, one
retry on a reply that does not validate, and the offline draft (said so) after two."""

from __future__ import annotations

from functools import partial
from typing import Any

from core.scope import DraftModel
from tests.support import model_drafts as replies
from tests.support.scripted_model import ScriptedChatModel
from tools.strategy.brief.current import current_brief, ensure_brief
from tools.strategy.drafting import pipeline
from tools.strategy.drafting.model import ModelDrafter
from tools.strategy.drafting.offline import OfflineDrafter
from tools.strategy.drafting.runs import run_messaging, run_positioning
from tools.strategy.messaging.models import MessagingRevision
from tools.strategy.positioning.models import PositioningRevision


def _drafter(*script: Any) -> tuple[ModelDrafter, ScriptedChatModel]:
    model = ScriptedChatModel(script=list(script))
    return ModelDrafter(DraftModel(model=model, name="scripted")), model


def test_a_valid_draft_holds_the_models_words_with_checked_sources(services: Any) -> None:
    scope = services.scope("demo")
    drafter, model = _drafter(partial(replies.positioning, invented=True))
    p = pipeline.draft_positioning(scope, ensure_brief(scope), drafter)

    assert drafter.notes == []
    assert p.statement.text.startswith("For multi-entity finance teams drowning")
    assert [a.name for a in p.unique_attributes][
        0
    ] == "Approvals across every entity in one workflow"
    status_quo = p.competitive_alternatives[0]
    assert status_quo.primary and status_quo.source is not None
    assert status_quo.source.label.startswith("competitor-overview.md › The status quo")
    # the invented source id is dropped: the element is an assumption, and an issue says so
    a2 = p.unique_attributes[1]
    assert a2.source is None and a2.assumption
    [unknown] = [i for i in p.issues if i.check == "unknown_source"]
    assert unknown.element_ids == ["A2"] and "D999" in unknown.message
    # references between elements are checked: the value names only attributes that exist
    assert p.values[0].attribute_ids == ["A1"]
    # the same review as offline drafts: checks ran, citations collected
    assert {c.name for c in p.checks} >= {"status_quo_included", "values_have_attributes"}
    assert any(i.check == "value_without_source" for i in p.issues)  # V2 has no source
    assert any(c.label.startswith("competitor-overview.md") for c in p.citations)
    # the model was sent the schema of what it writes, not the checked fields
    [asked] = model.structured
    assert asked["method"] == "json_schema" and asked["strict"] is True
    assert "issues" not in asked["schema"]["properties"]
    assert "citations" not in asked["schema"]["properties"]


def test_an_invalid_reply_is_retried_once_with_the_validation_error(services: Any) -> None:
    scope = services.scope("demo")
    drafter, model = _drafter({"statement": "only this"}, replies.positioning)
    p = pipeline.draft_positioning(scope, ensure_brief(scope), drafter)

    assert drafter.notes == [] and p.value_proposition.text.startswith("Close the month")
    retry = str(model.received[1][-1].content)
    assert "did not validate" in retry and "competitive_alternatives" in retry
    assert "field required" in retry


def test_two_invalid_replies_give_the_offline_draft_and_say_so(services: Any) -> None:
    services.draft_model = DraftModel(
        model=ScriptedChatModel(script=["no", "no", "not json", {"pillars": 3}]), name="scripted"
    )
    scope = services.scope("demo")  # the brief read fails twice too: the rules read it
    result = run_positioning(scope, PositioningRevision())

    assert result.note.startswith("first draft; the model's positioning draft did not validate")
    assert result.note.endswith("; this is the offline draft")
    assert "(competitive_alternatives: field required;" in result.note  # the last reply's
    offline = OfflineDrafter().positioning(pipeline.DraftSources.of(scope, current_brief(scope)))
    assert result.positioning.statement.text == offline.statement.text
    assert ensure_brief(scope).documents_hash.startswith("1:")  # the rules' reading, saved


def test_a_provider_fault_gives_the_offline_draft_and_says_so(services: Any) -> None:
    def fail(_: Any) -> str:
        raise ConnectionError("refused")

    drafter, _ = _drafter(fail)
    scope = services.scope("demo")
    p = pipeline.draft_positioning(scope, ensure_brief(scope), drafter)
    assert p.company == "Ledgerly"
    assert drafter.notes == [
        "the model could not write the positioning (the model provider could not be "
        "reached); this is the offline draft"
    ]


def test_icp_and_messaging_from_the_model(services: Any) -> None:
    scope = services.scope("demo")
    brief = ensure_brief(scope)
    drafter, _ = _drafter(replies.positioning, replies.icp, replies.messaging)
    p = pipeline.draft_positioning(scope, brief, drafter)
    icp = pipeline.draft_icp(scope, brief, drafter)

    assert [f.value for f in icp.firmographics] == ["100–500 employees", "Hospitality"]
    assert icp.pains[0].source is not None and not icp.pains[0].assumption
    assert icp.disqualification[0].points == -30  # disqualifying points are negative
    assert any(i.check == "objection_without_answer" for i in icp.issues)
    assert icp.conversion is not None  # the KPI figures, attached after the drafter

    house = pipeline.draft_messaging(scope, brief, p, icp, (None, None), drafter)
    assert house.umbrella.text.startswith("Every entity's approvals")
    assert [x.value_ids for x in house.pillars] == [["V1"], []]  # only values that exist
    assert house.pillars[0].attribute_ids == ["A1"]
    assert any(i.check == "pillar_without_value" for i in house.issues)
    assert house.personas[0].lead_pillar == ""  # pillar 7 does not exist
    assert house.personas[0].committee_role == "champion"
    assert drafter.notes == []


def test_a_messaging_run_says_which_drafts_fell_back(services: Any) -> None:
    services.draft_model = DraftModel(
        model=ScriptedChatModel(script=[replies.brief, "x", "x", "y", "y", replies.messaging]),
        name="scripted",
    )
    result = run_messaging(services.scope("demo"), MessagingRevision())
    assert "the model's positioning draft did not validate" in result.note
    assert "the model's ICP draft did not validate" in result.note
    assert result.messaging.umbrella.text.startswith("Every entity's approvals")


def test_the_brief_is_read_from_the_documents_by_the_model(services: Any) -> None:
    services.draft_model = DraftModel(
        model=ScriptedChatModel(script=[replies.brief]), name="scripted"
    )
    scope = services.scope("demo")
    brief = ensure_brief(scope)

    assert brief.documents_hash.startswith("model:scripted:")
    assert brief.company is not None and brief.company.value == "Ledgerly (model)"
    assert brief.company.citation is not None
    assert brief.company.citation.label.startswith("founder-notes.md")
    assert brief.texts("competitors") == ["Payflow"]  # the invented source was dropped
    assert ensure_brief(scope) == brief  # read once: no second model call


def test_every_schema_sent_to_a_model_is_strict_mode_compatible() -> None:
    """OpenAI's strict mode: every object lists all its properties as required and allows no
    others, and nothing has a default; the brief schema covers every brief field."""
    from tools.strategy.brief.model import field_specs
    from tools.strategy.brief.model_read import BriefWritten
    from tools.strategy.drafting.written import IcpWritten, MessagingWritten, PositioningWritten

    for schema in (PositioningWritten, IcpWritten, MessagingWritten, BriefWritten):
        spec = schema.model_json_schema()
        objects = [spec, *spec.get("$defs", {}).values()]
        for obj in objects:
            assert obj["additionalProperties"] is False, obj["title"]
            assert set(obj["required"]) == set(obj["properties"]), obj["title"]
            assert not any("default" in p for p in obj["properties"].values()), obj["title"]
    assert set(BriefWritten.model_fields) == set(field_specs())
