"""Calendar errors. Each one says what is wrong and how to fix it, because a user who is told
"impossible" without a way out just retries the same request."""

from __future__ import annotations

from core.errors import CmoError, InvalidInput, NotFound


class ImpossibleCalendar(InvalidInput):
    """The request cannot be scheduled as asked (conflicting constraints, or over a cap).

    `problem` names the conflict, `suggestion` a concrete change that resolves it; `detail`
    (what the API shows) joins the two.
    """

    code = "impossible_calendar"

    def __init__(self, problem: str, suggestion: str, channel: str | None = None) -> None:
        super().__init__(f"{problem} Suggested fix: {suggestion}")
        self.problem = problem
        self.suggestion = suggestion
        self.channel = channel


class InvalidCalendarId(InvalidInput):
    """A calendar id that could escape the store's folder or is otherwise malformed."""

    code = "invalid_calendar_id"


class CalendarNotFound(NotFound):
    code = "calendar_not_found"


class ItemNotFound(NotFound):
    code = "calendar_item_not_found"


class CalendarConflict(CmoError):
    """Another change to the same calendar was saved first; nothing was overwritten."""

    status_code = 409
    code = "calendar_conflict"
