"""Explicit column mappings, for files whose headers match no known export.

A mapping is a flat dict (or a YAML/JSON file holding one): canonical field → source column,
plus options. `channel` and `currency` name a column when the file has a column of that name,
and are otherwise a constant for every row ("channel: Meta Ads", "currency: USD").
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from core.stores.campaign_schema import CANONICAL_FIELDS, sanitize_identifier
from tools.kpi.errors import InvalidMapping, did_you_mean

OPTION_KEYS = (
    "date_format",
    "channel",
    "currency",
    "dimensions",
    "measures",
    "decimal",
    "scale",
    "result_kinds",
    "table",
    "convert_to",
    "rates",
)
SCALE_WORDS = {"micros": 1e-6, "cents": 0.01, "thousands": 1000.0, "none": 1.0}

MAPPING_HELP = (
    """Pass an explicit mapping (a dict, or a YAML/JSON file) from canonical field to \
your column name, for example:
  date: Date
  date_format: "%d-%m-%Y"        # optional; needed when day-first and month-first both fit
  channel: Meta Ads              # a column name, or a constant for every row
  campaign: xyz_campaign_id
  impressions: Impressions
  clicks: Clicks
  spend: Spent
  conversions: Total_Conversion
  currency: USD                  # a column name, or an ISO code for every row
  dimensions: [age, gender, interest]                      # extra text columns to keep
  measures: {approved_conversion: Approved_Conversion}    # extra numeric columns to keep
  decimal: ","                   # optional; when numbers such as 1.500 could be 1.5 or 1500
  scale: {spend: micros}         # optional; a factor per field (micros = 0.000001)
  result_kinds: {"actions:lead": leads}   # optional; where each kind of result goes
  table: "2"                     # optional; which table or sheet of the file to import
