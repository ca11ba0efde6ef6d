"""The agent answering performance questions offline, end to end: the offline model routes to
`kpi_lookup`, the tool queries the demo data, and the answer quotes exactly the figures that an
independent computation (plain Python over the imported CSV) gives."""

from __future__ import annotations

import asyncio
import csv
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agent.bootstrap import seed_demo_kpis
from agent.graph import build_graph
from agent.models import load_chat_model
from agent.runner import TurnResult, prepare_turn, run_turn
from core.stores.campaigns import close_all
from knowledge_base.demo.campaigns import DEMO_FILE
from tools.catalog import build_tools

Rows = list[dict[str, Any]]


@pytest.fixture
def chat(services: Any) -> Iterator[Callable[..., TurnResult]]:
    """Ask the agent in a thread of a workspace; the demo workspace has its campaign data."""
    seed_demo_kpis(services.workspace_dir("demo"))  # a no-op once bootstrap seeds it
    model = load_chat_model("offline", services.settings, services=services)
    graph = build_graph(model, build_tools(services), InMemorySaver())  # the whole catalogue

    def ask(text: str, thread: str = "t1", workspace: str = "demo") -> TurnResult:
        turn = prepare_turn(services, workspace, text, thread)
        return asyncio.run(run_turn(graph, services, turn))

    yield ask
    close_all()


@pytest.fixture
def rows(services: Any) -> Rows:
    """The demo rows as imported: read back from the CSV file the demo import loaded."""
    path = services.workspace_dir("demo") / "imports" / DEMO_FILE
    seed_demo_kpis(services.workspace_dir("demo"))
    with path.open(newline="", encoding="utf-8") as handle:
        return [{**r, "date": date.fromisoformat(r["date"])} for r in csv.DictReader(handle)]


def _sum(rows: Rows, field: str) -> float:
    return sum(float(r[field]) for r in rows)


def _between(rows: Rows, start: str, end: str, **equal: str) -> Rows:
    lo, hi = date.fromisoformat(start), date.fromisoformat(end)
    return [r for r in rows if lo <= r["date"] <= hi and all(r[k] == v for k, v in equal.items())]


def _cents(value: float) -> str:
    return f"{Decimal(repr(round(value, 9))).quantize(Decimal('0.01'), ROUND_HALF_UP):,}"


def test_cpl_on_linkedin_last_month_then_the_month_before(chat: Any, rows: Rows) -> None:
    first = chat("What was our CPL on LinkedIn last month?")
    [call] = first.tool_calls
    assert call["name"] == "kpi_lookup"
    assert call["args"] == {
        "metrics": ["cpl"],
        "filters": {"channel": ["LinkedIn Ads"]},
        "period": {"kind": "previous", "unit": "month", "back": 1},
    }
    october = _between(rows, "2026-10-01", "2026-10-31", channel="LinkedIn Ads")
    assert f"£{_cents(_sum(october, 'spend') / _sum(october, 'leads'))}" in first.answer
    assert "October 2026" in first.answer and "LinkedIn Ads" in first.answer
    [citation] = first.citations
    assert citation.kind == "kpi_query" and citation.label == "KPI query"
    assert "SELECT" in citation.detail and "2026-10-01" in citation.detail
    assert "Source: KPI query" in first.answer

    before = chat("and the month before?")
    [call] = before.tool_calls
    assert call["args"]["metrics"] == ["cpl"]
    assert call["args"]["filters"] == {"channel": ["LinkedIn Ads"]}
    september = _between(rows, "2026-09-01", "2026-09-30", channel="LinkedIn Ads")
    assert f"£{_cents(_sum(september, 'spend') / _sum(september, 'leads'))}" in before.answer
    assert "September 2026" in before.answer

    google = chat("now for Google Ads")
    assert google.tool_calls[0]["args"]["filters"] == {"channel": ["Google Ads"]}
    google_sep = _between(rows, "2026-09-01", "2026-09-30", channel="Google Ads")
    assert f"£{_cents(_sum(google_sep, 'spend') / _sum(google_sep, 'leads'))}" in google.answer


def test_best_roas_campaign_in_q3(chat: Any, rows: Rows) -> None:
    result = chat("Which campaign had the best ROAS in Q3?")
    [call] = result.tool_calls
    assert call["name"] == "kpi_lookup" and call["args"]["dimensions"] == ["campaign"]
    spend: dict[str, float] = defaultdict(float)
    revenue: dict[str, float] = defaultdict(float)
    for r in _between(rows, "2026-07-01", "2026-09-30"):
        spend[r["campaign"]] += float(r["spend"])
        revenue[r["campaign"]] += float(r["revenue"])
    roas = {c: revenue[c] / spend[c] for c in spend if spend[c]}
    best = max(roas, key=roas.get)
    assert f"**{best}**" in result.answer
    assert f"{_cents(roas[best])}x" in result.answer
    assert "Q3 2026" in result.answer and f"of {len(spend)}" in result.answer


def test_mql_to_sql_quarter_over_quarter(chat: Any, rows: Rows) -> None:
    result = chat("How did MQL→SQL conversion change quarter over quarter?")
    assert result.tool_calls[0]["args"]["compare"] == "previous_period"

    def rate(start: str, end: str) -> float:
        period = _between(rows, start, end)
        return 100 * _sum(period, "sqls") / _sum(period, "mqls")

    q3, q2 = rate("2026-07-01", "2026-09-30"), rate("2026-04-01", "2026-06-30")
    assert f"{_cents(q3)}%" in result.answer and f"was {_cents(q2)}%" in result.answer
    assert f"{_cents(q3 - q2)} pp" in result.answer
    assert "Q3 2026" in result.answer and "Q2 2026" in result.answer


def test_unknown_metric_gets_the_names_that_exist(chat: Any) -> None:
    result = chat("What was our cost per leed last month?")
    assert result.tool_calls[0]["args"]["metrics"] == ["cost per leed"]
    assert "Unknown metric 'cost per leed'" in result.answer
    assert "Did you mean 'cost per lead' (cpl)?" in result.answer
    assert "roas" in result.answer and "cost_per_sql" in result.answer
    assert "£" not in result.answer  # no figure for a question it could not answer


def test_a_workspace_without_data_says_how_to_import(chat: Any, services: Any) -> None:
    services.workspaces.create("fresh")
    result = chat("What was our CPL on LinkedIn last month?", thread="t2", workspace="fresh")
    assert result.tool_calls[0]["name"] == "kpi_lookup"
    assert "no campaign data in workspace 'fresh' yet" in result.answer
    assert "cmo import --workspace fresh" in result.answer
    assert "POST /workspaces/fresh/data" in result.answer
    assert not (services.workspace_dir("fresh") / "campaigns.duckdb").exists()
