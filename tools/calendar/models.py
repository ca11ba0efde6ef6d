"""The calendar's data: what a user asks for (`CalendarRequest`) and what they get (`Calendar`).

Everything is plain, JSON-serialisable pydantic so a calendar can be stored, exported and
loaded into a team's calendar or project tools without this code. Cross-field checks that
need an explanation and a suggested fix (caps, conflicts) live in `constraints.py`, so they
raise `ImpossibleCalendar` rather than a bare validation error.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from tools.citations import Citation, CitationKind

Weekday = Annotated[int, Field(ge=0, le=6, description="0 = Monday")]
# Calendar dates: plans are made for years around now, and arithmetic near year 9999 overflows.
Day = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31))]
Stage = Literal["awareness", "consideration", "conversion", "retention"]
CadenceKind = Literal["per_week", "per_fortnight", "per_month", "weekdays", "monthly_rule"]
LaunchStep = Literal["teaser", "announcement", "proof", "follow_up"]

STAGES: tuple[Stage, ...] = ("awareness", "consideration", "conversion", "retention")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINAL_NAMES = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
# The playbook's suggested SME mix (content-strategy-and-calendars.md › Funnel-stage content mix).
DEFAULT_STAGE_MIX: dict[Stage, float] = {
    "awareness": 0.4,
    "consideration": 0.3,
    "conversion": 0.2,
    "retention": 0.1,
}
DEFAULT_PILLARS = ["Industry insight", "How-to guidance", "Customer proof", "Product in practice"]

# canonical name → (default format, default local publish time)
CHANNEL_DEFAULTS: dict[str, tuple[str, dt.time]] = {
    "LinkedIn": ("post", dt.time(8, 30)),
    "Blog": ("article", dt.time(10, 0)),
    "Newsletter": ("email", dt.time(9, 0)),
    "Webinar": ("webinar", dt.time(14, 0)),
    "Instagram": ("carousel", dt.time(12, 0)),
    "Email": ("email", dt.time(10, 0)),
    "YouTube": ("video", dt.time(17, 0)),
    "Podcast": ("podcast episode", dt.time(7, 0)),
    "X": ("post", dt.time(12, 30)),
    "Facebook": ("post", dt.time(12, 0)),
    "TikTok": ("video", dt.time(18, 0)),
    "Case study": ("case study", dt.time(10, 0)),
}
FALLBACK_FORMAT, FALLBACK_TIME = "post", dt.time(10, 0)
# Other names people use for the known channels (lower case).
CHANNEL_ALIASES: dict[str, str] = {
    "blog post": "Blog",
    "blog posts": "Blog",
    "blogs": "Blog",
    "articles": "Blog",
    "newsletters": "Newsletter",
    "email newsletter": "Newsletter",
    "webinars": "Webinar",
    "masterclass": "Webinar",
    "masterclasses": "Webinar",
    "emails": "Email",
    "linkedin posts": "LinkedIn",
    "instagram posts": "Instagram",
    "insta": "Instagram",
    "youtube videos": "YouTube",
    "podcasts": "Podcast",
    "podcast episodes": "Podcast",
    "twitter": "X",
    "x (twitter)": "X",
    "case studies": "Case study",
    "tiktoks": "TikTok",
}


def canonical_channel(name: str) -> str:
    """ "linkedin" and "LinkedIn " are one channel; unknown names keep the user's spelling."""
    cleaned = " ".join(name.split())
    lowered = cleaned.lower()
    for known in CHANNEL_DEFAULTS:
        if known.lower() == lowered:
            return known
    return CHANNEL_ALIASES.get(lowered, cleaned)


