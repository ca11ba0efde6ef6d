"""Benchmark: a 52-week, 6-channel calendar generated and exported in all four formats.

Run with `python -m tools.calendar.bench`. No model and no retrieval: this times the engine
(scheduling, shares, ideas from templates) and the exports, the median of several runs.
"""

from __future__ import annotations

import statistics
import time

from tools.calendar.exports import to_csv, to_ics, to_json, to_markdown
from tools.calendar.generate import generate_calendar
from tools.calendar.models import CalendarRequest

REQUEST = CalendarRequest.model_validate(
    {
        "start": "2027-01-04",
        "weeks": 52,
        "holidays_country": "GB",
        "channels": [
            {"channel": "LinkedIn", "kind": "per_week", "times": 4},
            {"channel": "Blog", "kind": "weekdays", "weekdays": [1, 3]},
            {"channel": "Newsletter", "kind": "per_fortnight", "times": 1},
            {"channel": "Webinar", "kind": "monthly_rule", "rule": {"weekday": 3, "ordinal": -1}},
            {"channel": "Instagram", "kind": "per_week", "times": 3},
            {"channel": "YouTube", "kind": "per_month", "times": 2},
        ],
        "pillars": ["AP automation", "Month-end close", "Audit readiness"],
        "launches": [{"name": "Close Kit", "date": "2027-05-04"}],
    }
)


def run(repeats: int = 5) -> dict[str, float]:
    generate_calendar(REQUEST, [])  # first call loads holiday tables and templates
    generate_s, export_s, items = [], [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        calendar = generate_calendar(REQUEST, [])
        generated = time.perf_counter()
        for export in (to_csv, to_ics, to_markdown, to_json):
            export(calendar)
        generate_s.append(generated - started)
        export_s.append(time.perf_counter() - generated)
        items = len(calendar.items)
    generate, exports = statistics.median(generate_s), statistics.median(export_s)
    return {
        "items": items,
        "generate_s": generate,
        "exports_s": exports,
        "total_s": generate + exports,
    }


if __name__ == "__main__":
    figures = run()
    print(
        f"52 weeks, 6 channels: {figures['items']:.0f} items; generate "
        f"{figures['generate_s']:.2f} s, export CSV+ICS+MD+JSON {figures['exports_s']:.2f} s, "
        f"total {figures['total_s']:.2f} s (median of 5)"
    )
