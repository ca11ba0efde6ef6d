"""Units and scales: amounts in micros, scales a mapping states, and the currency of amounts.

* A column whose name says micros (`metrics.cost_micros`, "Cost (micros)") is divided by
  1,000,000. So is a money column whose values only make sense in micros: bare whole numbers
  (no decimals, no separators, as APIs write micros), every one a multiple of 10,000, and a
  cost per click (over 20+ clicks) or per 1,000 impressions (over 1,000+) that is absurd as
  written (over 1,000) but ordinary once divided. A mapping can state any scale
  (`scale: {spend: 0.000001}` or `scale: {spend: micros}`; `1` keeps the values as they are).
* The currency comes from a currency column, a header such as "Amount spent (GBP)", or the
  values themselves ("USD 12,000.00", "12.000,00 EUR", "£1,200"): one code for the whole file
  becomes its currency, several become each row's currency.
"""

from __future__ import annotations

import re

import duckdb

from core.stores.campaign_schema import quote_source_column
from core.stores.campaigns import fetch_one
from tools.kpi.cleaning import number_expr
from tools.kpi.formats import normalize_header
from tools.kpi.plan import ImportPlan
from tools.kpi.reading import STAGE

MONEY_FIELDS = ("spend", "revenue", "pipeline", "amount")
MICROS = 1e-6
_MICROS_NAME = re.compile(r"micros?\b|_micros|\(micros\)")
SYMBOLS = {
    "£": "GBP",
    "€": "EUR",
    "₹": "INR",
    "₩": "KRW",
    "₽": "RUB",
    "₺": "TRY",
    "₪": "ILS",
    "₫": "VND",
    "₱": "PHP",
    "฿": "THB",
}
CODE_SQL = (
    "coalesce(nullif(regexp_extract(trim({q}), '^\\(?-?([A-Z]{{3}})\\s*[-(]?[0-9]', 1), ''), "
    "nullif(regexp_extract(trim({q}), '[0-9]\\)?\\s*([A-Z]{{3}})$', 1), ''), "
    "CASE regexp_extract(trim({q}), '([£€₹₩₽₺₪₫₱฿])', 1) "
    + " ".join(f"WHEN '{s}' THEN '{c}'" for s, c in SYMBOLS.items())
    + " END)"
)


def apply_scales(
    cur: duckdb.DuckDBPyConnection, plan: ImportPlan, stated: dict[str, float]
) -> None:
    """Set `plan.scales` (field → factor) from the mapping, column names, then the values."""
    for target, factor in stated.items():
        plan.scales[target] = factor
        if factor != 1:
            plan.actions.append(
                f"'{plan.fields.get(target, target)}' multiplied by {factor:g}, as the mapping says"
            )
    for target in _scalable(plan):
        if target in stated:
            continue
        source = plan.fields[target]
        if _MICROS_NAME.search(normalize_header(source)[0]):
            plan.scales[target] = MICROS
            plan.actions.append(
                f"'{source}' is in micros (millionths, as its name says): divided by 1,000,000"
            )
        elif (
            target in MONEY_FIELDS
            and source in plan.plain_integers
            and _values_in_micros(cur, plan, target)
        ):
            plan.scales[target] = MICROS
            plan.actions.append(
                f"'{source}' holds only whole multiples of 10,000 and gives a cost per click or "
                "per 1,000 impressions over 1,000 as written: read as micros (divided by "
                "1,000,000). Set scale: {" + target + ": 1} in the mapping if that is wrong"
            )


def _scalable(plan: ImportPlan) -> list[str]:
    return [
        f
        for f in plan.fields
        if f
        not in ("date", "close_date", "stage", "channel", "campaign", "ad_group", "ad", "currency")
    ]


def _values_in_micros(cur: duckdb.DuckDBPyConnection, plan: ImportPlan, target: str) -> bool:
    money = _num(plan, target)
    clicks = _num(plan, "clicks") if "clicks" in plan.fields else "NULL"
    impressions = _num(plan, "impressions") if "impressions" in plan.fields else "NULL"
    nonzero, multiples, total, sum_clicks, sum_impr = fetch_one(
        cur,
        f"""SELECT count(*) FILTER (WHERE m <> 0),
            coalesce(bool_and(m = round(m) AND m % 10000 = 0) FILTER (WHERE m <> 0), false),
            sum(m), sum(c), sum(i)
          FROM (SELECT {money} AS m, {clicks} AS c, {impressions} AS i FROM {STAGE})""",
    )
    if nonzero < 2 or not multiples or not total:
        return False
    cpc = total / sum_clicks if sum_clicks and sum_clicks >= 20 else None
    cpm = 1000 * total / sum_impr if sum_impr and sum_impr >= 1000 else None
    absurd = (cpc is not None and cpc > 1000) or (cpm is not None and cpm > 100_000)
    fine = (cpc is None or cpc * MICROS < 1000) and (cpm is None or cpm * MICROS < 100_000)
    return absurd and fine


def _num(plan: ImportPlan, target: str) -> str:
    source = plan.fields[target]
    return number_expr(quote_source_column(source), plan.number_formats.get(source, "."))


def currency_from_values(cur: duckdb.DuckDBPyConnection, plan: ImportPlan) -> None:
    """No currency column or header code: read ISO codes or signs on the money values."""
    if "currency" in plan.fields or "currency" in plan.constants:
        return
    money = [plan.fields[f] for f in MONEY_FIELDS if f in plan.fields]
    for source in money:
        codes = [
            r[0]
            for r in cur.execute(
                f"SELECT DISTINCT {CODE_SQL.format(q=quote_source_column(source))} AS code "
                f"FROM {STAGE} WHERE code IS NOT NULL ORDER BY code LIMIT 20"
            ).fetchall()
        ]
        if len(codes) == 1:
            plan.constants["currency"] = codes[0]
            plan.actions.append(f"currency {codes[0]} taken from the values of '{source}'")
            return
        if codes:
            plan.currency_source = source
            plan.actions.append(
                f"each row's currency taken from its '{source}' value ({', '.join(codes)}); "
                "totals are kept per currency"
            )
            return


def currency_sql(plan: ImportPlan) -> str | None:
    """The per-row currency expression when it comes from the values, else None."""
    if plan.currency_source is None:
        return None
    return CODE_SQL.format(q=quote_source_column(plan.currency_source))