class MonthlyRule(BaseModel):
    """ "The last Thursday of the month" = MonthlyRule(weekday=3, ordinal=-1); "the 15th of
    each month" = MonthlyRule(day=15) (a month with fewer days uses its last day)."""

    weekday: Weekday | None = Field(default=None, description="0 = Monday, with `ordinal`")
    ordinal: Literal[1, 2, 3, 4, -1] = Field(default=-1, description="-1: the last")
    day: int | None = Field(default=None, ge=1, le=31, description="day of the month (no weekday)")

    @model_validator(mode="after")
    def _one_kind(self) -> MonthlyRule:
        if (self.weekday is None) == (self.day is None):
            raise ValueError("give a weekday (with an ordinal) or a day of the month, not both")
        return self

    @model_serializer(mode="wrap")
    def _without_unused(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Only the fields in use, so stored calendars and their ids stay as before."""
        data: dict[str, Any] = handler(self)
        if self.day is not None:
            return {"day": self.day}
        return {k: v for k, v in data.items() if k != "day"}

    def describe(self) -> str:
        if self.day is not None:
            suffix = (
                "th"
                if 10 <= self.day % 100 <= 20
                else {1: "st", 2: "nd", 3: "rd"}.get(self.day % 10, "th")
            )
            return f"{self.day}{suffix} of the month"
        assert self.weekday is not None
        return f"{ORDINAL_NAMES[self.ordinal]} {WEEKDAY_NAMES[self.weekday]} of the month"


class ChannelCadence(BaseModel):
    """How often one channel publishes. One cadence per channel, at most one item per day.

    kinds: `per_week`/`per_fortnight`/`per_month` (`times` per window, the engine picks the
    days), `weekdays` (every listed weekday), `monthly_rule` (e.g. last Thursday monthly).
    """

    channel: str = Field(min_length=1, max_length=40, description="e.g. LinkedIn")
    kind: CadenceKind = Field(
        default="per_week",
        description="per_*: `times` per window; weekdays: each listed day; monthly_rule: `rule`",
    )
    times: int = Field(default=1, ge=1, le=31)
    weekdays: list[Weekday] = Field(default=[], description="0 = Monday")
    rule: MonthlyRule | None = Field(
        default=None, description="weekday + ordinal (last Thursday: 3, -1), or day"
    )
    format: str | None = Field(default=None, description="default: the channel's usual")
    time: dt.time | None = Field(default=None, description="local time")

    @field_validator("channel")
    @classmethod
    def _canonical(cls, value: str) -> str:
        return canonical_channel(value)

    @model_validator(mode="after")
    def _kind_fields(self) -> ChannelCadence:
        if self.kind == "weekdays" and not self.weekdays:
            raise ValueError("a 'weekdays' cadence needs at least one weekday")
        if self.kind == "monthly_rule" and self.rule is None:
            raise ValueError("a 'monthly_rule' cadence needs a rule")
        self.weekdays = sorted(set(self.weekdays))
        return self

    def resolved_format(self) -> str:
        return self.format or CHANNEL_DEFAULTS.get(self.channel, (FALLBACK_FORMAT,))[0]

    def resolved_time(self) -> dt.time:
        return self.time or CHANNEL_DEFAULTS.get(self.channel, (None, FALLBACK_TIME))[1]

    def describe(self) -> str:
        """Human wording, used in summaries, errors and defaults notes."""
        if self.kind == "weekdays":
            return "every " + " and ".join(WEEKDAY_NAMES[d] for d in self.weekdays)
        if self.kind == "monthly_rule" and self.rule is not None:
            return self.rule.describe()
        unit = {"per_week": "week", "per_fortnight": "fortnight", "per_month": "month"}[self.kind]
        return f"{self.times} per {unit}"


class Launch(BaseModel):
    """A launch or campaign date; the engine plans teaser, announcement, proof, follow-up."""

    name: str = Field(min_length=1, max_length=120, description="what launches")
    date: Day
    channel: str | None = Field(default=None, description="default: the first channel")
    pillar: str | None = None

    @field_validator("channel")
    @classmethod
    def _canonical(cls, value: str | None) -> str | None:
        return canonical_channel(value) if value else None


class CalendarDraft(BaseModel):
    """A calendar request as a person or a model writes it: anything may be missing.

    `tools.calendar.defaults.resolve` fills the gaps (and says which) to make a
    `CalendarRequest`. Give `weeks` or `end` (inclusive; `end` wins when both are given).
    """

    start: Day | None = Field(default=None, description="default: next Monday")
    weeks: int | None = Field(
        default=None,
        ge=1,
        le=1000,
        description="default 4 unless `end` is given",
    )
    end: Day | None = Field(default=None, description="inclusive")
    channels: list[ChannelCadence] = Field(
        default_factory=list,
        description="one per channel; default: LinkedIn 3 per week, Blog weekly",
    )
    timezone: str = Field(default="Europe/London", description="IANA")
    owners: dict[str, str] = Field(default_factory=dict, description="channel → owner")
    default_owner: str = Field(default="Unassigned")
    pillars: list[str] = Field(default_factory=list, description="3–5 themes; default: generic")
    pillar_shares: dict[str, float] | None = Field(
        default=None, description="pillar → share; default: equal"
    )
    stage_mix: dict[Stage, float] = Field(
        default_factory=lambda: dict(DEFAULT_STAGE_MIX),
        description="stage → share; default 40/30/20/10",
    )
    stage_mix_overrides: dict[str, dict[Stage, float]] = Field(
        default_factory=dict, description="YYYY-MM → stage mix for that month"
    )
    blackout_dates: list[Day] = Field(default_factory=list, description="no content on these days")
    holidays_country: str | None = Field(
        default=None, description="skip its public holidays, e.g. GB"
    )
    holidays_subdivision: str | None = Field(default=None, description="e.g. ENG, NY")
    launches: list[Launch] = Field(default_factory=list, description="each gets a lead-up sequence")
    segment: str | None = Field(default=None, description="target ICP segment")
    allowed_weekdays: list[Weekday] = Field(
        default_factory=lambda: [0, 1, 2, 3, 4],
        description="0 = Monday; default Monday–Friday",
    )
    max_per_day: int | None = Field(default=None, ge=1, le=20, description="all channels")
    assumptions: list[str] = Field(
        default_factory=list,
        description="what you assumed; shown to the user",
    )
    not_understood: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="words you could not place; shown to the user",
    )

    @field_validator("holidays_country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if not value:
            return None
        code = value.strip().upper()
        return "GB" if code == "UK" else code


class CalendarRequest(CalendarDraft):
    """What to plan, complete: a start, a length and at least one channel."""

    start: Day
    channels: list[ChannelCadence] = Field(min_length=1)

    @model_validator(mode="after")
    def _needs_length(self) -> CalendarRequest:
        if self.weeks is None and self.end is None:
            raise ValueError("give either weeks or an end date")
        self.allowed_weekdays = sorted(set(self.allowed_weekdays))
        return self

    @property
    def end_date(self) -> dt.date:
        """Inclusive last day: `end`, or `weeks` whole weeks from `start`."""
        if self.end is not None:
            return self.end
        return self.start + dt.timedelta(days=7 * (self.weeks or 0) - 1)

    def owner_for(self, channel: str) -> str:
        for name, owner in self.owners.items():
            if canonical_channel(name) == channel:
                return owner
        return self.default_owner

    def effective_pillars(self) -> list[str]:
        return list(self.pillars) or list(DEFAULT_PILLARS)

    def cadence_of(self, channel: str) -> ChannelCadence | None:
        return next((c for c in self.channels if c.channel == channel), None)


class IdeaSource(BaseModel):
    """A retrieved passage (client document or playbook) an item's idea can be built from."""

    text: str
    label: str
    ref: str
    kind: CitationKind = "document"


class CalendarItem(BaseModel):
    """One row of the calendar: one asset on one channel on one day.

    `slot` is the cadence slot the item fills (its planned date before any move), so cadence
    counts can be checked per window even when a holiday pushed the item elsewhere.
    """

    id: str
    date: dt.date
    time: dt.time
    channel: str
    format: str
    pillar: str
    stage: Stage
    title: str = ""
    hook: str = ""
    cta: str = ""
    segment: str = ""
    owner: str = ""
    status: str = "planned"
    source: Citation | None = None
    slot: dt.date
    moved_from: dt.date | None = None
    note: str = ""
    edited: bool = Field(default=False, description="hand-edited: revisions keep its content")
    origin: Literal["cadence", "launch"] = "cadence"
    launch: str | None = None
    launch_step: LaunchStep | None = None


class Calendar(BaseModel):
    """A generated calendar, independent of any workspace (the store decides where it lives)."""

    id: str
    request: CalendarRequest
    start: dt.date
    end: dt.date
    items: list[CalendarItem]
    defaults_used: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    created_at: dt.datetime
    updated_at: dt.datetime | None = None
    version: int = 1
    revision_note: str = ""
    cancelled: list[CalendarItem] = Field(
        default_factory=list,
        description="items an earlier version had and this one does not; the .ics export "
        "lists them as cancelled so calendar apps that imported them remove them",
    )

    def item(self, item_id: str) -> CalendarItem | None:
        return next((i for i in self.items if i.id == item_id), None)


def with_cancelled(calendar: Calendar, previous: Calendar | None) -> Calendar:
    """`calendar` whose `cancelled` holds every item of an earlier version that it lacks (as
    last seen); an item that comes back leaves the list."""
    if previous is None:
        return calendar
    present = {i.id for i in calendar.items}
    last_seen = {i.id: i for i in [*previous.cancelled, *calendar.cancelled, *previous.items]}
    gone = [i for i in last_seen.values() if i.id not in present]
    return calendar.model_copy(update={"cancelled": sorted(gone, key=lambda i: (i.date, i.id))})
