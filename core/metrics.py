"""Prometheus counters of the agent (tool calls, model errors, model tokens per workspace).

They live in their own registry, created once per process; the API serves them beside its
HTTP metrics at `/admin/metrics` (admin key). Labels are bounded: tool names, error codes,
workspace ids.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter

REGISTRY = CollectorRegistry(auto_describe=True)

TOOL_CALLS = Counter(
    "cmo_tool_calls_total",
    "Tool calls made by the agent, by tool and outcome.",
    ["tool", "status"],
    registry=REGISTRY,
)
MODEL_ERRORS = Counter(
    "cmo_model_errors_total",
    "Model calls that failed, by error code (after retries).",
    ["code"],
    registry=REGISTRY,
)
MODEL_RETRIES = Counter(
    "cmo_model_retries_total",
    "Model call attempts retried after a transient fault.",
    ["reason"],
    registry=REGISTRY,
)
MODEL_TOKENS = Counter(
    "cmo_model_tokens_total",
    "Model tokens as the provider reported them, by workspace and direction (input/output).",
    ["workspace", "direction"],
    registry=REGISTRY,
)
