"""Write the final answer from tool results with the templates in `prompts/answers/`.

The offline model quotes only what the tools returned: each template renders a tool's typed
result (the tool message's artifact); nothing else goes into the answer.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import ToolMessage

from core.prompts import render, template_exists
from tools.outputs import artifact_dict


def write_answer(results: Sequence[ToolMessage], tool_names: dict[str, str]) -> str:
    """One answer for all tool results of the last step, in call order."""
    parts = [_render_one(msg, tool_names.get(msg.tool_call_id, msg.name or "")) for msg in results]
    return "\n\n".join(p for p in parts if p)


def _render_one(message: ToolMessage, tool_name: str) -> str:
    content = message.content if isinstance(message.content, str) else json.dumps(message.content)
    if message.status == "error" or content.startswith("Error:"):
        return render("answers/tool_error.md.j2", tool=tool_name, error=_strip_error(content))
    result: Any = artifact_dict(message.artifact)
    if result is None:  # a tool without a typed result (none today): its JSON, else its text
        try:
            result = json.loads(content)
        except json.JSONDecodeError:
            result = content
    template = f"answers/{tool_name}.md.j2"
    if not template_exists(template):
        template = "answers/generic.md.j2"
    return render(template, result=result, tool=tool_name)


def _strip_error(content: str) -> str:
    text = content.removeprefix("Error:").strip()
    # ToolNode appends "Please fix your mistakes." for the LLM; a person does not need it.
    return text.replace(" Please fix your mistakes.", "").strip()


def write_fallback(tools: Sequence[tuple[str, str]]) -> str:
    return render("answers/fallback.md.j2", tools=tools)
