"""A message right after a draft or a calendar that changes it: which tool revises what was
just made (the offline model's `Understanding` asks this before reading a message afresh)."""

from __future__ import annotations

from agent.offline import cues
from agent.offline.routing import Routing, RoutingInput
from core.errors import CmoError


def revision_of_last_work(routes: dict[str, Routing], request: RoutingInput) -> str | None:
    """Right after a draft or a roadmap (or drafts, made in one turn), words its grammar
    reads as its revision ("lead with X, not Y", "make it punchier", "can the first 30 days
    be about…") revise it."""
    if cues.ASKS_ABOUT.search(request.text):
        return None  # "how do I write a positioning statement?" asks, it revises nothing
    recent: list[str] = []
    for call in reversed(request.history):
        if not (call.name.startswith("draft_") or call.name == "plan_roadmap"):
            break
        recent.append(call.name)
    for tool in dict.fromkeys(recent):
        route = routes.get(tool)
        if route is not None and route.grammar is not None and route.grammar(request) > 0:
            return tool
    return _change_of_last_calendar(routes, request)


def _change_of_last_calendar(routes: dict[str, Routing], request: RoutingInput) -> str | None:
    """Right after a calendar, a change its grammar reads ("drop X entirely", "scrap
    tiktok, we can't keep up with video") changes that calendar."""
    if not request.history or not request.history[-1].name.endswith("_content_calendar"):
        return None
    route = routes.get("revise_content_calendar")
    try:
        args = route.extract_args(request) if route is not None else {}
    except CmoError:
        return None
    if cues.CALENDAR_CHANGE.search(request.text) or args.get("heavier_on"):
        return "revise_content_calendar" if args else None
    # "actually linkedin only tue and thu": a channel's new cadence, said in a few words
    short = len(request.text.split()) <= 10
    return "revise_content_calendar" if short and args.get("reschedule") else None
