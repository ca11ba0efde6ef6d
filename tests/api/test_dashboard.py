"""The performance dashboard over HTTP: figures equal the KPI engine's for the same period,
CSV carries the same figures, empty workspaces say what to import, and a workspace's dashboard
shows only its own data."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from core.stores.campaigns import close_all
from tests.support.auth import bearer, key_for
from tests.tools.kpi.test_importers import GOOGLE_ROWS, google_ads_csv
from tools.kpi.periods import Previous, Trailing
from tools.kpi.results import KpiQuery
from tools.kpi.tool import lookup

HEADLINES = ["spend", "leads", "cpl", "sqls", "cost_per_sql", "pipeline", "revenue", "roas", "cac"]


OTHER_ROWS = [("2026-01-05", "Zeta – Only Here", 100.5, 3), ("2026-01-12", "Zeta – Also", 80.0, 2)]


def _meta_csv(path: Path) -> Path:
    lines = ["Day,Campaign name,Amount spent,Leads"]
    lines += [f"{d},{c},{s},{n}" for d, c, s, n in OTHER_ROWS]
    path.write_text("\n".join(lines) + "\n")
    return path


def _engine(services: Any, workspace: str, query: KpiQuery) -> Any:
    return lookup(services.scope(workspace), query)


def test_demo_headlines_equal_the_kpi_engine(client: Any, services: Any) -> None:
    response = client.get("/workspaces/demo/dashboard", params={"period": "last month"})
    assert response.status_code == 200
    body = response.json()
    engine = _engine(
        services,
        "demo",
        KpiQuery(metrics=HEADLINES, period=Previous(unit="month"), compare="previous_period"),
    )
    assert body["period"]["label"] == engine.period.label
    assert body["previous_period"]["label"] == engine.comparison.period.label
    tiles = {h["metric"]: h for h in body["headlines"]}
    assert list(tiles) == HEADLINES
    for name in HEADLINES:
        assert tiles[name]["value"] == engine.totals[name], name
        assert tiles[name]["formatted"] == engine.formatted_totals[name], name
        assert tiles[name]["previous"] == engine.comparison.totals[name], name
        assert tiles[name]["change"]["percent"] == engine.comparison.changes[name].percent
    assert tiles["spend"]["formatted"].startswith("£")
    assert body["grain"] == "week"  # a month is short: weekly trend
    assert body["empty"] == []


def test_demo_breakdowns_and_trend_equal_the_kpi_engine(client: Any, services: Any) -> None:
    body = client.get(
        "/workspaces/demo/dashboard", params={"period": "last 90 days", "grain": "month"}
    ).json()
    period = Trailing(count=90, unit="day")
    channels = _engine(
        services,
        "demo",
        KpiQuery(
            metrics=["spend", "leads", "cpl", "sqls", "cost_per_sql", "revenue"],
            dimensions=["channel"],
            period=period,
        ),
    )
    assert body["channels"]["rows"] == channels.rows
    assert body["channels"]["columns"][0] == "channel"
    trend = _engine(
        services,
        "demo",
        KpiQuery(metrics=["spend", "leads", "sqls", "cpl"], dimensions=["month"], period=period),
    )
    assert body["trend"]["dimension"] == "month"
    assert body["trend"]["rows"] == trend.rows
    spend = [r["spend"] for r in body["campaigns"]["rows"]]
    assert spend == sorted(spend, reverse=True)  # top campaigns by spend
    assert body["problems"], "the demo's diagnosis has open problems"
    assert all(p["headline"] for p in body["problems"])


def test_csv_carries_the_same_figures(client: Any) -> None:
    body = client.get("/workspaces/demo/dashboard", params={"period": "last month"}).json()
    for url, params in (
        ("/workspaces/demo/dashboard.csv", {"period": "last month"}),
        ("/workspaces/demo/dashboard", {"period": "last month", "format": "csv"}),
    ):
        response = client.get(url, params=params)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert "attachment" in response.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(response.text)))
        headline = {r["metric"]: r for r in rows if r["section"] == "headline"}
        for tile in body["headlines"]:
            assert headline[tile["metric"]]["formatted"] == tile["formatted"]
        channels = [r for r in rows if r["section"] == "channel" and r["metric"] == "spend"]
        assert [float(r["value"]) for r in channels] == [
            r["spend"] for r in body["channels"]["rows"]
        ]


def test_an_empty_workspace_says_what_to_import(client: Any) -> None:
    client.post("/workspaces", json={"id": "empty"})
    body = client.get("/workspaces/empty/dashboard").json()
    assert body["period"] is None
    sections = {e["section"]: e["message"] for e in body["empty"]}
    assert "import" in sections["all"].lower() and "CRM" in sections["all"]
    assert all(h["value"] is None and "import" in h["reason"] for h in body["headlines"])
    assert body["trend"] is None and body["channels"] is None and body["campaigns"] is None
    csv_text = client.get("/workspaces/empty/dashboard.csv").text
    assert csv_text.splitlines()[0].startswith("section,group,metric")


def test_ad_data_only_gives_na_with_the_reason(client: Any, tmp_path: Path) -> None:
    client.post("/workspaces", json={"id": "ads"})
    path = google_ads_csv(tmp_path / "google.csv")
    with path.open("rb") as handle:
        assert (
            client.post(
                "/workspaces/ads/data", files={"file": ("google.csv", handle, "text/csv")}
            ).status_code
            == 201
        )
    try:
        body = client.get("/workspaces/ads/dashboard", params={"period": "all"}).json()
    finally:
        close_all()
    tiles = {h["metric"]: h for h in body["headlines"]}
    assert tiles["spend"]["value"] == round(sum(r[5] for r in GOOGLE_ROWS), 2)
    assert tiles["sqls"]["value"] is None
    assert "CRM" in tiles["sqls"]["reason"]
    assert tiles["sqls"]["formatted"] == "n/a"


def test_a_workspace_dashboard_shows_only_its_own_figures(
    client: Any, settings: Any, tmp_path: Path
) -> None:
    client.post("/workspaces", json={"id": "other"})
    path = _meta_csv(tmp_path / "meta.csv")
    with path.open("rb") as handle:
        client.post("/workspaces/other/data", files={"file": ("meta.csv", handle, "text/csv")})
    try:
        demo = client.get("/workspaces/demo/dashboard", params={"period": "all"}).json()
        other = client.get("/workspaces/other/dashboard", params={"period": "all"}).json()
    finally:
        close_all()
    demo_campaigns = {r["campaign"] for r in demo["campaigns"]["rows"]}
    other_campaigns = {r["campaign"] for r in other["campaigns"]["rows"]}
    assert other_campaigns == {r[1] for r in OTHER_ROWS}
    assert not demo_campaigns & other_campaigns
    assert other["headlines"][0]["value"] == 180.5  # spend: its own rows only
    assert demo["headlines"][0]["value"] != 180.5
    viewer = key_for(settings, "viewer", "other")
    assert client.get("/workspaces/other/dashboard", headers=bearer(viewer)).status_code == 200
    refused = client.get("/workspaces/demo/dashboard", headers=bearer(viewer))
    assert refused.status_code == 403
    assert "demo" not in {h.get("metric") for h in refused.json().get("headlines", [])}


def test_auth_unknown_workspace_and_bad_period(client: Any) -> None:
    anonymous = client.get("/workspaces/demo/dashboard", headers={"Authorization": ""})
    assert anonymous.status_code == 401
    assert client.get("/workspaces/nope/dashboard").status_code == 404
    bad = client.get("/workspaces/demo/dashboard", params={"period": "blue moon"})
    assert bad.status_code == 422
    assert "period" in bad.json()["detail"]
    assert client.get("/workspaces/demo/dashboard", params={"grain": "day"}).status_code == 422


def test_a_browser_gets_the_dashboard_page_or_the_sign_in_page(client: Any) -> None:
    html = {"Accept": "text/html,application/xhtml+xml"}
    page = client.get("/workspaces/demo/dashboard", headers=html)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<script src="/static/js/dashboard.js" type="module">' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    signin = client.get("/workspaces/demo/dashboard", headers={**html, "Authorization": ""})
    assert signin.status_code == 401
    assert "cmo keys login-link" in signin.text
