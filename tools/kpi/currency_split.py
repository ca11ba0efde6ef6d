"""Amounts in different currencies are never added together.

When a selection holds amounts in several currencies, the query groups its rows by currency too,
and every metric built on an amount (spend, revenue, pipeline: CPC, ROAS…) is given per currency
in `totals_by_currency`; its single total is n/a. Re-importing with `convert_to` and `rates` in
the mapping converts the amounts at the user's rates instead.
"""

from __future__ import annotations

from typing import Any

from tools.kpi.compiled import CompiledQuery
from tools.kpi.dimensions import Dimension
from tools.kpi.formatting import format_value, round_value
from tools.kpi.results import KpiResult

MONEY = frozenset({"spend", "revenue", "pipeline"})
CURRENCY = Dimension("currency", '"currency"', '"currency"')


def split_money_totals(
    result: KpiResult, compiled: CompiledQuery, by_currency: dict[str, dict[str, Any]]
) -> None:
    """Replace the mixed totals of money metrics by totals per currency, with a note."""
    if not by_currency:
        return
    money = [m for m in compiled.metrics if m.measures & MONEY]
    for code, values in sorted(by_currency.items()):
        result.totals_by_currency[code] = {
            m.metric.name: round_value(values.get(m.metric.name), m.metric) for m in money
        }
        result.formatted_totals_by_currency[code] = {
            m.metric.name: format_value(values.get(m.metric.name), m.metric, code) for m in money
        }
    for m in money:
        name = m.metric.name
        result.totals[name] = None
        result.formatted_totals[name] = "n/a (several currencies)"
        if result.comparison is not None:
            result.comparison.totals[name] = None
            result.comparison.formatted_totals[name] = "n/a (several currencies)"
        shown = "; ".join(
            f"{code} {result.formatted_totals_by_currency[code][name]}"
            for code in sorted(by_currency)
        )
        result.notes.append(
            f"{m.metric.label} per currency: {shown}. Amounts in different currencies are never "
            "added together; re-import with convert_to and rates in the mapping to convert them."
        )
