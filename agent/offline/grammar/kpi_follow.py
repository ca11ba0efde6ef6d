"""How a follow-up changes the figure question before it ("and google?", "split that by gender
too"): the previous question kept, what the new text mentions replaced; and channels named
only to be left out ("drop organic from that") (for `kpi.read_kpi`)."""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

from agent.offline.grammar.kpi_entities import find_channels, normalize
from agent.offline.grammar.kpi_time import compare_instead

# the words right after an excluding word: "not from organic", "excluding the webinars"
_DROPPED = re.compile(
    r"\b(?:drop|exclude|excluding|without|remove|leave out|leaving out|minus|except|not|ignore|"
    r"ignoring|apart from|other than|but not|excl|leave out|leaving out|leave)\s+"
    r"(?:(?:from|the|our|any|all|for|on|in)\s+)*(?P<what>[\w'’-]+(?:\s+(?:ads|ad|search))?)"
)

# a follow-up setting a new channel or campaign beside the one asked about
_BESIDE = re.compile(
    r"\b(?:vs|versus|against|compared?|side by side with|next to|add|include|plus|too|"
    r"as well|both)\b"
)


# "organic has no spend so it skews things — leave it out": the one named, left out
_LEFT_OUT = re.compile(
    r"\b(?:leave|take|keep|cut|strip) (?:it|that|them|those) out\b|"
    r"\b(?:drop|exclude|remove|ignore) (?:it|that one|them)\b|\bwithout (?:it|them)\b"
)


def excluding(said: str, named: list[str], choices: list[str] | tuple[str, ...]) -> list[str]:
    """The channels (or campaigns) meant when some are named after an excluding word ("leads
    not from organic", "spend by channel excluding organic", "drop organic from that", "leave
    out 916", "organic skews it — leave it out"): every other one of the workspace, so the
    answer is never the figure of the excluded one."""
    if len(named) == 1 and _LEFT_OUT.search(said) and choices:
        return [c for c in choices if c not in named]
    drop = _DROPPED.search(said)
    if not drop or not named or not choices:
        return named
    what = normalize(drop.group("what"))
    dropped = [c for c in named if normalize(c).split()[-1:] == what.split()[-1:]]
    dropped = dropped or find_channels(what, choices)[0]
    if not dropped or not set(dropped) <= set(named):
        return named
    return [c for c in choices if c not in dropped]


def channels_of(previous: dict[str, Any] | None, channel_of: dict[str, str] | None) -> list[str]:
    """The channels a previous question was about: its channel filter and its campaigns'."""
    filters = (previous or {}).get("filters") or {}
    named = list(filters.get("channel") or [])
    named += [(channel_of or {}).get(c, "") for c in filters.get("campaign") or []]
    return [c for c in dict.fromkeys(named) if c]


def merge_follow_up(previous: dict[str, Any], found: dict[str, Any], norm: str) -> dict[str, Any]:
    """A follow-up keeps the previous question and replaces only what the new text mentions."""
    merged = copy.deepcopy(previous)
    filters = merged.get("filters", {}) or {}
    for key in ("metrics", "dimensions", "period", "compare"):
        if key in found:
            merged[key] = found[key]
    if "metrics" in found and re.search(
        r"\b(?:next to|alongside|beside|as well|too|add|plus|on top of)\b", norm
    ):  # "show me CAC right next to it": both
        merged["metrics"] = list(dict.fromkeys([*previous.get("metrics", []), *found["metrics"]]))
    if "dimensions" in found and re.search(r"\b(too|as well|also|additionally)\b", norm):
        kept = previous.get("dimensions") or []
        merged["dimensions"] = kept + [d for d in found["dimensions"] if d not in kept]
    replaced = re.search(r"\binstead of (?:by |per )?(?:the )?(\w+)", norm)
    if replaced and merged.get("dimensions"):  # "split by month instead of by channel"
        merged["dimensions"] = [d for d in merged["dimensions"] if d != replaced.group(1)]
    beside = _BESIDE.search(norm)
    for dim, values in found.get("filters", {}).items():
        if beside and filters.get(dim) and dim not in (found.get("dimensions") or []):
            # "compared to the retargeting one?": both, side by side
            values = list(dict.fromkeys([*filters[dim], *values]))
            kept = merged.get("dimensions") or []
            merged["dimensions"] = kept if dim in kept else [*kept, dim]
        filters[dim] = values
        if len(values) == 1 and dim in (merged.get("dimensions") or []):
            kept = [d for d in merged["dimensions"] if d != dim]  # "women only": one value
            if dim not in found.get("dimensions", []):
                merged["dimensions"] = kept
                if not kept:
                    merged.pop("dimensions")
    overall = re.search(r"\b(all|every|across all) channels\b|\boverall\b", norm)
    if overall and "channel" not in found.get("filters", {}):  # "linkedin's cpl overall"
        filters.pop("channel", None)
    if re.search(r"\b(all|every) campaigns\b", norm):
        filters.pop("campaign", None)
    if "channel" in found.get("filters", {}) and "campaign" not in found.get("filters", {}):
        filters.pop("campaign", None)
    merged["filters"] = filters
    if not filters:
        merged.pop("filters")
    if re.search(r"\b(no|without) comparison\b", norm):
        merged.pop("compare", None)
    for key in ("order", "top_n"):
        if key in found:
            merged[key] = found[key]
    return merged


_WON = {"revenue", "customers", "average_deal_size", "win_rate", "cac"}


def won_deals(text: str, previous: dict[str, Any] | None) -> str:
    """ "And how many deals was that?" after a revenue question: the deals won (customers),
    not deals created; bare "deals" elsewhere keeps its own reading."""
    if not previous or not _WON & set(previous.get("metrics") or []):
        return text
    return re.sub(  # not "open deals", "new deals", "deals in the pipeline": not won
        r"(?<!open )(?<!new )(?<!lost )(?<!active )(?<!created )"
        r"\bdeals?\b(?! (?:created|opened|open|lost|in (?:the )?pipeline|size|sizes|value|values|"
        r"amount|amounts|cycle|cycles|velocity))",
        "deals won",
        text,
        flags=re.IGNORECASE,
    )


def leaves_out(said: str) -> bool:
    """ "organic has no spend so it skews things — leave it out": the follow-up only leaves
    something out (the metrics it mentions on the way are not the question's)."""
    return bool(_LEFT_OUT.search(said))


def continued(
    previous: dict[str, Any], found: dict[str, Any], said: str, norm: str, latest: date
) -> dict[str, Any]:
    """A follow-up's reading: the previous question with what the message changes ("vs Q2"
    sets a comparison and keeps the period; "leave it out" changes only the filters)."""
    against = compare_instead(said, previous.get("period"), found.get("period"), latest)
    if against is not None and "compare" not in found:
        found["compare"], found["period"] = against
    if leaves_out(said) and previous.get("metrics"):
        found.pop("metrics", None)
    return merge_follow_up(previous, found, norm)
