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
