"""The ICP: cited profile, best-converting segment from the KPI engine, persona revision."""

from __future__ import annotations

import pytest

from agent.bootstrap import load_demo_data
from core.stores.artifacts import ArtifactStore
from core.stores.campaigns import DB_FILE
from tests.support.strategy_by_id import draft_icp, ensure_brief, run_icp
from tools.kpi import CampaignStore
from tools.strategy.icp.models import Icp, IcpRevision
from tools.strategy.vocabulary import setting


@pytest.fixture
def demo_kpis(services):  # type: ignore[no-untyped-def]
    directory = services.workspace_dir("demo")
    if not CampaignStore(directory).imports():
        load_demo_data(directory)
    return directory


def _draft(services, workspace: str = "demo") -> Icp:  # type: ignore[no-untyped-def]
    return draft_icp(services, workspace, ensure_brief(services, workspace))


def test_best_converting_segment_matches_an_independent_computation(services, demo_kpis) -> None:
    icp = _draft(services)
    assert icp.conversion is not None and icp.conversion.dimension == "channel"
    floor = setting("min_leads_for_rate")
    with CampaignStore(demo_kpis).connect() as cur:  # straight from the stored rows
        rows = cur.execute(
            "SELECT channel, sum(customers) AS c, sum(leads) AS l FROM facts "
            "GROUP BY channel HAVING sum(leads) >= ? ORDER BY c / l DESC",
            [floor],
        ).fetchall()
    best, customers, leads = rows[0]
    assert icp.conversion.best == best == "Webinars"
    top = icp.conversion.top[0]
    assert top.value == best
    assert top.lead_to_customer_rate == f"{100 * customers / leads:.2f}%"
    assert top.customers == f"{int(customers):,}" and top.leads == f"{int(leads):,}"
    assert [t.value for t in icp.conversion.top] == [r[0] for r in rows[:3]]
    assert icp.conversion.citations and icp.conversion.citations[0].kind == "kpi_query"


def test_without_campaign_data_conversion_is_not_guessed(services) -> None:
    (services.workspace_dir("demo") / DB_FILE).unlink()  # documents, but no campaign import
    icp = _draft(services)
    assert icp.conversion is None and "No campaign" in icp.conversion_note


def test_profile_is_cited_from_the_documents(services) -> None:
    icp = _draft(services)
    dims = {f.dimension: f.value for f in icp.firmographics}
    assert dims["size"] == "100–500 employees" and dims["structure"] == "multiple entities"
    assert {"Xero", "NetSuite"} <= {f.value for f in icp.firmographics if f.dimension == "tech"}
    roles = {p.committee_role for p in icp.buying_committee}
    assert {"champion", "economic buyer", "user", "evaluator"} <= roles
    assert any("audit" in t.text for t in icp.triggers)
    assert any("spreadsheets" in o.objection.lower() for o in icp.objections)
    assert any("qualify out" in d.text for d in icp.disqualification)
    assert "Webinars" in {g.channel for g in icp.channels}
    items = [
        *icp.firmographics,
        *icp.buying_committee,
        *icp.pains,
        *icp.triggers,
        *icp.objections,
        *icp.channels,
        *icp.qualification,
        *icp.disqualification,
    ]
    assert all(i.source is not None and not i.assumption for i in items)


def test_add_a_persona_for_the_cfo_keeps_the_first_version(services) -> None:
    first = run_icp(services, "demo", IcpRevision())
    second = run_icp(services, "demo", IcpRevision(add_persona="CFO"))
    assert (first.version, second.version) == (1, 2)
    [cfo] = [p for p in second.icp.buying_committee if p.requested]
    assert "CFO" in cfo.role and cfo.committee_role == "economic buyer"
    assert any("CFO" in c.text and c.source for c in cfo.concerns)
    old = Icp.model_validate(ArtifactStore(services.workspace_dir("demo")).get("icp", 1).content)
    assert not any(p.requested for p in old.buying_committee)


def test_a_persona_the_documents_never_mention_is_an_assumption(services) -> None:
    run_icp(services, "demo", IcpRevision())
    result = run_icp(services, "demo", IcpRevision(add_persona="Chief Marketing Officer"))
    persona = result.icp.buying_committee[-1]
    assert persona.role == "Chief Marketing Officer" and persona.assumption
    assert persona.concerns == [] and persona.source is None


def test_firmographics_told_in_chat_replace_those_of_their_dimension(services) -> None:
    from tests.support.strategy_by_id import run_icp
    from tools.strategy.icp.models import IcpRevision

    first = run_icp(services, "demo", IcpRevision())
    told = ["50-250 staff", "2,000+ invoices a month", "on Sage or Xero"]
    result = run_icp(services, "demo", IcpRevision(firmographics=told))
    rows = {f.value: f.dimension for f in result.icp.firmographics}
    assert {v: rows[v] for v in told} == {
        "50-250 staff": "size",
        "2,000+ invoices a month": "volume",
        "on Sage or Xero": "tech",
    }
    sizes = [f.value for f in result.icp.firmographics if f.dimension == "size"]
    assert sizes == ["50-250 staff"]  # the drafted size is replaced
    assert len(first.icp.firmographics) >= 1 and result.version == 2
    assert result.note == "firmographics set: " + "; ".join(told)


def test_who_is_ruled_out_in_chat_leads_the_disqualification_criteria(services) -> None:
    first = run_icp(services, "demo", IcpRevision())
    told = "sole traders and companies under 100 staff"
    second = run_icp(services, "demo", IcpRevision(exclude=told))
    [ruled_out, *rest] = second.icp.disqualification
    assert (ruled_out.text, ruled_out.kind, ruled_out.id) == (told, "disqualify", "D1")
    assert ruled_out.source is not None and ruled_out.source.label == "Ruled out (told in chat)"
    assert [c.text for c in rest] == [c.text for c in first.icp.disqualification]
    assert [c.id for c in rest] == [f"D{i}" for i in range(2, len(rest) + 2)]
    assert "ruled out: sole traders" in IcpRevision(exclude=told).note()
