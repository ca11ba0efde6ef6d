"""Short messages that continue a figure question: "just linkedin", "same for women", "vs Q2?",
"what's the cpl on those then", "cost per sql for each?" — and "ok so what's ours" right after
a how-to or benchmark answer about a metric.

They name no tool, and a classifier reading them alone cannot know they are about figures; the
conversation can. A message is read as a follow-up of the last figure question when it is
short, the KPI grammar finds something in it that changes that question (a metric, a channel,
campaign or segment, a breakdown, a period, a comparison, a ranking), and no other capability
is clearly meant.
"""

from __future__ import annotations

import re
from typing import Any

from agent.offline.grammar.kpi import read_kpi
from agent.offline.routing import RoutingInput
from agent.reading import Clarify, ClarifyOption
from tools.kpi.metrics import load_registry

MAX_WORDS = 12
CLEARLY_OTHER = 0.7  # another capability this sure is meant, whatever the words share
_SEARCHES = ("search_playbooks", "search_client_documents")
# "what's ours", "how do we stack up", "and us?": the client's own figure for what was just
# discussed in general
_OURS = re.compile(
    r"\b(?:ours|our own|(?:do|did) we|we (?:compare|stack up|look|sit|fare|doing)|"
    r"(?:and|what about|for|how about) us|how are we)\b",
    re.IGNORECASE,
)
_FROM_DATA = re.compile(
    r"\b(?:from|in|out of|using) (?:the|our) (?:data|numbers|figures|imports?)\b|"
    r"\bchart (?:that|it|this)\b",
    re.IGNORECASE,
)
# "the same three campaigns on cost per lead for the same period": says what it continues
_SAME = re.compile(
    r"\bsame (?:period|time ?frame|dates|months?|quarter|campaigns|channels|ones|breakdown|"
    r"way|split|view|table|chart|numbers|figures|report|analysis|query|(?:two|three|four|five) "
    r"\w+)\b|\b(?:break|split) (?:that|it|this) (?:out|down|up)\b"
    r"|\bnext to it\b",
    re.IGNORECASE,
)
_SCOPE_KEYS = ("filters", "dimensions", "period", "compare", "order", "top_n")


def previous_question(request: RoutingInput) -> dict[str, Any] | None:
    """The figure question a short message may continue: the last call when it was
    `kpi_lookup`, or the metric of a search just made ("what's a good CTR…" then "and ours?")."""
    if not request.history:
        return None
    if len(request.text.split()) > (MAX_WORDS * 3 if _SAME.search(request.text) else MAX_WORDS):
        return None  # a long message continues the last one only when it says so
    last = request.history[-1]
    if last.name == "kpi_lookup":
        return _both(request, dict(last.args))
    if last.name in _SEARCHES and (_OURS.search(request.text) or _FROM_DATA.search(request.text)):
        asked = read_kpi(str(last.args.get("query", "")))
        if asked.unavailable and _FROM_DATA.search(request.text):  # "chart that from the data"
            return {"unavailable": asked.unavailable}
        metrics = asked.args.get("metrics")
        if metrics and metrics != ["spend", "leads", "cpl"]:
            return {
                "metrics": metrics,
                **{k: asked.args[k] for k in ("filters",) if k in asked.args},
            }
    return None


_BOTH = re.compile(r"\b(?:both|them both|the two of them)\b", re.IGNORECASE)
_TOGETHER = re.compile(r"\b(?:together|combined|in total|added up|summed)\b", re.IGNORECASE)


def _both(request: RoutingInput, args: dict[str, Any]) -> dict[str, Any]:
    """ "ok how does that compare w september for both" after LinkedIn's spend, then Google's:
    the two channels asked about one after the other, side by side ("both together": summed)."""
    if not _BOTH.search(request.text):
        return args
    asked = [call.args for call in request.history if call.name == "kpi_lookup"]
    now = (args.get("filters") or {}).get("channel") or []
    before = (asked[-2].get("filters") or {}).get("channel") or [] if len(asked) > 1 else []
    if len(now) != 1 or len(before) != 1 or now == before:
        return args
    both = {**args, "filters": {**args["filters"], "channel": [*before, *now]}}
    dims = list(args.get("dimensions") or [])
    if not _TOGETHER.search(request.text) and "channel" not in dims:
        both["dimensions"] = [*dims, "channel"]
    return both


