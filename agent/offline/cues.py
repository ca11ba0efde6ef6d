"""Words that tell how a message is meant, for `understand.py`: where a second request begins,
orders to act in another system, a roadmap asked for, a how-to asked about, a question (which
records nothing) versus a statement to keep, and whose knowledge is meant (ours or general)."""

from __future__ import annotations

import re

from agent.offline.grammar.kpi_asks import REPORTED

# how a second request in one message begins: an order or a question, not more context
ASKING = (
    r"(?:can|could|would|please|pls|also|then|what|how|which|who|when|where|why|is|are|do|does|"
    r"give|show|draft|plan|write|make|build|pull|tell|put|add|remind|diagnose|create|send|"
    r"email|post|update|record|note|remember|list|compare|break)\b"
)
SPLIT = re.compile(
    r"(?:[.;!?]\s+|,\s*)(?=(?:and\s+)?(?:also|then|plus|after that|separately|while you'?re "
    r"at it|can you also|could you also|and can you|and could you|and please|and pls)\b)"
    r"|\s+(?:and also|and then|plus also|as well as that)\s+"
    r"|\s*[—–]\s*(?:and\s+)?(?=" + ASKING + r")|\s+-\s+and\s+"
    r"|,?\s+and\s+(?=(?:what|how|which|who|give|show|draft|plan|remind|tell|pull|build|make|"
    r"write|put|turn|send|email|post|update|record|change|fix|set|note|remember|save|log|"
    r"diagnose|search|find|check|compare|rank|list|explain)\b)"
    r"|,\s+and\s+(?=(?:is|are|does|do|should|would|could|can)\s+(?:that|this|it|those|these|"
    r"we|they)\b)"  # "…in Q3, and is that any good for B2B generally?"
    r"|(?<=\S)\s+(?=[2-9][.)]\s+\w)",  # "1. spend by channel 2. what does …": each item
    re.IGNORECASE,
)
SENTENCES = re.compile(r"(?<=[?!])\s+")  # two questions: split only when both read surely
# A request to act in another system (post, publish, send, change bids…), said as an order.
# "bump its daily budget to £150", "lower the bids on brand": a setting in the ad platform
# (the brief's marketing budget is recorded: "update our budget to 30k a month")
BUDGET_CHANGE = (
    r"\b(?:bump|raise|increase|lower|reduce|cut|set|change|up|double|halve|pause|cap) "
    r"(?:its|their|the campaign'?s|that campaign'?s|the ad set'?s|this campaign'?s) "
    r"(?:daily |lifetime |monthly )?(?:budgets?|bids?|max cpc|cpc cap)\b"
    r"|\b(?:bump|raise|increase|lower|reduce|cut|set|change|double|halve) (?:the |our )?"
    r"(?:(?:daily|lifetime) budgets?|bids?|max cpcs?)\b"
)
ACTION_ELSEWHERE = re.compile(
    r"^\s*(?:(?:can|could) you |please |pls )?(?:post|publish|tweet|send|email|dm|upload|"
    r"boost|pause|turn off) (?:this|that|it|these|the|our|my)\b"
    r"|\b(?:add|put|push|sync|load|import|copy) (?:it|this|that|them|these|everything|the "
    r"(?:calendar|posts|plan))(?: all)? (?:in)?to (?:our|my|the|a) (?:shared )?(?:google|outlook|"
    r"apple|office|teams|hubspot|salesforce|asana|trello|notion|monday|slack|buffer|hootsuite)\b"
    r"|^\s*(?:(?:can|could) you |please |pls )?(?:book|schedule|arrange|set up) (?:a |an )?"
    r"(?:meeting|call|demo|calendar invite|invite)\b"  # "please book a meeting with Tom…"
    r"|^\s*(?:(?:can|could) you |please |pls )?book (?:me |us |in )?.{0,20}\b"  # "book me 30
    r"(?:\d+ ?(?:mins?|minutes?|hours?|hrs?)|meeting|call|slot|time)\b"  # mins with tom thurs…"
    r"|" + BUDGET_CHANGE,
    re.IGNORECASE,
)
# "how are leads doing", "how's the pipeline looking", "hows linkedin doing lately": a figure
HOW_DOING = re.compile(
    r"\bhow(?:'s|’s|s| is| are| has| have)\b.{1,40}\b(?:doing|looking|tracking|performing|"
    r"trending|going|holding up)\b",
    re.IGNORECASE,
)
# "mql vs sql diff?", "difference between CPL and CPA": what two terms mean
TERMS_APART = re.compile(
    r"\b(?:diffs?|differences?|diffrence|difrence|diference|differnce)\b.{0,40}|"
    r"\b(?-i:[A-Z]{2,5})s? (?:vs\.?|versus) "
    r"(?-i:[A-Z]{2,5})s?\b(?=.{0,10}\b(?:diff|difference)\b)"
    r"|\b(?:is|are) (?:an? |the )?(?-i:[A-Z]{2,5})s? (?:the same (?:thing )?as|different "
    r"(?:from|to)|just) (?:an? |the )?(?-i:[A-Z]{2,5})s?\b",  # "is ROAS the same as ROI?"
    re.IGNORECASE,
)
# "how do you work out CAC payback? the formula, not our number": how a figure is made
FORMULA = re.compile(
    r"\b(?:formula|how (?:is|are|do you|do i|would you|should i) (?:\w+ ){0,4}?(?:calculated|"
    r"measured|worked out|work out|calculate|measure)|not (?:our|my) (?:own )?(?:number|figure))\b",
    re.IGNORECASE,
)
ROADMAP = re.compile(r"\b30\s*/\s*60\s*/\s*90\b|\b(?:30|60|90)[- ]day plan\b", re.I)
ASKS_ABOUT = re.compile(
    r"\b(?:in general|what goes in(?:to)?|what (?:should|does) an? .{0,30}(?:include|contain|"
    r"cover)|what is|what's a|how (?:do|should|would) (?:i|we|you)|how to|explain|"
    r"best practices?|templates?|examples? of|frameworks?|(?:in |just the )theory|"
    r"what (?:\w+ ){0,3}(?:does|do|should) (?:\S+ ){0,6}(?:need|include|contain|have|cover))\b"
    r"|\bis (?:a|an) [£$€]?\d[\d,.]*(?:k|%)? ",  # "is a £90 CPL on linkedin bad": a benchmark
    re.IGNORECASE,
)
# "how do you even build a content calendar that…", "walk me through how positioning is done
# properly": how a thing is done in general (said without "our"), not an order to do it
HOW_IT_IS_DONE = re.compile(
    r"^\W*(?:(?:so|ok|okay|sorry|honestly|genuinely|quick one),?\s+)?(?:how (?:do|does|would|"
    r"should|can) (?:you|one|people|teams|companies|anyone)|how to|how (?:is|are) (?:\w+ ){1,3}"
    r"(?:done|built|made|written|run|structured|set up)|(?:walk|talk|take) me through how|explain"
    r" how)\b",
    re.IGNORECASE,
)
QUESTION = re.compile(
    r"\?\s*$|^\s*(?:what|which|who|whom|how|when|where|why|is|are|do|does|did|have|has|can|"
    r"could|should)\b",
    re.IGNORECASE,
)
# …unless it states a fact to keep ("can you note that our budget is now £30k?")
STATES = re.compile(
    r"\b(?:note|remember|fyi|for the record|record|add|update|log|we(?:'ve| have) (?:just )?"
    r"(?:hired|signed|lost|launched|moved|switched|dropped|added)|is now|are now)\b",
    re.IGNORECASE,
)
SEARCHES = {"search_client_documents", "search_playbooks"}
OWN = re.compile(r"\b(?:our|ours|we|us|my|mine)\b", re.IGNORECASE)
# "remind me what Daniel wants", "tell me who our competitors are": a question, not a reminder
RECALL = re.compile(
    r"^\s*(?:(?:can|could) you |pls |please )?(?:remind me|tell me|refresh my memory)"
    r"(?: again)?,? (?:on |about )?(?:what|who|how|when|where|why|which|of|whether)\b",
    re.IGNORECASE,
)
# "general best practice, not our situation": the playbooks, whatever the pronouns say
GENERAL = re.compile(
    r"\b(?:in general|generally|general (?:best practice|advice|rule)|"
    r"not (?:for )?our (?:situation|case)|typically|for (?:most|any|a typical) "
    r"(?:companies|business|b2b))\b",
    re.IGNORECASE,
)
# a message that opens with an order to make something ("draft our…", "can you plan…")
ORDER = re.compile(
    r"^\s*(?:(?:can|could|would) you |pls |please |let'?s |i need you to )?(?:draft|write|redo|"
    r"rework|build|create|put together|plan|map out|diagnose|audit|give me|do)\b",
    re.IGNORECASE,
)
# a change said to a calendar just made: drop, scrap, move, make heavier…
CALENDAR_CHANGE = re.compile(
    r"\b(?:drop|scrap|ditch|bin|axe|remove|cut|kill|lose|pull|swap|move|shift|change|make|"
    r"switch|replace|push|instead|heavier|lighter|more|fewer|less)\b",
    re.IGNORECASE,
)
# drafts named together ("positioning + messaging both pls", "do the ICP and messaging")
_DRAFT_WORDS = (
    ("draft_positioning", r"positioning"),
    ("draft_icp", r"icp|ideal customer profile|buyer personas?"),
    ("draft_messaging", r"messaging(?: house| framework)?"),
)
ORDER_OR_BOTH = re.compile(
    r"\b(?:both|all three|the lot|draft|write|do|redo|build|create|give me|pls|please)\b|\+",
    re.IGNORECASE,
)


