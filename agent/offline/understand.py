"""How the offline model reads a message addressed to the product's own tools: act, ask, or say
plainly that it cannot.

1. A reply chosen from a clarifying question ("Show the figures: …") goes where it says.
2. A short follow-up ("and google?", "same but last quarter") continues the previous tool.
3. Attempts on the instructions or another client's data are refused in words.
4. Two requests in one message ("…, and also plan…") are read separately; both are done, or
   the one that can be done is, with a plain note about the other.
5. Otherwise the trained intent classifier (`intents/`) scores every capability; the grammar
   adds its evidence (a metric and a period make a figure question) and the workspace's
   vocabulary settles the two search tools. The agent acts on a clear winner, asks one short
   question when the top two are close, and says what it cannot do when no tool serves.
6. The chosen tool's grammar fills its typed arguments; figures no data holds (CAC payback,
   LTV, churn…) are answered by saying which data is missing, never by another figure.
"""

from __future__ import annotations

import re
from typing import Any

from agent.offline import cues
from agent.offline.calendar_follow import cadence_answer
from agent.offline.corrections import applied
from agent.offline.decision import (
    CHOSEN,
    VERBS,
    Decision,
    defaulted,
    which,
    with_text,
)
from agent.offline.dictation import written
from agent.offline.evidence import evidence
from agent.offline.facts import WorkspaceFacts
from agent.offline.follow_ups import (
    continues_figures,
    previous_question,
    rank_by_what,
    roas_for_roi,
    which_campaign,
    which_metric,
)
from agent.offline.grammar.brief import brief_question, field_shown, statement_for
from agent.offline.grammar.calendar_cadence import names_channel_cadence
from agent.offline.grammar.kpi import read_kpi
from agent.offline.intents.model import IntentModel
from agent.offline.limits import (
    PART_OF_IT,
    REFUSED,
    asks_for_secrets,
    cannot_answer,
    refusal,
    smalltalk,
)
from agent.offline.missing import missing_data_answer
from agent.offline.pasted import unwrapped
from agent.offline.revisions import revision_of_last_work
from agent.offline.router import Router, _weigh_evidence
from agent.offline.routing import Routing, RoutingInput
from core.errors import CmoError

ASK_MARGIN = 0.12  # top two capabilities closer than this: ask which one was meant
MIN_SHARE = 0.30  # the best capability below this: ask what was meant
CANNOT_SHARE = 0.45  # "cannot" must be this sure before the answer is a refusal to act
NON_TOOLS = ("cannot", "refuse", "smalltalk")
# a change to "the calendar" where none was ever planned, a search of documents where none
# were ever added: unlikely to be what was meant (still possible: the tool then says why not)
NOTHING_THERE = 0.3
# where a question about one of the client's own figures lands when the words are unsure
_FIGURE_ASKERS = ("kpi_lookup", "search_client_documents", "get_client_brief")
# capabilities that make something (a draft, plan, diagnosis, calendar), ordered in words
_ACTING = (
    "draft_positioning",
    "draft_icp",
    "draft_messaging",
    "diagnose_marketing",
    "plan_roadmap",
    "generate_content_calendar",
)
_ONE_PLAN = {"generate_content_calendar", "revise_content_calendar"}
TWO_SHARE = 0.45  # each part of a two-request message must be read at least this surely
CANNOT_PART = 0.6  # …and a part that cannot be done, more surely still
_UNSURE = "I wasn't sure what you wanted there: ask it on its own and I'll do it."


