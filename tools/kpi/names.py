"""The governed vocabulary of channel names: the families people name and how a workspace's
own channel names are recognised (used by the name resolution before every KPI query, and by
the offline model's grammar)."""

from __future__ import annotations

import re
from functools import lru_cache

#: channel concept → words people use for it
CHANNEL_ALIASES: dict[str, tuple[str, ...]] = {
    "linkedin": ("linkedin ads", "linkedin", "linked in", "li", "linkdin", "linkedn", "lnkd"),
    "google": (
        *("google ads", "google", "adwords", "ppc", "paid search", "search ads", "goog", "gads"),
    ),
    "meta": ("meta ads", "meta", "facebook", "fb", "instagram", "ig", "insta"),
    "email": ("email", "emails", "e mail", "newsletter", "newsletters"),
    "webinar": ("webinars", "webinar"),
    "events": ("events", "event", "trade shows", "conferences"),
    "organic": ("organic search", "organic", "seo"),
}
#: how to recognise the concept in a workspace's channel names
CHANNEL_KEYWORDS: dict[str, tuple[str, ...]] = {
    "linkedin": ("linkedin",),
    "google": ("google", "adwords", "paid search"),
    "meta": ("meta", "facebook", "instagram"),
    "email": ("email", "newsletter"),
    "webinar": ("webinar",),
    "events": ("event",),
    "organic": ("organic", "seo"),
}
DEFAULT_CHANNELS: dict[str, str] = {
    "linkedin": "LinkedIn Ads",
    "google": "Google Ads",
    "meta": "Meta Ads",
    "email": "Email",
    "webinar": "Webinars",
    "events": "Events",
    "organic": "Organic",
}


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """Lower case, arrows as ' to ', dashes and slashes as spaces, other punctuation dropped.
    Cached: the offline model normalises every campaign and channel name on every message."""
    text = text.lower().replace("→", " to ").replace("->", " to ").replace("=>", " to ")
    text = re.sub(r"[\u2013\u2014_/\-:;,()|+&]", " ", text)
    text = re.sub(r"[^a-z0-9% ]+", "", text)
    return re.sub(r"\s+", " ", text).strip()
