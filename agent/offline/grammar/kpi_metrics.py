"""Metrics from the way marketers say them, built from parts rather than listed phrase by phrase.

A funnel stage (lead, MQL, SQL, opportunity, customer, conversion, click, impression) is named
many ways ("form fills", "sales-qualified leads", "opps", "paying customers", "new logos").
Around a stage, the words say which figure is meant:

* its cost — "cost per SQL", "cost/SQL", "what does an SQL cost us", "SQL cost", "price per
  lead", "cheapest SQLs" (a cost, cheapest first) → cost_per_sql, cpl, cac, cpa, cpc…
* a rate between two stages — "MQL→SQL", "lead to SQL rate", "% of leads that become paying
  customers", "how many MQLs turn into SQLs" → mql_to_sql_rate, lead_to_customer_rate…
* its count — "how many SQLs", "number of leads", or the stage alone → sqls, leads…

Money words (spend: "spent", "burn", "outlay", "what did LinkedIn eat"; revenue: "how much did
we close", "bookings"; pipeline; ROAS) and the governed catalogue's own phrases are read
around them. Figures no data here holds (LTV, churn, CAC payback, margin, NPS, sessions…) are
reported apart, so the model can say which data is missing instead of answering something
else. Every finder returns the spans it read, so the caller knows which words were left over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

STAGE_WORDS: dict[str, str] = {
    "lead": r"(?:inbound )?leads?|form ?fills?|sign ?ups?|signups|enquir(?:y|ies)|inquir(?:y|ies)",
    "mql": r"mqls?|marketing[ -]qualified(?: leads?)?",
    "sql": r"sqls?|sales[ -]qualified(?: leads?)?",
    "opp": r"opps?|opportunit(?:y|ies)|deals? created|new deals?",
    "customer": r"(?:paying |new )?customers?|(?:paying |new )clients?|clients? (?:won|signed)|"
    r"how many (?:of (?:them|those) )?(?:did|have|has) (?:we|you|they) (?:win|won|close|closed)\b|"
    r"(?:won|closed) deals?|deals? (?:won|closed)|close[ -]?w[io]n|"
    r"deals? (?:did|have|has) (?:we|you|they) (?:win|won|close|closed)|"
    r"new logos?|wins|closed[ -]won",
    "conversion": r"conversions?|convs?|results|purchases?",
    "click": r"clicks?",
    "impression": r"impressions?|impr",
}
COST_OF = {
    "lead": "cpl",
    "mql": "cost_per_mql",
    "sql": "cost_per_sql",
    "opp": "cost_per_opportunity",
    "customer": "cac",
    "conversion": "cpa",
    "click": "cpc",
    "impression": "cpm",
}
COUNT_OF = {
    "lead": "leads",
    "mql": "mqls",
    "sql": "sqls",
    "opp": "opportunities",
    "customer": "customers",
    "conversion": "conversions",
    "click": "clicks",
    "impression": "impressions",
}
RATE_OF = {
    ("lead", "mql"): "lead_to_mql_rate",
    ("mql", "sql"): "mql_to_sql_rate",
    ("sql", "opp"): "sql_to_opportunity_rate",
    ("opp", "customer"): "win_rate",
    ("sql", "customer"): "win_rate",
    ("lead", "sql"): "lead_to_sql_rate",
    ("lead", "customer"): "lead_to_customer_rate",
    ("lead", "opp"): "lead_to_sql_rate",
    ("click", "conversion"): "conversion_rate",
    ("click", "lead"): "conversion_rate",
}
# Figures marketers ask for that no imported export holds: said apart, never swapped.
UNAVAILABLE: dict[str, tuple[str, ...]] = {
    "CAC payback": (r"(?:cac )?payback(?: period)?", r"months? to (?:pay ?back|recover)"),
    "lifetime value (LTV)": (r"ltv ?(?:to|:|/)? ?cac", r"ltv", r"clv", r"lifetime value"),
    "churn": (r"churn(?: rate)?", r"retention rate", r"logo retention", r"nrr", r"grr"),
    "gross margin": (r"(?:gross )?margins?",),
    "NPS": (r"nps", r"net promoter"),
    "website sessions": (r"sessions", r"website (?:visits|traffic|visitors)", r"page ?views"),
    "time on site": (
        r"(?:avg |average )?time on (?:site|page|the page|the site)",
        r"(?:avg |average )?(?:session|visit) (?:duration|length)",
        r"dwell time",
        r"engagement time",
        r"scroll depth",
    ),
    "bounce rate": (r"bounce rate",),
    "email open rate": (r"open rates?", r"click[- ]to[- ]open"),
    "MRR / ARR": (r"mrr", r"arr"),
    "ROI": (r"roi", r"return on investment"),
    "sales cycle length": (
        r"(?:average |avg |typical )?(?:sales|deal) cycles?(?: length| time)?",
        r"(?:time|days) to close",
        r"deal velocity",
    ),
    "pipeline coverage": (r"pipeline coverage(?: ratio)?", r"coverage ratio"),
    "quota attainment": (r"quota(?: attainment)?", r"attainment"),
    "figures per sales rep": (
        r"(?:per|by|each|every|for each) (?:sales ?)?(?:rep|reps|ae|aes|sdr|sdrs|bdr|bdrs|"
        r"salesperson|salespeople|account executives?|seller|sellers)",
        r"(?:rep|reps|ae|sdr)[- ]level",
    ),
}
# Words that name two governed metrics a good analyst would ask between ("acquisition cost":
# per customer won, or per conversion?). Read as a question, never as one of them silently.
AMBIGUOUS: dict[str, tuple[str, ...]] = {
    r"(?<!customer )acquisition costs?|cost of acquisition|acquisition spend": ("cac", "cpa"),
}
_STAGE_ALT = "|".join(f"(?P<{k}>{v})" for k, v in STAGE_WORDS.items())
_COST = (
    r"(?:cost|costs|costing|price|spend|spent|paid|paying)(?: us| me| you)?"
    r"(?: (?:per|for)(?: (?:a|an|each|one|every|a single))?| (?:a|an|each|one|every)) "
)
_ONE = r"(?:a|an|one|each|every|per|a single)"


@dataclass
class MetricHit:
    name: str
    start: int
    end: int
    order: str | None = None  # "best"/"worst" when the words rank by the metric ("cheapest")


@dataclass
class MetricReading:
    metrics: list[str] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)
    order: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)


def _stage_of(match: re.Match[str], prefix: str = "") -> str | None:
    for key in STAGE_WORDS:
        if match.groupdict().get(f"{prefix}{key}"):
            return key
    return None


def _stages(prefix: str) -> str:
    return "|".join(f"(?P<{prefix}{k}>{v})" for k, v in STAGE_WORDS.items())


_PATTERNS: tuple[tuple[str, str], ...] = (
    # a rate between two stages
    (
        "rate",
        rf"(?:% of |percent(?:age)? of |share of |how many (?:of (?:our |the )?)?)"
        rf"(?:our |the |its |their )?(?:{_stages('a_')})(?: \w+){{0,3}}? "
        rf"(?:that |who |which )?(?:ever |actually |eventually )?"
        rf"(?:become|becomes|became|turn(?:s|ed)? into|end(?:s|ed)? up (?:as|being)|"
        rf"convert(?:s|ed)? (?:to|into)|go(?:es)? on to (?:be |become )?|close(?:s|d)? as|"
        rf"progress(?:es)? to) (?:a |an )?(?:real |actual |proper |genuine |qualified |new )?"
        rf"(?:{_stages('b_')})",
    ),
    (  # "conversion from SQL to closed won", "conversion rate from lead to MQL"
        "rate",
        rf"(?:conversion|conv|rate)(?: rate)? (?:from )?(?:{_stages('a_')}) (?:to|into|→) "
        rf"(?:{_stages('b_')})",
    ),
    (
        "rate",
        rf"(?:{_stages('a_')}) ?(?:to|→|->|into|2) ?(?:{_stages('b_')})"
        rf"(?: (?:conversion|conv|rate|ratio|%|percentage))*",
    ),
    # one count over another: "conversions ÷ clicks", "sqls divided by leads"
    (
        "ratio",
        rf"(?:{_stages('b_')}) ?(?:÷|divided by|over|as a share of) ?(?:{_stages('a_')})",
    ),
    # the cost of one of a stage
    ("cost", rf"what (?:does|did|do) (?:{_ONE} |our )?(?:{_stages('a_')}) cost"),
    (
        "cost",
        rf"(?:how much (?:is|was|are|were|does|did) (?:{_ONE} |our )?(?:{_stages('a_')}) "
        rf"(?:costing|cost))",
    ),
    ("cost", rf"{_COST}(?:{_stages('a_')})"),
    ("cost", rf"cost ?/ ?(?:{_stages('a_')})"),
    ("cost", rf"cp ?(?:{_stages('a_')})"),
    ("cost", rf"(?:{_stages('a_')}) (?:cost|costs|price|prices)\b(?! us)"),
    (
        "cheap",
        rf"(?P<dir>cheapest|least expensive|lowest[- ]cost|most expensive|priciest|"
        rf"highest[- ]cost|costliest)(?: (?:per|on|for) (?:a |an |each )?| )(?:\w+ ){{0,6}}?"
        rf"(?:{_stages('a_')})",
    ),
    (
        "cheap",
        rf"(?:{_stages('a_')})(?: \w+){{0,3}}? (?P<dir>cheapest|most cheaply|most expensive)",
    ),
)
_MONEY: tuple[tuple[str, str], ...] = (
    (
        "spend",
        r"how much (?:did|do|have|has|are|is|was) (?:we|it|\w+(?: \w+)?) "
        r"(?:spend|spent|spending|eat|eaten|burn|burned|burnt|cost|costing|take)",
    ),
    (
        "spend",
        r"\b(?:spend|spent|spending|spends|outlay|burn|ad cost|media cost|budget spent|"
        r"money spent|what (?:did|does) \w+(?: \w+)? (?:eat|cost|burn)|(?:eat|eats|eating|ate|"
        r"burn|burns|burning|burnt|burned|soak|soaks|soaking|swallow|swallows|swallowing|gobbl\w+|"
        r"us(?:e|es|ing|ed) up|tak(?:e|es|ing) up|hog\w*) (?:up )?(?:the |our )?(?:most |biggest "
        r"(?:chunk|share) of (?:the |our )?)?(?:budget|money|cash|spend))\b",
    ),
    (
        "revenue",
        r"how much (?:did|have|has) we (?:close|closed|make|made|bring in|brought in|"
        r"sell|sold|win|won|book|booked)|how much (?:money )?(?:did|has|have)\s+(?:\w+\s+){0,3}?"
        r"(?:actually |really )?(?:make|made|bring in|brought in|generate|generated)\b|"
        r"\b(?:revenue|bookings|closed revenue|won revenue|sales revenue|turnover|income|"
        r"deal value won)\b",
    ),
    ("pipeline", r"\b(?:pipeline|pipe)\b(?: (?:value|created|generated|added))?"),
    (  # "how many deals did marketing source": deals created (won ones say so; lost aren't data)
        "opportunities",
        r"^(?!.*\b(?:lose|lost|losing|won|win|closed)\b).*\b(?:how many|number of|count of|"
        r"no\.? of)(?: \w+)?? deals\b|\bdeals (?:sourced|created|opened|generated)\b|"
        r"\bdeals? (?:did|have|has|do) (?:we|you|they|marketing|sales) (?:open|opened|create|"
        r"created|source|sourced|generate|generated|start|started|add|added)\b",
    ),
    (  # MER (marketing efficiency ratio): revenue ÷ all marketing spend, as ROAS over all
        "roas",
        r"\b(?:roas|return on (?:ad|advertising) spend|return on spend|mer|marketing efficiency "
        r"ratio)\b",
    ),
    (
        "average_deal_size",
        r"\b(?:average|avg|mean|typical) (?:deal|contract) (?:size|value)\b|"
        r"\bdeal size\b|\bacv\b|\basp\b|\baverage (?:selling|sale) price\b|"
        r"\b(?:average|avg|mean) size\b",
    ),
    ("win_rate", r"\b(?:win|close|closing) rate\b"),
    (
        "conversion_rate",
        r"\b(?:conv(?:ersions?)?|cv) ?rate\b|\bconverting at\b|\bcvr\b|"
        r"\bconvert(?:ing|s)?(?: the)? (?:best|worst|well|badly|better|worse|most|least)\b",
    ),
    ("ctr", r"\b(?:ctr|click[ -]?(?:through|thru)(?: rates?)?|click rates?)\b"),
    ("cpm", r"\bcost (?:for|per|of) (?:a |one |every )?(?:thousand|1,?000|1k) impressions\b"),
)


def read_metrics(norm: str) -> MetricReading:
    """The metrics a normalised message names, in order, with any ranking the words imply."""
    reading = MetricReading()
    hits: list[MetricHit] = []
    taken = [False] * len(norm)

    def free(start: int, end: int) -> bool:
        return not any(taken[start:end])

    def take(hit: MetricHit) -> None:
        hits.append(hit)
        for i in range(hit.start, hit.end):
            taken[i] = True

    for kind, pattern in _PATTERNS:
        for m in re.finditer(rf"\b(?:{pattern})\b", norm):
            if not free(m.start(), m.end()):
                continue
            hit = _construct(kind, m)
            if hit is not None:
                take(hit)
    for name, pattern in _MONEY:
        for m in re.finditer(pattern, norm):
            if free(m.start(), m.end()):
                take(MetricHit(name, m.start(), m.end()))
    for m in re.finditer(rf"\b(?:{_STAGE_ALT})\b", norm):
        stage = _stage_of(m)
        if stage and free(m.start(), m.end()):
            take(MetricHit(COUNT_OF[stage], m.start(), m.end()))
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.name and hit.name not in reading.metrics:
            reading.metrics.append(hit.name)
        reading.order = reading.order or hit.order
        reading.spans.append((hit.start, hit.end))
    return reading


def find_unavailable(norm: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Figures no imported data holds ("CAC payback", "churn", "bounce rate"…), and their spans."""
    labels: list[str] = []
    spans: list[tuple[int, int]] = []
    for label, patterns in UNAVAILABLE.items():
        for pattern in patterns:
            for m in re.finditer(rf"\b(?:{pattern})\b", norm):
                if not any(a < m.end() and m.start() < b for a, b in spans):
                    labels.append(label)
                    spans.append((m.start(), m.end()))
    return list(dict.fromkeys(labels)), spans


