"""Routing for `generate_content_calendar` and `revise_content_calendar`."""

from __future__ import annotations

from agent.offline.examples.calendar import (
    GENERATE_EXAMPLES,
    GENERATE_KEYWORDS,
    REVISE_EXAMPLES,
    REVISE_KEYWORDS,
)
from agent.offline.grammar.calendar_request import parse_request
from agent.offline.grammar.calendar_revision import parse_revision
from agent.offline.routing import Routing


def calendar_routes() -> dict[str, Routing]:
    return {
        "generate_content_calendar": Routing(
            examples=GENERATE_EXAMPLES,
            extract_args=lambda request: parse_request(request.text, request.today),
            keywords=GENERATE_KEYWORDS,
            intent_required=True,
            summary="plan a content calendar (channels, cadence, holidays, launches) with "
            "CSV, iCalendar, Markdown and JSON exports",
        ),
        "revise_content_calendar": Routing(
            examples=REVISE_EXAMPLES,
            extract_args=lambda request: parse_revision(request.text),
            keywords=REVISE_KEYWORDS,
            intent_required=True,
            summary="change a saved content calendar (drop a channel, move a channel's cadence, "
            "make a month heavier on a funnel stage)",
            follow_up=True,
        ),
    }