def drafts_named(text: str) -> list[str]:
    """The drafting tools a message names, in the order drafts build on each other."""
    return [tool for tool, words in _DRAFT_WORDS if re.search(rf"\b(?:{words})\b", text, re.I)]


_BACK = ("it", "this", "that", "them", "these", "those", "one")


def a_request(part: str) -> bool:
    """A part of a message that can stand as a request of its own: three words or more, or two
    that neither point back nor only ask about the first part ("diagnose us", "spend MTD";
    not "diagnose it", "what's included?")."""
    words = [w.lower().strip("?.!,") for w in part.split()]
    if _REMARK.match(part) or REPORTED.match(part) or _ORDER_ONLY.match(part):  # "The board
        return False  # keeps asking.", "my team says none", "Worst first, please.": not one
    if len(words) >= 3:
        return True
    return len(words) == 2 and words[1] not in _BACK and not _QUESTION_WORD.match(words[0])


_REMARK = re.compile(
    r"^\s*(?:the|our|my|he|she|they|it|this|that)\b(?:\s+\w+){0,3}\s+(?:keeps?|is|are|was|were|"
    r"has|have)\s+(?:asking|chasing|pushing|on at me|nagging|wondering)\b[^?]*[.!]?\s*$",
    re.IGNORECASE,
)
# "Worst first, please.", "cheapest at the top", "top 3 only": how the rows are ordered
_ORDER_ONLY = re.compile(
    r"^\W*(?:(?:and|but|so|please|pls|ok)\W+)?(?:(?:sorted|ranked|ordered|sort (?:it|them)|rank "
    r"(?:it|them)|order (?:it|them))\W+)?(?:by\W+)?(?:(?:the\s+)?(?:worst|best|cheapest|priciest|"
    r"highest|lowest|biggest|smallest|most expensive|least expensive|largest)(?:\s+ones?)?\s+"
    r"(?:first|at the top|on top)|(?:just\s+)?(?:the\s+)?top\s+\d+(?:\s+only)?)"
    r"(?:\W+(?:please|pls|thanks|thx|ta))?\W*$",
    re.IGNORECASE,
)
_QUESTION_WORD = re.compile(r"(?:what|how|which|who|why|when|where|is|are|do|does)(?:'s|’s)?$")

