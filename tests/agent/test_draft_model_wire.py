"""Drafts by a real model over the real wire format: the fake OpenAI-compatible server on
loopback receives the schema as a `response_format` (or a function), and its replies — valid,
invalid then valid, invalid twice, a provider fault — end as the model's draft or the offline
one, said so."""

from __future__ import annotations

import json
from typing import Any

import pytest

from agent.models import load_chat_model, load_draft_model
from core.scope import DraftModel
from tests.support import model_drafts as replies
from tests.support.fake_openai import Error, FakeOpenAI, Hang, Text, ToolCall, remote_settings
from tools.strategy.brief.current import ensure_brief
from tools.strategy.drafting import pipeline
from tools.strategy.drafting.model import ModelDrafter
from tools.strategy.positioning.models import Positioning


def _json(build: Any) -> Any:
    """A reply carrying the structured output as JSON text, built from the request."""
    return lambda body: Text(json.dumps(build(body)))


def _draft(services: Any, fake: FakeOpenAI, **overrides: Any) -> tuple[Positioning, list[str]]:
    remote = remote_settings(services.settings, fake, **overrides)
    draft_model = load_draft_model(remote.model, remote)
    assert draft_model is not None
    drafter = ModelDrafter(draft_model)
    scope = services.scope("demo")  # no draft model on the scope: the rules read the brief
    return pipeline.draft_positioning(scope, ensure_brief(scope), drafter), drafter.notes


def test_the_request_carries_the_schema_and_a_valid_reply_is_the_draft(
    services: Any, fake_openai: FakeOpenAI
) -> None:
    fake_openai.script(_json(replies.positioning))
    p, notes = _draft(services, fake_openai)

    assert notes == [] and p.statement.text.startswith("For multi-entity finance teams")
    assert p.unique_attributes[1].source is not None  # a source id the prompt listed
    [request] = fake_openai.requests
    assert not request.get("stream")
    fmt = request["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["name"] == "PositioningWritten"
    schema = fmt["json_schema"]["schema"]
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == set(schema["properties"])  # strict mode: all required
    assert "<<D1 · " in request["messages"][1]["content"]  # the passages, with their ids


def test_an_invalid_reply_then_a_valid_one_succeeds_after_one_retry(
    services: Any, fake_openai: FakeOpenAI
) -> None:
    fake_openai.script(Text("Here is the positioning you asked for."), _json(replies.positioning))
    p, notes = _draft(services, fake_openai)

    assert notes == [] and p.value_proposition.text.startswith("Close the month")
    assert len(fake_openai.requests) == 2
    retry = fake_openai.requests[1]["messages"]
    assert retry[-2] == {"role": "assistant", "content": "Here is the positioning you asked for."}
    assert "did not validate" in retry[-1]["content"] and "not valid JSON" in retry[-1]["content"]


def test_two_invalid_replies_give_the_offline_draft_with_a_note(
    services: Any, fake_openai: FakeOpenAI
) -> None:
    wrong = _json(lambda body: {**replies.positioning(body), "trends": "many"})
    fake_openai.script(Text("Sure! Here is a positioning."), wrong)
    p, notes = _draft(services, fake_openai)

    assert len(fake_openai.requests) == 2
    [note] = notes
    assert note.startswith("the model's positioning draft did not validate (")
    assert "(trends: input should be a valid list)" in note  # the last reply's only fault
    assert note.endswith("this is the offline draft")
    assert p.company == "Ledgerly" and p.statement.text  # the offline draft, complete


@pytest.mark.parametrize("status", [500, 503])
def test_a_provider_fault_gives_the_offline_draft_with_a_note(
    services: Any, fake_openai: FakeOpenAI, status: int
) -> None:
    fake_openai.script(Error(status, "upstream down"))
    p, notes = _draft(services, fake_openai, model_max_retries=0)

    assert p.statement.text
    assert notes == [
        f"the model could not write the positioning (the model provider failed with HTTP "
        f"{status}); this is the offline draft"
    ]


def test_function_calling_carries_the_schema_as_a_function(
    services: Any, fake_openai: FakeOpenAI
) -> None:
    fake_openai.script(lambda body: ToolCall("PositioningWritten", replies.positioning(body)))
    p, notes = _draft(services, fake_openai, draft_output="function_calling")

    assert notes == [] and p.statement.text.startswith("For multi-entity finance teams")
    [request] = fake_openai.requests
    assert request["tools"][0]["function"]["name"] == "PositioningWritten"
    assert request["tool_choice"]["function"]["name"] == "PositioningWritten"


def test_a_real_chat_model_brings_its_draft_model_and_offline_none(
    services: Any, fake_openai: FakeOpenAI
) -> None:
    load_chat_model("offline", services.settings, services=services)
    assert services.draft_model is None and services.scope("demo").draft_model is None
    remote = remote_settings(services.settings, fake_openai)
    load_chat_model(remote.model, remote, services=services)
    assert isinstance(services.draft_model, DraftModel)
    assert services.draft_model.name == "openai-compatible:fake"
    assert services.scope("demo").draft_model is services.draft_model
    forced = remote.model_copy(update={"draft_model": "offline"})
    assert load_draft_model(forced.model, forced) is None  # CMO_DRAFT_MODEL=offline


def test_a_hung_provider_times_out_into_the_offline_draft_with_a_note(
    services: Any, fake_openai: FakeOpenAI
) -> None:
    fake_openai.script(Hang())
    p, notes = _draft(services, fake_openai, model_deadline_s=0.3, model_max_retries=0)

    assert p.statement.text
    assert notes == [
        "the model could not write the positioning (the model provider did not answer in "
        "time); this is the offline draft"
    ]
