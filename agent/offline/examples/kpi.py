"""Example performance questions, used to route messages to `kpi_lookup` by similarity.

Chosen against the eval utterances of the other tools: examples whose embedding sat closest to
document or playbook questions ("What is our customer acquisition cost?" vs "What does the
sales deck say about pricing?") were replaced by ones that name a breakdown or a period.
Follow-ups ("and last quarter?") need no examples: the router continues the previous call.
"""

from __future__ import annotations

KPI_EXAMPLES: list[str] = [
    "What was our CPL on LinkedIn last month?",
    "Which campaign had the best ROAS in Q3?",
    "How did MQL→SQL conversion change quarter over quarter?",
    "Show spend by channel by month",
    "How much did we spend on Google Ads this quarter?",
    "What's our cost per lead by channel?",
    "How many leads did we get last month?",
    "How many MQLs came from webinars this year?",
    "What's the CAC for paid social year to date?",
    "Which channel has the lowest cost per SQL?",
    "Top 5 campaigns by pipeline generated",
    "What was the click-through rate on Meta last 30 days?",
    "What's our average CPC on Google?",
    "Compare LinkedIn CPL this month vs last month",
    "How is our lead to MQL rate trending?",
    "What's the win rate on opportunities this quarter?",
    "How much revenue did we close in Q2 2026?",
    "Which ad set had the highest CTR last week?",
    "Show me leads and SQLs per week for the last 6 months",
    "How did email perform last month?",
    "What's the cost per MQL for each channel?",
    "Break down conversions by campaign for Meta Ads",
    "What's our SQL to opportunity conversion rate?",
    "Which campaigns are underperforming on CPL?",
    "What's our average deal size this year?",
    "What is the lead to customer conversion rate by channel?",
    "How much pipeline did LinkedIn generate last quarter?",
    "Which channel brings the most SQLs?",
    "What's the CPM on Meta this month?",
    "Show me our funnel numbers for the last 90 days",
    "How are our paid campaigns performing?",
    "What's the conversion rate from click to conversion on Google Ads?",
    "Cost per approved conversion by age group",
    "Which month had the highest spend?",
    "What was our ROAS vs the previous period?",
    "What's our customer acquisition cost by channel this year?",
    "CAC by channel for Q3",
    "Cost per conversion this year vs last year",
    "LinkedIn CPL month by month",
    "Which channel had the highest CAC last quarter?",
    "Pipeline and revenue by channel year to date",
    "Show leads by campaign for the Month-End Masterclass webinar",
    "Lead volume by channel this month vs last month",
    "How much did we spend in total last quarter?",
    "Which campaigns generated leads but no SQLs?",
    "How many SQLs did each channel produce in Q3?",
    "What did we spend per channel in October?",
    "Give me last month's spend, leads and CPL",
    "Revenue and ROAS by channel for Q3 2026",
    "How many opportunities did we create this quarter?",
    "Funnel conversion rates by channel last quarter",
    "Which channel converts MQLs to SQLs best?",
]


_METRIC = (
    r"(cpl|cpc|ctr|cpm|cpa|cac|roas|spend|spent|leads?|mqls?|sqls?|pipeline|revenue|"
    r"impressions|clicks|conversions?|cost per \w+|win rate|conversion rate)"
)
# Benchmark and how-to questions belong to the playbooks, even when they name a metric.
_NOT_HOW_TO = (
    r"^(?!.*\b(typical|good|benchmark|healthy|normal|industry|formula|calculate|how do|"
    r"how should|why)\b)"
)
_CHANNEL = r"(linkedin|google|meta|facebook|instagram|email|newsletter|webinars?|organic|seo)"
KPI_KEYWORDS = (
    # "our"/"we" plus a governed measure: the client's own figures, not a benchmark question
    r"\bour (cpl|cpc|ctr|cpm|cpa|cac|roas|(ad |media )?spend|cost per (lead|mql|sql|click|"
    r"conversion|acquisition|opportunity)|conversion rates?|win rate|funnel( numbers)?|"
    r"average deal size|mql ?(→|->|to) ?sql)\b",
    r"\bhow much did we (spend|generate|close|make)\b",
    r"\bhow many (leads|mqls|sqls|customers|opportunities|clicks|impressions|conversions|deals) "
    r"(did|have) we\b",
    rf"{_NOT_HOW_TO}.*\b{_METRIC}\b.*\b(by|per) (channel|campaign|month|week|quarter|ad set|"
    r"ad group)\b",
    rf"{_NOT_HOW_TO}.*\b{_METRIC}\b.*\b((this|last) (week|month|quarter|year)|"
    r"q[1-4]( 20\d\d)?|last \d+ days|year to date|ytd)\b",
    rf"{_NOT_HOW_TO}.*\b{_METRIC}\b.*\b(on|for|from|in|via) {_CHANNEL}\b",
    r"\b(month|quarter|year|week) (over|on) (month|quarter|year|week)\b",
    # how a channel or campaign performed, and any "our ... rate/cost" (unknown metrics too:
    # the tool then lists the metrics that exist instead of a document search guessing)
    r"\bhow (did|do|does|is|are|was|were) [\w /&-]{1,40} (perform|performing|do|doing|trending)\b",
    r"\bwhat (was|were|is|are) our [\w /&-]{1,40}\b(rate|cost|spend|ratio)\b",
)
