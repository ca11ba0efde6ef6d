"""Pick a tool for a user message: nearest labelled example utterances plus keyword rules.

Each bound tool brings its own `Routing` (examples, keywords, argument extractor), so routing
grows with the tools. Scores are cosine similarities of local MiniLM embeddings; a keyword rule
match adds a fixed bonus. Deterministic for a given model file and tool set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from agent.offline.example_vectors import shipped_vectors
from agent.offline.routing import PriorCall, Routing, RoutingInput
from core.embeddings import Embedder

MIN_SCORE = 0.42  # below this nothing is close enough: say what the agent can do instead
KEYWORD_BONUS = 0.2
CLEAR_INTENT = 0.75  # without a keyword, an intent-required tool needs an example this close
# Corpus evidence settles a near-tie between the search tools (the playbooks or the client's
# documents): it may swap their scores when they are within this much of each other, scaled by
# how one-sided the evidence is. It never moves them against the other tools.
EVIDENCE_WEIGHT = 0.2
# Greetings, thanks and questions about the agent itself: answered by listing what it can do.
_SMALL_TALK = re.compile(
    r"^\W*(hi|hello|hey|thanks?|thank you|cheers|good (morning|afternoon|evening)|bye|ok(ay)?"
    r"|who are you|what (can|do) you do|what are you|help)\b",
    re.IGNORECASE,
)
MIN_FALLBACK_WORDS = 3
# Questions *about* something (a method, a definition, what a document says) rather than
# requests *for* something: they never start a tool that creates or changes things.
_ASKS_ABOUT = re.compile(
    r"^\W*(what|which) (fields|columns|sections|elements|components|rules)\b"
    r"|\b(should|does|do) (a|an|each|every|the|my|our) [\w /-]+ (have|include|contain|need)\b"
    r"|^\W*how (do|should|can|would) (i|you|one)\b|^\W*how to\b|^\W*why\b|^\W*when should\b"
    r"|\bsigns? (of|that)\b|\bwhat does .+ mean\b|\baccording to\b|\bdid \w+ say\b"
    r"|^\W*what(’s|'s| is| are) (an?|the) (good|typical|best|right|usual)\b",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(
    r"^\s*(and|now|what about|how about|same|ok(ay)?|also|then|so|just|only|focus(?:ing)? on|"
    r"zoom in on)\b|\b(instead|too|as well|"
    r"there|that one|those)\??\s*$|\b(break|split|drill) (?:\w+ )?(?:down|by|into)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class RouteDecision:
    tool: str | None
    args: dict[str, Any]
    score: float
    reason: str


@dataclass(frozen=True)
class _Route:
    name: str
    routing: Routing
    vectors: np.ndarray  # (examples, 384)
    keywords: tuple[re.Pattern[str], ...]
    penalties: tuple[re.Pattern[str], ...]


def _compile(patterns: tuple[str | re.Pattern[str], ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(p if isinstance(p, re.Pattern) else re.compile(p, re.IGNORECASE) for p in patterns)


class Router:
    def __init__(self, embedder: Embedder, routes: dict[str, Routing]) -> None:
        self._embedder = embedder
        self._routes = [
            _Route(
                name,
                routing,
                _example_vectors(embedder, routing.examples),
                _compile(routing.keywords),
                _compile(routing.penalties),
            )
            for name, routing in sorted(routes.items())
        ]

    def scores(
        self, text: str, gated: bool = True, evidence: dict[str, float] | None = None
    ) -> dict[str, float]:
        """Similarity of the message to each tool's examples, with keyword bonuses.

        `gated`: intent-required tools score 0 without a clear request (off for follow-ups,
        where the previous turn already showed the intent). `evidence`: per tool, how well
        its corpus matches the message (0 to 1)."""
        evidence = evidence or {}
        vector = self._embedder.embed_one(text)
        asks_about = bool(_ASKS_ABOUT.search(text))
        result: dict[str, float] = {}
        for route in self._routes:
            best = float(np.max(route.vectors @ vector)) if len(route.vectors) else 0.0
            if gated and route.routing.intent_required and asks_about:
                best = 0.0
            elif any(k.search(text) for k in route.keywords):
                best += KEYWORD_BONUS
            elif gated and route.routing.intent_required and best < CLEAR_INTENT:
                best = 0.0
            if any(p.search(text) for p in route.penalties):
                best -= KEYWORD_BONUS
            result[route.name] = best
        return _weigh_evidence(result, evidence)

    def decide(self, request: RoutingInput) -> RouteDecision:
        follow = self.follow_up(request)  # first: it scores the message its own way
        if follow is not None:
            return follow
        scores = self.scores(request.text, evidence=self._evidence(request))
        if not scores:
            return RouteDecision(None, {}, 0.0, "no tools bound")
        name = max(scores, key=lambda n: (scores[n], n))
        if scores[name] < MIN_SCORE:
            return self._fallback(request, scores)
        route = next(r for r in self._routes if r.name == name)
        return RouteDecision(name, route.routing.extract_args(request), scores[name], "nearest")

    def _evidence(self, request: RoutingInput) -> dict[str, float]:
        found = {}
        for route in self._routes:
            value = route.routing.evidence(request) if route.routing.evidence else None
            if value is not None:
                found[route.name] = value
        return found

    def _fallback(self, request: RoutingInput, scores: dict[str, float]) -> RouteDecision:
        """A real request no tool is close to is searched rather than refused."""
        words = len(request.text.split())
        if _SMALL_TALK.search(request.text) or words < MIN_FALLBACK_WORDS:
            best = max(scores.values(), default=0.0)
            return RouteDecision(None, {}, best, "small talk or too short to route")
        candidates = [r for r in self._routes if r.routing.fallback]
        if not candidates:
            return RouteDecision(None, {}, max(scores.values(), default=0.0), "no tool is close")
        route = max(candidates, key=lambda r: (scores[r.name], r.name))
        args = route.routing.extract_args(request)
        return RouteDecision(route.name, args, scores[route.name], "fallback search")

    def follow_up(self, request: RoutingInput) -> RouteDecision | None:
        """A short "and last quarter?" continues the previous tool, with arguments merged."""
        if not request.history or not _FOLLOW_UP.search(request.text):
            return None
        if len(request.text.split()) > 8:
            return None
        last: PriorCall = request.history[-1]
        route = next((r for r in self._routes if r.name == last.name), None)
        if route is None or not route.routing.follow_up:
            return None
        scores = self.scores(request.text, gated=False)
        best_other = max((s for n, s in scores.items() if n != last.name), default=0.0)
        if best_other >= scores.get(last.name, 0.0) + 0.25:
            return None  # clearly about something else
        return RouteDecision(last.name, route.routing.extract_args(request), 1.0, "follow-up")


def _weigh_evidence(scores: dict[str, float], evidence: dict[str, float]) -> dict[str, float]:
    names = [n for n in evidence if n in scores]
    if len(names) < 2:
        return scores
    leader = max(names, key=lambda n: (scores[n], n))
    weighed = max(names, key=lambda n: (scores[n] + EVIDENCE_WEIGHT * (evidence[n] - 0.5), n))
    if weighed == leader:
        return scores
    swapped = dict(scores)
    # The evidence's choice takes the lead's score; the old lead drops just below it (on an
    # exact tie, a plain swap would leave the name order to pick the old lead again).
    swapped[weighed] = scores[leader]
    swapped[leader] = min(scores[weighed], scores[leader] - 1e-6)
    return swapped


_cache: dict[str, np.ndarray] = {}
_shipped_loaded = False


def _example_vectors(embedder: Embedder, examples: tuple[str, ...]) -> np.ndarray:
    """Embed examples once per process; every graph built later reuses them. Vectors made
    ahead by the same model (`agent.offline.example_vectors`) are taken as they are."""
    global _shipped_loaded
    if not _shipped_loaded and isinstance(embedder, Embedder):
        _cache.update({t: v for t, v in shipped_vectors(embedder).items() if t not in _cache})
        _shipped_loaded = True
    missing = [e for e in examples if e not in _cache]
    if missing:
        with embedder.priority():  # many short texts: ahead of any indexing meanwhile
            vectors = embedder.embed(missing)
        for text, vector in zip(missing, vectors, strict=True):
            _cache[text] = vector
    if not examples:
        return np.zeros((0, 384), dtype=np.float32)
    return np.stack([_cache[e] for e in examples])
