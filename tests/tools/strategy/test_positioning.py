"""Positioning: Dunford's components from the demo evidence, cross-checks and revisions."""

from __future__ import annotations

from pathlib import Path

from core.stores.artifacts import ArtifactStore
from tests.support.strategy_by_id import (
    check_positioning,
    draft_positioning,
    ensure_brief,
    run_positioning,
    workspace_passages,
)
from tools.kpi import import_file
from tools.strategy.evidence import plain
from tools.strategy.positioning.models import Attribute, Positioning, PositioningRevision, Value


def _draft(services, workspace: str = "demo") -> Positioning:  # type: ignore[no-untyped-def]
    return draft_positioning(services, workspace, ensure_brief(services, workspace))


def _check_names(p: Positioning) -> dict[str, str]:
    return {c.name: c.status for c in p.checks}


def test_status_quo_is_among_the_alternatives(services) -> None:
    p = _draft(services)
    status_quo = [a for a in p.competitive_alternatives if a.kind == "status_quo"]
    assert status_quo and not status_quo[0].assumption
    assert "spreadsheets" in status_quo[0].name
    # the documents say deals are lost to doing nothing most often
    assert status_quo[0].primary and status_quo[0].primary_evidence is not None
    assert "lose to most often" in status_quo[0].primary_evidence.detail
    assert {"Payflow", "Spendwise"} <= {a.name for a in p.competitive_alternatives}
    assert _check_names(p)["status_quo_included"] == "passed"


def test_every_value_has_an_attribute_and_a_real_citation(services) -> None:
    p = _draft(services)
    attributes = {a.id for a in p.unique_attributes}
    assert len(attributes) >= 3 and len(p.values) == len(attributes)
    texts = {e.ref: plain(e.text) for e in workspace_passages(services, "demo")}
    for value in p.values:
        assert set(value.attribute_ids) <= attributes and value.attribute_ids
        assert value.source is not None and not value.assumption
        assert plain(value.source.detail) in texts[value.source.ref]
        for proof in value.proof:
            assert proof.source is not None and proof.source.ref in texts
    assert _check_names(p)["values_have_attributes"] == "passed"
    multi_entity = next(v for v in p.values if v.attribute_ids == ["A1"])
    assert any(pr.customer == "Pennine Hospitality Group" for pr in multi_entity.proof)


def test_cross_check_flags_a_value_without_attribute(services) -> None:
    p = _draft(services)
    p.values.append(Value(id="V9", text="Saves time", attribute_ids=[], assumption=True))
    issues, checks = check_positioning(services, "demo", p)
    assert any(i.check == "value_without_attribute" and "V9" in i.element_ids for i in issues)
    assert {c.name: c.status for c in checks}["values_have_attributes"] == "failed"


def test_cross_check_flags_attributes_competitors_also_claim(services) -> None:
    p = _draft(services)
    assert _check_names(p)["attributes_unique"] == "passed"
    p.unique_attributes.append(Attribute(id="A9", name="Xero integration", assumption=True))
    issues, _ = check_positioning(services, "demo", p)
    flagged = [i for i in issues if i.check == "attribute_claimed_by_competitors"]
    assert [i.element_ids for i in flagged] == [["A9"]]
    assert any("competitor" in c.detail.lower() for c in flagged[0].citations)


def test_best_fit_check_runs_only_with_a_segment_dimension(services, tmp_path: Path) -> None:
    assert _check_names(_draft(services))["best_fit_matches_conversions"] == "not_run"
    crm = tmp_path / "crm.csv"
    crm.write_text(
        "date,channel,campaign,industry,leads,customers,spend\n"
        "2026-01-05,Webinars,W,Hospitality,100,10,500\n"
        "2026-01-06,Google Ads,G,Retail,50,12,500\n"
        "2026-01-07,Google Ads,G,Logistics,80,4,500\n"
    )
    import_file(services.workspace_dir("demo"), crm)
    p = _draft(services)
    assert _check_names(p)["best_fit_matches_conversions"] == "failed"
    [issue] = [i for i in p.issues if i.check == "best_fit_contradicts_data"]
    assert "Retail" in issue.message and "24.00%" in issue.message  # 12 / 50
    assert issue.citations and issue.citations[0].kind == "kpi_query"


def test_revisions_make_new_versions_and_keep_the_old(services) -> None:
    first = run_positioning(services, "demo", PositioningRevision())
    assert first.positioning.market_category.name == "AP automation"
    second = run_positioning(services, "demo", PositioningRevision(more_specific_category=True))
    narrower = second.positioning.market_category
    assert narrower.name.startswith("AP automation for ") and narrower.source is not None
    assert narrower.approach == "big fish, small pond"
    third = run_positioning(services, "demo", PositioningRevision(add_trend="e-invoicing mandates"))
    assert third.positioning.market_category.name == narrower.name  # earlier revision kept
    added = third.positioning.trends[-1]
    assert added.text == "e-invoicing mandates" and added.assumption  # nothing supports it
    store = ArtifactStore(services.workspace_dir("demo"))
    assert [second.version, third.version] == [2, 3] and third.versions == [1, 2, 3]
    assert store.get("positioning", 1).content["market_category"]["name"] == "AP automation"
    assert "assumption — please confirm" in store.get("positioning", 3).markdown


def test_a_supported_trend_is_cited(services) -> None:
    run_positioning(services, "demo", PositioningRevision())
    result = run_positioning(services, "demo", PositioningRevision(add_trend="hiring freeze"))
    trend = result.positioning.trends[-1]
    assert not trend.assumption and "hiring freeze" in trend.source.detail.lower()


def test_category_change_is_recorded_in_the_brief(services) -> None:
    result = run_positioning(
        services, "demo", PositioningRevision(category="AP automation for groups")
    )
    assert result.positioning.market_category.name == "AP automation for groups"
    brief = ensure_brief(services, "demo")
    assert brief.text("category") == "AP automation for groups"
    assert brief.values("category")[0].source == "chat"


def test_empty_workspace_gets_assumptions_not_inventions(services) -> None:
    services.workspaces.create("acme", "Acme")
    p = _draft(services, "acme")
    [status_quo] = p.competitive_alternatives
    assert status_quo.kind == "status_quo" and status_quo.assumption
    assert p.unique_attributes == [] and p.values == []
    assert any(i.check == "unique_attributes" for i in p.issues)
    assert p.statement.assumption and "please confirm" in p.statement.text
