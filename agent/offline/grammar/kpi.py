"""Offline (rule-based) extraction of `kpi_lookup` arguments from a user's words.

    extract_kpi_args("What was our CPL on LinkedIn last month?", channels=["LinkedIn Ads", ...])
    → {"metrics": ["cpl"], "filters": {"channel": ["LinkedIn Ads"]}, "period": "last month"}

Only keys that the text sets are returned. Choices, documented:
* "quarter over quarter" / "month over month" / "week over week" without a period compare the
  latest complete calendar quarter/month/week (relative to the latest data) with the one
  before. "this quarter vs last" uses this quarter to date.
* "which <dimension>" ranks with top_n 1; "which <dimensions>" (plural) ranks them all.
* A question with no metric asks for spend, leads and CPL (a performance overview).
* With `previous` args, a follow-up ("and last quarter?", "now for Google Ads", "what about
  CPC?", or any text without a metric) changes only what it mentions; "and the month before?"
  steps the previous period back (the month before the previous period).
* Metric-shaped words that name no metric ("cost per leed", "bounce rate") are passed on as
  given, so the tool answers with the metrics that exist rather than a different question.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from agent.offline.grammar.kpi_asks import asking_part, corrected_part, prefer_asked
from agent.offline.grammar.kpi_entities import (
    _base_phrases as _base_metric_phrases,
)
from agent.offline.grammar.kpi_entities import (
    blank,
    find_campaigns,
    find_campaigns_by_word,
    find_channels,
    find_dimension_values,
    find_metrics,
    find_unknown_metrics,
    normalize,
)
from agent.offline.grammar.kpi_follow import (
    channels_of,
    continued,
    excluding,
    won_deals,
)
from agent.offline.grammar.kpi_groups import find_channel_groups
from agent.offline.grammar.kpi_metrics import (
    COST_OF,
    COUNT_OF,
    MetricReading,
    cost_of_each,
    find_ambiguous,
    find_unavailable,
    read_metrics,
)
from agent.offline.grammar.kpi_paused import paused_period
from agent.offline.grammar.kpi_ranking import find_dimensions, within_one_campaign
from agent.offline.grammar.kpi_reading import KpiReading, leftovers
from agent.offline.grammar.kpi_spans import find_month_span, find_week_from, find_week_of_month
from agent.offline.grammar.kpi_spelling import correct_typos, expand_shorthand
from agent.offline.grammar.kpi_time import (
    find_compare,
    find_period,
    find_shift,
    shift_period,
    with_seasons,
    with_weekend,
    with_years,
)
from agent.offline.grammar.kpi_vocabulary import workspace_vocabulary
from agent.offline.grammar.periods import parse_period
from core.errors import CmoError

__all__ = ["extract_kpi_args", "workspace_vocabulary"]

DEFAULT_METRICS = ["spend", "leads", "cpl"]
_FOLLOW_UP = re.compile(
    r"^\s*(and|what about|how about|now|same (for|but)|also|ok,? (and|now)|then|instead|"
    r"and for|what if|compare (that|it)|so)\b|\b(there|that one|those|too|as well)\s*[?.!]*\s*$|"
    r"\b(break|split|drill) (?:\w+ )?(?:down|by|into)\b",
    re.IGNORECASE,
)


def extract_kpi_args(
    text: str,
    previous: dict[str, Any] | None = None,
    channels: list[str] | tuple[str, ...] = (),
    campaigns: list[str] | tuple[str, ...] = (),
    metric_phrases: dict[str, str] | None = None,
    dimensions: list[str] | tuple[str, ...] = (),
    channel_of: dict[str, str] | None = None,
    dimension_values: dict[str, list[str]] | None = None,
    latest: date | None = None,
    campaign_ends: dict[str, date] | None = None,
) -> dict[str, Any]:
    """Turn a performance question into KpiQuery arguments (see module docstring)."""
    return read_kpi(
        text,
        previous,
        channels,
        campaigns,
        metric_phrases,
        dimensions,
        channel_of,
        dimension_values,
        latest,
        campaign_ends=campaign_ends,
    ).args


def read_kpi(
    text: str,
    previous: dict[str, Any] | None = None,
    *args_: Any,
    **kwargs: Any,
) -> KpiReading:
    """Like `extract_kpi_args`, with what could not be read (see `KpiReading`). In a long
    message, what the asking sentences say wins over the context around them (`kpi_asks`),
    and what a correction says ("… in september — sorry, october") over what it corrects.
    A period said that cannot be one ("from 14 december 2025 to 10 january 2025") is the
    reading's `problem`, never read as another period."""
    try:
        return _read_kpi(text, previous, *args_, **kwargs)
    except CmoError as exc:
        return KpiReading({"metrics": list(DEFAULT_METRICS)}, problem=exc.detail)


