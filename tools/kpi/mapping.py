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

OPTION_KEYS = ("date_format", "channel", "currency", "dimensions", "measures", "decimal")

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
    decimal: Literal[".", ","] = "."

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
                decimal=raw.get("decimal", "."),
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            raise InvalidMapping(f"Invalid mapping: {first['msg']}. " + MAPPING_HELP) from exc

    def all_sources(self) -> list[str]:
        """Every source column the mapping names (for locating the header line)."""
        names = [*self.columns.values(), *self.dimensions.values(), *self.measures.values()]
        names += [v for v in (self.channel, self.currency) if v]
        return names


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
