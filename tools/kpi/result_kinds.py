"""Results of several kinds in one column, split per kind into their own measures.

Meta Ads Manager counts "Results" by each row's optimisation goal, named in "Result indicator"
(`actions:onsite_conversion.lead_grouped`, `actions:link_click`, `offsite_conversion.fb_pixel_
lead`…); a Google Ads report segmented by conversion action has one row per action. Summing
such a column as "conversions" adds link clicks to leads. Each kind goes instead to its own
measure: leads to `leads`, purchases to an extra measure `purchases`, link clicks are clicks
(added only when the file has no clicks column of its own), and so on; kinds that are
conversions (leads, purchases, sign-ups, calls…) also count as `conversions`. A Meta kind not
known here stops the import with the mapping option that places it (`result_kinds:
{kind: leads}`); a Google conversion action is a conversion by definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb

from core.stores.campaign_schema import MEASURE_FIELDS, quote_source_column, sanitize_identifier
from tools.kpi.cleaning import number_expr
from tools.kpi.errors import InvalidMapping
from tools.kpi.formats import normalize_header
from tools.kpi.plan import ImportPlan
from tools.kpi.reading import STAGE

INDICATORS = (
    "result indicator",
    "result type",
    "results type",
    "conversion action",
    "conversion action name",
    "conversion name",
)
#: (pattern on the lower-cased kind, measure or None to leave out, counts as a conversion)
RULES: tuple[tuple[str, str | None, bool], ...] = (
    (r"link[_ ]?clicks?|outbound[_ ]?clicks?|^clicks?$", "clicks", False),
    (r"landing[_ ]?page[_ ]?views?", "landing_page_views", False),
    (r"lead", "leads", True),
    (r"purchase|order|transaction|\bsales?\b", "purchases", True),
    (r"registration|sign[_ -]?ups?", "registrations", True),
    (r"add[_ ]?to[_ ]?cart", "adds_to_cart", False),
    (r"thruplay|video", "video_views", False),
    (r"engagement", "post_engagements", False),
    (r"\bcalls?\b", "calls", True),
    (r"reach|impressions?", None, False),
)


@dataclass
class ResultSplit:
    indicator: str
    results: str
    #: measure → kinds (lower case) whose results go to it; "conversions" gathers conversions
    kinds: dict[str, list[str]] = field(default_factory=dict)


def indicator_column(columns: list[str]) -> str | None:
    for col in columns:
        if normalize_header(col)[0] in INDICATORS:
            return col
    return None


def plan_split(
    cur: duckdb.DuckDBPyConnection, plan: ImportPlan, stated: dict[str, str], file_name: str
) -> None:
    """Fill `plan.result_split` when results come with a kind column."""
    indicator = indicator_column(plan.columns)
    results = plan.fields.get("conversions")
    if indicator is None or results is None or indicator == results:
        return
    q = quote_source_column(indicator)
    kinds = [
        r[0]
        for r in cur.execute(
            f"SELECT DISTINCT lower(trim({q})) FROM {STAGE} WHERE NOT kpi_blank({q}) LIMIT 200"
        ).fetchall()
    ]
    actions = "conversion action" in normalize_header(indicator)[0]
    split = ResultSplit(indicator, results, {"conversions": []})
    placed: list[str] = []
    for kind in sorted(kinds):
        measure, conversion = _place(kind, stated, actions, indicator, file_name)
        if measure == "clicks" and "clicks" in plan.fields:
            placed.append(f"{kind} → already counted in '{plan.fields['clicks']}', not added")
            continue
        if measure == "leads" and "leads" in plan.fields:
            measure = None
        if measure:
            split.kinds.setdefault(measure, []).append(kind)
        if conversion:
            split.kinds.setdefault("conversions", []).append(kind)
        placed.append(f"{kind} → {measure or 'not kept'}{' (a conversion)' if conversion else ''}")
    plan.result_split = split
    plan.ignored.pop(indicator, None)
    for measure in list(split.kinds):
        if measure not in MEASURE_FIELDS:
            plan.extras[measure] = ("measure", results)
    plan.actions.append(
        f"'{results}' counts results of different kinds ('{indicator}'), split per kind: "
        + "; ".join(placed)
    )


def _place(
    kind: str, stated: dict[str, str], actions: bool, indicator: str, file_name: str
) -> tuple[str | None, bool]:
    for key, target in stated.items():
        if key.strip().lower() == kind:
            if target in ("ignore", "none", ""):
                return None, False
            name = target if target in MEASURE_FIELDS else sanitize_identifier(target)
            return name, name in ("leads", "conversions") or name not in MEASURE_FIELDS
    for pattern, measure, conversion in RULES:
        if re.search(pattern, kind):
            return measure, conversion
    if actions:
        return "conversions", True
    raise InvalidMapping(
        f"'{file_name}' counts results of a kind I do not know in '{indicator}': '{kind}'. "
        f"Say where they go with the mapping option result_kinds, e.g. result_kinds: "
        f"{{'{kind}': leads}} (or purchases, clicks, conversions, any new measure name, or "
        "ignore)."
    )


def split_exprs(plan: ImportPlan) -> dict[str, str]:
    """measure → SQL for the rows' results of that measure's kinds (0 for other kinds)."""
    split = plan.result_split
    if split is None:
        return {}
    ind = quote_source_column(split.indicator)
    value = number_expr(
        quote_source_column(split.results), plan.number_formats.get(split.results, ".")
    )
    return {
        measure: f"(CASE WHEN kpi_blank({ind}) THEN NULL WHEN list_contains("
        f"CAST($rk_{measure} AS VARCHAR[]), "
        f"lower(trim({ind}))) THEN {value} ELSE 0.0 END)"
        for measure in split.kinds
    }


def split_params(plan: ImportPlan) -> dict[str, list[str]]:
    split = plan.result_split
    return {f"rk_{m}": kinds for m, kinds in split.kinds.items()} if split else {}
