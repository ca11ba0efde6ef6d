"""The optional judge: scores parsed and averaged, bad replies counted, offline refused."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from core.errors import InvalidInput
from evals.judge import check_judge_spec, judge_records, parse_grade
from evals.report import to_markdown
from evals.runner import TurnRecord


def test_grades_are_averaged_and_unparsable_replies_counted() -> None:
    judge = FakeListChatModel(
        responses=[
            '{"specificity": 4, "tone": 5, "reason": "names the client\'s campaigns"}',
            'Sure! ```{"specificity": 2, "tone": 3, "reason": "generic"}```',
            "I would rate it highly.",
        ]
    )
    records = [TurnRecord(f"c{i}", 0, "q", answer="an answer") for i in range(3)]
    records.append(TurnRecord("unanswered", 0, "q"))  # errors are not graded
    result = judge_records(judge, records)
    assert result["mean"] == {"specificity": 3.0, "tone": 4.0}
    assert (result["graded"], result["unparsed"]) == (2, 1)
    report = {"model": "offline", "split": "dev", "scorecard": {}, "failures": []}
    report["rubrics"] = {"judge": "openai:x", **result}
    assert "opinions, not checks" in to_markdown(report)


def test_out_of_range_scores_are_rejected_and_offline_cannot_judge() -> None:
    assert parse_grade('{"specificity": 9, "tone": 3}') is None
    assert parse_grade('{"specificity": 3}') is None
    with pytest.raises(InvalidInput, match="cannot grade prose"):
        check_judge_spec("offline")
