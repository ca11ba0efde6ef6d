"""The 30/60/90-day roadmap: built from the diagnosis, ordered, limited, and versioned."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from agent.bootstrap import load_demo_data
from core.services import Services, build_services
from core.settings import Settings
from core.stores.artifacts import ArtifactStore
from tests.support.strategy_by_id import diagnose, plan, run_diagnosis
from tools.kpi import CampaignStore
from tools.strategy.diagnosis.checks_base import SEVERITY_RANK, load_thresholds
from tools.strategy.diagnosis.roadmap import Roadmap, build_roadmap, load_catalogue, render_roadmap
from tools.strategy.diagnosis.run import Diagnosis

METRICS_FILE = Path(__file__).resolve().parents[3] / "tools" / "kpi" / "metrics.yaml"


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory, _prepared_data: Path, embedder: Any
) -> Iterator[tuple[Diagnosis, Roadmap]]:
    data_dir = tmp_path_factory.mktemp("roadmap") / "data"
    shutil.copytree(_prepared_data, data_dir)
    services = build_services(Settings(data_dir=data_dir, _env_file=None), embedder)
    ws = services.workspace_dir("demo")
    if not CampaignStore(ws).imports():
        load_demo_data(ws)
    diagnosis = run_diagnosis(services, "demo")
    yield diagnosis, build_roadmap(diagnosis)
    CampaignStore(ws).close()


def test_catalogue_is_consistent_with_areas_checks_and_metrics() -> None:
    catalogue, thresholds = load_catalogue(), load_thresholds()
    metrics = {m["name"] for m in yaml.safe_load(METRICS_FILE.read_text())["metrics"]}
    checks = {c.id: c.area for c in thresholds.checks}
    covered = set()
    for item in catalogue.initiatives:
        covered.add(item.area)
        assert item.kpi_metric is None or item.kpi_metric in metrics, item.id
        assert all(checks.get(c) == item.area for c in item.when_checks), item.id
        assert item.kpi_to_watch and item.owner and item.expected_kpi_impact
    assert covered == {a.id for a in thresholds.areas}  # every area has a remedy
    assert [p.id for p in catalogue.phases] == ["foundation", "activation", "optimisation"]


def test_every_problem_gets_an_initiative_that_names_it(demo: tuple[Diagnosis, Roadmap]) -> None:
    diagnosis, roadmap = demo
    problems = {a.area: a for a in diagnosis.areas if a.status == "problem"}
    initiatives = roadmap.initiatives()
    assert {i.addresses.area for i in initiatives} == set(problems)
    for i in initiatives:
        area = problems[i.addresses.area]
        evidence = [e for e in area.evidence if e.supports == "problem"]
        assert (i.addresses.check, i.addresses.citations) in [
            (e.check, e.citations) for e in evidence
        ]
        assert i.addresses.citations and i.priority == round(i.impact / i.effort, 2)
    healthy = {a.area for a in diagnosis.areas if a.status != "problem"}
    assert not healthy & {i.addresses.area for i in initiatives}


def test_phases_are_limited_and_ordered_by_severity_then_impact_over_effort(
    demo: tuple[Diagnosis, Roadmap],
) -> None:
    _, roadmap = demo
    assert [p.days for p in roadmap.phases] == ["Days 0–30", "Days 31–60", "Days 61–90"]
    placed = [i for p in roadmap.phases for i in p.initiatives]
    for phase in roadmap.phases:
        assert len(phase.initiatives) <= roadmap.max_per_phase
        keys = [(SEVERITY_RANK[i.addresses.severity], -i.priority) for i in phase.initiatives]
        assert keys == sorted(keys)
        assert all(i.phase == phase.id for i in phase.initiatives)
    # each problem area's best initiative is placed before any area gets a second one
    areas_placed = {i.addresses.area for i in placed}
    backlog_areas = {i.addresses.area for i in roadmap.backlog}
    if len(placed) < 3 * roadmap.max_per_phase:
        assert backlog_areas <= areas_placed
    order = [p.id for p in load_catalogue().phases]
    for i in placed:  # an initiative may start later than planned, never earlier
        planned = next(c.phase for c in load_catalogue().initiatives if c.id == i.id)
        assert order.index(i.phase) >= order.index(planned)
        assert (i.moved_from is not None) == (i.phase != planned)
    markdown = render_roadmap(roadmap)
    for i in placed:
        assert i.title in markdown


def test_empty_workspace_roadmap_lists_evidence_to_gather(services: Services) -> None:
    services.workspaces.create("empty")
    roadmap = plan(services, "empty")
    assert not roadmap.initiatives() and len(roadmap.evidence_gaps) == 13
    assert roadmap.version == 1 and roadmap.diagnosis_version == 1


def test_roadmap_uses_the_latest_diagnosis_and_versions_both(services: Services) -> None:
    ws = services.workspace_dir("demo")
    if not CampaignStore(ws).imports():
        load_demo_data(ws)
    focused = diagnose(services, "demo", ["retention"])
    first = plan(services, "demo")
    assert first.diagnosis_version == focused.version == 1
    assert {i.addresses.area for i in first.initiatives()} == {"retention_expansion"}
    second = plan(services, "demo", refresh=True)  # a fresh full diagnosis first
    assert second.diagnosis_version == 2 and second.version == 2
    assert len({i.addresses.area for i in second.initiatives()}) > 1
    store = ArtifactStore(ws)
    assert store.get("roadmap", 1).content["diagnosis_focus"] == ["retention_expansion"]
    assert "30/60/90-day marketing roadmap" in store.get("roadmap").markdown
    CampaignStore(ws).close()
