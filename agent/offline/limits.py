"""What the offline model says when no tool serves a request: the capability asked for, why it
cannot, and the nearest things it can do — or a refusal for attempts on its instructions or
another client's data. Plain words, never a pile of loosely matching passages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from agent.offline.cues import BUDGET_CHANGE
from core.prompts import render


@dataclass(frozen=True)
class Limit:
    what: str
    why: str
    instead: tuple[str, ...]


_LIMITS: tuple[tuple[str, Limit], ...] = (
    (
        r"\b(?:add|put|push|sync|load|import|copy)\b.*\b(?:google|outlook|apple|office|teams)"
        r" ?(?:calendar|cal)\b|\b(?:calendar invites?|invite (?:the )?team)\b",
        Limit(
            "put the plan into your Google or Outlook calendar",
            "I don't connect to your calendar accounts",
            (
                "export the content calendar as iCalendar (.ics): Google Calendar and Outlook "
                "import it (Calendars → Import), and CSV or Markdown for a spreadsheet or doc",
            ),
        ),
    ),
    (
        r"\b(post|publish|tweet|share|schedule|queue|upload)\b.*\b(linkedin|instagram|facebook|"
        r"twitter|x|tiktok|social|page|feed|buffer|hootsuite|hubspot)\b|\bpost (this|it|that)\b",
        Limit(
            "post or schedule content on social media",
            "I don't connect to your social accounts",
            (
                "plan the posts in a content calendar you can export (CSV, iCalendar, Markdown)",
                "draft the message and its angle from your positioning and messaging",
            ),
        ),
    ),
    (
        r"\b(send|email|mail|e-mail)\b.*\b(email|newsletter|campaign|list|customers|ceo|team|him|"
        r"her|them)\b|\bsend (it|this|that)\b",
        Limit(
            "send emails",
            "I don't connect to your email or CRM",
            (
                "plan newsletters and emails in a content calendar",
                "draft the messaging they should carry",
            ),
        ),
    ),
    (
        r"\b(change|raise|lower|increase|decrease|pause|turn off|switch off|stop|adjust|set|"
        r"move)\b.*\b(bids?|budgets?|spend|campaigns?|ads?)\b.*\b(in|on) (google|meta|linkedin|"
        r"facebook|ads manager|the platform|ad account)|" + BUDGET_CHANGE,
        Limit(
            "change budgets, bids or campaigns in your ad accounts",
            "I only read the exports you import",
            (
                "show which campaigns and channels earn their spend (cost per SQL, ROAS)",
                "diagnose where money is wasted and plan what to fix first",
            ),
        ),
    ),
    (
        r"\b(connect|sync|integrate|link|log ?in)\b.*\b(google ads|hubspot|salesforce|ga4|"
        r"analytics|meta|linkedin|account|crm)\b|\b(live|real[- ]time) data\b",
        Limit(
            "connect live to your ad or CRM accounts",
            "I work from the exports you upload",
            (
                "import a CSV or Excel export (Google Ads, Meta, LinkedIn, GA4, HubSpot, "
                "Salesforce) and answer with exact figures",
            ),
        ),
    ),
    (
        r"\b(image|images|picture|logo|banner|video|graphic|illustration|design|mock-?up|"
        r"thumbnail|photo|visual)s?\b",
        Limit(
            "make images, logos or videos",
            "I work with words and figures",
            ("draft the copy and brief for a designer", "plan the creative in a calendar"),
        ),
    ),
    (
        r"\b(browse|google it|look (it )?up online|search the (web|internet)|on the web|"
        r"website of|their website|latest news|trending now|scrape)\b",
        Limit(
            "browse the web",
            "I only read this workspace's documents and our playbooks",
            (
                "search your own documents (competitor notes, interviews, reports)",
                "answer from our marketing playbooks",
            ),
        ),
    ),
    (
        r"\b(fore?cast|forcast|forecst|predict|predcit|projection|project(ed)?|"
        r"will we (hit|reach|get|make)|next year'?s|"
        r"how many .* will we|estimate future)\b",
        Limit(
            "forecast future results",
            "I only report what your data shows",
            (
                "show how a metric has trended month by month",
                "compare periods (month over month, year over year)",
            ),
        ),
    ),
    (
        r"\b(code|python|javascript|html|css|sql query|script|zap|zapier|spreadsheet formula|"
        r"api integration)\b",
        Limit(
            "write code or build integrations",
            "I'm a marketing assistant",
            ("explain the marketing method or metric formula from our playbooks",),
        ),
    ),
    (
        r"\b(legal|lawyer|contract|gdpr compliance|tax|vat|payroll|salary|hr|employment|"
        r"accounting|invoice (them|our client))\b",
        Limit(
            "give legal, HR or accounting advice",
            "that needs a qualified professional",
            ("help with the marketing side: positioning, messaging, plans and figures",),
        ),
    ),
    (
        r"\b(book|schedule) (a )?(meeting|call|demo)\b|\bcalendar invite\b",
        Limit(
            "book meetings",
            "I don't connect to calendars or inboxes",
            ("plan a webinar or event series in a content calendar",),
        ),
    ),
)
_GENERIC = Limit(
    "do that",
    "it is outside what a marketing assistant with your documents and data can do",
    (
        "answer campaign questions with exact figures (spend, CPL, cost per SQL, ROAS…)",
        "search your documents and our playbooks",
        "plan content calendars, diagnose your marketing, draft positioning, ICP and messaging",
    ),
)


def cannot_answer(text: str) -> str:
    """ "I can't … yet — why. Here is what I can do instead: …" for a request no tool serves."""
    limit = next((lim for pattern, lim in _LIMITS if re.search(pattern, text, re.I)), _GENERIC)
    return render("answers/cannot.md.j2", what=limit.what, why=limit.why, instead=limit.instead)


REFUSED = "refused"  # a refusal, as a step of the conversation (`PriorCall` name)
REFUSED_SAYS = "I can't share that."  # how every refusal begins (answers/refuse.md.j2)
# right after a refusal, asking for a part of the same ("ok fine, just the first line then")
PART_OF_IT = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|fine|alright|right|come on|pls|please|then|so|well)\W+)*"
    r"(?:(?:just|only|at least|what about|how about|then)\s+)+(?:the\s+|a\s+|one\s+)?"
    r"(?:first|1st|opening|last|short|quick|rough)?\s*(?:line|lines|sentence|sentences|word|words|"
    r"paragraph|bit|part|summary|gist|outline|hint|paraphrase|version|name|names|one|example)s?"
    r"(?:\s+(?:of (?:it|them|that)|then|please|pls|from it))*\W*$",
    re.IGNORECASE,
)


def refusal() -> str:
    return render("answers/refuse.md.j2")


_EXTRACTION = re.compile(
    r"\b(system prompt|your (instructions|prompt|rules|guidelines|configuration)|"
    r"ignore (all |any |the |your )?(previous|prior|above|earlier|system )?"
    r"(instructions|rules|prompt)|developer mode|jailbreak|api keys?|(?<!\bmy )other clients?'?s?|"
    r"another client'?s?|other (companies|workspaces|tenants)'? data|all (the )?workspaces|"
    r"(a |another )?client of yours|your other clients?)\b",
    re.IGNORECASE,
)


# a consultant's "my other clients": an attempt only in a sentence that asks for something
# ("how does our CPL compare with my other clients?"), not as context ("My other clients sit
# around 20–30%", "nothing from my other clients, obviously")
_MY_OTHER = re.compile(r"\bmy other clients?'?s?\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+|\s+[—–]\s+")
_ASKING = re.compile(
    r"\?|^\W*(?:(?:and|so|now|ok)\W+)?(?:show|compare|pull|give|tell|list|share|what|how|which|"
    r"who|can|could|would|benchmark|put)\b",
    re.IGNORECASE,
)
_NOT_WANTED = re.compile(r"\b(?:nothing|not|no|without|never|don'?t|do not|exclud\w*)\b", re.I)


def asks_for_secrets(text: str) -> bool:
    """Attempts on the instructions or other clients' data (plain words, high precision)."""
    if _EXTRACTION.search(text):
        return True
    return any(
        _MY_OTHER.search(s) and _ASKING.search(s) and not _NOT_WANTED.search(s)
        for s in _SENTENCE.split(text)
    )


_LEGAL_FORMS = re.compile(
    r"\((?:demo|test|sandbox)\)|\b(?:ltd|limited|inc|llc|plc|gmbh|corp|co)\b\.?", re.IGNORECASE
)


def other_client_named(text: str, own_id: str, clients: Iterable[tuple[str, str]]) -> bool:
    """True when `text` names another client of this instance: `clients` are (workspace id,
    name) pairs; a name counts when a person gave it (not the bare id) and, without its legal
    form ("Ltd", "Inc"), it has five letters or more. The workspace's own name never counts."""
    for workspace_id, name in clients:
        if workspace_id == own_id or name.strip().lower() == workspace_id.lower():
            continue
        core = " ".join(_LEGAL_FORMS.sub(" ", name).split())
        if len(core) >= 5 and re.search(rf"(?<![\w-]){re.escape(core)}(?![\w-])", text, re.I):
            return True
    return False


def smalltalk(text: str, summaries: list[tuple[str, str]]) -> str:
    """A greeting or thanks, with what each capability does (`summaries`: (tool, summary))."""
    greeting = "Thanks!" if re.search(r"\bthank", text, re.I) else "Hello!"
    return render("answers/smalltalk.md.j2", greeting=greeting, tools=summaries)
