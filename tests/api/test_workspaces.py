"""Workspaces over HTTP: create, list, isolate, delete."""

from __future__ import annotations

import sqlite3


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


def test_delete_removes_everything_and_leaks_nothing_into_a_new_namesake(client, settings) -> None:
    client.post("/workspaces", json={"id": "acme"})
    secret = ("notes.md", b"# Launch\n\nOur launch codename is BLUEHERON.\n", "text/markdown")
    assert client.post("/workspaces/acme/documents", files=[("files", secret)]).status_code == 201
    thread = client.post(
        "/chat", json={"message": "What is our launch codename?", "workspace": "acme"}
    ).json()["thread_id"]
    folder = settings.data_dir / "workspaces" / "acme"
    assert folder.is_dir()

    assert client.delete("/workspaces/acme").status_code == 204
    assert client.get("/workspaces/acme").status_code == 404
    assert client.get(f"/workspaces/acme/threads/{thread}").status_code == 404
    assert not folder.exists()
    with sqlite3.connect(settings.data_dir / "checkpoints.sqlite") as db:
        held = db.execute("SELECT count(*) FROM checkpoints WHERE thread_id=?", (thread,))
        assert held.fetchone()[0] == 0, "the thread's history is deleted too"
    assert client.delete("/workspaces/acme").json()["error"]["code"] == "workspace_not_found"

    client.post("/workspaces", json={"id": "acme"})  # same id, new client: starts empty
    assert client.get("/workspaces/acme/documents").json() == []
    answer = client.post(
        "/chat", json={"message": "What is our launch codename?", "workspace": "acme"}
    ).json()
    assert "BLUEHERON" not in str(answer)
    assert client.get("/workspaces/demo").status_code == 200  # others untouched


def test_delete_refuses_bad_ids(client) -> None:
    assert client.delete("/workspaces/..%2Fdemo").status_code in (404, 422)
    assert client.get("/workspaces/demo").status_code == 200
