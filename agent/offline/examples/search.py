"""Routing examples for the two search tools: our playbooks (methods, benchmarks) and the
client's own documents. Labelled utterances, embedded once per process by the router."""

from __future__ import annotations

import re

PLAYBOOK_EXAMPLES = (
    "How do I build a content calendar?",
    "What should every content calendar entry include?",
    "How do I run a martech audit?",
    "How do I decide which marketing tools to keep or cancel?",
    "What is a healthy churn rate for B2B SaaS?",
    "How do I calculate customer lifetime value?",
    "What are the signs of a growth plateau?",
    "How can a small team use AI for marketing safely?",
    "How do I brief a freelancer or an agency?",
    "When should we stop a marketing experiment?",
    "What is break-even ROAS?",
    "How often should we survey customers for NPS?",
    "What goes into a brand platform?",
    "Who sits on a B2B buying committee?",
    "What are buying triggers?",
    "Which channels work best for B2B go-to-market?",
    "How quickly should sales follow up a new lead?",
    "What is closed-loop reporting?",
    "What makes a good proof point?",
    "Why should you never average ratios?",
    "What percentage of revenue should go on marketing?",
    "What are the warning signs that a customer will churn?",
    "What should a tone of voice guide contain?",
    "How do you run a positioning workshop?",
    "How do I define an MQL?",
    "What is a good MQL to SQL conversion rate?",
    "How should I structure a messaging framework?",
    "Explain April Dunford's positioning method",
    "What goes into an ideal customer profile?",
    "How do I build a 90 day marketing roadmap?",
    "How do we calculate CAC payback?",
    "What is the formula for LTV to CAC?",
    "How should a small team split its marketing budget?",
    "How do I run a martech audit?",
    "What should a lead handover SLA include?",
    "How do I improve landing page conversion?",
    "What are signs that sales and marketing are misaligned?",
    "How can a lean marketing team use AI safely?",
    "What are good content pillars for B2B?",
    "How do I reduce churn with lifecycle emails?",
    "How should we write a tone of voice guide?",
    "Which channels work best for B2B SaaS?",
    "What is a good 70/20/10 budget split?",
    "How do I choose between an agency and a hire?",
    "What's the difference between a lead and an MQL?",
    "Best practices for a webinar programme",
    "How many times a week should we post on LinkedIn?",
    "What KPIs should a marketing dashboard have?",
    "How do I prioritise marketing initiatives?",
    "What is a positioning statement template?",
    "How do we test a new channel without wasting money?",
    "What is net revenue retention and why does it matter?",
    "How do I set up a revenue meeting with sales?",
    "What does a fractional CMO do in the first 30 days?",
)

DOCUMENT_EXAMPLES = (
    "What do our customers say about us?",
    "What did customers say in the interviews?",
    "Who are our competitors?",
    "How do we compare with our competitors?",
    "What does our website say we do?",
    "What does our sales deck say?",
    "What did the last marketing report say?",
    "Why did we lose deals last quarter?",
    "What does the founder want to achieve?",
    "What are our pricing tiers?",
    "Which tools are in our marketing stack?",
    "What are our brand guidelines?",
    "What is our tone of voice?",
    "What problems do our customers have before buying?",
    "Why did customers choose us?",
    "What do sales think of marketing leads?",
    "What are our differentiators?",
    "What proof points do we have?",
    "Which integrations does our product have?",
    "What did the sales call summary conclude?",
    "What are our goals for next year?",
    "Find mentions of NetSuite in our documents",
    "Search our documents for churn",
    "What does our agency report?",
    "Who is our typical buyer according to interviews?",
)


# A capitalised word inside a sentence is usually one of the client's own names (a customer,
# a competitor, a product): a strong sign the question is about this client. Common platform,
# calendar and framework names are not.
PROPER_NOUN = re.compile(
    r"(?<=[a-z0-9,;:] )(?!(?:Google|Meta|Facebook|Instagram|Excel|Salesforce|Twitter|YouTube|"
    r"TikTok|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|English|British|Dunford|"
    r"Moore|Ads|Analytics|Sheets|Slack|Zapier|Canva|Notion|Europe|London)\b)[A-Z][a-z]{2,}\b"
)