def _construct(kind: str, m: re.Match[str]) -> MetricHit | None:
    a = _stage_of(m, "a_")
    if kind in ("rate", "ratio"):
        b = _stage_of(m, "b_")
        name = RATE_OF.get((a, b)) if a and b else None
        return MetricHit(name, m.start(), m.end()) if name else None
    if a is None:
        return None
    if kind == "cheap":
        cheap = m.group("dir") in (
            "cheapest",
            "least expensive",
            "lowest cost",
            "lowest-cost",
            "most cheaply",
        )
        return MetricHit(COST_OF[a], m.start(), m.end(), "best" if cheap else "worst")
    return MetricHit(COST_OF[a], m.start(), m.end())


def find_ambiguous(norm: str) -> tuple[list[tuple[str, tuple[str, ...]]], str]:
    """Metric words that could mean two governed metrics, with the metrics they could mean;
    the words are blanked so nothing else reads them."""
    found: list[tuple[str, tuple[str, ...]]] = []
    for pattern, options in AMBIGUOUS.items():
        for m in re.finditer(rf"\b(?:{pattern})\b", norm):
            found.append((m.group(0), options))
            norm = norm[: m.start()] + " " * (m.end() - m.start()) + norm[m.end() :]
    return found, norm


_COST_OF = {
    COUNT_OF[stage]: cost for stage, cost in COST_OF.items() if stage not in ("click", "impression")
}  # a count and the cost of one of it (clicks and impressions are not "each")
_EACH_COST = re.compile(
    r"\b(?:each|every|per)(?: one| of (?:them|those))?\b.{0,25}\bcost(?:s|ing)?\b|"
    r"\bcost(?:s|ing)?\b.{0,15}\b(?:each|apiece|a pop|per head)\b"
)


def cost_of_each(metrics: list[str], low: str) -> list[str]:
    """ "how many SQLs … and what's each one costing": the count and its cost (cost per SQL),
    not the spend; unchanged unless exactly one count with a cost is asked."""
    counts = [m for m in metrics if m in _COST_OF]
    if len(counts) != 1 or not _EACH_COST.search(low):
        return metrics
    cost = _COST_OF[counts[0]]
    return list(dict.fromkeys([*(m for m in metrics if m != "spend"), cost]))
