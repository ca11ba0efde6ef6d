"""Clean values out of a brief statement: entity names without filler ('Sage's own AP add-on
in deals too' → 'Sage AP add-on'), lists split ('Xero and Sage'), money per period
('£28k a month from January' → '£28k a month from January 2027'), and dates that say when
('at the end of december' → 'end of December 2026', the next one after today)."""

from __future__ import annotations

import re
from datetime import date

from agent.offline.grammar.words import MONTH_NAMES

_SPLIT = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s*&\s*|\s*;\s*|\s*/\s*", re.IGNORECASE)
# words that trail a value without being part of it ("… in deals too", "… as of last wk")
_FILLER = (
    r"in (?:\w+ ){0,3}(?:deals|pitches|sales calls|bids|evaluations|rfps|shortlists)"
    r"|(?:in|over) (?:the )?(?:summer|spring|autumn|fall|winter|new year)"
    r"|more and more|a lot|lately|recently|these days|nowadays|now|too|as well|also|again"
    r"|already|instead|anymore|any more|for good|from now on|going forward"
    r"|(?:every|each) (?:\w+ )?(?:day|week|wk|month|mo|quarter|year)|monthly|weekly"
    r"|(?:last|this|next) (?:wk|week|month|mo|quarter)|today|yesterday|tomorrow"
    r"|pls|please|thanks|thx|ta|fyi|btw"
)
# filler, plus the words that say when (for names, whose 'when' is said elsewhere)
_TRAIL = re.compile(
    rf"(?:\s+|^)(?:{_FILLER}|as of .+|since .+|(?:starting|effective) .+"
    r"|for (?:the|our) (?:newsletter|emails?|crm|website|site|ads|blog)"
    r"|(?:by|at|from) the end of .+|end of .+)$",
    re.IGNORECASE,
)
_TRAIL_FILLER = re.compile(rf"(?:\s+|^)(?:{_FILLER})$", re.IGNORECASE)
_LEAD = re.compile(
    r"^(?:the|a|an|our|some|this|that|these|those|both|also|now|just|actually|really|officially)\s+",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"^(?:them|it|they|those|that|this|him|her|these|one)$", re.IGNORECASE)
# a few names people type in lower case, spelt as their makers do
_SPELLING = {
    name.lower(): name
    for name in [
        "HubSpot",
        "LinkedIn",
        "Mailchimp",
        "Salesforce",
        "Pipedrive",
        "NetSuite",
        "Xero",
        "Sage",
        "QuickBooks",
        "Semrush",
        "Ahrefs",
        "Canva",
        "Hootsuite",
        "Buffer",
        "Zapier",
        "Notion",
        "Slack",
        "Gong",
        "Outreach",
        "Apollo",
        "Klaviyo",
        "Shopify",
        "WordPress",
        "Webflow",
        "Intercom",
        "Zendesk",
        "Marketo",
        "Pardot",
        "Google",
        "Meta",
        "TikTok",
        "YouTube",
        "Instagram",
        "Facebook",
        "Tipalti",
        "Payflow",
        "Spendwise",
        "Brevo",
        "ActiveCampaign",
        "Calendly",
        "Hotjar",
        "Looker",
    ]
} | {"ga4": "GA4", "seo": "SEO", "ppc": "PPC", "pr": "PR", "crm": "CRM", "ap": "AP"}

_MONTHS = MONTH_NAMES
_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
MONEY = re.compile(
    r"(?:[£$€]\s?\d[\d,.]*\s?(?:k|m|bn|thousand|million)?\b"
    r"|\b\d[\d,.]*\s?(?:k|m)?\s?(?:gbp|usd|eur|pounds|quid|dollars|euros)\b)",
    re.IGNORECASE,
)
_UNITS = r"month|year|annum|quarter|week|day|user|seat|head|licen[cs]e|location|site|entity"
PERIOD = re.compile(
    rf"^\s*(?:(?:a|an|per|every|each)\s+(?P<unit>{_UNITS})s?\b"
    rf"|/\s*(?P<short>{_UNITS}|mo|mth|m|yr|y|a|qtr|q|wk|w|d)s?\b"
    r"|(?P<adverb>pcm|pm|p/m|pa|p/a|monthly|annually|yearly|quarterly|weekly)\b)",
    re.IGNORECASE,
)
_UNIT_WORDS = {
    "month": "a month", "mo": "a month", "mth": "a month", "m": "a month", "pcm": "a month",
    "pm": "a month", "monthly": "a month", "year": "a year", "yr": "a year", "y": "a year",
    "annum": "a year", "a": "a year", "pa": "a year", "annually": "a year", "yearly": "a year",
    "quarter": "a quarter", "qtr": "a quarter", "q": "a quarter", "quarterly": "a quarter",
    "week": "a week", "wk": "a week", "w": "a week", "weekly": "a week", "day": "a day",
    "d": "a day",
}  # fmt: skip
_WHEN = re.compile(
    rf"\b(?P<how>from|starting(?: in| from)?|as of|in|for|until|till|by|through|at the end of"
    rf"|by the end of|end of|(?:at )?the start of|start of)\s+(?P<month>{_MONTH_RE})"
    rf"(?:\s+(?P<year>20\d\d))?\b",
    re.IGNORECASE,
)