def _read_kpi(
    text: str, previous: dict[str, Any] | None, *args_: Any, **kwargs: Any
) -> KpiReading:
    said, corrected = corrected_part(text)
    if corrected is not None:  # each part the correction names replaces the one before it
        before = read_kpi(said, previous, *args_, **kwargs)
        return prefer_asked(before, _read(corrected, None, *args_, **kwargs))
    whole = _read(text, previous, *args_, **kwargs)

    def terse_question(sentence: str) -> bool:
        args = _read(sentence, None, *args_, **kwargs).args
        return args.get("metrics") not in (None, list(DEFAULT_METRICS)) and any(
            k in args for k in ("period", "dimensions", "filters", "order", "compare")
        )

    asked = asking_part(text, terse_question) if previous is None else None
    if asked is None:
        return whole
    return prefer_asked(whole, _read(asked, None, *args_, **kwargs))


# "each of our Google Ads campaigns … whether the competitor campaign drags": one campaign
# named beside a breakdown by campaign is a row of it, not its only row (`_read`).


def _read(
    text: str,
    previous: dict[str, Any] | None = None,
    channels: list[str] | tuple[str, ...] = (),
    campaigns: list[str] | tuple[str, ...] = (),
    metric_phrases: dict[str, str] | None = None,
    dimensions: list[str] | tuple[str, ...] = (),
    channel_of: dict[str, str] | None = None,
    dimension_values: dict[str, list[str]] | None = None,
    latest: date | None = None,
    follow_up: bool = False,
    campaign_ends: dict[str, date] | None = None,
) -> KpiReading:
    text = re.sub(r"(\w)['’]s\b", r"\1", text)  # "google's SQLs": the channel, not a word
    text = won_deals(text, previous)
    low = expand_shorthand(re.sub(r"\s+", " ", text.lower().replace("÷", " divided by ")).strip())
    names = [*channels, *campaigns, *(metric_phrases or {}), *dimensions]
    low, corrected = correct_typos(low, names)
    said = low
    low = paused_period(low, campaigns, previous, campaign_ends)
    compare, period, low = _time(low, previous, latest or date.today())
    norm = normalize(low)
    own, own_order, norm = _workspace_metrics(norm, metric_phrases)
    ambiguous, norm = find_ambiguous(norm)
    context = channels_of(previous, channel_of)
    channel_hits, campaign_hits, norm = _names(norm, low, channels, campaigns, channel_of, context)
    named_channels = find_channels(normalize(said), channels)[0]
    channel_hits = excluding(said, channel_hits, channels)
    campaign_hits = excluding(said, campaign_hits, campaigns) if not channel_hits else campaign_hits
    valued, norm = find_dimension_values(norm, dimension_values)
    by_channel = bool(_BY_NAMED.search(norm)) and bool(channel_hits)  # "break it down by webinar"
    dims, ranking, norm = find_dimensions(norm, dimensions)
    valued = _side_by_side_values(low, valued, dims, dimension_values or {})
    dims = within_one_campaign(dims, campaign_hits, low)
    if by_channel and "campaign" not in dims:
        dims.append("campaign")  # the channel's campaigns, one row each
    metrics, reading, norm = _metrics(norm, own, metric_phrases)
    metrics = cost_of_each(metrics, low)  # "how many sqls … and what's each one costing"
    if (reading.order or own_order) and "order" not in ranking:
        ranking["order"] = reading.order or own_order
    if ranking.get("order") and not dims and re.match(r"\s*where\b", low):  # "where's the
        dims, ranking["top_n"] = ["channel"], ranking.get("top_n", 1)  # cheapest place to…"
    if "campaign" in dims and len(campaign_hits) == 1 and not by_channel and not previous:
        campaign_hits, channel_hits = [], excluding(said, named_channels, channels)  # a row
    filters = _filters(low, dims, channel_hits, campaign_hits) | valued
    if set(filters.get("channel", [])) <= {(channel_of or {}).get(c) for c in campaign_hits}:
        filters.pop("channel", None)  # "organic … just the blog": the campaign says it
    found: dict[str, Any] = {
        k: v for k, v in (("metrics", metrics), ("dimensions", dims), ("filters", filters)) if v
    }
    found.update({k: v for k, v in (("period", period), ("compare", compare)) if v})
    found.update(ranking)
    if previous is not None and (
        follow_up or bool(_FOLLOW_UP.match(text)) or not (metrics or reading.unavailable)
    ):
        merged = continued(previous, found, said, norm, latest or date.today())
        return KpiReading(merged, reading.unavailable, corrected=corrected)
    if not reading.unavailable:
        found.setdefault("metrics", list(DEFAULT_METRICS))
    return KpiReading(found, reading.unavailable, leftovers(norm), corrected, ambiguous)


