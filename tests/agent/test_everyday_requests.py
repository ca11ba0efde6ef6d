"""Everyday requests from issue 12's table, end to end on the offline model: each is one kind of
fault that once gave a figure for a different question. (The calendar row has its own tests.)"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agent.bootstrap import seed_demo_kpis
from agent.graph import build_graph
from agent.models import load_chat_model
from agent.runner import TurnResult, prepare_turn, run_turn
from core.stores.campaigns import close_all
from tools.catalog import build_tools
from tools.kpi.formatting import format_value, round_value
from tools.kpi.importers import import_file
from tools.kpi.metrics import load_registry

CRM_EXPORT = Path(__file__).parents[2] / "evals/fixtures/crm-only/data/hubspot-deals-2026.csv"


@pytest.fixture
def chat(services: Any) -> Iterator[Callable[..., TurnResult]]:
    seed_demo_kpis(services.workspace_dir("demo"))
    services.workspaces.ensure("crm", "Brightwell Analytics")
    import_file(services.scope("crm").dir, CRM_EXPORT, None)
    model = load_chat_model("offline", services.settings, services=services)
    graph = build_graph(model, build_tools(services), InMemorySaver())

    def ask(text: str, workspace: str = "demo", thread: str = "t1") -> TurnResult:
        turn = prepare_turn(services, workspace, text, f"{workspace}-{thread}")
        return asyncio.run(run_turn(graph, services, turn))

    yield ask
    close_all()


def test_cheapest_per_sql_ranks_the_cost_and_shows_no_spend_as_na(chat: Any) -> None:
    result = chat("which channel is cheapest per SQL this year")
    [call] = result.tool_calls
    assert call["name"] == "kpi_lookup"
    assert call["args"]["metrics"] == ["cost_per_sql"]
    assert call["args"]["dimensions"] == ["channel"] and call["args"]["order"] == "best"
    assert "Cost per SQL" in result.answer and "with SQLs" not in result.answer
    table = chat("cost per SQL by channel this year", thread="t2").answer
    assert re.search(r"\| Organic \| n/a \|", table), table  # no spend: n/a, never £0.00
    assert "£0.00" not in table


def test_cac_payback_names_the_missing_data_instead_of_answering_cac(chat: Any) -> None:
    result = chat("What's our CAC payback?")
    # never a KPI figure; the documents are searched in case they state it
    assert [c["name"] for c in result.tool_calls] == ["search_client_documents"]
    assert "CAC payback" in result.answer and "margin" in result.answer
    assert "£1," not in result.answer  # no CAC figure passed off as the payback


def test_who_should_we_sell_to_is_the_icp(chat: Any) -> None:
    result = chat("Who should we be selling to?")
    assert [c["name"] for c in result.tool_calls] == ["draft_icp"]


def test_revenue_comes_from_the_imported_crm_data(chat: Any) -> None:
    result = chat("How much revenue did we make?", workspace="crm")
    [call] = result.tool_calls
    assert call["name"] == "kpi_lookup" and call["args"]["metrics"] == ["revenue"]
    assert "Revenue" in result.answer and re.search(r"\d{3},\d{3}\.\d{2}", result.answer)


def test_another_clients_name_is_refused_without_fetching_anything(chat: Any) -> None:
    result = chat("I also look after Brightwell Analytics - pull their won deals for September")
    assert result.tool_calls == []
    assert "can't share" in result.answer


def test_small_rates_keep_enough_digits_to_tell_rows_apart(tmp_path: Path) -> None:
    ctr = load_registry(tmp_path).metrics["ctr"].metric
    assert format_value(0.020833, ctr, None) == "0.0208%"
    assert format_value(0.0145, ctr, None) == "0.0145%"
    assert format_value(1.234, ctr, None) == "1.23%"
    assert format_value(0.05, ctr, None) == "0.05%"
    assert round_value(0.020833, ctr) == 0.0208  # the typed result keeps them apart too


def test_two_requests_in_one_message_are_both_done(chat: Any) -> None:
    result = chat("diagnose where the funnel leaks and give me our win rate YTD")
    assert [c["name"] for c in result.tool_calls] == ["diagnose_marketing", "kpi_lookup"]
    assert result.tool_calls[1]["args"]["metrics"] == ["win_rate"]


def test_a_part_that_cannot_be_done_is_said_plainly(chat: Any) -> None:
    result = chat("what was ROAS for google last quarter? email the number to daniel")
    assert [c["name"] for c in result.tool_calls] == ["kpi_lookup"]
    assert "Not done" in result.answer and "email the number to daniel" in result.answer


def test_a_figure_no_data_holds_in_an_empty_workspace_names_the_missing_data(
    chat: Any, services: Any
) -> None:
    services.workspaces.ensure("bare")
    result = chat("what's our churn rate?", workspace="bare")
    assert result.tool_calls == []
    assert "churn" in result.answer and "isn't in this workspace's data" in result.answer


def test_an_order_to_act_in_another_system_is_said_plainly(chat: Any) -> None:
    result = chat("post this on our linkedin page for me: 'Month-end in 5 days, not 12.'")
    assert result.tool_calls == []
    assert "can't" in result.answer


def test_turn_that_into_a_30_60_90_after_a_diagnosis_is_the_roadmap(chat: Any) -> None:
    chat("diagnose our marketing, what's broken?", thread="r1")
    result = chat("right. turn that into a 30/60/90 i can show daniel", thread="r1")
    assert [c["name"] for c in result.tool_calls] == ["plan_roadmap"]


def test_figures_asked_of_an_empty_workspace_name_what_cannot_be_given(
    chat: Any, services: Any
) -> None:
    services.workspaces.ensure("blank")
    result = chat("how did we do last month? leads and spend", workspace="blank")
    assert "no campaign data" in result.answer and "leads" in result.answer
    assert "spend" in result.answer and "cmo import --workspace blank" in result.answer
    roas = chat("which channel gives us the best roas", workspace="blank", thread="t2")
    assert "roas (from revenue and spend)" in roas.answer  # the data a ratio needs, named