# a reason given after the value: "…, that's what wins us deals", "…, because…"
_REASON = re.compile(
    r"\s*[,;—–-]\s*(?:that'?s|that is|it'?s|which is|because|since|as they|as it|they|"
    r"everyone)\b.*$",
    re.IGNORECASE,
)


def clean_value(raw: str, keep_when: bool = False) -> str:
    """One value without the words around it: quotes, leading articles, trailing filler (and
    trailing dates, unless `keep_when`: a goal keeps its 'by end of 2027')."""
    text = " ".join(raw.split()).strip(" .,!?:;-—–\"'“”‘’")
    text = _REASON.split(text, maxsplit=1)[0]  # "X, that's what wins us deals" → "X"
    trail = _TRAIL_FILLER if keep_when else _TRAIL
    for _ in range(4):
        before = text
        text = trail.sub("", text).strip(" .,!?:;-—–\"'“”")
        text = _LEAD.sub("", text)
        if text == before:
            break
    text = re.sub(r"(\w)['’]s own\b", r"\1", text)  # "Sage's own AP add-on" → "Sage AP add-on"
    return text.strip()


def entity(raw: str) -> str:
    """A name as its owner spells it: known names fixed, an all-lower-case name title-cased."""
    text = clean_value(raw)
    words = [_SPELLING.get(w.lower(), w) for w in text.split()]
    if text == text.lower() and len(words) <= 4:
        words = [w if w in _SPELLING.values() else w[:1].upper() + w[1:] for w in words]
    return " ".join(words)


def split_values(raw: str, names: bool = False) -> list[str]:
    """'Xero, Sage and QuickBooks' → three values (entities spelt properly when `names`)."""
    items = [clean_value(i) for i in _SPLIT.split(raw)]
    items = [entity(i) if names else i for i in items if i]
    return [i for i in items if i and not is_pronoun(i)]


def is_pronoun(text: str) -> bool:
    return bool(_PRONOUN.match(text.strip()))


def money_amounts(text: str) -> list[tuple[str, str]]:
    """Each amount with the period it is per: [('£14', 'a month'), ('£22', 'a month')]; an
    amount without its own period takes the next one given ('£14 and £22 a month')."""
    found: list[tuple[str, str]] = []
    for m in MONEY.finditer(text):
        per = PERIOD.match(text[m.end() :])
        unit = (per.group("unit") or per.group("short") or per.group("adverb")) if per else ""
        unit = unit.lower().replace("/", "")
        words = _UNIT_WORDS.get(unit, f"per {unit}" if unit else "")
        found.append((m.group(0).replace(" ", ""), words))
    for i in range(len(found) - 2, -1, -1):
        if not found[i][1]:
            found[i] = (found[i][0], found[i + 1][1])
    return found


def when(text: str, today: date) -> str:
    """When a statement takes effect, with the year ('from January' → 'from January 2027';
    a month without a year is the next one from today)."""
    m = _WHEN.search(text)
    if not m:
        return ""
    index = next(
        i for i, name in enumerate(_MONTHS) if name.startswith(m.group("month")[:3].lower())
    )
    year = int(m.group("year")) if m.group("year") else today.year + (index + 1 < today.month)
    how = m.group("how").lower()
    how = {"at the end of": "end of", "by the end of": "by end of", "as of": "from"}.get(how, how)
    how = "from" if how.startswith("starting") else how
    return f"{how} {_MONTHS[index].title()} {year}"
