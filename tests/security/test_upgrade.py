"""A data dir made by the current release (no keys yet) opens after the upgrade: its
workspaces, documents, data and threads are all there, and a first admin key is created."""

from __future__ import annotations

import asyncio
from typing import Any

from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from agent.graph import build_graph
from agent.models import load_chat_model
from core.keys import read_admin_key
from knowledge_base.documents import ingest_document
from tests.support.auth import api_client
from tools.catalog import build_tools
from tools.kpi.importers import import_file


def _old_release_data_dir(services: Any, tmp_path: Any) -> str:
    """The layout the previous release writes: registry, workspace folders, documents,
    campaign data and checkpointed threads — and no keys."""
    services.workspaces.create("acme", "Acme Ltd")
    scope = services.scope("acme")
    ingest_document(scope.documents, "notes.md", b"# Notes\n\nCodename KESTREL.\n", 10**7)
    csv = tmp_path / "ads.csv"
    csv.write_text("date,channel,spend,clicks\n2026-01-05,Email,10.00,5\n", encoding="utf-8")
    import_file(scope.dir, csv)

    async def chat() -> None:
        async with AsyncSqliteSaver.from_conn_string(
            str(services.data_dir / "checkpoints.sqlite")
        ) as saver:
            model = load_chat_model("offline", services.settings, services.embedder)
            graph = build_graph(model, build_tools(services), saver)
            services.workspaces.claim_thread("old-thread", "acme", "What is our codename?")
            from langchain_core.messages import HumanMessage

            from core.context import Context

            await graph.ainvoke(
                {"messages": [HumanMessage("What is our codename?")]},
                config={"configurable": {"thread_id": "old-thread"}},
                context=Context(workspace="acme"),
            )

    asyncio.run(chat())
    assert not (services.data_dir / "keys.sqlite").exists()
    assert not (services.data_dir / "admin.key").exists()
    return "old-thread"


def test_a_previous_data_dir_opens_with_everything_and_a_first_admin_key(
    services: Any, settings: Any, embedder: Any, tmp_path: Any
) -> None:
    from core.stores.campaigns import close_all

    thread = _old_release_data_dir(services, tmp_path)
    close_all()
    with api_client(settings, embedder) as client:
        key = read_admin_key(settings.data_dir)
        assert key and key.startswith("cmo_")
        assert {"acme", "demo"} <= {w["id"] for w in client.get("/workspaces").json()}
        documents = client.get("/workspaces/acme/documents").json()
        assert [d["name"] for d in documents] == ["notes.md"]
        imports = client.get("/workspaces/acme/data").json()
        assert [i["file_name"] for i in imports] == ["ads.csv"]
        assert [t["thread_id"] for t in client.get("/workspaces/acme/threads").json()] == [thread]
        history = client.get(f"/workspaces/acme/threads/{thread}").json()["messages"]
        assert history[0]["content"] == "What is our codename?" and len(history) >= 3
        again = client.post(
            "/chat",
            json={"message": "What is our codename?", "workspace": "acme", "thread_id": thread},
        )
        assert again.status_code == 200 and "KESTREL" in again.text
    with api_client(settings, embedder) as client:  # a restart keeps the same key
        assert read_admin_key(settings.data_dir) == key
    close_all()
