"""Dry runs and proposed mappings, plausibility warnings carried by KPI answers until confirmed,
remapping, and workspace metrics through the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.api.test_kpi_api import _kpi, _upload, api  # noqa: F401 - the fixture

ODD = "when,where,Total cost,approved\n2026-01-05,Search,120.50,3\n2026-01-06,Search,80.25,1\n"


def test_dry_run_proposes_a_mapping_and_writes_nothing(api: Any, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "odd.csv"
    path.write_text(ODD, encoding="utf-8")
    refused = _upload(api, "acme", path)
    assert refused.status_code == 422 and "when" in refused.json()["error"]["message"]
    with path.open("rb") as handle:
        dry = api.post(
            "/workspaces/acme/data", params={"dry_run": "true"}, files={"file": (path.name, handle)}
        )
    assert dry.status_code == 200, dry.text
    body = dry.json()
    assert body["dry_run"] is True and body["mapping_source"] == "proposed" and body["ready"]
    assert body["mapping"]["date"] == "when" and body["mapping"]["spend"] == "Total cost"
    spend = next(f for f in body["fields"] if f["field"] == "spend")
    assert spend["column"] == "Total cost" and "120.50" in spend["samples"]
    assert [r["spend"] for r in body["preview"]] == [120.5, 80.25]
    assert body["totals"][""]["spend"] == 200.75
    assert {c["name"]: c["kind"] for c in body["columns"]}["when"] == "date"
    assert api.get("/workspaces/acme/data").json() == []  # nothing written
    mapping = dict(body["mapping"], channel="where")
    done = _upload(api, "acme", path, yaml.safe_dump(mapping))
    assert done.status_code == 201 and done.json()["rows_imported"] == 2


def test_warnings_follow_kpi_answers_until_confirmed(api: Any, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "li.csv"
    path.write_text(
        "date,channel,clicks,impressions,spend\n2026-01-05,LinkedIn Ads,100,20000,90000\n"
        "2026-01-06,LinkedIn Ads,100,20000,70000\n",
        encoding="utf-8",
    )
    report = _upload(api, "acme", path).json()
    codes = {w["code"] for w in report["warnings"]}
    assert {"implausible_cpc", "costs_look_like_micros"} <= codes
    answer = _kpi(api, "acme", metrics=["cpc"]).json()
    assert any(n.startswith(f"Warning from import {report['import_id']}") for n in answer["notes"])
    confirmed = api.post(f"/workspaces/acme/data/{report['import_id']}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["warnings_confirmed_at"]
    again = _kpi(api, "acme", metrics=["cpc"]).json()
    assert not any(n.startswith("Warning") for n in again["notes"])
    remapped = _upload(
        api,
        "acme",
        path,
        "date: date\nchannel: channel\nclicks: clicks\n"
        "impressions: impressions\nspend: spend\nscale: {spend: 0.001}\n",
    )
    assert remapped.status_code == 201 and remapped.json()["status"] == "replaced"
    assert _kpi(api, "acme", metrics=["spend"]).json()["totals"]["spend"] == 160.0


def test_amounts_in_two_currencies_are_never_added(api: Any, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "two.csv"
    path.write_text(
        "date,channel,spend,currency\n2026-01-05,Email,10,GBP\n2026-01-06,Email,20,EUR\n",
        encoding="utf-8",
    )
    assert _upload(api, "acme", path).status_code == 201
    body = _kpi(api, "acme", metrics=["spend"]).json()
    assert body["totals"]["spend"] is None
    assert body["totals_by_currency"] == {"EUR": {"spend": 20.0}, "GBP": {"spend": 10.0}}


def test_workspace_metrics_through_the_api(api: Any, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "odd.csv"
    path.write_text(ODD, encoding="utf-8")
    mapping = "date: when\nchannel: where\nspend: Total cost\nmeasures: {approved: approved}\n"
    assert _upload(api, "acme", path, mapping).status_code == 201
    metric = {
        "name": "cost_per_approved",
        "label": "Cost per approved conversion",
        "synonyms": ["cost per approved conversion"],
        "formula": "SUM(spend) / SUM(approved)",
        "unit": "currency",
        "higher_is_better": False,
    }
    checked = api.post("/workspaces/acme/metrics", params={"dry_run": "true"}, json=metric)
    assert checked.status_code == 200
    assert "cost_per_approved" not in {
        m["name"] for m in api.get("/workspaces/acme/metrics").json()["metrics"]
    }
    assert api.post("/workspaces/acme/metrics", json=metric).status_code == 201
    listed = {m["name"]: m for m in api.get("/workspaces/acme/metrics").json()["metrics"]}
    assert listed["cost_per_approved"]["source"] == "workspace"
    value = _kpi(api, "acme", metrics=["cost per approved conversion"]).json()["totals"]
    assert value == {"cost_per_approved": 50.19}
    bad = api.post(
        "/workspaces/acme/metrics",
        json={**metric, "name": "x", "synonyms": [], "formula": "SUM(nope)"},
    )
    assert bad.status_code == 422 and "nope" in bad.json()["error"]["message"]
    builtin = api.post("/workspaces/acme/metrics", json={**metric, "name": "cpl", "synonyms": []})
    assert builtin.status_code == 422 and "built-in" in builtin.json()["error"]["message"]
    assert api.delete("/workspaces/acme/metrics/cost_per_approved").status_code == 204
    assert api.delete("/workspaces/acme/metrics/cost_per_approved").status_code == 404
