"""Keys and scopes as an attacker probes them: no key, a wrong or revoked key, a key for
workspace A used on B by path, body, thread id and crafted tool arguments; and the benign
look-alikes that must keep working (a viewer reading, an editor writing its own workspace)."""

from __future__ import annotations

import os
import stat
from typing import Any

import pytest
from fastapi.testclient import TestClient

from core.keys import KeyStore, read_admin_key, split_key
from tests.support.auth import bearer, key_for


@pytest.fixture
def anon(client: TestClient) -> TestClient:
    """The same app, without the admin key."""
    return TestClient(client.app, raise_server_exceptions=False)


@pytest.fixture
def acme(client: TestClient) -> str:
    assert client.post("/workspaces", json={"id": "acme"}).status_code == 201
    return "acme"


def refused(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == code


ROUTES = [
    ("GET", "/workspaces"),
    ("POST", "/workspaces"),
    ("DELETE", "/workspaces/demo"),
    ("GET", "/workspaces/demo/documents"),
    ("POST", "/chat"),
    ("GET", "/health"),
    ("GET", "/docs"),
    ("GET", "/openapi.json"),
    ("GET", "/admin/metrics"),
    ("GET", "/no/such/path"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_route_needs_a_key_even_on_loopback(anon, method, path) -> None:
    response = anon.request(method, path, json={})
    refused(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_only_liveness_readiness_and_login_are_open(anon) -> None:
    assert anon.get("/livez").json() == {"status": "ok"}
    assert anon.app.state.startup.wait(120)  # type: ignore[attr-defined]
    ready = anon.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"] == {"stores": "ok", "startup": "ok"}
    refused(anon.get("/login"), 401, "unauthorized")  # open, but needs its one-time token


@pytest.mark.parametrize(
    "header",
    [
        "Bearer cmo_abcd1234_" + "x" * 43,  # well-formed, unknown
        "Bearer not-a-key",
        "Basic YWRtaW46YWRtaW4=",
        "Bearer ",
    ],
)
def test_wrong_keys_are_refused(anon, header) -> None:
    refused(anon.get("/workspaces", headers={"Authorization": header}), 401, "unauthorized")


def test_a_right_prefix_with_a_wrong_secret_is_refused(anon, settings) -> None:
    prefix, _ = split_key(read_admin_key(settings.data_dir) or "")  # type: ignore[misc]
    forged = f"cmo_{prefix}_{'A' * 43}"
    refused(anon.get("/workspaces", headers=bearer(forged)), 401, "unauthorized")


def test_a_revoked_key_is_refused_at_once(anon, settings) -> None:
    key = key_for(settings, "editor", "demo")
    assert anon.get("/workspaces/demo", headers=bearer(key)).status_code == 200
    KeyStore(settings.data_dir).revoke(key)
    refused(anon.get("/workspaces/demo", headers=bearer(key)), 401, "unauthorized")


def test_keys_are_stored_hashed_and_admin_key_is_private(settings, client) -> None:
    key = read_admin_key(settings.data_dir)
    assert key and key.startswith("cmo_")
    mode = stat.S_IMODE(os.stat(settings.data_dir / "admin.key").st_mode)
    assert mode == 0o600
    raw = (settings.data_dir / "keys.sqlite").read_bytes()
    assert key.split("_", 2)[2].encode() not in raw  # only the hash is kept


def test_a_key_for_a_never_appears_in_logs(client, settings, caplog) -> None:
    key = read_admin_key(settings.data_dir) or ""
    with caplog.at_level("DEBUG"):
        client.get("/workspaces")
        TestClient(client.app).get("/workspaces", headers=bearer(key[:-1] + "x"))
    assert key.split("_", 2)[2] not in caplog.text and key[:-1] not in caplog.text


def test_workspace_key_for_a_cannot_reach_b_by_path(anon, settings, acme) -> None:
    acme_key = bearer(key_for(settings, "editor", acme))
    assert anon.get("/workspaces/acme/documents", headers=acme_key).status_code == 200
    for path in (
        "/workspaces/demo",
        "/workspaces/demo/documents",
        "/workspaces/demo/threads",
        "/workspaces/demo/brief",
        "/workspaces/demo/calendars",
        "/workspaces/demo/data",
        "/workspaces/nonexistent",
        "/workspaces/demo/artifacts",
    ):
        refused(anon.get(path, headers=acme_key), 403, "forbidden")
    refused(
        anon.post("/workspaces/demo/kpi", json={"metrics": ["cpl"]}, headers=acme_key),
        403,
        "forbidden",
    )
    refused(anon.delete("/workspaces/demo", headers=acme_key), 403, "forbidden")
    listed = anon.get("/workspaces", headers=acme_key).json()
    assert [w["id"] for w in listed] == ["acme"]


def test_workspace_key_for_a_cannot_reach_b_by_body_or_thread(client, anon, settings, acme) -> None:
    acme_key = bearer(key_for(settings, "editor", acme))
    refused(
        anon.post(
            "/chat", json={"message": "What is our CPL?", "workspace": "demo"}, headers=acme_key
        ),
        403,
        "forbidden",
    )
    demo_thread = client.post("/chat", json={"message": "How do I define an ICP?"}).json()[
        "thread_id"
    ]
    response = anon.post(
        "/chat", json={"message": "continue", "thread_id": demo_thread}, headers=acme_key
    )  # no workspace: the key's own, and the thread is not one of its threads
    refused(response, 404, "thread_not_found")
    refused(
        anon.get(f"/workspaces/acme/threads/{demo_thread}", headers=acme_key),
        404,
        "thread_not_found",
    )
    refused(anon.get(f"/threads/{demo_thread}", headers=acme_key), 404, "not_found")
    assert demo_thread not in str(anon.get("/workspaces/acme/threads", headers=acme_key).json())


def test_viewer_reads_but_never_writes(anon, settings) -> None:
    viewer = bearer(key_for(settings, "viewer", "demo"))
    for path in (
        "/workspaces/demo",
        "/workspaces/demo/documents",
        "/workspaces/demo/metrics",
        "/workspaces/demo/threads",
        "/workspaces/demo/brief",
        "/health",
    ):
        assert anon.get(path, headers=viewer).status_code == 200, path
    kpi = anon.post("/workspaces/demo/kpi", json={"metrics": ["cpl"]}, headers=viewer)
    assert kpi.status_code == 200, kpi.text  # a query, not a change: dashboards need it
    writes = [
        ("POST", "/chat", {"json": {"message": "hi"}}),
        ("PUT", "/workspaces/demo/brief", {"json": {"budget": "£1"}}),
        (
            "POST",
            "/workspaces/demo/documents",
            {"files": [("files", ("a.md", b"# A\n\nText.", "text/markdown"))]},
        ),
        ("POST", "/workspaces/demo/calendars", {"json": {}}),
        ("DELETE", "/workspaces/demo/documents/abc", {}),
        ("DELETE", "/workspaces/demo/data/abc", {}),
        ("POST", "/workspaces", {"json": {"id": "mine"}}),
    ]
    for method, path, kwargs in writes:
        refused(anon.request(method, path, headers=viewer, **kwargs), 403, "forbidden")


def test_editor_writes_its_own_workspace_but_no_admin_routes(anon, settings) -> None:
    editor = bearer(key_for(settings, "editor", "demo"))
    put = anon.put("/workspaces/demo/brief", json={"budget": "£20k a month"}, headers=editor)
    assert put.status_code == 200, put.text
    chat = anon.post("/chat", json={"message": "How do I define an MQL?"}, headers=editor)
    assert chat.status_code == 200, chat.text
    refused(anon.post("/workspaces", json={"id": "other"}, headers=editor), 403, "forbidden")
    refused(anon.get("/admin/metrics", headers=editor), 403, "forbidden")
    assert "workspaces" not in anon.get("/health", headers=editor).json()


def test_crafted_tool_arguments_cannot_change_the_workspace(services) -> None:
    """A model that puts another workspace in a tool call still reads the run's workspace."""
    import asyncio

    from langgraph.checkpoint.memory import InMemorySaver

    from agent.graph import build_graph
    from agent.runner import prepare_turn, run_turn
    from tests.support.scripted_model import ScriptedChatModel, call
    from tools.catalog import build_tools

    services.workspaces.create("acme")
    secret = b"# Plans\n\nOur launch codename is BLUEHERON.\n"
    from knowledge_base.documents import ingest_document

    ingest_document(services.scope("demo").documents, "plans.md", secret, 10_000_000)
    crafted = call(
        "search_client_documents",
        {"query": "launch codename", "workspace": "demo", "workspace_id": "demo"},
    )
    model = ScriptedChatModel(script=[crafted, "Done."])
    graph = build_graph(model, build_tools(services), InMemorySaver())
    turn = prepare_turn(services, "acme", "What is the launch codename?", None)
    asyncio.run(run_turn(graph, services, turn))
    tool_results = [m for m in model.received[1] if m.type == "tool"]
    assert tool_results and "BLUEHERON" not in str(tool_results[0].content)


def test_login_link_gives_a_strict_httponly_cookie_once(anon, settings) -> None:
    store = KeyStore(settings.data_dir)
    admin = store.verify(read_admin_key(settings.data_dir) or "")
    assert admin is not None
    token = store.login_token(admin)
    response = anon.get(f"/login?token={token}&next=https://evil.example/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert anon.get("/workspaces").status_code == 200  # the cookie now authenticates
    fresh = TestClient(anon.app, raise_server_exceptions=False)
    refused(fresh.get(f"/login?token={token}"), 401, "unauthorized")  # once only
    same_site = {"Origin": "http://testserver"}
    created = anon.post("/workspaces", json={"id": "via-cookie"}, headers=same_site)
    assert created.status_code == 201, created.text
    refused(anon.post("/workspaces", json={"id": "csrf"}), 403, "cross_site_request")
    store.revoke(admin.prefix)
    refused(anon.get("/workspaces"), 401, "unauthorized")  # revoking the key ends sessions