def _time(
    low: str, previous: dict[str, Any] | None, latest: date
) -> tuple[str | None, dict[str, Any] | None, str]:
    """(comparison, typed period, text without their words): a named period, a week of a
    month, a follow-up's "the month before", or the period a comparison implies ("MoM")."""
    compare, compare_period, low = find_compare(with_seasons(low, latest))
    low = with_weekend(with_years(low, latest), latest)
    shift = None
    if previous is not None:
        shift, low = find_shift(low)
    week_of, low = find_week_of_month(low, latest)
    if week_of is None:
        week_of, low = find_week_from(low, latest)  # "the week commencing Monday 9 November"
    if week_of is None:
        week_of, low = find_month_span(low, latest)  # "jan-oct", "from march to june"
    phrase, low = find_period(low)
    period = week_of or (_spec(phrase) if phrase else None)
    if shift and period is None:
        period = shift_period((previous or {}).get("period"), shift)
    if period is None and compare_period:
        period = _spec(compare_period)
    return compare, period, low


def _side_by_side_values(
    low: str, valued: dict[str, list[str]], dims: list[str], known: dict[str, list[str]]
) -> dict[str, list[str]]:
    """ "ctr men vs women": values of one dimension set side by side are a breakdown by it
    (`dims` extended in place); all of its values together filter nothing."""
    kept = {}
    for dim, values in valued.items():
        if len(values) > 1 and _SIDE_BY_SIDE.search(low) and dim not in dims:
            dims.append(dim)
        if set(values) != set(known.get(dim, ())):
            kept[dim] = values
    return kept


def _filters(
    low: str, dims: list[str], channel_hits: list[str], campaign_hits: list[str]
) -> dict[str, list[str]]:
    """Channel and campaign filters; names set side by side become a breakdown (`dims` is
    extended in place: "google vs linkedin" is one row each)."""
    if bool(_SIDE_BY_SIDE.search(low)):
        for dim, hits in (("channel", channel_hits), ("campaign", campaign_hits)):
            if len(hits) > 1 and dim not in dims:
                dims.append(dim)
    if "channel" in dims and len(channel_hits) == 1 and not campaign_hits:
        channel_hits = []  # "by channel … webinars": the breakdown shows it anyway
    return {k: v for k, v in (("channel", channel_hits), ("campaign", campaign_hits)) if v}


def _names(
    norm: str,
    low: str,
    channels: list[str] | tuple[str, ...],
    campaigns: list[str] | tuple[str, ...],
    channel_of: dict[str, str] | None,
    context: list[str],
) -> tuple[list[str], list[str], str]:
    """Channels and campaigns named; a campaign named by its own word implies its channel,
    which is then not a filter of its own ("meta retargeting" is one campaign). `context`:
    the channels of the question a follow-up continues, which settle a word several
    campaigns share ("the retargeting one" after a Meta campaign)."""
    grouped, norm = find_channel_groups(norm, channels)  # "paid social": LinkedIn and Meta
    campaign_hits, norm = find_campaigns(norm, low, campaigns)
    unique, norm = find_campaigns_by_word(norm, campaigns)  # "newsletter": one campaign's word
    channel_hits, norm = find_channels(norm, channels)
    channel_hits += [c for c in grouped if c not in channel_hits]
    by_word, norm = find_campaigns_by_word(norm, campaigns, channel_of, channel_hits or context)
    by_word = unique + [c for c in by_word if c not in unique]
    campaign_hits += [c for c in by_word if c not in campaign_hits]
    implied = {(channel_of or {}).get(c) for c in campaign_hits}  # "the … campaign on google"
    channel_hits = [c for c in channel_hits if c not in implied]
    return channel_hits, campaign_hits, norm


