"""Deciding, column by column, what an import does: map, keep as extra, or ignore (and why).

A plan comes either from a recognised export format (header aliases) or from an explicit
`ColumnMapping`. Unmapped columns of a recognised export are kept as extras: identifier-like
or text columns as dimensions, numeric ones as measures; rates, averages and personal data
are ignored, because summing a rate gives a wrong figure and personal data has no place here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from core.stores.campaign_schema import MEASURE_FIELDS, quote_source_column, sanitize_identifier
from tools.kpi.errors import InvalidMapping, UnrecognisedFile, did_you_mean, listing
from tools.kpi.formats import (
    IDENTIFIER,
    NON_ADDITIVE,
    PERSONAL,
    ExportFormat,
    normalize_header,
)
from tools.kpi.mapping import MAPPING_HELP, ColumnMapping
from tools.kpi.reading import STAGE


@dataclass
class ImportPlan:
    """What to do with each staged column; filled by `plan_for_format` or `plan_for_mapping`."""

    format_key: str
    format_label: str
    kind: str
    columns: list[str]
    fields: dict[str, str] = field(default_factory=dict)  # canonical/pseudo field → source
    constants: dict[str, str] = field(default_factory=dict)  # channel / currency constants
    extras: dict[str, tuple[str, str]] = field(default_factory=dict)  # name → (kind, source)
    ignored: dict[str, str] = field(default_factory=dict)  # source → reason
    candidates: list[str] = field(default_factory=list)  # to classify from the data
    date_hint: str | None = None
    explicit_date_format: str | None = None
    decimal: str | None = None  # the mapping's decimal mark; None: decided per column
    blank_campaign_is_summary: bool = False
    span_end: str | None = None  # Meta "Reporting ends", to flag multi-day rows
    actions: list[str] = field(default_factory=list)
    number_formats: dict[str, str] = field(default_factory=dict)  # source column → "." | ","
    typed: dict[str, str] = field(default_factory=dict)  # source column → "number" | "date"
    scales: dict[str, float] = field(default_factory=dict)  # field → factor
    currency_source: str | None = None  # money column whose values carry each row's currency
    result_split: Any = None  # result_kinds.ResultSplit
    convert_to: str | None = None
    rates: dict[str, float] = field(default_factory=dict)
    plain_integers: set[str] = field(default_factory=set)  # columns of bare whole numbers only
    unreadable: set[str] = field(default_factory=set)  # columns with values that are no number

    def number_columns(self) -> list[str]:
        """Source columns read as numbers: mapped measures, CRM amounts, extra measures."""
        skip = {"date", "close_date", "stage", "channel", "campaign", "ad_group", "ad", "currency"}
        cols = [s for f, s in self.fields.items() if f not in skip]
        cols += [s for k, s in self.extras.values() if k == "measure"]
        return list(dict.fromkeys(cols))

    def has_measure(self) -> bool:
        crm = self.kind.startswith("crm")
        measures = [f for f in self.fields if f in MEASURE_FIELDS]
        return crm or bool(measures) or any(k == "measure" for k, _ in self.extras.values())


def plan_for_format(fmt: ExportFormat, columns: list[str]) -> ImportPlan:
    """Map a recognised export's headers through the format's aliases."""
    plan = ImportPlan(
        fmt.key,
        fmt.label,
        fmt.kind,
        columns,
        date_hint=fmt.date_hint,
        blank_campaign_is_summary=fmt.blank_campaign_is_summary,
    )
    normalized = {col: normalize_header(col) for col in columns}
    used: set[str] = set()
    for target, aliases in fmt.fields.items():
        source = _first_present(aliases, normalized, used)
        if source:
            plan.fields[target] = source
            used.add(source)
    if fmt.channel and "channel" not in plan.fields:
        plan.constants["channel"] = fmt.channel
    if "currency" not in plan.fields:
        coded = [(col, cur) for col, (_, cur) in normalized.items() if cur]
        if coded:
            plan.constants["currency"] = coded[0][1]
            plan.actions.append(f"currency {coded[0][1]} taken from the header '{coded[0][0]}'")
    if normalized.get(plan.fields.get("date", ""), ("",))[0] == "reporting starts":
        ends = [c for c, (n, _) in normalized.items() if n == "reporting ends"]
        plan.span_end = ends[0] if ends else None
    for col in columns:
        if col not in used:
            _place_unmapped(plan, fmt, col, normalized[col][0])
    return plan


def _first_present(
    aliases: tuple[str, ...], normalized: dict[str, tuple[str, str | None]], used: set[str]
) -> str | None:
    for alias in aliases:
        for col, (norm, _) in normalized.items():
            if norm == alias and col not in used:
                return col
    return None


def _place_unmapped(plan: ImportPlan, fmt: ExportFormat, col: str, norm: str) -> None:
    if norm in fmt.ignore:
        plan.ignored[col] = "not additive or not needed (recomputed or implied)"
    elif PERSONAL.match(norm):
        plan.ignored[col] = "personal data: not kept"
    elif fmt.keep_only is not None:
        if norm in fmt.keep_only:
            plan.extras[_unique_name(plan, col)] = ("dimension", col)
        else:
            plan.ignored[col] = "not needed for campaign KPIs"
    elif NON_ADDITIVE.search(norm):
        plan.ignored[col] = "a rate, average or reach: recomputed from sums, never summed"
    else:
        plan.candidates.append(col)


def _unique_name(plan: ImportPlan, col: str) -> str:
    name, n = sanitize_identifier(col), 2
    base = name
    while name in plan.extras:
        name, n = f"{base}_{n}", n + 1
    return name


def plan_for_mapping(mapping: ColumnMapping, columns: list[str], file_name: str) -> ImportPlan:
    """Apply an explicit mapping, checking that every named column exists in the file."""
    plan = ImportPlan(
        "mapping",
        "Explicit column mapping",
        "mapping",
        columns,
        explicit_date_format=mapping.date_format,
        decimal=mapping.decimal,
        convert_to=mapping.convert_to,
        rates=dict(mapping.rates),
    )
    by_lower = {c.strip().lower(): c for c in columns}

    def resolve(source: str, role: str) -> str:
        found = by_lower.get(source.strip().lower())
        if found is None:
            raise InvalidMapping(
                f"The mapping names column '{source}' for {role}, but '{file_name}' has no such "
                f"column.{did_you_mean(source, columns)} Columns in the file: {listing(columns)}."
            )
        return found

    for target, source in mapping.columns.items():
        plan.fields[target] = resolve(source, f"'{target}'")
    for option in ("channel", "currency"):
        value = getattr(mapping, option)
        if value and value.strip().lower() in by_lower:
            plan.fields[option] = by_lower[value.strip().lower()]
        elif value:
            plan.constants[option] = value.upper() if option == "currency" else value
    if "channel" not in plan.fields and "channel" not in plan.constants:
        plan.constants["channel"] = "Unspecified"
        plan.actions.append("no channel given: rows stored under channel 'Unspecified'")
    for kind, extras in (("dimension", mapping.dimensions), ("measure", mapping.measures)):
        for name, source in extras.items():
            plan.extras[name] = (kind, resolve(source, f"extra {kind} '{name}'"))
    if "date" not in plan.fields:
        raise InvalidMapping(
            f"The mapping for '{file_name}' must name the date column. " + MAPPING_HELP
        )
    used = set(plan.fields.values()) | {s for _, s in plan.extras.values()}
    for col in columns:
        if col not in used:
            plan.ignored[col] = "not in the mapping"
    if not plan.has_measure():
        raise InvalidMapping(
            f"The mapping for '{file_name}' maps no measure (spend, clicks, "
            "leads, ... or an extra measure). " + MAPPING_HELP
        )
    return plan


def unrecognised(columns: list[str], file_name: str) -> UnrecognisedFile:
    """The error for a file no format recognises: lists its columns and the mapping format."""
    return UnrecognisedFile(
        f"I could not recognise '{file_name}' as a Google Ads, Meta Ads, LinkedIn, GA4, HubSpot "
        f"or Salesforce export, so none of its columns could be mapped: {listing(columns)}. "
        + MAPPING_HELP
    )


def classify_candidates(cur: duckdb.DuckDBPyConnection, plan: ImportPlan) -> None:
    """Keep each remaining column as an extra measure (numeric values) or dimension (text)."""
    if not plan.candidates:
        return
    parts = []
    for col in plan.candidates:
        q = quote_source_column(col)
        parts.append(f"count(*) FILTER (WHERE NOT kpi_blank({q}))")
        parts.append(
            f"count(*) FILTER (WHERE NOT kpi_blank({q}) AND kpi_num({q}) IS NULL "
            f"AND kpi_num_eu({q}) IS NULL)"
        )
    counts = cur.execute(f"SELECT {', '.join(parts)} FROM {STAGE}").fetchone() or ()
    for i, col in enumerate(plan.candidates):
        filled, non_numeric = counts[2 * i], counts[2 * i + 1]
        norm = normalize_header(col)[0]
        if filled == 0:
            plan.ignored[col] = "empty column"
        elif IDENTIFIER.search(norm) or non_numeric > 0:
            plan.extras[_unique_name(plan, col)] = ("dimension", col)
        else:
            plan.extras[_unique_name(plan, col)] = ("measure", col)
    plan.candidates = []
