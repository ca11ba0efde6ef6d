"""What every diagnosis check shares: the rule files, evidence items and the run context.

A check reads its thresholds from `tools/strategy/thresholds.yaml` (document patterns from
`prompts/strategy/diagnosis_signals.yaml`), gathers figures through the KPI engine and passages
through the document index, and returns evidence items. It never invents a number: every figure
in an item comes from a `KpiResult`, and every quote is a sentence of a cited passage.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field

from core.errors import CmoError
from core.prompts import PROMPTS_DIR
from core.scope import WorkspaceScope
from tools.citations import Citation
from tools.kpi import KpiQuery, KpiResult, run_kpi_query
from tools.kpi.errors import NoCampaignData
from tools.kpi.periods import PeriodSpec
from tools.strategy.evidence import Evidence, search_evidence

THRESHOLDS_FILE = Path(__file__).resolve().parents[1] / "thresholds.yaml"
SIGNALS_FILE = PROMPTS_DIR / "strategy" / "diagnosis_signals.yaml"

Supports = Literal["problem", "healthy", "context"]
Severity = Literal["high", "medium", "low"]
SEVERITY_RANK: dict[str, int] = {"high": 0, "medium": 1, "low": 2}
_CURRENCY = {"GBP": "£", "USD": "$", "EUR": "€"}


# ---- rule files ---------------------------------------------------------------------------------
class AreaConfig(BaseModel):
    id: str
    title: str
    aliases: list[str] = Field(default_factory=list)
    settle_with: str


class CheckConfig(BaseModel):
    id: str
    area: str
    kind: str
    description: str
    thresholds: dict[str, Any] = Field(default_factory=dict)
    severity: Any = None
    playbook: str

    def severity_level(self) -> Severity:
        """The fixed severity of a check whose rule has only one level."""
        level = self.severity if isinstance(self.severity, str) else "medium"
        return level if level in SEVERITY_RANK else "medium"  # type: ignore[return-value]

    def kpi_evidence(self, supports: Supports, statement: str, **fields: Any) -> EvidenceItem:
        """KPI evidence from this check; a problem takes the check's fixed severity unless the
        caller graded it (`severity=`), healthy evidence has none."""
        default = self.severity_level() if supports == "problem" else None
        severity = fields.pop("severity", default)
        return EvidenceItem(
            check=self.id,
            kind="kpi",
            supports=supports,
            severity=severity,
            statement=statement,
            **fields,
        )


class Thresholds(BaseModel):
    periods: dict[str, PeriodSpec]
    areas: list[AreaConfig]
    checks: list[CheckConfig]

    def area(self, area_id: str) -> AreaConfig:
        return next(a for a in self.areas if a.id == area_id)

    def checks_of(self, area_id: str) -> list[CheckConfig]:
        return [c for c in self.checks if c.area == area_id]


class SignalConfig(BaseModel):
    id: str
    polarity: Literal["problem", "healthy"]
    severity: Severity = "medium"
    finding: str
    query: str
    patterns: list[str]
    numeric: dict[str, float] | None = None


class FactConfig(BaseModel):
    query: str
    patterns: list[str]


class ToolsConfig(BaseModel):
    query: str
    names: list[str]


class AudienceConfig(BaseModel):
    id: str
    label: str
    patterns: list[str]


class Signals(BaseModel):
    signals: list[SignalConfig]
    team_size: FactConfig
    number_words: dict[str, int]
    hours_per_unit: dict[str, int]
    tools: ToolsConfig
    audiences: list[AudienceConfig]

    def signal(self, signal_id: str) -> SignalConfig:
        return next(s for s in self.signals if s.id == signal_id)


@lru_cache(maxsize=1)
def load_thresholds() -> Thresholds:
    return Thresholds.model_validate(yaml.safe_load(THRESHOLDS_FILE.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def load_signals() -> Signals:
    return Signals.model_validate(yaml.safe_load(SIGNALS_FILE.read_text(encoding="utf-8")))


# ---- evidence -----------------------------------------------------------------------------------
class KpiFigure(BaseModel):
    """One figure exactly as the KPI engine returned it, with the slice it was computed on."""

    metric: str
    value: float | int | None
    formatted: str
    period_start: date
    period_end: date
    period_label: str
    filters: dict[str, list[str]] = Field(default_factory=dict)


class EvidenceItem(BaseModel):
    """One piece of evidence for (or against) a problem in an area."""

    check: str = Field(description="id of the check in thresholds.yaml")
    kind: Literal["kpi", "document"]
    supports: Supports
    severity: Severity | None = None
    statement: str
    quote: str = ""
    source: str = Field(default="", description="citation label of the quoted passage")
    figures: list[KpiFigure] = Field(default_factory=list)
    change_pct: float | None = Field(default=None, description="relative change, in percent")
    threshold: str = ""
    citations: list[int] = Field(default_factory=list, description="1-based citation numbers")


class CheckOutcome(BaseModel):
    evidence: list[EvidenceItem] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)


# ---- run context --------------------------------------------------------------------------------
class CitationBook:
    """Numbers citations in first-use order, one number per (kind, ref)."""

    def __init__(self) -> None:
        self.items: list[Citation] = []
        self._index: dict[tuple[str, str], int] = {}

    def add(self, citation: Citation) -> int:
        key = (citation.kind, citation.ref)
        if key not in self._index:
            self.items.append(citation)
            self._index[key] = len(self.items)
        return self._index[key]


@dataclass
class CheckContext:
    """One diagnosis run: the workspace scope, and caches shared by the checks."""

    scope: WorkspaceScope
    citations: CitationBook = field(default_factory=CitationBook)
    _kpi: dict[str, KpiResult | None] = field(default_factory=dict)
    _kpi_errors: dict[str, str] = field(default_factory=dict)
    _passages: dict[tuple[str, int], list[Evidence]] = field(default_factory=dict)
    _facts: dict[str, Any] = field(default_factory=dict)

    @property
    def workspace_dir(self) -> Path:
        return self.scope.dir

    @property
    def period(self) -> PeriodSpec:
        return load_thresholds().periods["recent"]

    def kpi(self, query: KpiQuery) -> KpiResult | None:
        """The KPI engine's answer, or None (reason in `kpi_error`) when it cannot give one."""
        key = query.model_dump_json()
        if key not in self._kpi:
            try:
                self._kpi[key] = run_kpi_query(self.workspace_dir, query)
            except NoCampaignData:
                self._kpi[key] = None
                self._kpi_errors[key] = "no campaign data has been imported"
            except CmoError as exc:
                self._kpi[key] = None
                self._kpi_errors[key] = exc.detail
        return self._kpi[key]

    def data_period(self) -> str | None:
        """The period label of the first KPI test that ran (all use the same period)."""
        return next((r.period.label for r in self._kpi.values() if r is not None), None)

    def kpi_error(self, query: KpiQuery) -> str:
        return self._kpi_errors.get(query.model_dump_json(), "")

    def cite_kpi(self, result: KpiResult) -> list[int]:
        return [self.citations.add(c) for c in result.citations]

    def passages(self, query: str, k: int = 10) -> list[Evidence]:
        key = (query, k)
        if key not in self._passages:
            self._passages[key] = search_evidence(self.scope.documents, query, k=k)
        return self._passages[key]

    def fact(self, name: str, compute: Any) -> Any:
        """Facts several checks need (team size, tools named), computed once per run."""
        if name not in self._facts:
            self._facts[name] = compute(self)
        return self._facts[name]


