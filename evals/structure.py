"""Structure metrics: calendars satisfy their own request; drafts hold every framework element.

`calendar_valid` reloads the calendar a turn produced from the workspace's store and re-checks
it with evals/calendar_checks.py (code independent of the scheduler). `draft_elements` looks up
dot paths (e.g. "positioning.competitive_alternatives") in the turn's tool result JSON.
"""

from __future__ import annotations

import json
from typing import Any

from core.services import Services
from evals.calendar_checks import violations
from evals.cases import Case, Expect
from evals.metrics import Check, Evaluator
from evals.runner import TurnRecord
from tools.calendar.store import CalendarStore

TurnKey = tuple[str, int]


def _check(record: TurnRecord, metric: str, passed: bool, detail: str = "") -> Check:
    return Check(record.case_id, record.turn, metric, passed, detail)


def _results(record: TurnRecord) -> list[dict[str, Any]]:
    parsed = []
    for raw in record.tool_results:
        try:
            value = json.loads(raw)
        except ValueError:
            continue
        if isinstance(value, dict):
            parsed.append(value)
    return parsed


def calendar_findings(
    services: Services, cases: list[Case], records: list[TurnRecord]
) -> dict[TurnKey, list[str] | None]:
    """For each turn that expects a valid calendar: its violations, or None if none was made."""
    wanted = {
        (case.id, n): case.workspace
        for case in cases
        for n, turn in enumerate(case.turns)
        if turn.expect.calendar_valid
    }
    findings: dict[TurnKey, list[str] | None] = {}
    for record in records:
        key = (record.case_id, record.turn)
        if key not in wanted:
            continue
        made = [r for r in _results(record) if "calendar_id" in r and "version" in r]
        if not made:
            findings[key] = None
            continue
        store = services.scope(wanted[key]).store(CalendarStore)
        calendar = store.get(made[-1]["calendar_id"], made[-1]["version"])
        findings[key] = violations(calendar)
    return findings


def calendar_evaluator(findings: dict[TurnKey, list[str] | None]) -> Evaluator:
    def calendar_valid(case: Case, expect: Expect, record: TurnRecord) -> list[Check]:
        if not expect.calendar_valid:
            return []
        found = findings.get((record.case_id, record.turn))
        if found is None:
            return [_check(record, "calendar_valid", False, "no calendar was made on this turn")]
        return [_check(record, "calendar_valid", not found, "; ".join(found)[:300])]

    return calendar_valid


def _lookup(value: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def draft_elements(case: Case, expect: Expect, record: TurnRecord) -> list[Check]:
    """Every required element is present and non-empty in a tool result of this turn."""
    results = _results(record)
    checks = []
    for path in expect.draft_elements:
        ok = any(_lookup(r, path) not in (None, "", [], {}) for r in results)
        checks.append(_check(record, "draft_elements", ok, f"missing or empty: {path}"))
    return checks
