"""Channel groups marketers name ("paid social", "paid search", "paid channels"): the
workspace's channels that belong to each, by their names. Domain grammar: social platforms
(LinkedIn, Meta, Facebook, Instagram, TikTok, X), search engines (Google, Bing, Microsoft);
paid is both plus any channel named as ads."""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.offline.grammar.kpi_entities import blank

_SOCIAL = re.compile(r"linkedin|meta|facebook|instagram|tiktok|twitter|\bx\b|pinterest|snap", re.I)
_SEARCH = re.compile(r"google|bing|microsoft", re.I)
_ADS = re.compile(r"\bads?\b|\bppc\b|\bpaid\b", re.I)


def _social(channel: str) -> bool:
    return bool(_SOCIAL.search(channel))


def _search(channel: str) -> bool:
    return bool(_SEARCH.search(channel))


def _paid(channel: str) -> bool:
    return _social(channel) or _search(channel) or bool(_ADS.search(channel))


_GROUPS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    (r"\bpaid social\b|\bsocial ads\b", _social),
    (r"\bpaid search\b|\bsearch ads\b|\bsem\b", _search),
    (r"\bpaid\b(?= (?:channels?|media|ads|advertising|ones?)\b)", _paid),  # "which paid channel"
)


def find_channel_groups(norm: str, channels: list[str] | tuple[str, ...]) -> tuple[list[str], str]:
    """(the workspace's channels in the groups named, text without the group's words)."""
    found: list[str] = []
    for pattern, member in _GROUPS:
        m = re.search(pattern, norm)
        members = [c for c in channels if member(c) and c not in found]
        if m is None or not members:  # no such channel here: the words stay to be read
            continue
        found += members
        norm = blank(norm, m.start(), m.end())
    return found, norm
