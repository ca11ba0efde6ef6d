"""Who converts best, for the ICP: lead→customer rate by the most customer-like dimension the
campaign data has (industry, segment, size; else channel), quoted from the KPI engine.
"""

from __future__ import annotations

from pathlib import Path

from tools.strategy.icp.models import ConversionEvidence, SegmentFigure
from tools.strategy.segments import segment_dimension, who_converts
from tools.strategy.vocabulary import setting

NO_DATA = "No campaign or funnel data is imported, so conversion by segment is unknown."
BY_CHANNEL = "The data has no industry or segment dimension, so conversion is shown by channel."


def conversion_evidence(workspace_dir: Path) -> tuple[ConversionEvidence | None, str]:
    """The best-converting segments (top three, best first) and a note for the reader:
    (None, why) without campaign data."""
    dimension = segment_dimension(workspace_dir) or "channel"
    found = who_converts(workspace_dir, dimension)
    if found is None:
        return None, NO_DATA
    top = [
        SegmentFigure(
            value=str(row[dimension]),
            lead_to_customer_rate=shown["lead_to_customer_rate"],
            customers=shown["customers"],
            leads=shown["leads"],
        )
        for row, shown in found.rows
    ]
    note = BY_CHANNEL if dimension == "channel" else ""
    evidence = ConversionEvidence(
        dimension=dimension,
        period=found.result.period.label,
        min_leads=int(setting("min_leads_for_rate")),
        best=top[0].value if top else None,
        top=top[:3],
        citations=found.result.citations,
    )
    return evidence, note
