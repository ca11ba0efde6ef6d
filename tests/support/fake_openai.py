"""A fake OpenAI-compatible server for tests: real HTTP on a free loopback port.

It speaks the Chat Completions wire format (`POST /v1/chat/completions`, JSON or streamed as
Server-Sent Events with `stream: true`, tool calls included, a usage chunk when
`stream_options.include_usage` is set) plus `GET /v1/models`. Each request takes the next
scripted reply; an unscripted request gets a 500 saying so, so a test never passes by luck.
Every request body is recorded in `requests`.

    with FakeOpenAI() as fake:
        fake.script(Error(429, headers={"Retry-After": "0"}), Text("Hello there."))
        settings = remote_settings(settings, fake)   # CMO_MODEL=openai-compatible:fake …
        ...
        assert len(fake.requests) == 2

Replies: `Text` (streamed in small chunks; a structured-output reply is JSON text), `ToolCall`
(one or more calls; `args` may be a raw string such as malformed JSON), a function of the
request body returning a reply (e.g. a draft citing the source ids the prompt listed),
`Error` (any status, optional `code`, headers such as `Retry-After`), `ContextOverflow`
(the 400 OpenAI sends), `Hang` (accept, then send nothing until the timeout or the server
stops), `Drop` (stream some chunks, then cut the connection
mid-body). Tests inject small client timeouts, so nothing waits on the wall clock.
The `fake_openai` fixture (tests/conftest.py) starts one per test.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from core.settings import Settings

MODEL = "fake"


@dataclass
class Text:
    content: str
    chunk_size: int = 4  # characters per streamed chunk
    usage: tuple[int, int] = (100, 20)  # prompt, completion tokens


@dataclass
class ToolCall:
    name: str
    args: dict[str, Any] | str = field(default_factory=dict)  # a str is sent as is
    id: str = "call_1"


@dataclass
class ToolCalls:
    calls: list[ToolCall]


@dataclass
class Error:
    status: int
    message: str = "fake error"
    code: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


def ContextOverflow() -> Error:  # noqa: N802 - reads like the other reply kinds
    return Error(
        400,
        "This model's maximum context length is 8192 tokens. However, your messages "
        "resulted in 9000 tokens.",
        code="context_length_exceeded",
    )


@dataclass
class Hang:
    seconds: float = 30.0  # at most; the server's stop ends it sooner


@dataclass
class Drop:
    """Stream `content` but cut the connection after `after_chunks` chunks."""

    content: str
    after_chunks: int = 2
    chunk_size: int = 4


Reply = Text | ToolCall | ToolCalls | Error | Hang | Drop
Scripted = Reply | Callable[[dict[str, Any]], Reply]


class FakeOpenAI:
    """The server (see the module docstring). Start with `with` or `start()`/`stop()`."""

    def __init__(self) -> None:
        self.replies: deque[Scripted] = deque()
        self.requests: list[dict[str, Any]] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def script(self, *replies: Scripted) -> FakeOpenAI:
        with self._lock:
            self.replies.extend(replies)
        return self

    def next_reply(self, body: dict[str, Any]) -> Reply | None:
        with self._lock:
            self.requests.append(body)
            reply = self.replies.popleft() if self.replies else None
        return reply(body) if callable(reply) else reply

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def wait(self, seconds: float) -> None:
        self._stop.wait(seconds)


def remote_settings(settings: Settings, fake: FakeOpenAI, **overrides: Any) -> Settings:
    """`settings` pointed at the fake server, with small timeouts and no retry waits."""
    values: dict[str, Any] = {
        "model": f"openai-compatible:{MODEL}",
        "openai_base_url": fake.base_url,
        "model_timeout_s": 0.5,
        "model_connect_timeout_s": 0.5,
        "model_deadline_s": 5.0,
        "model_max_retries": 2,
    }
    values.update(overrides)
    return settings.model_copy(update=values)


def _handler(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_: Any) -> None:  # quiet
            return

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if self.path.rstrip("/").endswith("/models"):
                self._json(200, {"object": "list", "data": [{"id": MODEL, "object": "model"}]})
            else:
                self._json(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("content-length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            reply = fake.next_reply(body)
            if reply is None:
                self._json(500, {"error": {"message": "fake_openai: no scripted reply left"}})
            elif isinstance(reply, Error):
                error = {"message": reply.message, "type": "fake", "code": reply.code}
                self._json(reply.status, {"error": error}, reply.headers)
            elif isinstance(reply, Hang):
                fake.wait(reply.seconds)
                self.close_connection = True
            elif body.get("stream"):
                self._stream(reply, body)
            else:
                self._json(200, _completion(reply))

        def _json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, reply: Reply, body: dict[str, Any]) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            usage = bool((body.get("stream_options") or {}).get("include_usage"))
            for n, event in enumerate(_events(reply, usage)):
                if isinstance(reply, Drop) and n >= reply.after_chunks:
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)  # no final chunk: a cut body
                    self.close_connection = True
                    return
                self._chunk(f"data: {json.dumps(event)}\n\n".encode())
                time.sleep(0.001)
            self._chunk(b"data: [DONE]\n\n")
            self._chunk(b"")

        def _chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

    return Handler


def _calls(reply: Reply) -> list[ToolCall]:
    if isinstance(reply, ToolCall):
        return [reply]
    return reply.calls if isinstance(reply, ToolCalls) else []


def _args(call: ToolCall) -> str:
    return call.args if isinstance(call.args, str) else json.dumps(call.args)


def _completion(reply: Reply) -> dict[str, Any]:
    calls = _calls(reply)
    message: dict[str, Any] = {"role": "assistant", "content": None if calls else ""}
    if calls:
        message["tool_calls"] = [
            {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": _args(c)}}
            for c in calls
        ]
    elif isinstance(reply, (Text, Drop)):
        message["content"] = reply.content
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": MODEL,
        "choices": [
            {"index": 0, "message": message, "finish_reason": "tool_calls" if calls else "stop"}
        ],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }


def _chunk_event(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": MODEL,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _events(reply: Reply, usage: bool) -> list[dict[str, Any]]:
    events = [_chunk_event({"role": "assistant", "content": ""})]
    calls = _calls(reply)
    for index, call in enumerate(calls):
        head = {"index": index, "id": call.id, "type": "function"}
        opening = {**head, "function": {"name": call.name, "arguments": ""}}
        events.append(_chunk_event({"tool_calls": [opening]}))
        text = _args(call)
        for start in range(0, len(text), 8):
            piece = {"index": index, "function": {"arguments": text[start : start + 8]}}
            events.append(_chunk_event({"tool_calls": [piece]}))
    if isinstance(reply, (Text, Drop)):
        size = max(1, reply.chunk_size)
        for start in range(0, len(reply.content), size):
            events.append(_chunk_event({"content": reply.content[start : start + size]}))
    events.append(_chunk_event({}, "tool_calls" if calls else "stop"))
    if usage:
        prompt, completion = reply.usage if isinstance(reply, Text) else (100, 20)
        events.append(
            {
                "id": "chatcmpl-fake",
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": MODEL,
                "choices": [],
                "usage": {
                    "prompt_tokens": prompt,
                    "completion_tokens": completion,
                    "total_tokens": prompt + completion,
                },
            }
        )
    return events
