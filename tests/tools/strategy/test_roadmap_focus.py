"""The first 30 days of a roadmap set by the user (issue 12): the matching initiatives lead
them, what they displace moves along, nothing matching is said and nothing moves."""

from __future__ import annotations

from typing import Any

from tools.strategy.diagnosis.roadmap import Roadmap
from tools.strategy.diagnosis.roadmap_focus import focus_first_30_days


def _initiative(ident: str, title: str, phase: str, area: str) -> dict[str, Any]:
    return {
        "id": ident,
        "title": title,
        "phase": phase,
        "days": {"foundation": "Days 0–30", "activation": "Days 31–60"}[phase],
        "owner": "Head of marketing",
        "effort": 2,
        "impact": 4,
        "priority": 2.0,
        "expected_kpi_impact": "better",
        "kpi_to_watch": "SQLs",
        "addresses": {
            "area": area,
            "area_title": area.replace("_", " "),
            "severity": "high",
            "check": "c",
            "statement": f"a problem in {area}",
        },
    }


def _roadmap() -> Roadmap:
    return Roadmap.model_validate(
        {
            "workspace": "demo",
            "diagnosis_version": 1,
            "max_per_phase": 1,
            "citations": [],
            "phases": [
                {
                    "id": "foundation",
                    "title": "Foundation",
                    "days": "Days 0–30",
                    "initiatives": [
                        _initiative("dash", "Publish a KPI dashboard", "foundation", "measurement")
                    ],
                },
                {
                    "id": "activation",
                    "title": "Activation",
                    "days": "Days 31–60",
                    "initiatives": [
                        _initiative("sla", "Agree a lead-handover SLA", "activation", "alignment")
                    ],
                },
            ],
        }
    )


def test_the_matching_initiative_leads_and_the_displaced_one_moves_along() -> None:
    revised = focus_first_30_days(_roadmap(), "fixing lead handover to sales")
    first, second = revised.phases
    assert [i.id for i in first.initiatives] == ["sla"]
    assert first.initiatives[0].moved_from == "Activation"
    assert [i.id for i in second.initiatives] == ["dash"]
    assert revised.pulled_forward == ["Agree a lead-handover SLA"]
    assert "first 30 days led by" in revised.reading


def test_nothing_matching_moves_nothing_and_says_so() -> None:
    revised = focus_first_30_days(_roadmap(), "the unicorn launch")
    assert [p.initiatives[0].id for p in revised.phases] == ["dash", "sla"]
    assert revised.pulled_forward == [] and "no initiative matches" in revised.reading