def _metrics(
    norm: str, own: list[str], phrases: dict[str, str] | None
) -> tuple[list[str], MetricReading, str]:
    """Metrics in order: the workspace's own, unknown metric words (passed on, never
    swapped), compositional readings, then the catalogue's phrases; figures no data holds
    are set apart in the reading."""
    negated = [
        name
        for m in _NEGATED.finditer(norm)
        for name in find_metrics(m.group("what"), phrases) + read_metrics(m.group("what")).metrics
    ]
    unavailable, spans = find_unavailable(norm)
    for start, end in spans:
        norm = blank(norm, start, end)
    unknown, norm = find_unknown_metrics(norm, phrases)
    named, norm = _long_names(norm, phrases)  # "customer acquisition cost" is one metric
    reading = read_metrics(norm)
    reading.unavailable = unavailable
    for start, end in reading.spans:
        norm = blank(norm, start, end)
    metrics = list(
        dict.fromkeys(own + unknown + named + reading.metrics + find_metrics(norm, phrases))
    )
    kept = [name for name in metrics if name not in negated]
    return (kept or metrics), reading, norm


def _long_names(norm: str, phrases: dict[str, str] | None) -> tuple[list[str], str]:
    """Catalogue names of three words or more, read whole before any word of them is read
    on its own ("customer acquisition cost", "cost per marketing qualified lead")."""
    every = {**_base_metric_phrases(), **(phrases or {})}
    hits: list[tuple[int, str]] = []
    long = (p for p in every if len(p.split()) >= 3 and _misread(p, every[p]))
    for phrase in sorted(long, key=len, reverse=True):
        for m in re.finditer(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", norm):
            hits.append((m.start(), every[phrase]))
            norm = blank(norm, m.start(), m.end())
    return [name for _, name in sorted(hits)], norm


@lru_cache(maxsize=4096)
def _misread(phrase: str, name: str) -> bool:
    """Whether reading the words one by one would get this catalogue name wrong."""
    return read_metrics(phrase).metrics != [name]


# "realised revenue, not pipeline": a metric said only to be set aside
_NEGATED = re.compile(
    r"\b(?:not|rather than|instead of|excluding|as opposed to)\s+(?:the\s+|our\s+)?"
    r"(?P<what>[a-z]+(?: [a-z]+)?)"
)
_NOT_BEFORE = re.compile(r"\b(?:not|rather than|instead of|excluding|as opposed to)\s+(?:the\s+)?$")
_BY_NAMED = re.compile(r"\b(?:by|per|for each|each)\s{3,}(?=\S|$)")  # "by" + a blanked name
_SIDE_BY_SIDE = re.compile(
    r"\b(vs|versus|against|compared?|or|each|side by side|split|which|than)\b"  # "more … than"
)


def _workspace_metrics(
    norm: str, phrases: dict[str, str] | None
) -> tuple[list[str], str | None, str]:
    """The workspace's own metrics and its own meanings of common words first ("purchases"
    may be its own measure, "enquiries" its conversions), with the ranking a cost word before
    a count implies ("the cheapest enquiries": cost per enquiry, cheapest first)."""
    base = _base_metric_phrases()
    own = {k: v for k, v in (phrases or {}).items() if base.get(k) != v}
    hits: list[tuple[int, str]] = []
    order = None
    for phrase in sorted(own, key=len, reverse=True):
        for m in re.finditer(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", norm):
            name = own[phrase]
            if _NOT_BEFORE.search(norm[: m.start()]):  # "purchases (not enquiries)": not asked
                norm = blank(norm, m.start(), m.end())
                continue
            ranked = _RANKED_COST.search(norm[: m.start()])
            if ranked and name in COST_OF_COUNT:
                name = COST_OF_COUNT[name]
                order = "best" if ranked.group("dir") in _CHEAP else "worst"
                norm = blank(norm, ranked.start(), ranked.end())
            hits.append((m.start(), name))
            norm = blank(norm, m.start(), m.end())
    return [name for _, name in sorted(hits)], order, norm


_CHEAP = ("cheapest", "least expensive", "lowest cost", "lowest-cost")
_RANKED_COST = re.compile(
    r"\b(?P<dir>cheapest|least expensive|lowest[- ]cost|most expensive|priciest|costliest)"
    r" (?:[a-z]+ ){0,1}$"
)
COST_OF_COUNT = {COUNT_OF[stage]: cost for stage, cost in COST_OF.items()}


def _spec(phrase: str | dict[str, Any]) -> dict[str, Any]:
    """A period phrase as the typed `PeriodSpec` JSON a tool call carries."""
    if isinstance(phrase, dict):
        return phrase
    data = parse_period(phrase).model_dump(mode="json")
    if data.get("complete") is False:
        del data["complete"]  # the default: kept out of the call's arguments
    return data
