"""A mapping proposed from the columns of the file at hand, for a layout no format recognises.

Each canonical field gets its best column: by name first (the field's usual names, in any case,
with camelCase, dots and underscores read as spaces: "TimePeriod", "metrics.cost_micros"), then
by what the values are (a date column for `date`, numbers for measures, three-letter codes for
`currency`). Every choice carries the values it saw and how sure it is, so a person can accept
it or change a line; the rest of the numeric columns are proposed as extra measures and the
text columns as extra dimensions.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Literal

import duckdb
from pydantic import BaseModel, Field

from core.stores.campaign_schema import (
    DIMENSION_FIELDS,
    MEASURE_FIELDS,
    quote_source_column,
    sanitize_identifier,
)
from tools.kpi.formats import FORMATS, IDENTIFIER, NON_ADDITIVE, PERSONAL
from tools.kpi.layout import cell_kind
from tools.kpi.reading import STAGE

WORDS: dict[str, tuple[str, ...]] = {
    "date": (
        "date",
        "day",
        "week",
        "month",
        "time period",
        "period",
        "reporting starts",
        "start date",
        "segments date",
        "create date",
        "created date",
    ),
    "channel": ("channel", "source", "platform", "network", "medium", "publisher"),
    "campaign": ("campaign", "campaign name"),
    "ad_group": ("ad group", "ad set", "adgroup", "adset", "ad group name", "ad set name"),
    "ad": ("ad", "ad name", "creative", "creative name", "ad title"),
    "impressions": ("impressions", "impr", "imps"),
    "clicks": ("clicks", "link clicks", "clicks all"),
    "spend": (
        "spend",
        "cost",
        "spent",
        "amount spent",
        "total spent",
        "cost micros",
        "media cost",
        "amount",
    ),
    "conversions": (
        "conversions",
        "conv",
        "results",
        "key events",
        "total conversion",
        "all conversions",
    ),
    "leads": ("leads", "lead", "form fills", "sign ups", "signups"),
    "revenue": (
        "revenue",
        "conversion value",
        "conv value",
        "sales",
        "purchase value",
        "total revenue",
        "conversions value",
    ),
    "currency": ("currency", "currency code"),
}
for _fmt in FORMATS:
    for _field, _aliases in _fmt.fields.items():
        if _field in WORDS:
            WORDS[_field] = tuple(dict.fromkeys([*WORDS[_field], *_aliases]))
_NEEDS = {"date": "date", "currency": "code", **{d: "text" for d in DIMENSION_FIELDS}}
_NEEDS.update({m: "number" for m in MEASURE_FIELDS})
_NOISE = {"metrics", "segments", "campaign", "ad", "group"}


class FieldProposal(BaseModel):
    field: str
    column: str
    confidence: Literal["name", "values"] = Field(
        description="'name': the column is called like the field; 'values': only its values fit"
    )
    samples: list[str]
    alternatives: list[str] = Field(default_factory=list)


class ColumnInfo(BaseModel):
    name: str
    kind: Literal["date", "number", "text", "code", "empty"]
    samples: list[str]


class Proposal(BaseModel):
    mapping: dict[str, Any]
    fields: list[FieldProposal]
    columns: list[ColumnInfo]
    complete: bool = Field(description="names a date column and at least one measure")


def words(header: str) -> str:
    """'TimePeriod' → 'time period'; 'metrics.cost_micros' → 'metrics cost micros'."""
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", header)
    text = re.sub(r"\(([A-Z]{3})\)", " ", text)
    return re.sub(r"[^a-z0-9%]+", " ", text.lower()).strip()


def column_infos(cur: duckdb.DuckDBPyConnection, columns: list[str]) -> list[ColumnInfo]:
    if not columns:
        return []
    selects = ", ".join(
        f"list(DISTINCT trim({quote_source_column(c)})) FILTER (WHERE NOT kpi_blank("
        f"{quote_source_column(c)}))[1:40]"
        for c in columns
    )
    row = cur.execute(f"SELECT {selects} FROM (SELECT * FROM {STAGE} LIMIT 2000)").fetchone()
    infos = []
    for col, values in zip(columns, row or [None] * len(columns), strict=True):
        values = [str(v) for v in values or []]
        infos.append(ColumnInfo(name=col, kind=_kind(values), samples=values[:3]))
    return infos


def _kind(values: list[str]) -> Literal["date", "number", "text", "code", "empty"]:
    if not values:
        return "empty"
    kinds = [cell_kind(v) for v in values]
    for kind in ("date", "number"):
        if sum(k == kind for k in kinds) >= 0.9 * len(kinds):
            return kind
    if all(re.fullmatch(r"[A-Z]{3}", v) for v in values):
        return "code"
    return "text"


def _name_score(field: str, header: str) -> float:
    said = words(header)
    tokens = set(said.split()) - _NOISE or set(said.split())
    best = 0.0
    for word in WORDS.get(field, ()):
        if said == word or " ".join(sorted(tokens)) == " ".join(sorted(word.split())):
            return 1.0
        if set(word.split()) <= tokens and len(word) > 2:
            best = max(best, 0.85)
        best = max(best, difflib.SequenceMatcher(None, said, word).ratio() * 0.9)
    return best if best >= 0.7 else 0.0


def _fits(field: str, info: ColumnInfo) -> bool:
    need = _NEEDS.get(field, "number")
    if need == "text":
        return info.kind in ("text", "code") or (info.kind == "number" and field != "channel")
    if need == "code":
        return info.kind == "code"
    return info.kind == need


def propose(cur: duckdb.DuckDBPyConnection, columns: list[str]) -> Proposal:
    infos = column_infos(cur, columns)
    by_name = {i.name: i for i in infos}
    scored = []
    for field in _NEEDS:
        for info in infos:
            if not _fits(field, info):
                continue
            score = _name_score(field, info.name)
            if field == "date" and score == 0.0:
                score = 0.5  # a date column is the date, whatever it is called
            if score:
                scored.append((score, field, info.name))
    scored.sort(key=lambda s: (-s[0], list(_NEEDS).index(s[1]), columns.index(s[2])))
    chosen: dict[str, tuple[str, float]] = {}
    used: set[str] = set()
    for score, field, col in scored:
        if field in chosen or col in used:
            continue
        chosen[field] = (col, score)
        used.add(col)
    fields = [
        FieldProposal(
            field=f,
            column=col,
            confidence="name" if score >= 0.7 else "values",
            samples=by_name[col].samples,
            alternatives=[c for s, g, c in scored if g == f and c != col][:3],
        )
        for f, (col, score) in sorted(chosen.items(), key=lambda x: list(_NEEDS).index(x[0]))
    ]
    mapping: dict[str, Any] = {f.field: f.column for f in fields}
    extras_m, extras_d = _extras(infos, used)
    if extras_m:
        mapping["measures"] = extras_m
    if extras_d:
        mapping["dimensions"] = extras_d
    complete = "date" in mapping and (any(m in mapping for m in MEASURE_FIELDS) or bool(extras_m))
    return Proposal(mapping=mapping, fields=fields, columns=infos, complete=complete)


def _extras(infos: list[ColumnInfo], used: set[str]) -> tuple[dict[str, str], list[str]]:
    measures: dict[str, str] = {}
    dimensions: list[str] = []
    for info in infos:
        said = words(info.name)
        if info.name in used or info.kind == "empty" or PERSONAL.match(said):
            continue
        if info.kind == "number" and not NON_ADDITIVE.search(said) and not IDENTIFIER.search(said):
            measures[sanitize_identifier(info.name)] = info.name
        elif info.kind in ("text", "code") or IDENTIFIER.search(said):
            dimensions.append(info.name)
    return measures, dimensions
