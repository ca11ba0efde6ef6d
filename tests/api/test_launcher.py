"""`cmo serve`'s launcher: alive while the app still loads, then the app answers everything."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI

from api.launcher import Launcher, _Lifespan

LIFESPAN_SCOPE = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}


def _inner(events: list[str]) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        events.append("startup")
        yield
        events.append("shutdown")

    app = FastAPI(lifespan=lifespan)

    @app.get("/livez")
    def livez() -> dict[str, Any]:
        return {"status": "ok", "from": "app"}

    @app.get("/hello")
    def hello() -> dict[str, str]:
        return {"hello": "world"}

    return app


def test_alive_at_once_then_everything_goes_to_the_app() -> None:
    events: list[str] = []
    loaded = threading.Event()

    def factory() -> Any:
        assert loaded.wait(30)  # a slow import
        return _inner(events)

    async def scenario() -> None:
        launcher = Launcher(factory)
        server = _Lifespan(launcher, LIFESPAN_SCOPE)
        await server.startup()  # complete before the app has loaded
        transport = httpx.ASGITransport(app=launcher)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert (await client.get("/livez")).json() == {"status": "ok"}
            pending = asyncio.create_task(client.get("/hello"))
            for _ in range(20):
                await asyncio.sleep(0)
            assert not pending.done(), "other requests wait for the app"
            loaded.set()
            assert (await pending).json() == {"hello": "world"}
            assert (await client.get("/livez")).json()["from"] == "app"
        assert events == ["startup"]
        await server.shutdown()
        assert events == ["startup", "shutdown"]

    asyncio.run(scenario())


def test_an_app_that_cannot_start_is_reported_and_not_alive() -> None:
    failures: list[BaseException] = []

    def factory() -> Any:
        raise ValueError("openai models need OPENAI_API_KEY")

    async def scenario() -> None:
        launcher = Launcher(factory, failures.append)
        server = _Lifespan(launcher, LIFESPAN_SCOPE)
        await server.startup()
        transport = httpx.ASGITransport(app=launcher)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            chat = await client.post("/chat", json={"message": "hi"})
            assert chat.status_code == 503
            assert chat.json()["error"]["code"] == "startup_failed"
            assert "OPENAI_API_KEY" in chat.json()["error"]["message"]
            assert (await client.get("/livez")).status_code == 503
        await server.shutdown()

    asyncio.run(scenario())
    assert [str(f) for f in failures] == ["openai models need OPENAI_API_KEY"]
