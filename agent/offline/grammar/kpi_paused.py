""" "Since we paused the template campaign": a period starting the day after a campaign
stopped, read from the last day it had spend, impressions or leads in the imported data
(`campaign_ends`, from `kpi_vocabulary`); "before we paused it" is all of its data, so it
sets no period of its own."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from agent.offline.grammar.kpi_entities import find_campaigns_by_word, normalize

_PAUSED = re.compile(
    r"\b(?P<when>since|after|before|until|up to) (?:we|they|you|brightside|the agency) "
    r"(?:paused|stopped|switched off|turned off|killed|ended|pulled|shut off|shut down)\s+"
    r"(?P<what>it|that|them|that one|the [a-z0-9 '’&-]+?)(?=[,.?!;]|\s+(?:what|how|and|—|-)\b|$)"
)


def paused_period(
    low: str,
    campaigns: list[str] | tuple[str, ...],
    previous: dict[str, Any] | None,
    campaign_ends: dict[str, date] | None,
) -> str:
    """`low` with "since we paused X" written as dates ("since 2026-10-08", "to 2026-10-07"),
    when X is one campaign whose last active day the data holds; else unchanged."""
    m = _PAUSED.search(low)
    if not m or not campaign_ends:
        return low
    what = m.group("what")
    if what in ("it", "that", "them", "that one"):  # the campaign asked about, or named here
        named = list(((previous or {}).get("filters") or {}).get("campaign") or [])
        named = named or find_campaigns_by_word(normalize(low), campaigns)[0]
    else:
        named, _ = find_campaigns_by_word(normalize(what), campaigns)
    ends = [campaign_ends[c] for c in named if c in campaign_ends]
    if len(ends) != 1:
        return low
    last = date.fromisoformat(str(ends[0])[:10])
    if m.group("when") in ("since", "after"):
        dates = f"since {(last + timedelta(days=1)).isoformat()}"
    else:  # before it stopped: all of its data, so no period of its own
        dates = " " * (m.end() - m.start())
    return low[: m.start()] + dates + low[m.end() :]