# right after a how-to: "now for us", "do it for us", "ok, ours please", "apply that to us"
FOR_US = re.compile(
    r"^\s*(?:ok(?:ay)?,? |now,? |so,? |great,? |and )?(?:(?:now |please )?(?:do|make|build|write|"
    r"draft) (?:it|that|this|one|ours) )?(?:for us|for ours|ours|for our (?:business|company|"
    r"team|client))(?: (?:now|please|pls|then))?\s*[.!?]*\s*$|^\s*apply (?:it|that|this) to us\b"
    r"|^\s*(?:(?:ok(?:ay)?|cool|great|nice|right|thanks|perfect)[,.!]*\s+)?(?:now\s+)?(?:(?:can|could|"
    r"would) you |pls |please )?(?:now )?(?:do|make|build|write|draft|create|put together) (?:ours|"
    r"one for us|us one|it for us|that for us)\b",  # "cool. can you draft ours"
    re.IGNORECASE,
)
# "wtf is MER", "what does CAC stand for": a definition, from the playbooks
DEFINITION = re.compile(
    r"^\s*(?:what|wtf|wth)(?:'s|’s| is| are| does| do)\s+(?:an?\s+)?"  # not "what's the ROAS"
    r"(?-i:[A-Z][A-Z0-9:]{1,6})s?(?:\s+(?:mean|stand for))?\s*\??\s*$"
    r"|^\s*(?:what|wtf|wth)(?:'s|’s| is| does| do)\s+the\s+(?-i:[A-Z][A-Z0-9:]{1,6})s?\s+"
    r"(?:mean|stand for)\b"
    r"|^\s*(?:so\s+|sorry,?\s+|quick one:?\s+)?what\s+(?:does|do)\s+(?:an?\s+|the\s+)?"
    r"(?-i:[A-Z][A-Za-z0-9:]{1,6})s?\s+(?:actually\s+)?(?:mean|stand for)\b"
    r"(?!\s+for\s+(?:us|our|me))",  # "what does ICP stand for and why…"
    re.IGNORECASE,
)

# "whats its cpl": a figure question pointing back to what the message named before
POINTS_BACK = re.compile(r"\b(?:its|it|their|they|them|that one|this one)\b", re.IGNORECASE)


def about_us(text: str) -> bool:
    """A question about the client's own situation ("how much are we paying brightside",
    "remind me what Daniel wants"), not a how-to, not an order."""
    asks = RECALL.search(text) or (QUESTION.search(text) and OWN.search(text))
    ours = re.sub(r"\bwhat(?:'s|’s| is| are) (?=our|my)", "", text, flags=re.IGNORECASE)
    general = GENERAL.search(text) or ASKS_ABOUT.search(ours)  # "what is our…" is not a how-to
    return bool(asks) and not general and not ORDER.match(text)


# "forecast what we'll close in Q4", "predict next quarter's leads": no tool forecasts
FORECAST = re.compile(
    r"\b(?:fore?cast(?:s|ing)?|forcast(?:s|ing)?|forecst|predict(?:ion|ions|ed)?|predcit|"
    r"projections?|extrapolate|what will (?:we|it|our)|"
    r"will we (?:hit|reach|make|close)|(?:we|we)'ll (?:close|hit|make|get))\b",
    re.IGNORECASE,
)
