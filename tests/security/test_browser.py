"""A web page in the user's browser can reach 127.0.0.1: foreign Origins, DNS rebinding
(a foreign Host), CORS — and the look-alikes that must keep working (curl, the same origin)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.support.auth import api_client


def refused(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["code"] == code


UPLOAD = {"files": [("files", ("x.md", b"# X\n\nHello.", "text/markdown"))]}


def test_a_cross_origin_upload_is_refused_even_with_a_key(client: TestClient) -> None:
    response = client.post(
        "/workspaces/demo/documents", headers={"Origin": "https://evil.example"}, **UPLOAD
    )
    refused(response, 403, "foreign_origin")
    assert "x.md" not in str(client.get("/workspaces/demo/documents").json())


def test_browser_cross_site_marks_are_refused(client: TestClient) -> None:
    response = client.delete("/workspaces/demo", headers={"Sec-Fetch-Site": "cross-site"})
    refused(response, 403, "foreign_origin")
    refused(
        client.post("/workspaces", json={"id": "x"}, headers={"Origin": "null"}),
        403,
        "foreign_origin",
    )


def test_same_origin_and_originless_clients_are_served(client: TestClient) -> None:
    assert client.post("/workspaces", json={"id": "curl"}).status_code == 201  # no Origin
    same = client.post("/workspaces", json={"id": "page"}, headers={"Origin": "http://testserver"})
    assert same.status_code == 201
    # A GET from another origin is served (it changes nothing, and CORS keeps its answer
    # from the page), but no CORS header invites the page to read it.
    got = client.get("/workspaces", headers={"Origin": "https://evil.example"})
    assert got.status_code == 200 and "access-control-allow-origin" not in got.headers


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil", ""]
)
def test_a_foreign_host_is_refused(client: TestClient, host: str) -> None:
    refused(client.get("/workspaces", headers={"Host": host}), 400, "invalid_host")


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "[::1]:8000", "LOCALHOST"])
def test_loopback_hosts_are_served(client: TestClient, host: str) -> None:
    assert client.get("/workspaces", headers={"Host": host}).status_code == 200


def test_cors_is_off_unless_configured(settings: Any, embedder: Any, client: TestClient) -> None:
    preflight = {"Origin": "https://app.example", "Access-Control-Request-Method": "POST"}
    assert "access-control-allow-origin" not in client.options("/chat", headers=preflight).headers
    client.close()
    configured = settings.model_copy(update={"cors_origins": "https://app.example"})
    with api_client(configured, embedder) as allowed:
        answer = allowed.options("/chat", headers=preflight)
        assert answer.headers["access-control-allow-origin"] == "https://app.example"
        created = allowed.post(
            "/workspaces", json={"id": "from-app"}, headers={"Origin": "https://app.example"}
        )
        assert created.status_code == 201
        refused(
            allowed.post("/workspaces", json={"id": "x"}, headers={"Origin": "https://b.example"}),
            403,
            "foreign_origin",
        )


def test_serve_refuses_a_public_bind_on_loopback_only_hosts(settings: Any) -> None:
    import typer

    from cli.keys import check_bind

    with pytest.raises(typer.BadParameter, match="CMO_ALLOWED_HOSTS"):
        check_bind(
            settings.model_copy(update={"allowed_hosts": "127.0.0.1,localhost,[::1]"}), "0.0.0.0"
        )
    check_bind(settings, "127.0.0.1")  # loopback: fine
    check_bind(settings.model_copy(update={"allowed_hosts": "cmo.example.internal"}), "0.0.0.0")
