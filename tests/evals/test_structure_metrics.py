"""Structure metrics catch a calendar that breaks its own request and a draft missing an element."""

from __future__ import annotations

import datetime as dt
import json

from evals.calendar_checks import violations
from evals.cases import Case
from evals.runner import TurnRecord
from evals.structure import calendar_evaluator, draft_elements
from tests.tools.calendar.conftest import make_request
from tests.tools.calendar.test_generate import SOURCES
from tools.calendar.generate import generate_calendar


def test_a_generated_calendar_has_no_violations_and_a_tampered_one_does() -> None:
    calendar = generate_calendar(make_request(), SOURCES)
    assert violations(calendar) == []
    first, second = calendar.items[0], calendar.items[1]
    duplicated = calendar.model_copy(
        update={"items": [first, second.model_copy(update={"title": first.title})]}
    )
    assert any("repeated titles" in v for v in violations(duplicated))
    christmas = dt.date(calendar.start.year, 12, 25)
    moved = calendar.model_copy(
        update={"items": [first.model_copy(update={"date": christmas}), *calendar.items[1:]]}
    )
    assert violations(moved)  # off its window, or on a holiday / outside the calendar


def _case(**expect: object) -> Case:
    return Case.model_validate(
        {"id": "c", "category": "structure", "turns": [{"user": "x", "expect": expect}]}
    )


def test_calendar_valid_fails_when_no_calendar_was_made_or_it_breaks_rules() -> None:
    case = _case(calendar_valid=True)
    record = TurnRecord("c", 0, "x")
    expect = case.turns[0].expect
    [none_made] = calendar_evaluator({("c", 0): None})(case, expect, record)
    [broken] = calendar_evaluator({("c", 0): ["check_cadences: owed 3"]})(case, expect, record)
    [valid] = calendar_evaluator({("c", 0): []})(case, expect, record)
    assert (none_made.passed, broken.passed, valid.passed) == (False, False, True)


def test_draft_elements_requires_each_path_present_and_non_empty() -> None:
    case = _case(draft_elements=["positioning.values", "positioning.trends"])
    result = {"positioning": {"values": [{"text": "faster close"}], "trends": []}}
    record = TurnRecord("c", 0, "x", tool_results=[json.dumps(result)])
    checks = draft_elements(case, case.turns[0].expect, record)
    assert [c.passed for c in checks] == [True, False]


def test_a_figure_matches_its_rounding_either_side_of_float_noise() -> None:
    from evals.figures import answer_has_figure

    for noisy in (2194.1449999999, 2194.145000000001):  # the same SUM() on two runs
        assert answer_has_figure("Cost per SQL: £2,194.15", "cost_per_sql", noisy)
    assert not answer_has_figure("Cost per SQL: £2,194.17", "cost_per_sql", 2194.145)
    assert answer_has_figure("Win rate 12.3%", "win_rate", 12.34)
    assert not answer_has_figure("Win rate 12.5%", "win_rate", 12.34)
