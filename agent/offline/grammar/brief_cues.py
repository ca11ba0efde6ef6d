# ruff: noqa: E501 — a table of regexes reads best one cue to a line
"""What a brief statement means, cue by cue: which field a clause is about from its verbs and
nouns ('bumping into X in deals' → competitors, 'moved off X onto Y' → tools, 'given X
notice' → agencies), and whether it adds a value or takes one away. Each cue is a regex whose
`v` group holds the value; `op` says what to do with it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Op = Literal["add", "remove", "move", "notice"]
_I = re.IGNORECASE


@dataclass(frozen=True)
class Cue:
    field: str
    pattern: re.Pattern[str]
    op: Op = "add"
    names: bool = True  # the values are names (spelt properly), not phrases


def _cue(field: str, pattern: str, op: Op = "add", names: bool = True) -> Cue:
    return Cue(field, re.compile(pattern, _I), op, names)


# What people call each field when they name it ("add X to our competitors").
FIELD_WORDS: dict[str, str] = {
    "competitors": r"competitors?|competition|rivals?|competitor list",
    "budget": r"(?:marketing\s+|monthly\s+|annual\s+|total\s+|overall\s+|ad\s+)*budget",
    "goals": r"goals?|targets?(?!\s+markets?)|objectives?|aims?|okrs?",
    "tools": r"tools?|(?:tech\s+|martech\s+|marketing\s+)?stack|martech|software",
    "channels": r"(?:marketing\s+)?channels?|channel mix",
    "agencies": r"agenc(?:y|ies)|freelancers?|contractors?|partners? agenc(?:y|ies)",
    "team": r"(?:marketing\s+|sales\s+)?team",
    "segments": r"segments?|verticals?|industries|sectors?",
    "target_markets": r"target markets?|target customers?|ideal customers?|icp",
    "price_points": r"price points?|pric(?:e|es|ing)(?:\s+tiers?)?|plans|tiers|aov|average order "
    r"value|average basket(?: size| value)?",
    "company": r"company name|company's name|business name",
    "offering": r"offering|products?|services?",
    "category": r"(?:market\s+)?category",
    "business_model": r"business model|revenue model|pricing model",
    "differentiators": r"differentiators?|usps?|unique selling points?",
    "proof_points": r"proof points?|case stud(?:y|ies)|customer results?",
    "alternatives": r"alternatives?|status quo",
    "brand_voice": r"brand voice|tone of voice|tone|voice",
}
_ANY_FIELD = "|".join(f"(?P<{name}>{words})" for name, words in FIELD_WORDS.items())
_OUR = (
    r"(?:(?:our|the|my|their|his|her)\s+)?(?:(?:main|key|biggest|closest|new|current|list of)\s+)*"
)

# "add X to our competitors", "put X under tools", "X is another competitor"
NAMED_ADD = re.compile(
    rf"\b(?:add|put|include|record|list|log|note|stick|pop)\s+(?P<v>.+?)\s+"
    rf"(?:to|in|into|on|under|as|onto)\s+{_OUR}(?:an?\s+|another\s+)?(?:{_ANY_FIELD})\b",
    _I,
)
NAMED_REMOVE = re.compile(
    rf"\b(?:remove|take|drop|delete|strike|cross)\s+(?P<v>.+?)\s+(?:off|from|out of)\s+{_OUR}"
    rf"(?:{_ANY_FIELD})\b",
    _I,
)
# "our competitors are X", "budget goes to £25k/mo", "goal: 200 SQLs"
NAMED_IS = re.compile(
    rf"\b{_OUR}(?:{_ANY_FIELD})\s*(?:for\s+[\w ]{{1,25}}?(?:\s+|(?=:)))?(?:is|are|'s|’s|:|=|will be|includes?"
    rf"|(?:has\s+)?(?:now\s+)?(?:gone|goes|going|went|moved|moves|increased|increases|rises|rose"
    rf"|dropped|drops|cut|been cut|been increased|been approved|changed|changes)\s+(?:up\s+|down\s+)?"
    rf"(?:to|at)?|should be|now)\s+(?:now\s+)?(?:to\s+)?(?P<v>.+)",
    _I,
)
# "update our budget to 30k a month", "set the goal to 40 SQLs a month": the field's new value
NAMED_SET = re.compile(
    rf"(?:\b(?:update|change|set|bump|raise|increase|lower|reduce|cut|move|make|put)\s+|^\s*)"
    rf"{_OUR}"
    rf"(?:{_ANY_FIELD})\s+(?:up\s+|down\s+)?(?:to|at|as)\s+(?P<v>.+)",
    _I,
)
# a field named on its own at the start: "Competitors — …" (an option chosen from a question)
NAMED_LEAD = re.compile(
    rf"^\s*(?:(?:a|one|another|new|our|the|an(?:other)?|extra|latest)\s+)*(?:{_ANY_FIELD})"
    rf"(?:\s+(?:for|to|from)\s+(?:you|the brief|your notes|the file|2\d\d\d|the board|leadership|"
    rf"the ceo|(?:our\s+)?investors?|the founders?))?\s*[—–:-]\s+(?P<v>.+)$",
    _I,
)

_VERB_ED = r"(?:we(?:'ve|’ve| have)?|they(?:'ve|’ve| have)?|i(?:'ve|’ve| have)?)\s+"
CUES: tuple[Cue, ...] = (
    # markets: selling into a country or region ("starting to sell into Ireland")
    _cue(
        "target_markets",
        r"\b(?:sell(?:s|ing)?|expand(?:s|ing|ed)?|launch(?:es|ing|ed)?|mov(?:e|es|ing)|go(?:es|ing)?)"
        r"\s+(?:into|in|to)\s+(?P<v>(?:the\s+)?(?-i:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)|(?:the\s+)?(?:us|uk|eu|"
        r"ireland|germany|france|spain|the netherlands|nordics|dach|benelux|apac|emea|"
        r"north america|europe|canada|australia))\b",
    ),
    # competitors: meeting someone in deals
    _cue(
        "competitors",
        r"\bcompet(?:e|es|ing)\s+(?:directly\s+|head[- ]to[- ]head\s+)?(?:with|against)\s+(?P<v>.+)",
    ),
    _cue(
        "competitors",
        r"\b(?:come|comes|coming|came|run|running|ran|bump|bumps|bumping|bumped|go|going|went)\s+(?:up\s+)?(?:against|into)\s+(?P<v>.+)",
    ),
    _cue("competitors", r"\b(?:up\s+against|head[- ]to[- ]head\s+(?:against|with))\s+(?P<v>.+)"),
    _cue(
        "competitors",
        r"\b(?:los(?:e|es|ing|t)|lost)\s+(?:(?:a|two|three|some|several|more|most|\d+|lots of|a lot of|a few|a couple of|another|the)\s+)*(?:deals?|business|customers?|clients?|bids?|pitches?|opps|opportunities|renewals?)?\s*to\s+(?P<v>.+)",
    ),
    _cue(
        "competitors",
        r"\b(?:seeing|meeting|hearing about|running into)\s+(?P<v>.+?)\s+in\s+(?:\w+\s+){0,3}(?:deals|pitches|evaluations|rfps?|shortlists?|bake-?offs?)",
    ),
    _cue(
        "competitors",
        r"^(?P<v>[^,]+?)\s+(?:is|are)\s+(?:also\s+|now\s+)?(?:a\s+|an\s+|another\s+|one of our\s+|our\s+)?(?:new\s+|main\s+|big\s+|real\s+)?(?:competitor|rival)s?\b",
    ),
    _cue(
        "competitors",
        r"\b(?:no longer|don't|do not|never)\s+(?:compete|come up against|see|meet)\s+(?:with\s+|against\s+)?(?P<v>.+)",
        "remove",
    ),
    # alternatives: what prospects do instead of buying
    _cue(
        "alternatives",
        r"\b(?:prospects|customers|buyers|people|most teams|most|they)\s+(?:still\s+)?(?:use|do it in|do it with|rely on|stick with|stay with|manage with)\s+(?P<v>.+?)\s+(?:instead|rather than)\b",
        names=False,
    ),
    # agencies and freelancers
    _cue(
        "agencies",
        r"\b(?:agency|freelancer|freelance\s+[\w-]+|consultancy|contractor)\s+(?:called|named)\s+(?P<v>.+?)(?:\s+(?:for|to do|on)\s+(?:our\s+)?(?P<role>.+))?$",
    ),
    _cue(
        "agencies",
        r"\b(?:given|gave|giving|served|handed)\s+(?P<v>.+?)\s+(?:their\s+|its\s+|our\s+)?notice\b",
        "notice",
    ),
    _cue(
        "agencies",
        r"\b(?:fired|sacked|let go of|let(?=\s+[\w &.'-]+?\s+go\b)|parted ways with|part(?:ing)? ways with|stopped working with|no longer work(?:ing)? with|ended (?:our|the) (?:contract|retainer) with|terminated|dropped)\s+(?P<v>[^,;.]+?)(?:\s+go\b.*?)?(?:\s*[,;.].*)?$",
        "remove",
    ),
    _cue(
        "agencies",
        r"\b(?:hired|appointed|brought in|signed|engaged|taken on|took on|working with|work with|use|using|onboarded)\s+(?!(?:a|an|the|new|another)\b)(?P<v>.+?)\s+(?:as\s+(?:our|an?|the)\s+(?:new\s+)?)?(?:[\w-]+\s+){0,2}(?:agency|freelancer|contractor|consultancy)\b",
    ),
    _cue(
        "agencies",
        r"^(?P<v>[^,]+?)\s+(?:is|are)\s+(?:now\s+)?(?:our\s+|an?\s+)?(?:new\s+)?(?:[\w-]+\s+){0,2}(?:agency|freelancer|contractor|consultancy)\b",
    ),
    _cue(
        "agencies",
        r"\b(?:signed|hired|appointed|brought in|engaged|taken on|took on|onboarded)\s+(?:up\s+)?"
        r"(?:a|an|the)\s+(?:new\s+)?(?:[\w-]+\s+)?(?:agency|freelancer|consultancy),?\s+"
        r"(?:called\s+|named\s+)?(?P<v>[A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*)*)",
    ),
    # "we're on tiktok now": a channel, not a tool
    _cue(
        "channels",
        r"\b(?:we|they)(?:'re|’re| are)\s+(?:now\s+|also\s+)?(?:on|posting on|active on)\s+(?P<v>tiktok|instagram|insta|linkedin|youtube|facebook|threads|pinterest|snapchat|reddit|x|twitter|bluesky)\b",
    ),
    # tools: moving between, starting, cancelling
    _cue(
        "tools",
        r"\b(?:from|off)\s+(?P<from>[\w .&'-]+?)\s+(?:to|onto|over to|into)\s+(?P<v>.+)",
        "move",
    ),
    _cue(
        "tools",
        r"\b(?:moved?|moving|switch(?:ed|ing)?|migrat(?:ed|ing|e)|swapp?(?:ed|ing)?|chang(?:ed|ing)|gone|went)\b(?:\s+\w+){0,4}?\s+(?:to|onto|over to|across to)\s+(?P<v>.+)",
    ),
    _cue(
        "tools",
        r"\b(?:cancel+(?:ed|ing)?|ditch(?:ed|ing)?|dropp(?:ed|ing)|dump(?:ed|ing)|got rid of|getting rid of|killed|turned off|switched off|stopp(?:ed|ing) (?:using|paying for)|no longer (?:use|using|pay for|paying for)|(?:moved?|moving|migrated|switched|came) (?:away )?(?:off|from)|churned (?:off|from))\s+(?P<v>.+)",
        "remove",
    ),
    _cue(
        "tools",
        r"^(?P<v>[\w .&-]+?)(?:'s|’s| is| are| has been| have been| was| got)\s+(?:now\s+|officially\s+)?(?:cancel+ed|gone|switched off|turned off|dead|ditched)\b",
        "remove",
    ),
    _cue(
        "tools",
        rf"\b(?:{_VERB_ED})?(?:now\s+)?(?:use|using|started using|start using|signed up (?:for|to)|bought|pay for|paying for|subscribed to|rolled out|implemented|adopted|are on|'re on)\s+(?P<v>.+?)(?:\s+for\s+.+)?$",
    ),
    # channels: running, starting and stopping them
    _cue(
        "channels",
        r"\b(?:started|launched|begun|began|kicked off|set up)\s+(?:a|an|our|the)\s+(?:new\s+)?"
        r"(?P<v>podcast|newsletter|blog|webinar series|webinars|youtube channel|tiktok|"
        r"instagram|community|events? programme)\b",
    ),
    _cue(
        "channels",
        r"\b(?:stopped|stopping|quit|quitting|dropped|dropping|killed|no longer)\s+(?:running|doing|advertising on|posting on|using|sending|paying for)?\s*(?P<v>.+)",
        "remove",
    ),
    _cue(
        "channels",
        r"\b(?:started|starting|begun|began|launched|launching|now|also|trialling|testing|'re|’re|are)\s+(?:running|doing|posting on|advertising on|sending|trying|trialling|testing)\s+(?P<v>.+)",
    ),
    _cue(
        "channels",
        r"\b(?:we|they)\s+(?:now\s+|also\s+|mainly\s+|mostly\s+)?(?:advertise|market|post|run ads|promote)\s+(?:on|through|via|with|in)\s+(?P<v>.+)",
    ),
    # company name
    _cue(
        "company",
        r"\b(?:company|client|business|firm|brand)(?:'s|’s| is)?\s+(?:called|named)\s+(?P<v>.+)",
    ),
    _cue(
        "company",
        r"\b(?:we(?:'re|’re| are)|they(?:'re|’re| are)|it's|it is)\s+(?:called|named)\s+(?P<v>.+)",
    ),
    _cue("company", r"\b(?:the client is|trading as|we trade as|they trade as)\s+(?P<v>.+)"),
    # team
    _cue(
        "team",
        r"^(?P<v>[\w' -]+?)\s+(?:has\s+|just\s+)?(?:joined|starts|started|is starting|is joining)\s+(?:us\s+|the team\s+)?(?:as\s+(?:our\s+|the\s+|a\s+|an\s+)?(?P<role>.+))?$",
    ),
    _cue(
        "team",
        r"\b(?:hired|hiring|taken on|took on|onboarded|welcomed)\s+(?:a\s+|an\s+)?(?P<v>.+?)(?:\s+as\s+(?:our\s+|the\s+|a\s+|an\s+)?(?P<role>.+))?$",
    ),
    # "we have 6 AEs", "we're 42 people now, not 40": the team's size
    _cue(
        "team",
        r"\b(?:we|they)\s*(?:now\s+)?(?:have|'ve got|’ve got|'re|’re|are)\s+(?:now\s+)?(?P<v>\d+\s+(?:[\w-]+\s+)?(?:AEs?|SDRs?|BDRs?|reps?|salespeople|sales people|marketers?|people|staff|employees|FTEs?|account executives?|headcount)\b(?:\s+(?:in|on)\s+(?:the\s+)?(?:sales|marketing)(?:\s+team)?)?)",
        names=False,
    ),
    _cue("team", r"\bour new\s+(?P<role>[\w -]+?)\s+is\s+(?P<v>.+)"),
    _cue(
        "team",
        r"^(?P<v>[\w' -]+?)\s+(?:is\s+)?(?:our\s+)(?:new\s+)?(?P<role>(?:head|director|vp|manager|cmo|cro|ceo|coo|marketing|sales|content|growth|demand)[\w -]*)$",
    ),
    _cue(
        "team",
        r"^(?P<v>[\w' -]+?)\s+(?:has\s+)?(?:left|quit|resigned|is leaving|handed in (?:his|her|their) notice)\b",
        "remove",
    ),
    # goals
    _cue(
        "goals",
        r"\b(?:we|they)\s+(?:really\s+)?(?:want|need|have|'ve got|’ve got|are aiming|'re aiming|aim|plan|hope|must|are trying|'re trying)\s+to\s+(?P<v>(?:hit|reach|get to|get|double|triple|grow|increase|win|book|generate|land|sign|close|launch|break into|become|be)\b.+)",
        names=False,
    ),
    _cue(
        "goals",
        r"\b(?:the board|investors|the ceo|our ceo|the founders?|leadership)\s+(?:wants?|expects?|has set|set|asked for|is asking for)\s+(?:us\s+to\s+)?(?P<v>.+)",
        names=False,
    ),
    _cue("goals", r"\b(?:aiming|pushing|going)\s+for\s+(?P<v>.+)", names=False),
)

# cues tried after money: who buys, what is sold, how it sounds …
LATE_CUES: tuple[Cue, ...] = (
    _cue(
        "segments",
        r"\b(?:we|they)(?:'re|’re| are)?\s+(?:now\s+)?(?:mainly\s+|mostly\s+|only\s+|also\s+)?(?:sell(?:ing)?|market(?:ing)?)\s+(?:mainly\s+|mostly\s+|only\s+)?(?:in)?to\s+(?P<v>.+)",
        names=False,
    ),
    _cue(
        "segments",
        r"\b(?:we|they)(?:'re|’re| are)?\s+(?:now\s+)?(?:also\s+)?(?:targeting|target|going after|focus(?:ing)? on|expanding into|moving into|entering|breaking into)\s+(?P<v>.+)",
        names=False,
    ),
    _cue(
        "segments",
        r"\b(?:most|all|the majority|half|most) of (?:our|their) (?:customers|clients|buyers|revenue|deals)\s+(?:are|is|come from|comes from)\s+(?P<v>.+)",
        names=False,
    ),
    _cue(
        "segments",
        r"\b(?:our|their) (?:best\s+)?(?:customers|clients|buyers) are\s+(?:mostly\s+|mainly\s+|all\s+)?(?P<v>.+)",
        names=False,
    ),
    _cue(
        "differentiators",
        r"\b(?:only we|we(?:'re| are) the only (?:ones?|vendor|company|product|tool|people)\s+(?:that|who|to|with))\s+(?P<v>.+)",
        names=False,
    ),
    _cue("differentiators", r"\bunlike\s+[^,]+,\s*(?:we|our product)\s+(?P<v>.+)", names=False),
    _cue(
        "brand_voice",
        r"\b(?:we|the brand|our copy|it)\s+should\s+(?:always\s+)?(?:sound|feel|come across|read)\s+(?P<v>.+)",
        names=False,
    ),
    _cue(
        "brand_voice",
        r"\b(?P<v>(?:never|don't|do not|avoid)\s+(?:say|saying|use|using|the word)\s+.+)",
        names=False,
    ),
    _cue(
        "alternatives",
        r"\b(?:the|our) (?:main |real |biggest )?(?:alternative|competitor) is (?:doing nothing|the status quo|(?P<v>.+))",
        names=False,
    ),
    _cue(
        "proof_points",
        r"\b(?P<v>(?:customer|client)\s+.+?\b(?:saved|cut|reduced|increased|grew|doubled|halved)\b.+)",
        names=False,
    ),
    _cue(
        "business_model",
        r"\b(?:we|they)\s+(?:charge|bill|invoice)\s+(?P<v>(?:per|by|annually|monthly|yearly|a subscription|on a|upfront|a retainer|a fee).+)",
        names=False,
    ),
    _cue(
        "business_model",
        r"\b(?:we(?:'re| are)|it's|it is)\s+(?:a\s+)?(?P<v>(?:subscription|saas|usage-based|freemium|marketplace|retainer|licen[cs]e)[\w -]*(?:business|model|company)?)",
        names=False,
    ),
    _cue(
        "category",
        r"\b(?:we(?:'re| are)|they(?:'re| are))\s+in the\s+(?P<v>.+?)\s+(?:space|category|market)\b",
        names=False,
    ),
    _cue(
        "category",
        r"\b(?:buyers|customers|analysts|people) (?:see|put|file|class) us (?:as|in)\s+(?P<v>.+)",
        names=False,
    ),
    _cue(
        "offering",
        r"\b(?:we|they)\s+(?:now\s+)?(?:sell|make|offer|provide|build|roast|produce|launched|have launched|'ve launched)\s+(?!to\b|in\b|into\b)(?P<v>.+)",
        names=False,
    ),
)

# money: a budget when it is for marketing, a price when something is sold for it
BUDGET_WORDS = re.compile(
    r"\b(?:budget|marketing|approved|signed off|sign[- ]off|allocated|allocation|ad spend|media"
    r"|spend|spending|to spend|invest(?:ing|ment)?)\b",
    _I,
)
PRICE_WORDS = re.compile(
    r"\b(?:sell|sells|selling|sold|charge|charges|charging|priced?|pricing|costs?|plans?|tiers?"
    r"|subscriptions?|per (?:user|seat|licen[cs]e|head)|starts? at|retail|rrp|packages?"
    r"|starter|growth|pro|enterprise|premium|basic)\b",
    _I,
)
GOAL_WORDS = re.compile(r"\b(?:arr|mrr|revenue|pipeline|target|goal|hit|reach|bookings)\b", _I)

CHANNEL_WORDS = re.compile(
    r"^(?:(?:paid\s+|organic\s+)?(?:linkedin|google|meta|facebook|instagram|tiktok|youtube|x|"
    r"twitter|bing|reddit|pinterest)(?:\s+(?:ads|advertising|posts?|organic|search|shopping|"
    r"pmax|video))?|webinars?|newsletters?|email(?: marketing)?|seo|blog(?:ging)?|podcasts?|"
    r"events?|trade ?shows?|conferences?|ppc|paid (?:search|social)|display|direct mail|"
    r"cold (?:calling|email|outreach)|outbound|partnerships?|referrals?|affiliates?|"
    r"content marketing|video|radio|print|out of home|ooh|sponsorships?)$",
    _I,
)
GEOGRAPHY = re.compile(
    r"\b(?:uk|us|usa|europe|eu|emea|apac|dach|nordics|benelux|germany|france|spain|italy|"
    r"ireland|scotland|wales|london|north america|canada|australia|new zealand|india|"
    r"(?:mid-?market|enterprise|smbs?|smes?)(?= only|$))\b",
    _I,
)
STATUS_QUO = re.compile(
    r"^(?:spreadsheets?|excel|google sheets|inertia|doing nothing|nothing|the status quo|status quo"
    r"|manual(?: processes?| work)?|paper|email|in-house|hiring|building (?:it )?in-house)$",
    _I,
)
