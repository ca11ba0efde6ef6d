"""Campaign data over HTTP: upload, re-upload, list, delete, metrics, structured KPI queries,
errors, and workspace isolation. Expected figures are computed here from the uploaded rows."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.stores.campaigns import close_all
from tests.support.auth import admin_key, bearer
from tests.tools.kpi.conftest import SHARED_DATASETS
from tests.tools.kpi.test_importers import GOOGLE_ROWS, google_ads_csv

META = SHARED_DATASETS / "meta_ads_conversions.csv"
META_MAPPING = """\
date: Date
date_format: "%d-%m-%Y"
channel: Meta Ads
currency: USD
campaign: xyz_campaign_id
impressions: Impressions
clicks: Clicks
spend: Spent
conversions: Total_Conversion
measures: {approved_conversion: Approved_Conversion}
dimensions: [age, gender]
"""
CENT = 0.005 + 1e-6


def _app(settings: Any, embedder: Any) -> Any:
    """The app with the data router (added here until api/main.py includes it)."""
    from api.main import create_app
    from api.routes import data

    app = create_app(settings, embedder)
    if not any(getattr(r, "path", "") == "/workspaces/{workspace_id}/kpi" for r in app.routes):
        app.include_router(data.router)
    return app


@pytest.fixture
def api(settings: Any, embedder: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(_app(settings, embedder)) as client:
        client.headers.update(bearer(admin_key(settings)))
        client.post("/workspaces", json={"id": "acme"})
        yield client
    close_all()  # release the DuckDB files of this test's data directory


def _upload(api: Any, ws: str, path: Path, mapping: str | None = None) -> Any:
    data = {"mapping": mapping} if mapping else None
    with path.open("rb") as handle:
        return api.post(f"/workspaces/{ws}/data", files={"file": (path.name, handle)}, data=data)


def _kpi(api: Any, ws: str, **query: Any) -> Any:
    return api.post(f"/workspaces/{ws}/kpi", json=query)


def test_upload_reupload_list_query_delete(api: Any, tmp_path: Path) -> None:
    path = google_ads_csv(tmp_path / "google_ads_campaigns.csv")
    first = _upload(api, "acme", path)
    assert first.status_code == 201, first.text
    report = first.json()
    assert report["status"] == "imported" and report["detected_format"] == "google_ads"
    assert report["rows_imported"] == len(GOOGLE_ROWS)
    assert report["rows_dropped"] == {"total or summary row": 2}
    assert report["columns_mapped"]["spend"] == "Cost" and "CTR" in report["columns_ignored"]
    assert any("currency symbols" in a for a in report["cleaning_actions"])

    again = _upload(api, "acme", path)  # same bytes: nothing changes
    assert again.status_code == 200
    assert again.json()["status"] == "already_imported" and again.json()["rows_imported"] == 0
    [listed] = api.get("/workspaces/acme/data").json()
    assert listed["id"] == report["import_id"] and listed["file_name"] == path.name

    result = _kpi(api, "acme", metrics=["spend", "cpc"], dimensions=["campaign"])
    assert result.status_code == 200, result.text
    body = result.json()
    spend = sum(r[5] for r in GOOGLE_ROWS)
    assert abs(body["totals"]["spend"] - spend) <= CENT  # counted once, not twice
    brand = [r for r in GOOGLE_ROWS if r[1] == "Google – Brand"]
    row = next(r for r in body["rows"] if r["campaign"] == "Google – Brand")
    assert abs(row["cpc"] - sum(r[5] for r in brand) / sum(r[4] for r in brand)) <= CENT
    assert body["citations"][0]["kind"] == "kpi_query" and "SELECT" in body["sql"]

    assert api.delete(f"/workspaces/acme/data/{report['import_id']}").status_code == 204
    assert api.get("/workspaces/acme/data").json() == []
    gone = _kpi(api, "acme", metrics=["spend"])
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "no_campaign_data"
    assert "POST /workspaces/acme/data" in gone.json()["error"]["message"]
    missing = api.delete(f"/workspaces/acme/data/{report['import_id']}")
    assert missing.status_code == 404 and "GET /workspaces/acme/data" in missing.text


def test_real_meta_export_with_an_explicit_mapping(api: Any) -> None:
    response = _upload(api, "acme", META, META_MAPPING)
    assert response.status_code == 201, response.text
    with META.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert response.json()["rows_imported"] == len(rows)
    spend: dict[str, float] = defaultdict(float)
    approved: dict[str, float] = defaultdict(float)
    for r in rows:
        spend[r["xyz_campaign_id"]] += float(r["Spent"])
        approved[r["gender"]] += float(r["Approved_Conversion"])
    body = _kpi(api, "acme", metrics=["spend"], dimensions=["campaign"]).json()
    assert {r["campaign"]: r["spend"] for r in body["rows"]}.keys() == spend.keys()
    for r in body["rows"]:
        assert abs(r["spend"] - spend[r["campaign"]]) <= CENT
    assert body["currency"] == "USD" and body["formatted_totals"]["spend"].startswith("$")
    by_gender = _kpi(api, "acme", metrics=["approved_conversion"], dimensions=["gender"]).json()
    assert {r["gender"]: r["approved_conversion"] for r in by_gender["rows"]} == approved
    metrics = api.get("/workspaces/acme/metrics").json()
    imported = {d["name"] for d in metrics["dimensions"] if d["kind"] == "imported"}
    assert imported == {"age", "gender"}
    sources = {m["name"]: m["source"] for m in metrics["metrics"]}
    assert sources["approved_conversion"] == "imported" and sources["cpl"] == "built-in"


def test_metrics_listing(api: Any, settings: Any) -> None:
    (settings.data_dir / "workspaces" / "acme" / "metrics.yaml").write_text(
        "metrics:\n  - name: cost_per_demo\n    label: Cost per demo\n"
        "    synonyms: [cost per demo]\n    formula: SUM(spend) / SUM(conversions)\n"
        "    unit: currency\n    higher_is_better: false\n",
        encoding="utf-8",
    )
    response = api.get("/workspaces/acme/metrics")
    assert response.status_code == 200
    metrics = {m["name"]: m for m in response.json()["metrics"]}
    cpl = metrics["cpl"]
    assert cpl["formula"] == "SUM(spend) / SUM(leads)" and cpl["unit"] == "currency"
    assert cpl["higher_is_better"] is False and "cost per lead" in cpl["synonyms"]
    assert cpl["source"] == "built-in" and metrics["cost_per_demo"]["source"] == "workspace"
    assert metrics["roas"]["higher_is_better"] is True and "format" in metrics["roas"]
    dims = {d["name"]: d["kind"] for d in response.json()["dimensions"]}
    assert dims["month"] == "date" and dims["channel"] == "canonical"
    assert not (settings.data_dir / "workspaces" / "acme" / "campaigns.duckdb").exists()


def test_bad_uploads_and_queries_are_clear_422s(api: Any, settings: Any, tmp_path: Path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("when,what,how much\n2026-01-01,thing,3\n", encoding="utf-8")
    response = _upload(api, "acme", odd)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "unrecognised_file" and "how much" in error["message"]
    assert "mapping" in error["message"]  # and how to fix it
    wrong = _upload(api, "acme", odd, "date: Day\nspend: how much\n")
    assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "invalid_mapping"
    assert "'Day'" in wrong.json()["error"]["message"]
    broken = _upload(api, "acme", odd, "date: [unclosed\n")
    assert broken.status_code == 422 and broken.json()["error"]["code"] == "invalid_mapping"
    path_like = _upload(api, "acme", odd, "/etc/passwd.yaml")  # text only, never a path
    assert path_like.status_code == 422
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert _upload(api, "acme", empty).status_code == 422
    sheet = tmp_path / "report.xlsx"
    sheet.write_bytes(b"PK\x03\x04not really")  # workbooks are read; a broken one is a 422
    assert _upload(api, "acme", sheet).status_code == 422
    deck = tmp_path / "deck.pdf"
    deck.write_bytes(b"%PDF-1.4")
    assert _upload(api, "acme", deck).status_code == 415
    ok = _upload(api, "acme", odd, "date: when\ncampaign: what\nspend: how much\n")
    assert ok.status_code == 201, ok.text
    unknown = _kpi(api, "acme", metrics=["cost per leed"])
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "unknown_metric"
    assert "Did you mean 'cost per lead' (cpl)?" in unknown.json()["error"]["message"]
    assert _kpi(api, "acme", metrics=[]).status_code == 422
    bad_period = _kpi(api, "acme", metrics=["spend"], period="next blue moon")
    assert bad_period.status_code == 422 and "last month" in bad_period.text
    imports = settings.data_dir / "workspaces" / "acme" / "imports"
    assert imports.is_dir() and not list(imports.iterdir())  # uploads are staged, then removed


def test_too_big_is_413_and_imports_nothing(settings: Any, embedder: Any, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    small = settings.model_copy(update={"max_upload_mb": 0.001})  # about 1 KB
    with TestClient(_app(small, embedder)) as client:
        client.headers.update(bearer(admin_key(settings)))
        client.post("/workspaces", json={"id": "acme"})
        big = tmp_path / "big.csv"
        big.write_text("date,channel,spend\n" + "2026-01-01,Email,1.00\n" * 200, encoding="utf-8")
        response = _upload(client, "acme", big)
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "payload_too_large"
        assert "big.csv" in response.json()["error"]["message"]
        assert client.get("/workspaces/acme/data").json() == []
    close_all()


def test_unknown_and_bad_workspaces(api: Any, tmp_path: Path) -> None:
    path = google_ads_csv(tmp_path / "g.csv")
    assert _upload(api, "nobody", path).status_code == 404
    for method, url in (
        ("get", "/workspaces/nobody/data"),
        ("get", "/workspaces/nobody/metrics"),
        ("delete", "/workspaces/nobody/data/imp_x"),
    ):
        assert getattr(api, method)(url).status_code == 404, url
    assert _kpi(api, "nobody", metrics=["spend"]).status_code == 404
    assert _kpi(api, "Bad_Id", metrics=["spend"]).status_code == 422


def test_data_never_crosses_workspaces(api: Any, tmp_path: Path) -> None:
    api.post("/workspaces", json={"id": "beta"})
    assert _upload(api, "acme", google_ads_csv(tmp_path / "acme.csv")).status_code == 201
    empty = _kpi(api, "beta", metrics=["spend"])
    assert empty.status_code == 404 and empty.json()["error"]["code"] == "no_campaign_data"
    assert api.get("/workspaces/beta/data").json() == []
    beta = tmp_path / "beta.csv"
    beta.write_text(
        "date,channel,campaign,spend,leads\n2026-02-01,Email,Beta news,7.50,3\n", encoding="utf-8"
    )
    assert _upload(api, "beta", beta).status_code == 201
    totals = _kpi(api, "beta", metrics=["spend", "leads"]).json()["totals"]
    assert totals == {"spend": 7.5, "leads": 3}
    leak = _kpi(api, "beta", metrics=["spend"], filters={"campaign": ["Google – Brand"]})
    assert (
        leak.status_code == 422
        and "Google" not in leak.json()["error"]["message"].split("Existing values:")[1]
    )
    acme = _kpi(api, "acme", metrics=["spend"]).json()["totals"]["spend"]
    assert abs(acme - sum(r[5] for r in GOOGLE_ROWS)) <= CENT
