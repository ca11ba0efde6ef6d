"""Plausibility checks run on every import before anything is written.

* CPC, CPM, CPL and click-to-conversion rate per channel, against generous per-family ranges
  in `plausibility.yaml` (only where volumes are large enough to mean something);
* more clicks than impressions;
* costs that are all whole multiples of 10,000 (micros read as currency);
* a total or summary row the file carries that disagrees with the sum of the imported rows
  (when several such rows exist, one agreeing is enough; an agreeing total is reported too).

A failed check is an `ImportWarning` in the report. It is stored with the import, and every KPI
answer that uses the import carries it until the user confirms the import or replaces it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import yaml
from pydantic import BaseModel

from core.stores.campaign_schema import MEASURE_FIELDS, quote_ident
from tools.kpi.plan import ImportPlan
from tools.kpi.sqlbuild import CLEAN, reported_measures

BOUNDS_FILE = Path(__file__).with_name("plausibility.yaml")
SUMMARY_DROPS = ("total or summary row", "summary row (no campaign, ad set or ad)")


class ImportWarning(BaseModel):
    """One failed check: a stable code and a sentence saying what looks wrong and why."""

    code: str
    message: str


@lru_cache(maxsize=1)
def bounds() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(BOUNDS_FILE.read_text("utf-8"))
    return data


def run_checks(
    cur: duckdb.DuckDBPyConnection, plan: ImportPlan
) -> tuple[list[ImportWarning], list[str]]:
    """(warnings, confirmations) for the rows about to be imported."""
    warnings: list[ImportWarning] = []
    confirmations: list[str] = []
    if not plan.kind.startswith("crm"):
        warnings += _rate_checks(cur, plan)
        warnings += _micros_check(cur, plan)
    found, agreeing = _totals_check(cur, plan)
    warnings += found
    confirmations += agreeing
    return warnings, confirmations


def _family(channel: str) -> tuple[str, dict[str, Any]]:
    families: dict[str, dict[str, Any]] = bounds()["families"]
    low = channel.lower()
    for name, spec in families.items():
        if any(word in low for word in spec.get("match", [])):
            return name, spec
    return "default", families["default"]


def _rate_checks(cur: duckdb.DuckDBPyConnection, plan: ImportPlan) -> list[ImportWarning]:
    reported = reported_measures(plan)
    needed = ("spend", "clicks", "impressions", "leads", "conversions")
    sums = ", ".join(f"sum({m}) AS {m}" if m in reported else f"NULL AS {m}" for m in needed)
    rows = cur.execute(
        f"SELECT coalesce(channel, 'Unknown'), currency, {sums} FROM {CLEAN} "
        "WHERE __drop IS NULL GROUP BY 1, 2 ORDER BY 1, 2"
    ).fetchall()
    spec = bounds()
    minimum = spec["min_volume"]
    warnings: list[ImportWarning] = []
    for channel, currency, spend, clicks, impressions, leads, conversions in rows:
        family, limits = _family(channel)
        where = f"{channel}{f' ({currency})' if currency else ''}"
        prices = currency not in spec["skip_price_checks_for"]
        checks = [
            ("cpc", "cost per click", spend, clicks, 1, minimum["clicks"], limits["cpc"], prices),
            (
                "cpm",
                "cost per 1,000 impressions",
                spend,
                impressions,
                1000,
                minimum["impressions"],
                limits["cpm"],
                prices,
            ),
            ("cpl", "cost per lead", spend, leads, 1, minimum["leads"], spec["cpl"], prices),
            (
                "conversion_rate",
                "conversions per 100 clicks",
                conversions,
                clicks,
                100,
                minimum["clicks"],
                spec["conversion_rate"],
                True,
            ),
        ]
        warnings += [_outside(where, family, *check) for check in checks if _fails(*check)]
        if clicks and impressions and clicks > impressions:
            warnings.append(
                ImportWarning(
                    code="clicks_exceed_impressions",
                    message=f"{where}: {clicks:,.0f} clicks but only {impressions:,.0f} "
                    "impressions; are the two columns swapped?",
                )
            )
    return warnings


Check = tuple[str, str, Any, Any, int, int, list[float], bool]


def _fails(*check: Any) -> bool:
    _, _, top, bottom, factor, least, (low, high), wanted = check
    if not wanted or not top or not bottom or bottom < least:
        return False
    return not low <= factor * top / bottom <= high


def _outside(where: str, family: str, *check: Any) -> ImportWarning:
    code, label, top, bottom, factor, _, (low, high), _ = check
    return ImportWarning(
        code=f"implausible_{code}",
        message=f"{where}: {label} is {factor * top / bottom:,.2f}, outside the plausible "
        f"{low:g}–{high:,g} for {family} channels; check the units, the decimal mark and the "
        "column mapping.",
    )


def _micros_check(cur: duckdb.DuckDBPyConnection, plan: ImportPlan) -> list[ImportWarning]:
    if "spend" not in plan.fields or plan.scales.get("spend", 1.0) != 1.0:
        return []
    nonzero, multiples = cur.execute(
        f"SELECT count(*) FILTER (WHERE spend <> 0), coalesce(bool_and(spend % 10000 = 0) "
        f"FILTER (WHERE spend <> 0), false) FROM {CLEAN} WHERE __drop IS NULL"
    ).fetchone() or (0, False)
    if nonzero >= 2 and multiples:
        return [
            ImportWarning(
                code="costs_look_like_micros",
                message=f"every cost in '{plan.fields['spend']}' is a whole multiple of 10,000; "
                "if they are micros (millionths), re-import with scale: {spend: micros}.",
            )
        ]
    return []


def _totals_check(
    cur: duckdb.DuckDBPyConnection, plan: ImportPlan
) -> tuple[list[ImportWarning], list[str]]:
    measures = _comparable(plan)
    if not measures:
        return [], []
    cols = ", ".join(quote_ident(m) for m in measures)
    kinds = ", ".join(f"'{d}'" for d in SUMMARY_DROPS)
    totals = cur.execute(
        f"SELECT 'line ' || __line, {cols} FROM {CLEAN} WHERE __drop IN ({kinds}) AND __primary "
        "ORDER BY __line"
    ).fetchall()
    if not totals:
        return [], []
    sums = (
        cur.execute(
            f"SELECT {', '.join(f'sum({quote_ident(m)})' for m in measures)} FROM {CLEAN} "
            "WHERE __drop IS NULL AND __primary"
        ).fetchone()
        or ()
    )
    mismatches: list[str] = []
    for label, *values in totals:
        diffs = [
            f"{m} {v:,.2f} in the file vs {s or 0:,.2f} imported"
            for m, v, s in zip(measures, values, sums, strict=True)
            if v is not None and abs(v - (s or 0)) > max(0.011, 0.005 * abs(v))
        ]
        checked = [m for m, v in zip(measures, values, strict=True) if v is not None]
        if not checked:
            continue
        if not diffs:
            return [], [
                f"the file's own total row ({label}) agrees with the imported "
                f"rows ({', '.join(checked)})"
            ]
        mismatches.append(f"{label}: {'; '.join(diffs)}")
    if not mismatches:
        return [], []
    return [
        ImportWarning(
            code="totals_disagree",
            message="the file's own total row does not match the rows imported — "
            + " | ".join(mismatches[:2])
            + ". Some rows may be missing, repeated or read wrongly.",
        )
    ], []


def _comparable(plan: ImportPlan) -> list[str]:
    if plan.kind.startswith("crm"):
        return ["pipeline"] if "amount" in plan.fields and plan.kind == "crm_deals" else []
    return [m for m in MEASURE_FIELDS if m in plan.fields or m in _split_measures(plan)]


def _split_measures(plan: ImportPlan) -> set[str]:
    split = plan.result_split
    return set(split.kinds) & set(MEASURE_FIELDS) if split else set()
