"""Reading channel and campaign names the way the workspace spells them, before a query runs.

The offline router extracts arguments without seeing the workspace, and an LLM may write
"LinkedIn" where the data says "LinkedIn Ads". Two deterministic readings only, each reported
in the result's notes: a channel word that names a known channel family (LinkedIn, Google,
Meta, email, webinars, events, organic) becomes that workspace's channel(s) of the family, and
a campaign given by the distinctive part of its name ("Free AP Process Template") becomes the
one campaign it names. Anything else is left as asked, so the engine's error lists the names
that exist instead of a guess.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core.stores.campaigns import DB_FILE, CampaignStore
from tools.kpi.names import CHANNEL_ALIASES, CHANNEL_KEYWORDS, normalize
from tools.kpi.results import KpiQuery

_CHANNEL_KEYS = {"channel", "channels", "source", "sources", "platform", "platforms"}
_CAMPAIGN_KEYS = {"campaign", "campaigns"}
_SEPARATORS = (" – ", " — ", " - ", ": ", " | ")


def resolve_names(workspace_dir: Path, query: KpiQuery) -> tuple[KpiQuery, list[str]]:
    """The query with channel/campaign filter values in the workspace's spelling, and notes
    saying what was read how. Unchanged when there is no data (the engine says so)."""
    if not query.filters or not (Path(workspace_dir) / DB_FILE).is_file():
        return query, []
    store = CampaignStore(workspace_dir)
    filters: dict[str, list[str]] = {}
    notes: list[str] = []
    for key, values in query.filters.items():
        kind = key.strip().lower()
        if kind in _CHANNEL_KEYS:
            known = store.cached(("values", "channel"), lambda: store.distinct_values("channel"))
            values = _resolve_all(values, known, _channel_family, "channel", notes)
        elif kind in _CAMPAIGN_KEYS:
            known = store.cached(
                ("values", "campaign"), lambda: store.distinct_values("campaign", limit=5000)
            )
            values = _resolve_all(values, known, _campaign_by_part, "campaign", notes)
        filters[key] = values
    return query.model_copy(update={"filters": filters}), notes


Reader = Callable[[str, list[str]], list[str]]


def _resolve_all(
    values: list[str], known: list[str], reader: Reader, dimension: str, notes: list[str]
) -> list[str]:
    exact = {k.lower(): k for k in known}
    out: list[str] = []
    for value in values:
        if value.strip().lower() in exact:
            out.append(exact[value.strip().lower()])
            continue
        matches = reader(value, known)
        if matches:
            notes.append(
                f"{dimension.capitalize()} '{value}' read as "
                f"{' and '.join(repr(m) for m in matches)}."
            )
            out.extend(m for m in matches if m not in out)
        else:
            out.append(value)  # the engine names what exists
    return out


def _channel_family(value: str, known: list[str]) -> list[str]:
    """The workspace's channels of the family `value` names ("linkedin" → "LinkedIn Ads")."""
    key = normalize(value)
    for family, aliases in CHANNEL_ALIASES.items():
        if key in aliases or any(k in key for k in CHANNEL_KEYWORDS[family]):
            return [c for c in known if any(k in c.lower() for k in CHANNEL_KEYWORDS[family])]
    return []


def _campaign_by_part(value: str, known: list[str]) -> list[str]:
    """The one campaign whose distinctive part (after "Channel – ") is `value`."""
    key = normalize(value)
    hits = []
    for name in known:
        for sep in _SEPARATORS:
            if sep in name and normalize(name.split(sep, 1)[1]) == key:
                hits.append(name)
                break
    return hits if len(hits) == 1 else []
