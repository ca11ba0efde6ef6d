"""Example utterances and keyword rules the offline router uses for the two calendar tools."""

from __future__ import annotations

GENERATE_EXAMPLES = (
    "Plan 8 weeks of content from 5 January",
    "Create a content calendar for the next quarter",
    "Build me a content calendar for February",
    "Make a 12-week content plan with LinkedIn three times a week",
    "I need a posting schedule for LinkedIn and the blog",
    "Plan our social media content for the next month",
    "Generate a content calendar with a weekly blog and a monthly webinar",
    "Schedule LinkedIn posts three times a week for 6 weeks",
    "Put together an editorial calendar for Q1",
    "Plan content around our product launch on 2 February",
    "Draft a content calendar: blog every Tuesday, newsletter fortnightly",
    "Can you plan 4 weeks of LinkedIn posts?",
    "Map out our content for the next two months, skipping bank holidays",
    "Create a content schedule for the mid-market finance ICP",
    "What should we post and when over the next 8 weeks?",
    "Give me a publishing calendar for the newsletter and webinars",
    "Plan a launch campaign calendar for our new product",
    "Make a content calendar I can import into Google Calendar",
    "Plan content with pillars: AP automation, month-end close and audit readiness",
    "Set up a content cadence for LinkedIn, blog and newsletter",
    "Create an 8-week content calendar and export it to CSV",
    "Plan next month's posts, no more than two a day",
    "Build a social calendar with Instagram twice a week",
    "Schedule a monthly webinar and a weekly blog for the next quarter",
    "Set up a webinar on the first Tuesday of each month for the next 3 months",
)

REVISE_EXAMPLES = (
    "Move the webinar to the last Thursday of the month",
    "Drop Instagram from the calendar",
    "Make February heavier on conversion",
    "Remove the newsletter",
    "Change LinkedIn to twice a week",
    "Move the blog to Tuesdays and Thursdays",
    "More retention content in March",
    "Take TikTok out of the plan",
    "Make the newsletter weekly instead of fortnightly",
    "Shift the webinar to the first Wednesday of each month",
    "Can you make January heavier on awareness?",
    "Revise the calendar: no more webinars",
    "Update the content calendar so LinkedIn is three times a week",
    "Put the podcast on Fridays",
    "Cut the blog posts from the calendar",
    "Make the calendar more focused on conversion",
    "Switch the newsletter to monthly",
    "Drop the webinar and make March heavier on retention",
    "Edit the calendar: move LinkedIn posts to Mondays, Wednesdays and Fridays",
    "Reschedule the webinars to the second Tuesday of the month",
    "Remove X from the content calendar",
    "Make the calendar heavier on consideration",
)

_CHANNEL_WORDS = (
    r"(webinars?|newsletters?|linked ?in|blog|instagram|podcasts?|tik ?tok|youtube|"
    r"facebook|twitter|e-?mails?|case stud)"
)

GENERATE_KEYWORDS = (
    r"\bcontent (calendar|plan|schedule)\b",
    r"\b(editorial|publishing|posting|social( media)?) (calendar|schedule|plan)\b",
    r"\bplan\b.{0,40}\b(weeks?|months?|quarter|q[1-4])\b.{0,30}\b(content|posts)\b",
    r"\bplan \d+ weeks\b",
    r"\b(for|over) the next (\d+|two|three|four|six|eight|twelve) (weeks|months)\b",
    r"\bfor the next (quarter|month)\b|\b\d+[- ]weeks? of\b",
)

REVISE_KEYWORDS = (
    r"\b(move|drop|remove|cut|reschedule|shift|switch|change|take)\b.{0,40}\b" + _CHANNEL_WORDS,
    r"\b(heavier|more focused) on\b",
    r"\bmore (awareness|consideration|conversion|retention)\b",
    r"\b(revise|update|edit)\b.{0,20}\bcalendar\b",
    r"\bno more " + _CHANNEL_WORDS,
)
