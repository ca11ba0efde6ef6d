"""Brief and artifact endpoints: provenance, merges, versions, exports, errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.routes import strategy
from tests.support.auth import admin_key, bearer
from tests.support.strategy_by_id import run_positioning
from tools.strategy.positioning.models import PositioningRevision


@pytest.fixture
def api(settings, embedder) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    app = create_app(settings, embedder)
    app.include_router(strategy.router)
    with TestClient(app) as test_client:
        test_client.headers.update(bearer(admin_key(settings)))
        yield test_client


def test_brief_get_and_put_with_provenance(api: TestClient) -> None:
    got = api.get("/workspaces/demo/brief")
    assert got.status_code == 200, got.text
    fields = {f["field"]: f for f in got.json()["fields"]}
    budget = fields["budget"]["values"][0]
    assert budget["source"] == "document" and budget["citation"]["label"].startswith("founder")
    put = api.put("/workspaces/demo/brief", json={"budget": "£15k a month", "goals": ["200 SQLs"]})
    assert put.status_code == 200, put.text
    fields = {f["field"]: f for f in put.json()["fields"]}
    assert [(v["value"], v["source"]) for v in fields["budget"]["values"]] == [
        ("£15k a month", "api")
    ]
    assert [v["value"] for v in fields["goals"]["values"]] == ["200 SQLs"]  # a list replaces
    again = {f["field"]: f for f in api.get("/workspaces/demo/brief").json()["fields"]}
    assert again["budget"]["values"][0]["value"] == "£15k a month"


def test_brief_errors_use_the_error_format(api: TestClient) -> None:
    unknown = api.put("/workspaces/demo/brief", json={"colour": "blue"})
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "invalid_input"
    scalar = api.put("/workspaces/demo/brief", json={"budget": ["a", "b"]})
    assert scalar.status_code == 422 and "budget" in scalar.json()["error"]["message"]
    missing = api.get("/workspaces/nope/brief")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "workspace_not_found"
    assert api.get("/workspaces/Bad%20Id/brief").status_code == 422


def test_empty_workspace_brief_asks_for_the_top_three(api: TestClient) -> None:
    api.post("/workspaces", json={"id": "acme"})
    body = api.get("/workspaces/acme/brief").json()
    assert body["fields"] == [] and [m["field"] for m in body["ask"]] == [
        "company",
        "offering",
        "goals",
    ]


def test_artifacts_list_get_versions_and_exports(api: TestClient) -> None:
    assert api.get("/workspaces/demo/artifacts").json() == []
    assert api.get("/workspaces/demo/artifacts/positioning").status_code == 404
    services = api.app.state.services  # type: ignore[attr-defined]
    run_positioning(services, "demo", PositioningRevision())
    run_positioning(services, "demo", PositioningRevision(more_specific_category=True))
    [info] = api.get("/workspaces/demo/artifacts").json()
    assert info["kind"] == "positioning" and info["versions"] == [1, 2]
    latest = api.get("/workspaces/demo/artifacts/positioning").json()
    first = api.get("/workspaces/demo/artifacts/positioning", params={"version": 1}).json()
    assert latest["version"] == 2 and first["version"] == 1
    assert first["content"]["market_category"]["name"] == "AP automation"
    assert latest["content"]["market_category"]["name"] != "AP automation"
    md = api.get("/workspaces/demo/artifacts/positioning.md", params={"version": 1})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert (
        md.text.startswith("# Positioning — Ledgerly")
        and "positioning-v1.md" in md.headers["content-disposition"]
    )
    js = api.get("/workspaces/demo/artifacts/positioning.json")
    assert js.status_code == 200 and js.json()["content"] == latest["content"]
    assert (
        api.get("/workspaces/demo/artifacts/positioning", params={"version": 9}).status_code == 404
    )
    assert api.get("/workspaces/demo/artifacts/Bad-Kind").status_code == 422
