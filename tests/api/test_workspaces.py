from __future__ import annotations


def test_demo_workspace_exists_from_the_first_start(client) -> None:
    ids = [w["id"] for w in client.get("/workspaces").json()]
    assert "demo" in ids


def test_create_then_list_and_get(client) -> None:
    created = client.post("/workspaces", json={"id": "acme-ltd", "name": "Acme Ltd"})
    assert created.status_code == 201
    assert created.json()["name"] == "Acme Ltd"
    assert "acme-ltd" in [w["id"] for w in client.get("/workspaces").json()]
    assert client.get("/workspaces/acme-ltd").json()["id"] == "acme-ltd"


def test_duplicate_is_a_conflict(client) -> None:
    client.post("/workspaces", json={"id": "acme"})
    again = client.post("/workspaces", json={"id": "acme"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "workspace_exists"


def test_bad_ids_are_refused(client) -> None:
    for bad in ("../x", "Acme", "acme_ltd", "-acme", "ａｃｍｅ", ""):
        response = client.post("/workspaces", json={"id": bad})
        assert response.status_code == 422, bad
        assert response.json()["error"]["code"] == "invalid_workspace_id"


def test_threads_are_listed_per_workspace(client) -> None:
    client.post("/workspaces", json={"id": "acme"})
    thread = client.post("/chat", json={"message": "How do I define an ICP?"}).json()["thread_id"]
    assert [t["thread_id"] for t in client.get("/workspaces/demo/threads").json()] == [thread]
    assert client.get("/workspaces/acme/threads").json() == []
