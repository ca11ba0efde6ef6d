"""Exact shares: funnel stages and pillars spread over a calendar's items.

Counts come from largest-remainder apportionment, so each label's count is the floor or the
ceiling of its exact quota (always within one item of the requested share). Labels are then
interleaved with smooth weighted round-robin, so a 40/30/20/10 mix reads A C A V A R … rather
than ten awareness posts in a row. `assign` changes as few existing labels as possible, which
lets a revision keep most items (and every hand-edited one) as they were.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from fractions import Fraction


def apportion(shares: Mapping[str, float], total: int) -> dict[str, int]:
    """Split `total` items by `shares` (any positive scale); ties go to the earlier label."""
    weights = {k: Fraction(v).limit_denominator(10**6) for k, v in shares.items() if v > 0}
    scale = sum(weights.values())
    if total <= 0 or scale <= 0:
        return {k: 0 for k in shares}
    quotas = {k: w * total / scale for k, w in weights.items()}
    counts = {k: int(q) for k, q in quotas.items()}
    left = total - sum(counts.values())
    order = list(weights)
    by_remainder = sorted(order, key=lambda k: (-(quotas[k] - counts[k]), order.index(k)))
    for label in by_remainder[:left]:
        counts[label] += 1
    return {k: counts.get(k, 0) for k in shares}


def apportion_near(
    shares: Mapping[str, float], total: int, current: Mapping[str, int]
) -> dict[str, int]:
    """Counts as close to `current` as the within-one-item guarantee allows.

    Any count between the floor and the ceiling of a label's exact quota is acceptable, so a
    revision keeps today's counts where they already qualify and changes only what must.
    """
    weights = {k: Fraction(v).limit_denominator(10**6) for k, v in shares.items() if v > 0}
    scale = sum(weights.values())
    if total <= 0 or scale <= 0:
        return {k: 0 for k in shares}
    quotas = {k: w * total / scale for k, w in weights.items()}
    low = {k: math.floor(q) for k, q in quotas.items()}
    high = {k: math.ceil(q) for k, q in quotas.items()}
    counts = {k: min(max(current.get(k, 0), low[k]), high[k]) for k in quotas}
    order = list(quotas)
    gap = total - sum(counts.values())
    if gap > 0:  # raise the labels closest to their ceiling first
        ranked = sorted(order, key=lambda k: (-(quotas[k] - low[k]), order.index(k)))
        for k in (k for k in ranked if counts[k] < high[k]):
            if gap == 0:
                break
            counts[k], gap = counts[k] + 1, gap - 1
    elif gap < 0:  # lower the labels closest to their floor first
        ranked = sorted(order, key=lambda k: (quotas[k] - low[k], order.index(k)))
        for k in (k for k in ranked if counts[k] > low[k]):
            if gap == 0:
                break
            counts[k], gap = counts[k] - 1, gap + 1
    return {k: counts.get(k, 0) for k in shares}


def emphasise(mix: Mapping[str, float], label: str, points: float = 0.2) -> dict[str, float]:
    """ "Heavier on X": X's share goes up `points` (of 1), the others shrink in proportion."""
    total = sum(mix.values()) or 1.0
    shares = {k: v / total for k, v in mix.items()}
    old = shares.setdefault(label, 0.0)
    new = min(1.0, old + points)
    rest = 1.0 - old
    return {
        k: round(new if k == label else (v * (1 - new) / rest if rest else 0.0), 4)
        for k, v in shares.items()
    }


def interleave(counts: Mapping[str, int]) -> list[str]:
    """Smooth weighted round-robin: exactly `counts[k]` of each label, evenly mixed."""
    total = sum(counts.values())
    current = dict.fromkeys(counts, 0)
    out: list[str] = []
    for _ in range(total):
        for label, weight in counts.items():
            current[label] += weight
        best = max(counts, key=lambda k: current[k])  # first maximum: stable by label order
        current[best] -= total
        out.append(best)
    return out


def assign(
    current: Sequence[str | None], pinned: Sequence[bool], targets: Mapping[str, int]
) -> list[str]:
    """Labels for items in order, hitting `targets` while changing the fewest labels.

    `current[i]` is an item's existing label (None for new items); pinned items never change.
    Over-target labels release their unpinned items evenly; free items are interleaved. Only
    pinned items above a target can leave it unmet (a hand edit outranks the mix).
    """
    result: list[str | None] = [
        label if label in targets or (pinned[i] and label is not None) else None
        for i, label in enumerate(current)
    ]
    held = Counter(label for label in result if label is not None)
    for label, target in targets.items():
        excess = held[label] - target
        movable = [i for i, lab in enumerate(result) if lab == label and not pinned[i]]
        for i in _evenly(movable, min(excess, len(movable))):
            result[i] = None
    free = [i for i, label in enumerate(result) if label is None]
    held = Counter(label for label in result if label is not None)
    need = {k: max(0, t - held[k]) for k, t in targets.items()}
    for i, label in zip(free, interleave(_fit(need, len(free), targets)), strict=True):
        result[i] = label
    return [label for label in result if label is not None]


def _evenly(indices: list[int], k: int) -> list[int]:
    """`k` of `indices` spread across the list (so a release does not empty one month)."""
    if k <= 0:
        return []
    n = len(indices)
    return [indices[(2 * j + 1) * n // (2 * k)] for j in range(k)]


def _fit(need: dict[str, int], free: int, targets: Mapping[str, int]) -> dict[str, int]:
    """Make the needs add up to the free items (they differ only when pins overshoot)."""
    gap = free - sum(need.values())
    if gap > 0:
        weights = {k: float(t) for k, t in targets.items()} if any(targets.values()) else None
        extra = apportion(weights or dict.fromkeys(targets, 1.0), gap)
        return {k: need[k] + extra.get(k, 0) for k in need}
    for label in sorted(need, key=lambda k: -need[k]):
        while gap < 0 and need[label] > 0:
            need[label] -= 1
            gap += 1
    return need
