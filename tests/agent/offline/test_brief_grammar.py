"""The brief grammar reads what a statement means: the field from its verbs and nouns, clean
values, values taken off, and one question with the likely fields when it cannot tell."""

from __future__ import annotations

from datetime import date

import pytest

from agent.offline.grammar.brief import brief_question, read_statement

TODAY = date(2026, 11, 23)


def _read(text: str) -> dict[str, object]:
    reading = read_statement(text, TODAY)
    assert reading is not None, text
    return reading.args()


@pytest.mark.parametrize(
    ("text", "field", "values"),
    [
        # budget: money per period for marketing
        ("the board signed off £40k a quarter for marketing", "budget", ["£40k a quarter"]),
        ("we've got about £8k/month to spend on ads", "budget", ["£8k a month"]),
        (
            "marketing budget's going up to £30k pm from March",
            "budget",
            ["£30k a month from March 2027"],
        ),
        ("ok so our budget for next year is £250k", "budget", ["£250k"]),
        # competitors: met in deals
        ("we keep coming up against Spendesk in enterprise deals", "competitors", ["Spendesk"]),
        ("lost two deals to tipalti this month", "competitors", ["Tipalti"]),
        ("we go head to head with Soldo and Pleo", "competitors", ["Soldo", "Pleo"]),
        ("Yokoy is a new competitor", "competitors", ["Yokoy"]),
        ("put Medius on the competitor list", "competitors", ["Medius"]),
        # tools
        ("we're on Pipedrive for the CRM", "tools", ["Pipedrive"]),
        ("we signed up for semrush last month", "tools", ["Semrush"]),
        ("we bought Gong for the sales team", "tools", ["Gong"]),
        # channels
        ("we also advertise on reddit now", "channels", ["Reddit"]),
        ("we've started doing webinars", "channels", ["Webinars"]),
        # agencies and freelancers
        ("Pixelworks is our new design agency", "agencies", ["Pixelworks"]),
        ("we brought in Northwind as our SEO agency", "agencies", ["Northwind"]),
        ("we use a freelancer called Sam Patel for copy", "agencies", ["Sam Patel (copy)"]),
        # company
        ("just so you know we're called Brightwell Analytics", "company", ["Brightwell Analytics"]),
        ("the client is Harbour & Hope Ltd", "company", ["Harbour & Hope Ltd"]),
        # offering, prices, segments, markets
        (
            "we make payroll software for care homes",
            "offering",
            ["payroll software for care homes"],
        ),
        ("we charge £49 per user per month", "price_points", ["£49 per user"]),
        (
            "our plans are £19/mo, £49/mo and £99/mo",
            "price_points",
            ["£19 a month", "£49 a month", "£99 a month"],
        ),
        ("most of our customers are housing associations", "segments", ["housing associations"]),
        ("we're going after dental groups next", "segments", ["dental groups next"]),
        (
            "our ICP is finance teams at 200-1000 staff firms",
            "target_markets",
            ["finance teams at 200-1000 staff firms"],
        ),
        # goals
        ("we need to hit 150 SQLs a quarter", "goals", ["hit 150 SQLs a quarter"]),
        ("the ceo wants 40% more pipeline by Q3", "goals", ["40% more pipeline by Q3"]),
        # team
        ("Aisha joined as our demand gen manager", "team", ["Aisha (demand gen manager)"]),
        ("our new head of marketing is Leo Grant", "team", ["Leo Grant (head of marketing)"]),
        # voice, alternatives, model, category, differentiators
        ("our brand voice should be calm and precise", "brand_voice", ["calm and precise"]),
        (
            "most teams still do it in spreadsheets rather than buy a tool",
            "alternatives",
            ["spreadsheets"],
        ),
        ("we bill annually upfront", "business_model", ["annually upfront"]),
        ("we're in the procurement software space", "category", ["procurement software"]),
        (
            "we're the only ones with native multi-currency approvals",
            "differentiators",
            ["native multi-currency approvals"],
        ),
    ],
)
def test_a_statement_is_read_by_what_it_means(text: str, field: str, values: list[str]) -> None:
    assert _read(text) == {"field": field, "values": values}


@pytest.mark.parametrize(
    ("text", "field", "values", "remove"),
    [
        ("we switched from Mailchimp to Brevo", "tools", ["Brevo"], ["Mailchimp"]),
        (
            "we migrated off salesforce onto hubspot in the summer",
            "tools",
            ["HubSpot"],
            ["Salesforce"],
        ),
        ("we cancelled hotjar, nobody looked at it", "tools", [], ["Hotjar"]),
        ("we've stopped running tiktok ads", "channels", [], ["TikTok Ads"]),
        ("we parted ways with Redline Media", "agencies", [], ["Redline Media"]),
        ("Marcus has left", "team", [], ["Marcus"]),
        ("take Payflow off our competitors, they went bust", "competitors", [], ["Payflow"]),
    ],
)
def test_a_statement_can_take_a_value_off(
    text: str, field: str, values: list[str], remove: list[str]
) -> None:
    assert _read(text) == {"field": field, "values": values, "remove": remove}


def test_an_agency_on_notice_stays_listed_until_it_goes() -> None:
    args = _read("we gave Copperleaf notice last week, they finish at the end of january")
    assert args == {
        "field": "agencies",
        "values": ["Copperleaf (on notice, leaving end of January 2027)"],
        "remove": ["Copperleaf"],
    }


def test_a_pronoun_takes_the_name_from_the_other_clause() -> None:
    args = _read("we're seeing Basware in a lot of deals lately, add them to our competitors")
    assert args == {"field": "competitors", "values": ["Basware"]}


def test_money_without_a_buyer_or_a_seller_is_not_guessed() -> None:
    assert read_statement("£12k a month from February", TODAY) is None
    question = brief_question("£12k a month from February")
    assert [o.label for o in question.options] == ["Marketing budget", "Price points", "Goals"]
    chosen = question.options[0].reply
    assert chosen.startswith("Remember this: Marketing budget — ")
    # the reply names the field, so choosing it records the budget
    after = read_statement(chosen.removeprefix("Remember this: "), TODAY)
    assert after is not None
    assert after.args() == {"field": "budget", "values": ["£12k a month from February 2027"]}


def test_questions_and_unclear_statements_record_nothing() -> None:
    assert read_statement("who are our competitors again?", TODAY) is None
    assert read_statement("things are a bit rubbish at the moment", TODAY) is None
    question = brief_question("things are a bit rubbish at the moment")
    assert question.question.startswith("Which part of the client brief is that about")
    assert len(question.options) >= 3
