"""The offline model's evidence beyond the intent classifier: cues (an order to act
elsewhere, a definition, a how-to, a forecast…) and what each capability's grammar reads in the
message (a metric and its scope for figures, a whole plan for calendars, a stated fact for
the brief), as amounts added to or taken from the classifier's probabilities."""

from __future__ import annotations

import re

from agent.offline import cues
from agent.offline.decision import defaulted, has_scope
from agent.offline.facts import WorkspaceFacts
from agent.offline.grammar.brief_cues import NAMED_LEAD
from agent.offline.grammar.kpi import read_kpi
from agent.offline.routing import Routing, RoutingInput

EVIDENCE = 0.25  # what the grammar's evidence adds to a capability's probability
# "what's the ROAS?", "what was our CPL": the client's own figure, not what the term means
_OUR_FIGURE = re.compile(
    r"^\W*(?:(?:and|so|ok|hey|quick q)\W+)?(?:what|how much)(?:'s|’s| is| was| are| were)\s+"
    r"(?:the|our|my)\s+(?!\w+\s+(?:benchmark|formula|definition|meaning)\b)",
    re.IGNORECASE,
)
_MAKERS = (
    "generate_content_calendar",
    "draft_positioning",
    "draft_icp",
    "draft_messaging",
    "diagnose_marketing",
    "plan_roadmap",
)


def evidence(
    request: RoutingInput, routes: dict[str, Routing], facts: WorkspaceFacts
) -> dict[str, float]:
    """What the grammar and the cues read in the message, per capability: added to (or taken
    from) the intent classifier's probabilities by `Understanding.scores`."""
    found = _cue_evidence(request.text)
    reading = read_kpi(request.text, **facts.vocabulary(request))
    named = reading.args.get("metrics") and not defaulted(reading.args)
    if reading.problem:  # a period that cannot be one: the figure question says what is wrong
        found["kpi_lookup"] = EVIDENCE * 2
    if reading.unavailable or (named and has_scope(reading.args)):
        scoped = sum(k in reading.args for k in ("dimensions", "filters", "order", "period"))
        # "daily spend for the 1st week of aug", "spend yesterday?": a metric and its scope
        strong = scoped >= 2 or "period" in reading.args or "filters" in reading.args
        strong = strong or len(request.text.split()) <= 4  # "spend by day", "cpl per channel"
        strong = strong and not cues.ASKS_ABOUT.search(request.text)  # not "is a £90 CPL…"
        found["kpi_lookup"] = EVIDENCE * (2 if strong else 1)
    if named and "kpi_lookup" not in found and _OUR_FIGURE.match(request.text):
        found["kpi_lookup"] = EVIDENCE  # "what's the ROAS", "what was our CPL": ours
    if NAMED_LEAD.match(request.text) and not cues.QUESTION.search(request.text):
        # "New goal from the board: 40 SQLs a month by Q2": a fact for the brief, not a figure
        found["kpi_lookup"] = found.get("kpi_lookup", 0.0) - EVIDENCE
    if cues.HOW_DOING.search(request.text) and (named or reading.args.get("filters")):
        # "how are leads doing", "hows linkedin doing lately": a figure
        found["kpi_lookup"] = found.get("kpi_lookup", 0.0) + EVIDENCE * 2
    if re.match(r"\s*why\b", request.text, re.I) or cues.FORMULA.search(request.text):  # reasons,
        # or how a figure is made: not the figure
        found["kpi_lookup"] = found.get("kpi_lookup", 0.0) - EVIDENCE
    if cues.FORECAST.search(request.text) and not cues.ASKS_ABOUT.search(request.text):
        found["cannot"] = EVIDENCE * 2  # a forecast: no tool makes one
        found["kpi_lookup"] = found.get("kpi_lookup", 0.0) - EVIDENCE * 2
    if reading.leftovers and facts.in_documents_only(request, reading.leftovers):
        # "how much are we paying brightside": a name the client's files hold, not the data
        found["kpi_lookup"] = found.get("kpi_lookup", 0.0) - EVIDENCE
        found["search_client_documents"] = EVIDENCE
    for tool, route in routes.items():
        if tool != "kpi_lookup" and any(
            re.search(k, request.text, re.I) if isinstance(k, str) else k.search(request.text)
            for k in route.keywords
        ):
            found[tool] = found.get(tool, 0.0) + EVIDENCE / 2
        if route.grammar is not None and (read := route.grammar(request)):
            found[tool] = found.get(tool, 0.0) + read * EVIDENCE / 2
    if found.get("generate_content_calendar", 0.0) >= EVIDENCE * 2 and "cannot" not in found:
        found["cannot"] = -EVIDENCE * 2  # a whole plan (channel, cadence, dates) can be planned
    if found.get("update_client_brief", 0.0) >= EVIDENCE:  # "new proof point for you: …"
        found.pop("search_client_documents", None)  # its names are news, not a search
    return found


def _cue_evidence(text: str) -> dict[str, float]:
    """What the cues alone read: acts outside the product, questions that record nothing,
    how-tos, definitions and formulas (the playbooks), an order for a roadmap."""
    found: dict[str, float] = {}
    if cues.ACTION_ELSEWHERE.search(text):
        found["cannot"] = EVIDENCE * 2  # "post this on LinkedIn": an act outside the product
    if cues.QUESTION.search(text) and not cues.STATES.search(text):
        found["update_client_brief"] = -EVIDENCE  # a question records nothing
    if re.search(r"[.!]\s+(?:how|what|which|who|why|where|should)\b[^.!]*$", text, re.I):
        found["update_client_brief"] = -EVIDENCE  # "we pay for loads of tools. which should go"
    if cues.RECALL.search(text):
        found["cannot"] = -EVIDENCE * 2  # "remind me what Daniel wants": a question
    if cues.ASKS_ABOUT.search(text):
        found["search_playbooks"] = EVIDENCE / 2  # how it is done in general
    if cues.TERMS_APART.search(text) and not cues.OWN.search(text):
        found["search_playbooks"] = EVIDENCE * 2  # "mql vs sql diff?"
    if cues.FORMULA.search(text):  # how a figure is made: the playbooks, not ours
        found["search_playbooks"] = EVIDENCE * 3
    if cues.HOW_IT_IS_DONE.search(text) and not cues.OWN.search(text):
        found["search_playbooks"] = found.get("search_playbooks", 0.0) + EVIDENCE * 2
        for tool in _MAKERS:  # "how do you even build a content calendar that…": how it's done
            found[tool] = found.get(tool, 0.0) - EVIDENCE * 2
    if cues.DEFINITION.match(text):
        found["search_playbooks"] = EVIDENCE * 4  # "wtf is MER": what a term means
    if cues.ROADMAP.search(text) and not cues.ASKS_ABOUT.search(text):
        found["plan_roadmap"] = EVIDENCE * 4  # "turn that into a 30/60/90": an order
    return found
