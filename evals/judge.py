"""Optional model-graded rubrics (specificity, tone): off by default, run only with `--judge`.

Code-graded metrics stay the scorecard; the judge's scores are reported apart, under
`rubrics`, because a model grading a model is an opinion, not a check. The offline model cannot
judge prose, so a judge must be a real model spec (`openai:...` or an OpenAI-compatible server).
"""

from __future__ import annotations

import asyncio
import json
import re
import statistics
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage

from agent.resilience import invoke_model
from core.errors import InvalidInput
from core.prompts import render
from evals.runner import TurnRecord

CRITERIA = ("specificity", "tone")
_JSON = re.compile(r"\{.*\}", re.DOTALL)


def check_judge_spec(spec: str) -> None:
    if spec.strip().lower() == "offline":
        raise InvalidInput(
            "the offline model cannot grade prose; pass a real model as judge, "
            "e.g. --judge openai:gpt-4.1-mini"
        )


def judge_records(
    model: BaseChatModel, records: list[TurnRecord], attempts: int = 3
) -> dict[str, Any]:
    """Score every answered turn; a reply that is not the asked-for JSON counts as unparsed."""
    return asyncio.run(_judge_all(model, [r for r in records if r.answer], attempts))


async def _judge_all(
    model: BaseChatModel, records: list[TurnRecord], attempts: int
) -> dict[str, Any]:
    scores: dict[str, list[int]] = {c: [] for c in CRITERIA}
    turns: list[dict[str, Any]] = []
    unparsed = 0
    for record in records:
        prompt = render("evals/judge_rubric.md.j2", question=record.user, answer=record.answer)
        reply = await invoke_model(model, [HumanMessage(prompt)], attempts=attempts)
        grade = parse_grade(str(reply.content))
        if grade is None:
            unparsed += 1
            continue
        for criterion in CRITERIA:
            scores[criterion].append(grade[criterion])
        turns.append({"case_id": record.case_id, "turn": record.turn, **grade})
    summary = {c: round(statistics.fmean(v), 2) if v else None for c, v in scores.items()}
    return {"mean": summary, "graded": len(turns), "unparsed": unparsed, "turns": turns}


def parse_grade(text: str) -> dict[str, Any] | None:
    match = _JSON.search(text)
    if not match:
        return None
    try:
        raw = json.loads(match.group(0))
    except ValueError:
        return None
    grade: dict[str, Any] = {"reason": str(raw.get("reason", ""))[:300]}
    for criterion in CRITERIA:
        value = raw.get(criterion)
        if not isinstance(value, int | float) or not 1 <= value <= 5:
            return None
        grade[criterion] = int(value)
    return grade
