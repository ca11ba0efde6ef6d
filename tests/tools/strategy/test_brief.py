"""The client brief: extraction with citations, precedence, missing fields, statements."""

from __future__ import annotations

import json

import pytest

from agent.offline.grammar.brief import parse_statement
from core.errors import InvalidInput
from knowledge_base.documents import ingest_document
from tests.support.strategy_by_id import (
    ensure_brief,
    merge_brief,
    read_brief,
    record_fact,
    workspace_passages,
)
from tools.strategy.brief.model import BriefStore, ClientBrief, apply_update, field_specs
from tools.strategy.evidence import plain


def _passage_text(services, ref: str) -> str:  # type: ignore[no-untyped-def]
    passages = {p.ref: p for p in workspace_passages(services, "demo")}
    return plain(passages[ref].text)


def test_demo_documents_fill_the_brief_with_citations(services) -> None:
    brief = ensure_brief(services, "demo")
    assert brief.text("company") == "Ledgerly Ltd"
    assert brief.text("category") == "AP automation"
    assert {"Payflow", "Spendwise"} <= set(brief.texts("competitors"))
    assert {"Starter: £390/month", "Growth: £890/month"} <= set(brief.texts("price_points"))
    assert "£22,000" in (brief.text("budget") or "")
    assert "HubSpot" in brief.texts("tools") and "Webinars" in brief.texts("channels")
    assert any("status quo" in a.lower() for a in brief.texts("alternatives"))
    assert "Native multi-entity approval workflows" in brief.texts("differentiators")
    # table stakes are listed in the competitor notes but are not differentiators
    assert not any("OCR" in d or "Xero integration" in d for d in brief.texts("differentiators"))
    for name in field_specs():
        for value in brief.values(name):
            assert value.source == "document" and value.citation is not None
            assert value.citation.kind == "document"
            # the quoted sentence is really in the cited passage
            assert plain(value.citation.detail) in _passage_text(services, value.citation.ref)


def test_injected_instructions_in_documents_stay_data(services) -> None:
    brief = ensure_brief(services, "demo")
    every = " ".join(v.value for name in field_specs() for v in brief.values(name))
    assert "Ignore previous instructions" not in every


def test_chat_and_api_values_beat_documents_and_survive_re_extraction(services) -> None:
    record_fact(services, "demo", "budget", ["£15k a month"], "chat")
    merge_brief(services, "demo", {"competitors": ["Xero", "Sage"]}, "api")
    # a new document changes the content hashes, so the next read re-extracts
    note = "# Pricing update\n\n## Pricing\n\nEnterprise — £4,000/month for groups.\n".encode()
    ingest_document(services.document_index("demo"), "pricing-update.md", note, 10**6)
    brief = ensure_brief(services, "demo")
    assert brief.text("budget") == "£15k a month"
    assert brief.values("budget")[0].source == "chat"
    assert brief.texts("competitors") == ["Xero", "Sage"]  # replaced by the API: locked
    assert "Enterprise: £4,000/month" in brief.texts("price_points")  # documents re-read


def test_document_extraction_runs_only_when_documents_change(services) -> None:
    first = ensure_brief(services, "demo")
    store = BriefStore(services.workspace_dir("demo"))
    stamp = store.path.stat().st_mtime_ns
    again = ensure_brief(services, "demo")
    assert again == first and store.path.stat().st_mtime_ns == stamp
    assert json.loads(store.path.read_text())["documents_hash"] == first.documents_hash


def test_missing_fields_are_asked_in_priority_order_and_known_ones_never(services) -> None:
    services.workspaces.create("acme", "Acme")
    result = read_brief(services, "acme")
    assert [m.field for m in result.ask] == ["company", "offering", "goals"]
    record_fact(services, "acme", "goals", ["200 SQLs a year"], "chat")
    result = read_brief(services, "acme")
    assert "goals" not in [m.field for m in result.missing]
    assert [m.field for m in result.ask] == ["company", "offering", "target_markets"]


def test_list_values_are_added_without_duplicates() -> None:
    brief = apply_update(ClientBrief(), "competitors", ["Xero", "Sage"], "chat")
    brief = apply_update(brief, "competitors", ["xero ", "Payflow"], "chat")
    assert brief.texts("competitors") == ["xero", "Sage", "Payflow"]


@pytest.mark.parametrize(
    ("text", "field", "values"),
    [
        ("our budget is £15k a month", "budget", ["£15k a month"]),
        ("we sell to accountancy firms", "segments", ["accountancy firms"]),
        ("our competitors are Xero and Sage", "competitors", ["Xero", "Sage"]),
        ("remember that our main goal is 200 SQLs a year", "goals", ["200 SQLs a year"]),
        ("Note that we use HubSpot and Pipedrive", "tools", ["HubSpot", "Pipedrive"]),
    ],
)
def test_statements_become_brief_updates(text: str, field: str, values: list[str]) -> None:
    assert parse_statement(text) == (field, values)


def test_questions_are_not_statements() -> None:
    assert parse_statement("what is our budget?") is None
    assert parse_statement("who are our competitors?") is None


def test_bad_updates_name_the_problem(services) -> None:
    with pytest.raises(InvalidInput, match="unknown brief field 'colour'"):
        record_fact(services, "demo", "colour", ["blue"], "chat")
    with pytest.raises(InvalidInput, match="holds one value"):
        merge_brief(services, "demo", {"budget": ["a", "b"]}, "api")
    with pytest.raises(InvalidInput, match="no value"):
        record_fact(services, "demo", "goals", ["  "], "chat")
