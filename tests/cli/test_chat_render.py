"""`cmo chat` renders the streamed answer as Markdown in the terminal, tool activity above it."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

import cli.chat as chat


def test_a_streamed_answer_is_rendered_as_markdown(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr(chat, "console", Console(file=out, width=80, color_system=None))
    with chat.Reply() as reply:
        reply.show("tool_start", {"name": "kpi_lookup", "args": {"metrics": ["cpl"]}})
        for token in ["**Cost per lead**\n\n", "| Channel | CPL |\n", "| --- | ---: |\n",
                      "| Email | £36.72 |\n"]:
            reply.show("token", {"text": token})
        thread = reply.show("final", {"citations": [{"label": "KPI query"}], "thread_id": "t9"})
    text = out.getvalue()
    assert thread == "t9"
    assert "→ kpi_lookup" in text and "sources: KPI query" in text
    assert "**" not in text and "| --- |" not in text  # rendered, not printed raw
    assert "Cost per lead" in text and "£36.72" in text