class Understanding:
    """The offline model's reading of a message for the product's catalogue of tools."""

    def __init__(
        self, intents: IntentModel, routes: dict[str, Routing], router: Router, services: Any
    ) -> None:
        self._intents = intents
        self._routes = routes
        self._router = router
        self._facts = WorkspaceFacts(services)

    def decide(self, request: RoutingInput) -> Decision:
        # dictated ("… question mark"), pasted ("> …", "Sent from my iPhone"), corrected
        request = with_text(request, applied(unwrapped(written(request.text))))
        chosen = CHOSEN.match(request.text.strip())
        if chosen:
            tool = next(t for t, v in VERBS.items() if v.lower() == chosen.group(1).lower())
            sub = with_text(request, chosen.group(2).strip())
            return self._act(tool, sub, "chosen option")
        # Attempts on the instructions or another client's data come first, whatever the
        # conversation before: the whole message is refused, the parts around it included.
        if asks_for_secrets(request.text) or self._facts.names_other_client(request):
            return Decision(say=refusal(), reason="refused")
        refused = request.history and request.history[-1].name == REFUSED
        if refused and PART_OF_IT.match(request.text):  # "ok fine, just the first line then"
            return Decision(say=refusal(), reason="refused")
        if re.search(cues.BUDGET_CHANGE, request.text, re.I):  # "cool. bump its daily budget to
            return Decision(say=cannot_answer(request.text), reason="cannot")  # £150 then"
        corrected = cadence_answer(request)  # "every two weeks i mean" after a calendar
        if corrected is not None:
            return Decision(calls=[("generate_content_calendar", corrected)], reason="cadence")
        continued = self._figures_continued(request) or self._done_for_us(request)
        if continued is not None:
            return continued
        follow = self._router.follow_up(request)
        if follow is not None and follow.tool is not None:
            return self._act(follow.tool, request, "follow-up")
        if cues.ACTION_ELSEWHERE.match(request.text):  # "post this …: '…? …'": one order
            return Decision(say=cannot_answer(request.text), reason="cannot")
        for splitter, strict in ((cues.SPLIT, False), (cues.SENTENCES, True)):
            split = (re.sub(r"^\s*\d[.)]\s+", "", p).strip() for p in splitter.split(request.text))
            parts = [p for p in split if cues.a_request(p)]  # "1. …" without its number
            if len(parts) == 2 and strict and self._surely_cannot(request):
                break  # "Is it legal…? I need a definitive legal answer.": one thing, refused
            if len(parts) == 2:
                two = self._two(request, parts, strict)
                if two is not None:
                    return two
        revised = revision_of_last_work(self._routes, request)
        if revised is not None:
            return self._act(revised, request, "revision")
        drafts = cues.drafts_named(request.text)
        if len(drafts) > 1 and cues.ORDER_OR_BOTH.search(request.text):
            return Decision(calls=[(t, {}) for t in drafts], reason="drafts named together")
        return self._one(request)

    # -- one request ------------------------------------------------------------------------
    def _one(self, request: RoutingInput) -> Decision:
        if cues.ACTION_ELSEWHERE.search(request.text):  # an order to act in another system
            return Decision(say=cannot_answer(request.text), reason="cannot")
        scores = self.scores(request)
        ranked = sorted(scores, key=lambda n: (-scores[n], n))
        best, second = ranked[0], ranked[1]
        if best == "smalltalk":
            summaries = [(name, route.summary) for name, route in sorted(self._routes.items())]
            return Decision(say=smalltalk(request.text, summaries), reason="small talk")
        if best in ("cannot", "refuse"):  # a refusal needs to be sure: the regex ones come first
            if scores[best] >= CANNOT_SHARE or second in NON_TOOLS:
                said = refusal() if best == "refuse" else cannot_answer(request.text)
                return Decision(say=said, reason=best)
            rest = 1.0 - scores[best]  # the tools' shares, given it is not a "cannot"
            scores = {k: v / rest for k, v in scores.items() if k != best} if rest > 0 else scores
            best, second = second, ranked[2]
        if best in _FIGURE_ASKERS and self._names_missing_figure(request, ranked[:3]):
            return self._act("kpi_lookup", request, "figure not in the data")
        if self._about_us(request, best) and (
            scores[best] < MIN_SHARE or scores[best] - scores[second] < ASK_MARGIN
        ):
            return self._act("search_client_documents", request, "about the client")
        if scores[best] < MIN_SHARE:
            options = [t for t in ranked if t not in NON_TOOLS][:3]
            return Decision(ask=which(request.text, options), reason="unsure")
        close = scores[best] - scores[second] < ASK_MARGIN
        acting = [t for t in (best, second) if t in _ACTING]
        searched = acting and {best, second} - {acting[0]} <= cues.SEARCHES
        if close and searched and cues.ORDER.match(request.text):  # "draft our…, the deck…"
            return self._act(acting[0], request, "an order")
        if close and {best, second} == {"search_client_documents", "get_client_brief"}:
            asked = self._routes["get_client_brief"].extract_args(request).get("fields")
            return self._act(
                "get_client_brief" if asked else "search_client_documents", request, ""
            )
        if (
            scores[best] - scores[second] < ASK_MARGIN + 0.08 and {best, second} == cues.SEARCHES
        ):  # whose knowledge: theirs, or in general
            mine = cues.OWN.search(request.text) and not cues.GENERAL.search(request.text)
            return self._act(
                "search_client_documents" if mine else "search_playbooks", request, "search"
            )
        if second not in NON_TOOLS and scores[best] - scores[second] < ASK_MARGIN:
            return Decision(ask=which(request.text, [best, second]), reason="close call")
        return self._act(best, request, "intent")

    def scores(self, request: RoutingInput) -> dict[str, float]:
        """Each capability's share for this message: the classifier, plus the grammar's
        evidence, with the two search tools weighed by the workspace's vocabulary."""
        scores = dict(self._intents.predict(request.text))
        for tool, bonus in evidence(request, self._routes, self._facts).items():
            scores[tool] = max(0.0, scores.get(tool, 0.0) + bonus)  # grammar may subtract
        total = sum(scores.values())
        scores = {k: v / total for k, v in scores.items()}
        corpus = {
            name: value
            for name, route in self._routes.items()
            if route.evidence is not None and (value := route.evidence(request)) is not None
        }
        weighed = _weigh_evidence(scores, corpus)
        if "revise_content_calendar" in weighed and not self._facts.has_calendar(request):
            weighed["revise_content_calendar"] *= NOTHING_THERE  # nothing to change yet
        if "search_client_documents" in weighed and self._facts.without_documents(request):
            weighed["search_client_documents"] *= NOTHING_THERE  # nothing to search yet
        return weighed

    # -- acting ---------------------------------------------------------------------------
    def _act(
        self, tool: str, request: RoutingInput, reason: str, beside: str | None = None
    ) -> Decision:
        """Call `tool` with the arguments its grammar reads. `beside`: the other part of a
        two-request message, whose metric a figure question without one refers to ("what's a
        normal CTR, and what's ours been this quarter?")."""
        route = self._routes[tool]
        if tool == "kpi_lookup":
            vocabulary = self._facts.vocabulary(request)
            previous = request.previous_args("kpi_lookup")
            if beside is not None and defaulted(read_kpi(request.text, **vocabulary).args):
                named = read_kpi(beside, **vocabulary).args
                previous = named if not defaulted(named) else previous
            reading = read_kpi(request.text, previous=previous, **vocabulary)
            if reading.problem:  # "14 december to 2 december": said, never another period
                return Decision(say=reading.problem, reason="not a period")
            if reading.ambiguous and not reading.unavailable:
                return Decision(
                    ask=which_metric(request.text, reading.ambiguous), reason="two metrics"
                )
            unsure = "campaign" not in reading.args.get("filters", {}) and which_campaign(
                request.text, vocabulary.get("campaigns", [])
            )
            if unsure:
                return Decision(ask=unsure, reason="which campaign?")
            if defaulted(reading.args) and reading.args.get("order") and previous is None:
                return Decision(ask=rank_by_what(request.text), reason="best by what?")
            if reading.unavailable == ["ROI"]:
                return Decision(ask=roas_for_roi(request.text), reason="ROI: ROAS instead?")
            if reading.unavailable:
                answer = missing_data_answer(reading.unavailable)
                if not self._facts.has_documents(request):
                    return Decision(say=answer, reason="no data")
                # the figure may be written in the client's own documents: look there too
                search = self._routes["search_client_documents"].extract_args(request)
                note = answer.split("\n")[0] + " Above is what your documents say about it."
                return Decision(
                    calls=[("search_client_documents", search)], note=note, reason="no data"
                )
            return Decision(calls=[(tool, reading.args)], reason=reason)
        try:
            args = route.extract_args(request)
        except CmoError as exc:
            return Decision(say=exc.detail, reason="could not read")
        if (
            tool == "get_client_brief"
            and not args.get("fields")
            and self._facts.brief_empty(request)
        ):
            return self._act("search_client_documents", request, "brief empty: documents")
        if tool == "update_client_brief" and not args:
            if shown := field_shown(request.history):  # the field just shown is the one meant
                args = route.extract_args(with_text(request, statement_for(shown, request.text)))
            if not args:  # read once with the field shown, never again
                ask = brief_question(request.text, shown)
                return Decision(ask=ask, reason="brief field unclear")
        return Decision(calls=[(tool, args)], reason=reason)

    def _two(self, request: RoutingInput, parts: list[str], strict: bool) -> Decision | None:
        """Two requests in one message: both done, or one done and the other said plainly
        (`strict`: only when both parts are read surely)."""
        picks = []
        for part in parts:
            scores = self.scores(with_text(request, part))
            best = max(scores, key=lambda n: (scores[n], n))
            picks.append((best, scores[best], part))
        (first, _, _), (second, _, _) = picks
        if first == second or "smalltalk" in (first, second) or {first, second} == _ONE_PLAN:
            return None  # one request said in two sentences ("Plan 10 weeks? Blog 1x/week…")
        if strict and {first, second} == cues.SEARCHES:  # "How should our copy sound? Is there
            return None  # a rule…?": one question, two sentences; the whole says whose knowledge
        if "generate_content_calendar" in (first, second) and all(
            names_channel_cadence(p) for t, _, p in picks if t != "generate_content_calendar"
        ):
            return None  # "… a weekly newsletter, plus LinkedIn 3x/week": one plan
        if self._one_figure_question(request, picks):
            return self._act("kpi_lookup", request, "one figure question")
        sure = [p >= (CANNOT_PART if t in NON_TOOLS else TWO_SHARE) for t, p, _ in picks]
        if not any(sure) or (strict and not all(sure)):
            return None
        calls: list[tuple[str, dict[str, Any]]] = []
        notes: list[str] = []
        for (tool, _, text), ok in zip(picks, sure, strict=True):
            if not ok:
                notes.append(f"**Not done yet: “{text}”.** {_UNSURE}")
            elif tool in NON_TOOLS:
                answer = refusal() if tool == "refuse" else cannot_answer(text)
                notes.append(f"**Not done: “{text}”.** " + answer.split("\n")[0])
            else:
                other = next(t for _, _, t in picks if t != text)
                decision = self._act(tool, with_text(request, text), "two requests", other)
                if decision.calls == [(tool, {})] and tool == "diagnose_marketing":
                    whole = self._act(tool, request, "two requests")  # "We ignore customers
                    decision = whole if whole.calls else decision  # once signed. Look at
                calls += decision.calls  # retention and tell me what's broken": its focus
                said = decision.say or (decision.ask.question if decision.ask else "")
                if not decision.calls:
                    notes.append(f"**Not done yet: “{text}”.** " + said.split("\n")[0])
        if not calls:
            return None
        return Decision(calls=calls, note="\n\n".join(notes) or None, reason="two requests")

    def _done_for_us(self, request: RoutingInput) -> Decision | None:
        """ "How do I build an ICP?" then "now for us": the work the how-to was about, done."""
        if not request.history or request.history[-1].name != "search_playbooks":
            return None
        if not cues.FOR_US.match(request.text):
            return None
        asked = with_text(request, str(request.history[-1].args.get("query", "")))
        scores = self.scores(asked)
        tool = max(_ACTING, key=lambda t: (scores.get(t, 0.0), t))
        return self._act(tool, asked, "for us") if scores.get(tool, 0.0) > 0.05 else None

    def _figures_continued(self, request: RoutingInput) -> Decision | None:
        """A short message continuing the last figure question (`follow_ups`)."""
        previous = previous_question(request)
        if previous is None or asks_for_secrets(request.text):
            return None
        if "unavailable" in previous:  # the figure asked about is in no data here
            return Decision(say=missing_data_answer(previous["unavailable"]), reason="no data")
        vocabulary = self._facts.vocabulary(request)
        scores = self.scores(request)
        change = self._routes["revise_content_calendar"].extract_args(request)
        if not set(change) - {"instruction", "calendar_id"}:  # "vs the week before?": no change
            scores["revise_content_calendar"] = 0.0
        if not continues_figures(request, previous, scores, vocabulary):
            return None
        reading = read_kpi(request.text, previous=previous, follow_up=True, **vocabulary)
        if reading.unavailable:
            return self._act("kpi_lookup", request, "follow-up")
        return Decision(calls=[("kpi_lookup", reading.args)], reason="follow-up")

    def _names_missing_figure(self, request: RoutingInput, top: list[str]) -> bool:
        """The message asks for one of the client's figures that no data holds ("whats our
        NPS", "LTV:CAC?"): saying what is missing (and searching the documents) is the honest
        answer, whichever capability the words lean to. Not for how-to questions about it."""
        if "kpi_lookup" not in top or cues.ASKS_ABOUT.search(request.text):
            return False
        return bool(read_kpi(request.text, **self._facts.vocabulary(request)).unavailable)

    def _about_us(self, request: RoutingInput, best: str) -> bool:
        """ "remind me what Daniel wants", "how much are we paying brightside", "what is our
        codename?" with an empty brief: a question about the client, for its documents."""
        if best == "kpi_lookup" or not cues.about_us(request.text):
            return False
        empty = best == "get_client_brief" and self._facts.brief_empty(request)
        return best == "search_client_documents" or bool(cues.RECALL.search(request.text)) or empty

    def _one_figure_question(
        self, request: RoutingInput, picks: list[tuple[str, float, str]]
    ) -> bool:
        """ "is the cost calculator campaign worth keeping? whats its cpl QTD": the figure
        part points back ("its") to the campaign the other part names, or the other part asks
        what each one of the figure costs: one question."""
        figure = [text for tool, _, text in picks if tool == "kpi_lookup"]
        other = [text for tool, _, text in picks if tool != "kpi_lookup"]
        if len(figure) == 1 and re.search(r"\beach(?: one)?\b.{0,25}\bcost", other[0], re.I):
            return True  # "any sqls at all?? and what's each one costing": their cost
        if len(figure) != 1:
            return False
        vocabulary = self._facts.vocabulary(request)
        unsure = [p for tool, p, _ in picks if tool != "kpi_lookup"][0] < TWO_SHARE
        topic = read_kpi(other[0], **vocabulary).args  # "the cfo thought leadership thing on
        if set(topic) == {"metrics", "filters"} and defaulted(topic) and unsure:  # li — which
            return len(other[0].split()) <= 8 and "filters" not in (  # ad has the best ctr?"
                read_kpi(figure[0], **vocabulary).args
            )
        if not cues.POINTS_BACK.search(figure[0]):
            return False
        return "filters" in read_kpi(other[0], **vocabulary).args and "filters" not in (
            read_kpi(figure[0], **vocabulary).args
        )

    def _surely_cannot(self, request: RoutingInput) -> bool:
        scores = self.scores(request)
        return max(scores, key=lambda n: (scores[n], n)) == "cannot" and scores["cannot"] >= 0.8
