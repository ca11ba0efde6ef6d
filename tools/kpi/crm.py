"""CRM stages counted into the funnel measures (HubSpot lifecycle/deal stages, Salesforce
lead statuses and opportunity stages)."""

from __future__ import annotations


def funnel_rank(stage: str | None) -> int:
    """How far down the funnel a CRM lifecycle/lead stage is: 0 subscriber … 5 customer.

    Stages are cumulative: a customer also counts as a lead, MQL, SQL and opportunity.
    Unknown stages count as leads (they are in the CRM), and the import report says so.
    """
    s = (stage or "").strip().lower()
    if not s:
        return 1
    rules: tuple[tuple[tuple[str, ...], int], ...] = (
        (("subscriber",), 0),
        (("not converted", "unqualified", "disqualified"), 1),
        (("customer", "evangelist", "closed won", "closedwon"), 5),
        (("opportunity",), 4),
        (("sales qualified", "salesqualifiedlead", "sql", "converted"), 3),
        (("marketing qualified", "marketingqualifiedlead", "mql"), 2),
    )
    for needles, rank in rules:
        if any(n in s for n in needles):
            return rank
    return 1


def is_won_stage(stage: str | None) -> bool:
    """Deal stages that mean a new customer ("Closed Won", HubSpot's internal "closedwon")."""
    s = (stage or "").strip().lower().replace(" ", "")
    return s in {"closedwon", "won", "closed-won"} or s.startswith("closedwon")
