"""KPI errors: each names the file, column, metric or period at fault and what exists instead.

They subclass the shared `core.errors` types so the API maps them to status codes once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from core.errors import InvalidInput, NotFound


def nearest(name: str, options: Iterable[str]) -> str | None:
    """The closest existing name (difflib), used only to suggest, never to guess."""
    matches = difflib.get_close_matches(name.lower(), [o.lower() for o in options], n=1, cutoff=0.6)
    if not matches:
        return None
    lowered = {o.lower(): o for o in options}
    return lowered[matches[0]]


def did_you_mean(name: str, options: Iterable[str]) -> str:
    options = list(options)
    hint = nearest(name, options)
    return f" Did you mean '{hint}'?" if hint else ""


def listing(options: Iterable[str], limit: int = 40) -> str:
    items = sorted(set(options), key=str.lower)
    more = len(items) - limit
    text = ", ".join(items[:limit])
    return f"{text} (and {more} more)" if more > 0 else text


class UnrecognisedFile(InvalidInput):
    code = "unrecognised_file"


class InvalidMapping(InvalidInput):
    code = "invalid_mapping"


class AmbiguousDates(InvalidInput):
    code = "ambiguous_dates"


class AmbiguousNumbers(InvalidInput):
    code = "ambiguous_numbers"


class UnreadableValues(InvalidInput):
    code = "unreadable_values"


class UnknownMetric(InvalidInput):
    code = "unknown_metric"


class UnknownDimension(InvalidInput):
    code = "unknown_dimension"


class UnknownFilterValue(InvalidInput):
    code = "unknown_filter_value"


class InvalidPeriod(InvalidInput):
    code = "invalid_period"


class InvalidMetricDefinition(InvalidInput):
    code = "invalid_metric_definition"


class NoCampaignData(NotFound):
    code = "no_campaign_data"


def no_campaign_data(workspace_id: str, asked: list[str] | None = None) -> NoCampaignData:
    """The error for a KPI question in a workspace with nothing imported: which figures could
    not be given (`asked`: metric labels) and how to fix it."""
    figures = f" so I can't give {', '.join(asked)}" if asked else ""
    return NoCampaignData(
        f"There is no campaign data in workspace '{workspace_id}' yet{figures}; import a CSV or "
        f"Parquet "
        f"export (Google Ads, Meta Ads, LinkedIn, GA4, HubSpot or Salesforce) with "
        f"`cmo import --workspace {workspace_id} FILE` or POST /workspaces/{workspace_id}/data."
    )
