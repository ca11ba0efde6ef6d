"""The answer when a figure is asked for that no imported data holds: which data it needs,
and a question for it — never another figure presented in its place."""

from __future__ import annotations

from collections.abc import Sequence

from core.prompts import render

NEEDS: dict[str, str] = {
    "CAC payback": "your gross margin and the average revenue per customer per month "
    "(payback = CAC ÷ (monthly revenue per customer × gross margin))",
    "lifetime value (LTV)": "revenue per customer over time, gross margin and churn",
    "churn": "customers at the start of each period and how many cancelled (a CRM or "
    "billing export)",
    "gross margin": "revenue and cost of sales (from finance)",
    "NPS": "survey scores from your NPS tool",
    "website sessions": "a GA4 (or other web analytics) export with sessions",
    "bounce rate": "a GA4 (or other web analytics) export with sessions and bounces",
    "time on site": "a GA4 (or other web analytics) export with engagement time per page or "
    "landing page",
    "email open rate": "an email platform export with sends and opens",
    "MRR / ARR": "subscription revenue by month (a billing export)",
    "ROI": "profit or gross margin beside the spend (ROAS, revenue ÷ spend, is available "
    "when revenue is imported)",
    "sales cycle length": "the date each deal was created and the date it was won (a CRM "
    "deals export with both dates)",
    "pipeline coverage": "the sales target (quota) for the period, beside the pipeline the "
    "data holds",
    "quota attainment": "the sales targets (quotas) per rep or team",
    "figures per sales rep": "the owner (rep) of each lead or deal (a CRM export with an "
    "owner column)",
}
ASK = (
    "Tell me the figures it needs, or import an export that holds them, and I'll work it "
    "out; meanwhile I can show the figures the data does hold (CAC, ROAS, revenue, "
    "customers)."
)


def missing_data_answer(figures: Sequence[str]) -> str:
    """ "**CAC payback** isn't in this workspace's data: it needs … Tell me …"."""
    missing = [{"name": name, "needs": NEEDS.get(name, "")} for name in figures]
    return render("answers/needs_data.md.j2", missing=missing, ask=ASK)
