"""Rounding and display of metric values: "£1,234.56", "12.34%", "3.20x", "1,234", "n/a".

Rounding happens once, here, after the exact computation in SQL; the answer template prints
these strings and nothing else. Two decimals, except for values below 0.1 (a CTR of 0.0208%,
a CPC of £0.004), which keep three significant digits so that rows can be told apart.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from tools.kpi.metrics import MetricDef

CURRENCY_SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€", "JPY": "¥", "INR": "₹"}
NA = "n/a"


def _is_whole(value: float) -> bool:
    return abs(value - round(value)) < 1e-9


def round2(value: float) -> float:
    """Half-up to the cent, after removing binary noise (348.57499999… is 348.575 → 348.58)."""
    exact = Decimal(repr(round(float(value), 9)))
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def decimals(value: float) -> int:
    """Decimal places to show: 2, or more for a value below 0.1 (three significant digits)."""
    if value == 0 or abs(value) >= 0.1 or not math.isfinite(value):
        return 2
    return min(8, -math.floor(math.log10(abs(value))) + 2)


def round_places(value: float, places: int) -> float:
    """Half-up to `places` decimals, after removing binary noise."""
    exact = Decimal(repr(round(float(value), 12)))
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def round_value(value: float | None, metric: MetricDef) -> float | int | None:
    """Currency, percent and ratio to 2 dp (3 significant digits below 0.1); counts to whole
    numbers when they are whole."""
    if value is None:
        return None
    if metric.unit == "count" and _is_whole(value):
        return int(round(value))
    places = decimals(value)
    return round2(value) if places == 2 else round_places(value, places)


def _number(value: float, metric: MetricDef) -> str:
    if metric.format:
        return format(value, metric.format)
    if metric.unit == "count" and _is_whole(value):
        return f"{value:,.0f}"
    places = decimals(value)
    if places == 2:
        return f"{round2(value):,.2f}"
    text = f"{round_places(value, places):,.{places}f}".rstrip("0")
    return text if len(text.split(".")[1]) >= 2 else f"{round2(value):,.2f}"


def format_value(value: float | None, metric: MetricDef, currency: str | None) -> str:
    """The display string for one value of a metric."""
    if value is None:
        return NA
    if metric.unit == "percent":
        return f"{_number(value, metric)}%"
    if metric.unit == "ratio":
        return f"{_number(value, metric)}x"
    if metric.unit == "currency":
        sign = "-" if value < 0 else ""
        text = _number(abs(value), metric)
        symbol = CURRENCY_SYMBOLS.get(currency or "")
        if symbol:
            return f"{sign}{symbol}{text}"
        return f"{sign}{text} {currency}" if currency else f"{sign}{text}"
    return _number(value, metric)


def format_change(absolute: float | None, metric: MetricDef, currency: str | None) -> str:
    """A signed absolute change; percentage-point changes for percent metrics."""
    if absolute is None:
        return NA
    sign = "+" if absolute > 0 else ""
    if metric.unit == "percent":
        return f"{sign}{_number(absolute, metric)} pp"
    text = format_value(absolute, metric, currency)
    return f"{sign}{text}"


def format_percent_change(percent: float | None) -> str:
    if percent is None:
        return NA
    sign = "+" if percent > 0 else ""
    return f"{sign}{round2(percent):,.2f}%"
