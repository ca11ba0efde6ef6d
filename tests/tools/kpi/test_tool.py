"""The `kpi_lookup` tool wrapper: its schema for LLMs, routing data, name resolution, errors."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from core.errors import InvalidInput
from tools.kpi.errors import NoCampaignData, UnknownFilterValue
from tools.kpi.periods import Previous
from tools.kpi.query import run_kpi_query
from tools.kpi.resolve import resolve_names
from tools.kpi.results import KpiQuery
from tools.kpi.tool import build_query, lookup, make_kpi_lookup


class _Services:
    """Just what the tool needs from Services: a scope (id and folder) per workspace id."""

    def __init__(self, folders: dict[str, Path]) -> None:
        self.folders = folders

    def scope(self, workspace: str) -> Any:
        return SimpleNamespace(id=workspace, dir=self.folders[workspace])


def test_schema_names_every_query_field_for_an_llm() -> None:
    tool = make_kpi_lookup(_Services({}))
    schema = tool.tool_call_schema.model_json_schema()
    assert tool.name == "kpi_lookup"
    assert set(schema["properties"]) == set(KpiQuery.model_fields)
    assert schema["required"] == ["metrics"] and "runtime" not in schema["properties"]
    assert all(p.get("description") for p in schema["properties"].values())
    # governed names listed compactly (labels and synonyms are looked up on the server)
    assert "cpl, " in tool.description and "roas" in tool.description
    assert "never estimate" in tool.description


def test_names_read_the_workspace_way(demo_workspace: Path) -> None:
    query = KpiQuery(
        metrics=["leads"],
        filters={"channel": ["linkedin", "Google"], "campaign": ["Free AP Process Template"]},
    )
    resolved, notes = resolve_names(demo_workspace, query)
    assert resolved.filters == {
        "channel": ["LinkedIn Ads", "Google Ads"],
        "campaign": ["LinkedIn – Free AP Process Template"],
    }
    assert "Channel 'linkedin' read as 'LinkedIn Ads'." in notes
    assert len(notes) == 3
    exact, none = resolve_names(
        demo_workspace, KpiQuery(metrics=["leads"], filters={"channel": ["EMAIL"]})
    )
    assert exact.filters == {"channel": ["Email"]} and none == []


def test_unresolvable_names_are_left_for_the_engine_to_list(demo_workspace: Path) -> None:
    query, notes = resolve_names(
        demo_workspace, KpiQuery(metrics=["leads"], filters={"campaign": ["Masterclass"]})
    )  # part of a name: no guess
    assert query.filters == {"campaign": ["Masterclass"]} and notes == []
    with pytest.raises(UnknownFilterValue) as err:
        run_kpi_query(demo_workspace, query)
    assert "Webinar – Month-End Masterclass" in err.value.detail


def test_lookup_adds_the_notes_and_names_the_workspace(
    demo_workspace: Path, tmp_path: Path
) -> None:
    services: Any = _Services({"demo": demo_workspace, "empty": tmp_path})
    result = lookup(
        services.scope("demo"),
        KpiQuery(metrics=["cpl"], filters={"channel": ["meta"]}, period=Previous(unit="month")),
    )
    assert result.filters == {"channel": ["Meta Ads"]}
    assert result.notes[0] == "Channel 'meta' read as 'Meta Ads'."
    with pytest.raises(NoCampaignData) as err:
        lookup(services.scope("empty"), KpiQuery(metrics=["spend"]))
    assert (
        "workspace 'empty'" in err.value.detail
        and "cmo import --workspace empty" in err.value.detail
    )


def test_bad_arguments_are_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="'metrics'"):
        build_query(metrics=[])
    with pytest.raises(InvalidInput, match="'order'"):
        build_query(metrics=["cpl"], order="cheapest")
    assert build_query(metrics=["cpl"], filters={"channel": "Email"}).filters == {
        "channel": ["Email"]
    }
