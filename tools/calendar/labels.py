"""Funnel stage and pillar for every item: requested shares within one item, fewest changes.

Stages are shared out per group: each month with its own mix (`stage_mix_overrides`) is a
group, and all other items form one group with the main mix. Pillars are one group over the
whole calendar. Launch steps keep their fixed stage and hand-edited items keep both labels
(they are pinned); everything else is filled around them in date order, so the labels rotate.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from tools.calendar.mix import apportion_near, assign
from tools.calendar.models import CalendarRequest, Stage


@dataclass
class Labels:
    """One item's labels while they are being decided; None means "not decided yet"."""

    date: dt.date
    stage: str | None = None
    pillar: str | None = None
    stage_pinned: bool = False
    pillar_pinned: bool = False


def assign_labels(entries: list[Labels], request: CalendarRequest) -> list[str]:
    """Set `stage` and `pillar` on every entry (in place); return warnings for unmet shares."""
    warnings: list[str] = []
    order = sorted(range(len(entries)), key=lambda i: entries[i].date)
    groups: dict[str, list[int]] = {}
    for i in order:
        month = f"{entries[i].date:%Y-%m}"
        groups.setdefault(month if month in request.stage_mix_overrides else "", []).append(i)
    for month, members in groups.items():
        mix = request.stage_mix_overrides.get(month) or request.stage_mix
        shares: dict[str, float] = {k: v for k, v in mix.items()}
        name = f"the {_month_name(month)} stage mix" if month else "the stage mix"
        warnings += _label_group(entries, members, shares, "stage", name)
    pillars = request.effective_pillars()
    pillar_shares = request.pillar_shares or dict.fromkeys(pillars, 1.0)
    warnings += _label_group(entries, order, pillar_shares, "pillar", "the pillar shares")
    return warnings


def _label_group(
    entries: list[Labels], members: list[int], shares: dict[str, float], field: str, name: str
) -> list[str]:
    current = [getattr(entries[i], field) for i in members]
    pinned = [getattr(entries[i], f"{field}_pinned") for i in members]
    targets = apportion_near(shares, len(members), Counter(label for label in current if label))
    labels = assign(current, pinned, targets)
    for i, label in zip(members, labels, strict=True):
        setattr(entries[i], field, label)
    got = Counter(labels)
    off = {k: got[k] - t for k, t in targets.items() if got[k] != t}
    if not off:
        return []
    fixed = sum(pinned)
    detail = ", ".join(f"{k} {got[k]} instead of {targets[k]}" for k in off)
    return [
        f"{name[0].upper()}{name[1:]} is not met exactly ({detail}) because {fixed} "
        "launch or hand-edited item(s) keep their labels."
    ]


def _month_name(key: str) -> str:
    return dt.date.fromisoformat(f"{key}-01").strftime("%B %Y")


def stage_of(label: str) -> Stage:
    """Narrow a label back to the Stage literal (labels come from the request's mix)."""
    assert label in ("awareness", "consideration", "conversion", "retention"), label
    return label  # type: ignore[return-value]
