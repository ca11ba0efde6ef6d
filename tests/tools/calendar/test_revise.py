"""Revisions change only what they touch; hand-edited items keep their content."""

from __future__ import annotations

from collections import Counter

import pytest

from core.errors import InvalidInput
from evals.calendar_checks import check_all
from tests.tools.calendar.conftest import day, make_request
from tools.calendar.edits import ItemEdit, apply_edit
from tools.calendar.errors import ImpossibleCalendar
from tools.calendar.generate import generate_calendar
from tools.calendar.models import Calendar, ChannelCadence, MonthlyRule
from tools.calendar.revise import Revision, revise_calendar
from tools.calendar.windows import rule_date

LAST_THURSDAY = ChannelCadence(
    channel="Webinar", kind="monthly_rule", rule=MonthlyRule(weekday=3, ordinal=-1)
)


@pytest.fixture
def calendar() -> Calendar:
    """The example plus Instagram, 9 weeks, with two items edited by hand."""
    request = make_request(
        weeks=9,
        channels=[
            {"channel": "LinkedIn", "kind": "per_week", "times": 3},
            {"channel": "Blog", "kind": "weekdays", "weekdays": [1]},
            {"channel": "Webinar", "kind": "per_month", "times": 1},
            {"channel": "Newsletter", "kind": "per_fortnight", "times": 1},
            {"channel": "Instagram", "kind": "per_week", "times": 2},
        ],
    )
    original = generate_calendar(request, [])
    webinar = next(i for i in original.items if i.channel == "Webinar")
    linkedin = next(i for i in original.items if i.channel == "LinkedIn" and i.date.month == 2)
    edited = apply_edit(
        original, webinar.id, ItemEdit(title="Month-end close, live", stage=("consideration"))
    )
    return apply_edit(
        edited,
        linkedin.id,
        ItemEdit(title="Our Q1 customer story", pillar="Customer proof", owner="Priya"),
    )


def _content(item):  # type: ignore[no-untyped-def]
    return (item.title, item.hook, item.cta, item.stage, item.pillar, item.owner)


def test_drop_a_channel_keeps_everything_else(calendar: Calendar) -> None:
    revised, report = revise_calendar(calendar, Revision(drop_channels=["instagram"]), [])
    check_all(revised)
    assert revised.version == calendar.version + 1 and revised.id == calendar.id
    assert "Instagram" not in {i.channel for i in revised.items}
    before = {i.id: i for i in calendar.items}
    assert report.removed == 18 and report.new == 0
    same = [i for i in revised.items if _content(i) == _content(before[i.id])]
    assert all(i.date == before[i.id].date for i in revised.items)  # nothing re-planned
    assert report.kept == len(same) >= len(revised.items) - 3
    assert report.kept_edited == 2
    assert revised.revision_note == "Dropped Instagram (18 items)."


def test_move_the_webinar_to_the_last_thursday(calendar: Calendar) -> None:
    revised, report = revise_calendar(calendar, Revision(reschedule=[LAST_THURSDAY]), [])
    check_all(revised)
    webinars = [i for i in revised.items if i.channel == "Webinar"]
    assert [i.date for i in webinars] == [
        rule_date(LAST_THURSDAY.rule, 2027, m)  # type: ignore[arg-type]
        for m in (1, 2)
    ]
    old_webinars = [i for i in calendar.items if i.channel == "Webinar"]
    assert [i.id for i in webinars] == [i.id for i in old_webinars]  # ics events move, not dup
    hand = webinars[0]
    assert hand.edited and hand.title == "Month-end close, live" and hand.stage == "consideration"
    old = old_webinars[0].date
    assert hand.note == f"Rescheduled from {old:%a} {old.day} {old:%b %Y} by a revision."
    others = {i.id: i for i in calendar.items if i.channel != "Webinar"}
    assert all(i.date == others[i.id].date for i in revised.items if i.id in others)
    assert report.changes == ["Webinar: 1 per month → last Thursday of the month."]


def test_make_february_heavier_on_conversion(calendar: Calendar) -> None:
    revised, report = revise_calendar(
        calendar, Revision(month="February", heavier_on="conversion"), []
    )
    check_all(revised)  # February is its own group now, and still within one item

    def february(c: Calendar) -> Counter[str]:
        return Counter(i.stage for i in c.items if i.date.month == 2)

    assert february(revised)["conversion"] > february(calendar)["conversion"]
    assert revised.request.stage_mix_overrides["2027-02"]["conversion"] == 0.4
    before = {i.id: i for i in calendar.items}
    outside = [
        i for i in revised.items if i.date.month != 2 and _content(i) != _content(before[i.id])
    ]
    assert len(outside) <= 2
    edited = [i for i in revised.items if i.edited]
    assert [_content(i) for i in edited] == [_content(before[i.id]) for i in edited]
    assert report.changes[-1].startswith("Conversion items in February 2027: ")


def test_revisions_chain_and_keep_hand_edits(calendar: Calendar) -> None:
    step1, _ = revise_calendar(calendar, Revision(reschedule=[LAST_THURSDAY]), [])
    step2, _ = revise_calendar(step1, Revision(drop_channels=["Instagram"]), [])
    step3, _ = revise_calendar(step2, Revision(month="2027-02", heavier_on="conversion"), [])
    titles = {i.title for i in step3.items if i.edited}
    assert titles == {"Month-end close, live", "Our Q1 customer story"}
    assert step3.version == calendar.version + 3
    check_all(step3)


def test_bad_revisions_are_explained(calendar: Calendar) -> None:
    with pytest.raises(InvalidInput, match="TikTok is not in calendar"):
        revise_calendar(calendar, Revision(drop_channels=["TikTok"]), [])
    with pytest.raises(ImpossibleCalendar, match="empty calendar"):
        revise_calendar(
            calendar,
            Revision(drop_channels=["LinkedIn", "Blog", "Webinar", "Newsletter", "Instagram"]),
            [],
        )
    with pytest.raises(InvalidInput, match="not a month inside this calendar"):
        revise_calendar(calendar, Revision(month="July", heavier_on="retention"), [])
    with pytest.raises(InvalidInput, match="Nothing to change"):
        revise_calendar(calendar, Revision(), [])


def test_hand_edits_are_checked(calendar: Calendar) -> None:
    item = calendar.items[0]
    with pytest.raises(InvalidInput, match="outside this calendar"):
        apply_edit(calendar, item.id, ItemEdit(date=day("2030-01-01")))
    clash = next(i for i in calendar.items if i.channel == item.channel and i.id != item.id)
    with pytest.raises(InvalidInput, match="at most one item per day"):
        apply_edit(calendar, item.id, ItemEdit(date=clash.date))
    with pytest.raises(InvalidInput, match="titles are unique"):
        apply_edit(calendar, item.id, ItemEdit(title=clash.title.upper()))