def period_name(start: date, end: date, label: str) -> str:
    """ "Q3 2026" or "March 2026" for a whole calendar quarter or month, else the engine's label."""
    month_end = (end + timedelta(days=1)).day == 1
    if start.day == 1 and month_end:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if months == 3 and start.month % 3 == 1:
            return f"Q{(start.month - 1) // 3 + 1} {start.year}"
        if months == 1:
            return f"{calendar.month_name[start.month]} {start.year}"
        if months == 12 and start.month == 1:
            return str(start.year)
    return label


def when(result: KpiResult, previous: bool = False) -> str:
    """The short name of a result's period (or of its comparison period)."""
    period = result.comparison.period if previous and result.comparison else result.period
    return period_name(period.start, period.end, period.label)


def figure(
    result: KpiResult,
    metric: str,
    value: float | int | None,
    formatted: str,
    filters: dict[str, list[str]] | None = None,
    previous: bool = False,
) -> KpiFigure:
    """A figure from a KPI result; `previous` takes the comparison period's dates."""
    period = result.comparison.period if previous and result.comparison else result.period
    merged = {**result.filters, **(filters or {})}
    return KpiFigure(
        metric=metric,
        value=value,
        formatted=formatted,
        period_start=period.start,
        period_end=period.end,
        period_label=period.label,
        filters=merged,
    )


# ---- helpers for KPI checks ---------------------------------------------------------------------
def metric_label(result: KpiResult, metric: str) -> str:
    return next((m.label for m in result.metrics if m.name == metric), metric)


def metric_noun(result: KpiResult, metric: str) -> str:
    """A count's label inside a sentence: "leads", but "MQLs" and "SQLs" as written."""
    label = metric_label(result, metric)
    return label if any(c.isupper() for c in label[1:]) else label.lower()


def money(result: KpiResult, value: float) -> str:
    symbol = _CURRENCY.get(result.currency or "", "")
    return f"{symbol}{value:,.2f}" if symbol else f"{value:,.2f} {result.currency or ''}".strip()


def covers_previous_year(result: KpiResult) -> bool:
    """A year-on-year comparison only counts when the data reaches back to its first day."""
    return result.comparison is not None and result.comparison.period.start >= result.data_start


def unavailable(ctx: CheckContext, query: KpiQuery, what: str) -> CheckOutcome:
    return CheckOutcome(missing=[f"{what}: {ctx.kpi_error(query) or 'no figures'}"])
