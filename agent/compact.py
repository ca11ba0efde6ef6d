"""What a model reads of a tool's result: the same JSON, compactly.

A tool returns its typed result twice (LangChain's `content_and_artifact`): the artifact, which
the API, the offline model's templates, citations and evals read, and the JSON text a model
reads. That text is the result as pydantic dumps it, much of which a model has no use for, on
every later call of the turn and (clipped) of the thread. `compact_result` renders it for the
model only — the checkpointed message keeps the full text:

- a list of three or more records with the same fields becomes `{"columns": [...], "rows":
  [[...], ...]}`, so field names are written once (12 calendar items, 4 passages, KPI rows);
- empty values (`null`, `""`, `[]`, `{}`) are left out, and a column empty in every row
  (`false` stays: "higher is better: false" says something);
- what only code uses goes: `ref` (chunk and query ids; the API cites from the artifact) and
  `score`; of a value with a `formatted_<key>` twin (KPI `rows`/`formatted_rows`), only the
  formatted one, which is what the model must quote;
- no spaces after separators.

Text that is not a JSON object (an error, "asked the user") is returned as it is.
"""

from __future__ import annotations

import json
from typing import Any

MIN_TABLE_ROWS = 3
_CODE_ONLY = frozenset({"ref", "score"})


def compact_result(content: str) -> str:
    """`content` (a tool result's JSON text) rendered compactly for a model; anything else
    unchanged."""
    if not content.startswith("{"):
        return content
    try:
        data = json.loads(content)
    except json.JSONDecodeError:
        return content
    return json.dumps(_compact(data), ensure_ascii=False, separators=(",", ":"))


def _compact(value: Any) -> Any:
    if isinstance(value, dict):
        twins = {
            k for k in value if f"formatted_{k}" in value and _present(value[f"formatted_{k}"])
        }
        return {
            k: _compact(v)
            for k, v in value.items()
            if k not in _CODE_ONLY and k not in twins and _present(v)
        }
    if isinstance(value, list):
        table = _table(value)
        return table if table is not None else [_compact(v) for v in value if _present(v)]
    return value


def _table(records: list[Any]) -> dict[str, Any] | None:
    """Records with the same fields as columns and rows, without columns empty in all."""
    if len(records) < MIN_TABLE_ROWS or not all(isinstance(r, dict) for r in records):
        return None
    fields = list(records[0])
    if any(list(r) != fields for r in records):
        return None
    columns = [f for f in fields if f not in _CODE_ONLY and any(_present(r[f]) for r in records)]
    rows = [[_compact(r[f]) for f in columns] for r in records]
    return {"columns": columns, "rows": rows}


def _present(value: Any) -> bool:
    return not (value is None or (isinstance(value, str | list | dict) and not value))
