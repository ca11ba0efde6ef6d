"""More turns end to end on the offline model (issue 12, kinds from the fourth evaluation set):
a measure nobody named is asked for, ROI is offered as ROAS, a follow-up narrows a diagnosis,
questions about the client go to its documents, and two requests after a calendar are both
done."""

from __future__ import annotations

from typing import Any

import pytest

from agent.runner import TurnResult


def _names(result: TurnResult) -> list[str]:
    return [c["name"] for c in result.tool_calls]


def test_best_without_a_measure_asks_which_and_the_option_answers(chat: Any) -> None:
    asked = chat("which channel actually performs best for us")
    assert asked.tool_calls == [] and asked.clarify is not None
    labels = [o.label for o in asked.clarify.options]
    assert "Cost per SQL" in labels and "ROAS" in labels
    reply = next(o.reply for o in asked.clarify.options if o.label == "Cost per SQL")
    [call] = chat(reply).tool_calls
    assert call["args"]["metrics"] == ["cost_per_sql"] and call["args"]["dimensions"] == ["channel"]


def test_roi_is_offered_as_roas_never_swapped_silently(chat: Any) -> None:
    asked = chat("what's the ROI on linkedin this year?")
    assert asked.tool_calls == [] and asked.clarify is not None
    assert "ROAS" in asked.clarify.question
    reply = asked.clarify.options[0].reply
    [call] = chat(reply).tool_calls
    assert call["args"]["metrics"] == ["roas"]
    assert call["args"]["filters"] == {"channel": ["LinkedIn Ads"]}


def test_just_one_side_of_a_diagnosis_narrows_it(chat: Any) -> None:
    chat("be honest, what's broken in our marketing")
    [call] = chat("just the measurement side").tool_calls
    assert call["name"] == "diagnose_marketing" and call["args"]["focus_areas"] == ["measurement"]


@pytest.mark.parametrize(
    "text",
    [
        "how much are we paying brightside each month",
        "which customer results could we turn into case studies",
        "how long is our sales cycle usually",
    ],
)
def test_a_question_about_the_client_searches_its_documents(chat: Any, text: str) -> None:
    assert _names(chat(text)) == ["search_client_documents"]


def test_words_that_are_not_a_figure_question(chat: Any) -> None:
    assert _names(chat("wtf is MER")) == ["search_playbooks"]
    legal = chat(
        "Is it legal under GDPR for us to cold email finance directors in Germany? I need a "
        "definitive legal answer.",
        thread="t2",
    )
    assert legal.tool_calls == [] and "can't" in legal.answer
    forecast = chat("can you forecast what we'll close in Q4 from the pipeline", thread="t3")
    assert forecast.tool_calls == [] and "can't forecast" in forecast.answer
    proof = chat(
        "new proof point for you: Ashworth Care Homes cut invoice approval time from 9 days to 2",
        thread="t4",
    )
    assert _names(proof) == ["update_client_brief"]


def test_a_figure_part_pointing_back_is_one_question(chat: Any) -> None:
    [call] = chat(
        "is the cost calculator lookalike campaign on meta worth keeping? whats its cpl QTD"
    ).tool_calls
    assert call["name"] == "kpi_lookup"
    assert call["args"]["filters"] == {"campaign": ["Meta – AP Cost Calculator Lookalikes"]}


def test_after_a_calendar_a_change_and_a_figure_are_both_done(chat: Any) -> None:
    chat("instagram 3/wk and linkedin 2/wk for 6 weeks from next monday")
    [cadence] = chat("actually linkedin only tue and thu").tool_calls
    assert cadence["name"] == "revise_content_calendar"
    assert cadence["args"]["reschedule"][0]["weekdays"] == [1, 3]
    both = chat("drop instagram from that, and show me meta ads spend for the last 30 days")
    assert _names(both) == ["revise_content_calendar", "kpi_lookup"]


def test_a_campaign_word_two_campaigns_share_is_asked_about(chat: Any) -> None:
    asked = chat("how many leads did the demo campaign get last month?")
    assert asked.tool_calls == [] and asked.clarify is not None
    names = [o.label for o in asked.clarify.options]
    assert names == ["Email – Demo Request Nurture", "Webinar – AP Automation Live Demo"]
    [call] = chat(asked.clarify.options[0].reply).tool_calls
    assert call["args"]["filters"] == {"campaign": ["Email – Demo Request Nurture"]}


def test_orders_to_act_elsewhere_are_said_plainly_whole(chat: Any) -> None:
    post = chat(
        "post this on our linkedin page at 9am tmrw: 'Month-end close in 5 days? Here's how "
        "Pennine did it'"
    )
    assert post.tool_calls == [] and "can't post" in post.answer
    meeting = chat("Please book a meeting with Tom for Thursday at 2pm", thread="t2")
    assert meeting.tool_calls == [] and "can't book meetings" in meeting.answer


def test_terms_a_remark_and_a_named_field(chat: Any) -> None:
    assert _names(chat("mql vs sql diff?")) == ["search_playbooks"]
    payback = chat("What's our CAC payback period by channel? The board keeps asking.", thread="t2")
    assert len(payback.tool_calls) <= 1  # the remark is not a second request
    assert "CAC payback" in payback.answer and "gross margin" in payback.answer
    [call] = chat("Add Ireland to our target markets", thread="t3").tool_calls
    assert call["args"]["field"] == "target_markets" and call["args"]["values"] == ["Ireland"]


def test_a_cadence_correction_plans_the_calendar_again(chat: Any) -> None:
    chat("newsletter biweekly + blog 1/wk, 8 weeks from next monday")
    [call] = chat("every two weeks I mean, not twice a week").tool_calls
    assert call["name"] == "generate_content_calendar"
    newsletter = next(c for c in call["args"]["channels"] if c["channel"] == "Newsletter")
    assert newsletter["kind"] == "per_fortnight"
