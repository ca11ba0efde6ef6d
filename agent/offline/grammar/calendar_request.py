"""Read a content-calendar request from a chat message: the offline model's `extract_args`.

Returns `CalendarRequest` keyword arguments (JSON-ready: dates as ISO strings). Phrases it
understands (the README lists them for users):

- dates (calendar_dates.py): "8 wks", "6 weeks", "3 months", "a quarter", "from 7th dec",
  "starting 1/12" (day first), "from next mon", "from tomorrow", "till end of jan", "through
  18 dec", "21 dec to 10 jan", "jan to march", "1 feb through end of april", "Q1", "q2 2027",
  "H1", "the first half of next year", "next quarter", "for February", "for the month of
  february", "a quarter-long plan", "for the rest of the year", "starting 1/12 for the
  month"; named days (calendar_named_days.py: "black friday", "xmas eve", "boxing day", "new
  year's day"); a date without a year is the next such date on or after today (or the start);
  "12/7" is day first unless that start is months away and 7 December is near (then said)
- cadences per channel (calendar_cadence.py, calendar_channels.py): "3/wk", "3x/week",
  "2x a week", "x2/month", "3 times a week", "twice-monthly", "weekly", "fortnightly",
  "every other week", "biweekly" (read as every two weeks, and said so), "monthly", "daily",
  "every weekday", "Mon/Wed/Fri", "every tue & thu", "on Tuesdays", "5 vids a week", "FB and
  IG, 3 each per week", "the last Thursday of the month", "a monthly webinar on the 2nd
  tuesday", "one case study every fortnight (pennine, northbeam, calder)", "at 9am"; each
  bound to its own channel
- holidays and blackouts (calendar_settings.py): "skip UK bank holidays", "bank hols", "US
  holidays", "no posts over christmas", "no posts on 24 December", "no posts from 20 to 31
  December", "no posts between christmas and new year", "no posts over easter"; launches,
  pillars, segment, stage mix, daily caps, weekdays, time zone, owners

Missing pieces take the defaults the tool would use (start next Monday, 4 weeks, LinkedIn 3
a week and a weekly blog) and each is listed in `assumptions`. Words the grammar could not
read are listed in `not_understood`, so the reading never pretends to have read them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from dateutil.relativedelta import relativedelta

from agent.offline.grammar import calendar_settings as settings
from agent.offline.grammar.calendar_channels import read_channels
from agent.offline.grammar.calendar_dates import read_span
from agent.offline.grammar.calendar_named_days import rewrite_named_days
from agent.offline.grammar.calendar_phrases import Text, parse_date
from tools.calendar.mix import emphasise
from tools.calendar.models import DEFAULT_STAGE_MIX
from tools.calendar.windows import month_index

_FILLER_WORDS = """
a an the our we us i me my you your u it its is are be been do did does to of in on at for
from by with and or but so if then that this these those what which can could would will
should please pls plz thanks thx cheers hi hey ok okay just also too as well some any all
each every per want need needs like let lets let's make build create set up give get put
together plan planning planned calendar calender calendars cal cals during content contents schedule
schedules scheduling sched editorial publishing posting social media post posts items item
pieces piece lay layout map out draft mock sketch sort simple quick new light basic rough
going invite invites invitation reminder reminders promo start starting run running over
across sprint push campaign series there here via into mix programme program cadence
cadences channels channel something stuff things thing one week weeks have got we've i'd
we'd i'm we're it's that's can't don't obviously also, yeah yes sure mostly again only maybe
do? me? go how about plus goes went going published publish sent send posted
out love i'd kindly keep clear free built around based
"""
_FILLER = frozenset(_FILLER_WORDS.split())


_LIST_MARK = re.compile(r"(?m)^[ \t]*(?:\d{1,2}[.)]|[-*•])[ \t]+")


def parse_request(text: str, today: dt.date) -> dict[str, Any]:
    """CalendarRequest kwargs from a chat message (see the module docstring)."""
    text = _LIST_MARK.sub("", text)  # "2) run through end of Feb\n3) …": not "Feb 3"
    text, notes = rewrite_named_days(text, today)
    t = Text(text)
    out: dict[str, Any] = {}
    settings.pillars(t, out)
    settings.segment(t, out)
    launches = settings.launch_phrases(t)
    blackouts = settings.blackout_phrases(t)
    settings.holidays(t, out, notes)
    span = read_span(t, today, notes)
    out["start"] = span.start.isoformat()
    if span.end is not None:
        out["end"] = span.end.isoformat()
    else:
        out["weeks"] = span.weeks
    settings.timezone(t, out)
    settings.owners(t, out)
    settings.day_rules(t, out)
    emphasis = settings.stage_mix(t, out)
    channels = read_channels(t, out.get("allowed_weekdays", [0, 1, 2, 3, 4]))
    out["channels"] = channels.channels
    notes += channels.notes
    _named_weekend_days(out, notes)
    end = span.end or span.start + dt.timedelta(days=7 * (span.weeks or 0) - 1)
    _resolve_dates(out, span.start, end, launches, blackouts, emphasis, notes)
    if notes:
        out["assumptions"] = notes
    unread = [*channels.unread, *_leftovers(t.working)]
    if unread:
        out["not_understood"] = unread
    return out


def _named_weekend_days(out: dict[str, Any], notes: list[str]) -> None:
    """ "facebook every saturday": a weekend day named for a channel is a publishing day."""
    allowed = out.get("allowed_weekdays", [0, 1, 2, 3, 4])
    named = {d for c in out["channels"] for d in c.get("weekdays") or [] if d not in allowed}
    if named and "allowed_weekdays" not in out:
        out["allowed_weekdays"] = sorted({*allowed, *named})
        days = " and ".join(("Saturday", "Sunday")[d - 5] for d in sorted(named))
        notes.append(
            f"{days} is not an allowed publishing day by default (weekdays only); it was added "
            "because you named it for a channel."
        )


def _leftovers(working: str) -> list[str]:
    """Runs of words nobody read, without filler: what the reading must admit to."""
    runs: list[str] = []
    for chunk in re.split(r"[,;:.!?()\n]|\s{3,}|\s[-–—]\s", working):
        words = [w for w in re.findall(r"[\w'’/&+-]+", chunk) if w.strip("-/&+")]
        kept = [i for i, w in enumerate(words) if w.lower() not in _FILLER and not w.isdigit()]
        if kept:
            runs.append(" ".join(words[kept[0] : kept[-1] + 1]).replace("_", " "))
    return runs


# -- dates that need the start -------------------------------------------------------------
def _resolve_dates(
    out: dict[str, Any],
    start: dt.date,
    end: dt.date,
    launches: list[tuple[str, str]],
    blackouts: list[tuple[str, str | None]],
    emphasis: tuple[str, str | None] | None,
    notes: list[str],
) -> None:
    days: set[dt.date] = set()
    for first_text, last_text in blackouts:
        first = parse_date(first_text, start)
        last = parse_date(last_text, first or start) if last_text else first
        if first and last:
            days |= {first + dt.timedelta(days=i) for i in range((last - first).days + 1)}
    if out.pop("_christmas_dark", False):
        days |= {d for d in _christmas_days(start, end) if start <= d <= end}
    if days:
        out["blackout_dates"] = [d.isoformat() for d in sorted(days)]
    resolved = [(name, parse_date(when, start)) for name, when in launches]
    if resolved:
        out["launches"] = [{"name": n, "date": d.isoformat()} for n, d in resolved if d]
    if emphasis:
        stage, month = emphasis
        base = out.get("stage_mix", dict(DEFAULT_STAGE_MIX))
        if month is None:
            out["stage_mix"] = emphasise(base, stage)
        else:
            key = _month_key(month, start, end)
            out["stage_mix_overrides"] = {key: emphasise(base, stage)}
        notes.append(
            f"Heavier on {stage}: its share goes up 20 points"
            f"{' in ' + month.capitalize() if month else ''} and the other stages "
            "shrink in proportion."
        )
    if "assumptions" in out:
        notes[:0] = out.pop("assumptions")


def _christmas_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """24 December to 1 January of every Christmas the range touches."""
    found = []
    for year in range(start.year - 1, end.year + 1):
        first = dt.date(year, 12, 24)
        found += [first + dt.timedelta(days=i) for i in range(9)]
    return found


def _month_key(word: str, start: dt.date, end: dt.date) -> str:
    """The first month with this name inside the range (else the next one after the start)."""
    month = month_index(word)
    day = start.replace(day=1)
    while day <= end:
        if day.month == month:
            return f"{day:%Y-%m}"
        day += relativedelta(months=1)
    year = start.year + (1 if month < start.month else 0)
    return f"{year}-{month:02d}"
