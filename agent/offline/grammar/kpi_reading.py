"""What the KPI grammar read from a message (`KpiReading`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class KpiReading:
    """What the grammar read: the tool arguments, figures no data holds, and the words of the
    message it could not place (a sign it may have misread)."""

    args: dict[str, Any]
    unavailable: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    corrected: list[tuple[str, str]] = field(default_factory=list)  # (typed, read as)
    # words that could mean two metrics ("acquisition cost": CAC or CPA): ask, don't pick
    ambiguous: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    # a period said that cannot be one ("31 to 4 february"): what is wrong, to say so
    problem: str | None = None


_FILLER_WORDS = """
a an the our we us i me my you your it its is are was were be been do did does done have has had
to of in on at for from by with and or but so if then than that this these those what which who
how much many any some all each every per vs versus against compared please pls just can could
would will should show give get pull tell see know want need let there here out up down over into
about like as being total number figure figures
"""
_FILLER = frozenset(_FILLER_WORDS.split())


def leftovers(norm: str) -> list[str]:
    """Words the grammar did not read, without filler: a sign it may have misread."""
    return [w for w in norm.split() if w not in _FILLER and not w.isdigit()]
