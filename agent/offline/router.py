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

from agent.embeddings import Embedder
from tools.registry import PriorCall, Routing, RoutingInput

MIN_SCORE = 0.42  # below this nothing is close enough: say what the agent can do instead
KEYWORD_BONUS = 0.2
CLEAR_INTENT = 0.75  # without a keyword, an intent-required tool needs an example this close
# Greetings, thanks and questions about the agent itself: answered by listing what it can do.
_SMALL_TALK = re.compile(
    r"^\W*(hi|hello|hey|thanks?|thank you|cheers|good (morning|afternoon|evening)|bye|ok(ay)?"
    r"|who are you|what (can|do) you do|what are you|help)\b",
    re.IGNORECASE,
)
MIN_FALLBACK_WORDS = 3
_FOLLOW_UP = re.compile(
    r"^\s*(and|now|what about|how about|same|ok(ay)?|also|then)\b|\b(instead|too|as well)\??\s*$",
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


class Router:
    def __init__(self, embedder: Embedder, routes: dict[str, Routing]) -> None:
        self._embedder = embedder
        self._routes = [
            _Route(
                name,
                routing,
                _example_vectors(embedder, routing.examples),
                tuple(
                    k if isinstance(k, re.Pattern) else re.compile(k, re.IGNORECASE)
                    for k in routing.keywords
                ),
            )
            for name, routing in sorted(routes.items())
        ]

    def scores(self, text: str) -> dict[str, float]:
        """Similarity of the message to each tool's examples, with keyword bonuses."""
        vector = self._embedder.embed_one(text)
        result: dict[str, float] = {}
        for route in self._routes:
            best = float(np.max(route.vectors @ vector)) if len(route.vectors) else 0.0
            if any(k.search(text) for k in route.keywords):
                best += KEYWORD_BONUS
            elif route.routing.intent_required and best < CLEAR_INTENT:
                best = 0.0
            result[route.name] = best
        return result

    def decide(self, request: RoutingInput) -> RouteDecision:
        scores = self.scores(request.text)
        follow = self._follow_up(request, scores)
        if follow is not None:
            return follow
        if not scores:
            return RouteDecision(None, {}, 0.0, "no tools bound")
        name = max(scores, key=lambda n: (scores[n], n))
        if scores[name] < MIN_SCORE:
            return self._fallback(request, scores)
        route = next(r for r in self._routes if r.name == name)
        return RouteDecision(name, route.routing.extract_args(request), scores[name], "nearest")

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

    def _follow_up(self, request: RoutingInput, scores: dict[str, float]) -> RouteDecision | None:
        """A short "and last quarter?" continues the previous tool, with arguments merged."""
        if not request.history or not _FOLLOW_UP.search(request.text):
            return None
        if len(request.text.split()) > 8:
            return None
        last: PriorCall = request.history[-1]
        route = next((r for r in self._routes if r.name == last.name), None)
        if route is None or not route.routing.follow_up:
            return None
        best_other = max((s for n, s in scores.items() if n != last.name), default=0.0)
        if best_other >= scores.get(last.name, 0.0) + 0.25:
            return None  # clearly about something else
        return RouteDecision(last.name, route.routing.extract_args(request), 1.0, "follow-up")


_cache: dict[str, np.ndarray] = {}


def _example_vectors(embedder: Embedder, examples: tuple[str, ...]) -> np.ndarray:
    """Embed examples once per process; every graph built later reuses them."""
    missing = [e for e in examples if e not in _cache]
    if missing:
        for text, vector in zip(missing, embedder.embed(missing), strict=True):
            _cache[text] = vector
    if not examples:
        return np.zeros((0, 384), dtype=np.float32)
    return np.stack([_cache[e] for e in examples])