def continues_figures(
    request: RoutingInput,
    previous: dict[str, Any],
    scores: dict[str, float],
    vocabulary: dict[str, Any],
) -> bool:
    """True when the message changes `previous` in a way the KPI grammar reads and no other
    capability is clearly meant (`scores`: each capability's share for the message)."""
    searched = request.history[-1].name in _SEARCHES
    ignored = ("kpi_lookup", "smalltalk", *(_SEARCHES if searched else ()))
    others = [v for k, v in scores.items() if k not in ignored]
    if max(others, default=0.0) >= CLEARLY_OTHER:
        return False
    if searched or previous != request.history[-1].args:
        return True  # "ours" after a question about a metric; "both" after two channels
    fresh = read_kpi(request.text, **vocabulary).args
    named = fresh.get("metrics") not in (None, ["spend", "leads", "cpl"])
    if not (named or any(k in fresh for k in _SCOPE_KEYS)):
        merged = read_kpi(request.text, previous=previous, **vocabulary).args
        return merged != previous  # "vs the 30 days before that", "the priciest one"
    return True


def which_metric(text: str, ambiguous: list[tuple[str, tuple[str, ...]]]) -> Clarify:
    """One short question for words that could mean two metrics ("acquisition cost by
    channel" → CAC or cost per conversion?); each option sends the question back with the
    metric named, so the next turn answers it."""
    words, metrics = ambiguous[0]
    registry = load_registry(None)
    options = []
    for name in metrics:
        label = registry.resolve(name).metric.label
        reply = re.sub(re.escape(words), label.lower(), text, count=1, flags=re.IGNORECASE)
        options.append(ClarifyOption(label=label, reply=f"Show the figures: {reply}"))
    return Clarify(question=f"By “{words}”, do you mean:", options=options)


_ROI = re.compile(r"\b(?:roi|return on (?:investment|ad spend))\b", re.IGNORECASE)


def roas_for_roi(text: str) -> Clarify:
    """ "What's the ROI on LinkedIn?": ROI needs profit or margin, which campaign data does not
    hold; the nearest figure it does is ROAS (revenue ÷ spend). Ask rather than swap one
    figure for the other; the options send the question back with ROAS named, or search the
    client's documents for what they say about ROI."""
    short = " ".join(text.split())
    return Clarify(
        question="ROI needs profit or gross margin, which the imported data doesn't hold. "
        "Do you want ROAS (revenue ÷ spend) instead?",
        options=[
            ClarifyOption(label="Show ROAS", reply=f"Show the figures: {_ROI.sub('ROAS', short)}"),
            ClarifyOption(label="Search our documents", reply=f"Search our documents: {short}"),
        ],
    )


_BY_WHAT = (
    ("Cost per lead", "cost per lead"),
    ("Cost per SQL", "cost per SQL"),
    ("ROAS", "ROAS"),
    ("Leads", "leads"),
    ("Spend", "spend"),
)


def rank_by_what(text: str) -> Clarify:
    """ "Which channel performs best?" names no measure: best on cost per lead, cost per SQL,
    ROAS or volume are different answers, so ask; each option sends the question back with
    the measure named."""
    short = " ".join(text.split()).rstrip("?.! ")
    return Clarify(
        question="Ranked by which measure?",
        options=[
            ClarifyOption(label=label, reply=f"Show the figures: {short}, by {words}")
            for label, words in _BY_WHAT
        ],
    )


def which_campaign(text: str, campaigns: list[str]) -> Clarify | None:
    """ "How many leads did the demo campaign get?" when two campaigns have "demo" in their
    name: ask which one rather than answer for all of them; each option names it in full."""
    m = re.search(r"\bthe ([a-z0-9-]+(?: [a-z0-9-]+)?) campaign\b(?!s)", text, re.IGNORECASE)
    if not m:
        return None
    words = m.group(1).lower().split()
    fits = [c for c in campaigns if all(re.search(rf"\b{re.escape(w)}", c.lower()) for w in words)]
    if len(fits) < 2 or len(fits) > 5:
        return None
    return Clarify(
        question=f"Which campaign do you mean by “the {m.group(1)} campaign”?",
        options=[
            ClarifyOption(label=name, reply="Show the figures: " + text.replace(m.group(0), name))
            for name in fits
        ],
    )