Canonical fields: """
    + ", ".join(CANONICAL_FIELDS)
    + "."
)

_ALLOWED_DIRECTIVES = set("dmyYbBaAjHMSpfz%")


class ColumnMapping(BaseModel):
    """A validated explicit mapping. Build it with `ColumnMapping.load(obj)`."""

    columns: dict[str, str] = Field(default_factory=dict, description="canonical → source")
    date_format: str | None = None
    channel: str | None = None
    currency: str | None = None
    dimensions: dict[str, str] = Field(default_factory=dict, description="extra name → source")
    measures: dict[str, str] = Field(default_factory=dict, description="extra name → source")
    decimal: Literal[".", ","] | None = None
    scale: dict[str, float] = Field(default_factory=dict, description="field → factor")
    result_kinds: dict[str, str] = Field(default_factory=dict, description="kind → measure")
    table: str | None = None
    convert_to: str | None = Field(default=None, description="currency to convert amounts to")
    rates: dict[str, float] = Field(default_factory=dict, description="code → rate to convert_to")

    @field_validator("date_format")
    @classmethod
    def _strptime_format(cls, value: str | None) -> str | None:
        if value is None:
            return value
        directives = re.findall(r"%(.)", value)
        bad = [d for d in directives if d not in _ALLOWED_DIRECTIVES]
        if bad or not {"d", "m", "Y", "y", "b", "B"} & set(directives):
            raise ValueError(
                f"date_format {value!r} is not a usable strptime format "
                "(use e.g. '%d-%m-%Y' or '%m/%d/%Y')"
            )
        date(2024, 1, 31).strftime(value)
        return value

    @classmethod
    def load(cls, obj: ColumnMapping | dict[str, Any] | str | Path) -> ColumnMapping:
        """Accept a mapping object, a dict, a path to a YAML/JSON file, or YAML/JSON text."""
        if isinstance(obj, ColumnMapping):
            return obj
        if isinstance(obj, Path) or (
            isinstance(obj, str) and "\n" not in obj and obj.endswith((".yaml", ".yml", ".json"))
        ):
            obj = _read_mapping_file(Path(obj))
        elif isinstance(obj, str):
            obj = _parse_text(obj, "mapping text")
        if not isinstance(obj, dict):
            raise InvalidMapping("A column mapping must be a dict. " + MAPPING_HELP)
        return cls._from_flat(obj)

    @classmethod
    def from_text(cls, text: str, where: str = "the mapping") -> ColumnMapping:
        """Parse YAML or JSON text only (never a path): for mappings sent over the API."""
        raw = _parse_text(text, where)
        if not isinstance(raw, dict):
            raise InvalidMapping(f"{where} must be a YAML or JSON object. " + MAPPING_HELP)
        return cls._from_flat(raw)

    @classmethod
    def _from_flat(cls, raw: dict[str, Any]) -> ColumnMapping:
        raw = {str(k).strip(): v for k, v in raw.items()}
        if "columns" in raw and isinstance(raw["columns"], dict):
            raw = {**raw.pop("columns"), **raw}
        unknown = [k for k in raw if k not in CANONICAL_FIELDS and k not in OPTION_KEYS]
        if unknown:
            key = unknown[0]
            raise InvalidMapping(
                f"Unknown mapping key '{key}'."
                + did_you_mean(key, [*CANONICAL_FIELDS, *OPTION_KEYS])
                + " "
                + MAPPING_HELP
            )
        columns = {
            k: str(v)
            for k, v in raw.items()
            if k in CANONICAL_FIELDS and k not in ("channel", "currency") and v is not None
        }
        try:
            return cls(
                columns=columns,
                date_format=raw.get("date_format"),
                channel=_opt_str(raw.get("channel")),
                currency=_opt_str(raw.get("currency")),
                dimensions=_extras(raw.get("dimensions"), "dimensions"),
                measures=_extras(raw.get("measures"), "measures"),
                decimal=raw.get("decimal"),
                scale=_scales(raw.get("scale")),
                result_kinds={str(k): str(v) for k, v in (raw.get("result_kinds") or {}).items()},
                table=_opt_str(raw.get("table")),
                convert_to=_opt_str(raw.get("convert_to")),
                rates=_rates(raw.get("rates")),
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            raise InvalidMapping(f"Invalid mapping: {first['msg']}. " + MAPPING_HELP) from exc

    def as_flat(self) -> dict[str, Any]:
        """The mapping in the flat shape a person writes (what `load` reads back)."""
        out: dict[str, Any] = dict(self.columns)
        for key in ("channel", "currency", "date_format", "decimal", "table", "convert_to"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        for key in ("dimensions", "measures", "scale", "result_kinds", "rates"):
            value = getattr(self, key)
            if value:
                out[key] = dict(value)
        return out

    def all_sources(self) -> list[str]:
        """Every source column the mapping names (for locating the header line)."""
        names = [*self.columns.values(), *self.dimensions.values(), *self.measures.values()]
        names += [v for v in (self.channel, self.currency) if v]
        return names


def _scales(value: Any) -> dict[str, float]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidMapping("'scale' must map a field to a factor, e.g. scale: {spend: micros}.")
    scales: dict[str, float] = {}
    for target, factor in value.items():
        if target not in CANONICAL_FIELDS:
            raise InvalidMapping(
                f"'scale' names '{target}', which is not a field."
                + did_you_mean(str(target), CANONICAL_FIELDS)
            )
        word = str(factor).strip().lower()
        try:
            scales[str(target)] = SCALE_WORDS[word] if word in SCALE_WORDS else float(factor)
        except ValueError as exc:
            raise InvalidMapping(
                f"scale for '{target}' must be a number or one of {', '.join(SCALE_WORDS)}."
            ) from exc
    return scales


def _rates(value: Any) -> dict[str, float]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidMapping("'rates' must map a currency code to a rate, e.g. rates: {EUR: 0.86}.")
    try:
        return {str(k).upper(): float(v) for k, v in value.items()}
    except (TypeError, ValueError) as exc:
        raise InvalidMapping("every rate in 'rates' must be a number.") from exc


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _extras(value: Any, key: str) -> dict[str, str]:
    """Lists keep the column name (sanitised); dicts give the extra its own name."""
    if value is None:
        return {}
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        return {sanitize_identifier(str(col)): str(col) for col in value}
    if isinstance(value, dict):
        return {sanitize_identifier(str(name)): str(col) for name, col in value.items()}
    raise InvalidMapping(f"'{key}' must be a list of column names or a dict name → column.")


def _read_mapping_file(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidMapping(f"Cannot read mapping file '{path.name}': {exc.strerror}.") from exc
    return _parse_text(text, path.name)


def _parse_text(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidMapping(f"{where} is neither valid JSON nor YAML: {exc}") from exc
