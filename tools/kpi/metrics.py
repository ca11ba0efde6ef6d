"""The governed metrics layer: metric definitions, synonyms, and their safe compilation to SQL.

Formulas are parsed by a tiny grammar (numbers, + - * /, parentheses, SUM(<known measure>)),
so a workspace's own `metrics.yaml` can add metrics without being able to run arbitrary SQL.
Division compiles to `x / NULLIF(y, 0)`: a zero denominator gives NULL, shown as "n/a". For a
cost (a currency metric where lower is better: CPL, cost per SQL, CAC…) a zero numerator is NULL
too: a channel with no spend has no cost per SQL, not a cost of £0.00.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError

from core.stores.campaign_schema import MEASURE_FIELDS, quote_ident
from tools.kpi.errors import (
    InvalidMetricDefinition,
    UnknownMetric,
    did_you_mean,
    listing,
    nearest,
)

Unit = Literal["currency", "percent", "ratio", "count"]
BASE_FILE = Path(__file__).with_name("metrics.yaml")
WORKSPACE_FILE = "metrics.yaml"
BUILTIN = "the built-in metrics.yaml"
IMPORTED = "an imported column"


class MetricDef(BaseModel):
    """One governed metric."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    synonyms: list[str] = Field(default_factory=list)
    formula: str
    unit: Unit
    higher_is_better: bool | None = True
    format: str | None = Field(default=None, description="Python format spec, e.g. ',.2f'")
    description: str = ""

    def decimals(self) -> int:
        return 0 if self.unit == "count" else 2


def normalize_phrase(text: str) -> str:
    """Lower-case, arrows and hyphens as ' to '/' ', punctuation dropped: for synonym lookup."""
    text = text.lower().replace("→", " to ").replace("->", " to ").replace("=>", " to ")
    text = re.sub(r"[_\-/]", " ", text)
    text = re.sub(r"[^a-z0-9% ]+", "", text)
    return re.sub(r"\s+", " ", text).strip()


# ---- formula parsing -------------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|(SUM)\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)|([-+*/()]))")


Value = float | int | Decimal | None
Evaluate = Callable[[Mapping[str, float | None]], Value]
Node = tuple[str, Evaluate]  # the SQL of a sub-formula and its value in Python


_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}


def _arith(op: str, a: Value, b: Value) -> Value:
    """`a op b` as DuckDB computes it: NULL if either is; a DOUBLE as soon as one side is one
    (every SUM of a measure is); `/` always in DOUBLE; literals exact otherwise."""
    if a is None or b is None:
        return None
    if isinstance(a, float) or isinstance(b, float) or op == "/":
        a, b = float(a), float(b)
    value: Value = _OPS[op](a, b)
    return value


def _nullif_zero(value: Value) -> Value:
    return None if value == 0 else value


@dataclass
class _Parser:
    """Recursive-descent parser producing SQL and the same arithmetic in Python (over given
    SUMs, for totals re-computed from groups' sums); raises ValueError with the reason."""

    tokens: list[tuple[str, str]]
    measures: frozenset[str]
    pos: int = 0
    null_zero_numerator: bool = False

    def parse(self) -> tuple[str, set[str], Evaluate]:
        self.used: set[str] = set()
        sql, value = self._expr()
        if self.pos != len(self.tokens):
            raise ValueError(f"unexpected '{self.tokens[self.pos][1]}'")
        return sql, self.used, value

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _expr(self) -> Node:
        node = self._term()
        while (tok := self._peek()) and tok[1] in "+-":
            self.pos += 1
            node = _binary(tok[1], node, self._term(), False)
        return node

    def _term(self) -> Node:
        node = self._factor()
        while (tok := self._peek()) and tok[1] in "*/":
            self.pos += 1
            node = _binary(tok[1], node, self._factor(), self.null_zero_numerator)
        return node

    def _factor(self) -> Node:
        tok = self._peek()
        if tok is None:
            raise ValueError("formula ends too early")
        self.pos += 1
        kind, value = tok
        if kind == "num":
            number = Decimal(value) if "." in value else int(value)
            return value, lambda sums: number
        if kind == "sum":
            if value not in self.measures:
                raise ValueError(
                    f"unknown base measure '{value}'{did_you_mean(value, self.measures)}"
                )
            self.used.add(value)
            return f"SUM({quote_ident(value)})", lambda sums: sums[value]
        if value == "(":
            node = self._expr()
            if (close := self._peek()) is None or close[1] != ")":
                raise ValueError("missing ')'")
            self.pos += 1
            return node
        if value == "-":
            sql, inner = self._factor()
            return f"(-{sql})", lambda sums: _arith("-", 0, inner(sums))
        raise ValueError(f"unexpected '{value}'")


def _binary(op: str, left: Node, right: Node, null_zero_numerator: bool) -> Node:
    """`left op right`; a division's denominator (and, for costs, numerator) NULL at zero."""
    (lsql, lval), (rsql, rval) = left, right
    if op != "/":
        return f"({lsql} {op} {rsql})", lambda sums: _arith(op, lval(sums), rval(sums))
    if null_zero_numerator:
        lsql = f"NULLIF({lsql}, 0)"
        lval = (lambda inner: lambda sums: _nullif_zero(inner(sums)))(lval)
    return f"({lsql} / NULLIF({rsql}, 0))", lambda sums: _arith(
        "/", lval(sums), _nullif_zero(rval(sums))
    )


def compile_formula(
    formula: str, measures: frozenset[str], null_zero_numerator: bool = False
) -> tuple[str, set[str]]:
    """Formula → (SQL, base measures used). Anything outside the grammar is refused. With
    `null_zero_numerator`, a division of zero is NULL (a cost with no spend is n/a)."""
    sql, used, _ = _compile(formula, measures, null_zero_numerator)
    return sql, used


def _compile(
    formula: str, measures: frozenset[str], null_zero_numerator: bool
) -> tuple[str, set[str], Evaluate]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = formula.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ValueError(
                f"only SUM(measure), numbers and + - * / ( ) are allowed, "
                f"not '{text[pos : pos + 20]}'"
            )
        number, _, measure, op = match.groups()
        tokens.append(("num", number) if number else ("sum", measure) if measure else ("op", op))
        pos = match.end()
    if not tokens:
        raise ValueError("empty formula")
    return _Parser(tokens, measures, null_zero_numerator=null_zero_numerator).parse()


# ---- registry --------------------------------------------------------------------------------


@dataclass
class CompiledMetric:
    metric: MetricDef
    sql: str  # value as shown (percent metrics ×100)
    measures: set[str]
    # the same value in Python from {measure: SUM(measure)} (None: NULL), for totals re-computed
    # from groups' sums
    value: Evaluate = field(compare=False, repr=False)


class MetricRegistry:
    """All metrics of a workspace (built-in plus its own), with synonym lookup."""

    def __init__(self, metrics: list[MetricDef], measures: frozenset[str], source: str) -> None:
        self.measures = measures
        self.metrics: dict[str, CompiledMetric] = {}
        self._lookup: dict[str, str] = {}
        self._origin: dict[str, str] = {}
        for metric in metrics:
            self.add(metric, source)

    def add(self, metric: MetricDef, source: str) -> None:
        try:
            is_cost = metric.unit == "currency" and metric.higher_is_better is False
            sql, used, value = _compile(metric.formula, self.measures, is_cost)
        except ValueError as exc:
            raise InvalidMetricDefinition(
                f"Metric '{metric.name}' in {source}: bad formula '{metric.formula}': {exc}. "
                f"Known base measures: {listing(self.measures)}."
            ) from exc
        if metric.unit == "percent":
            sql = f"(100.0 * {sql})"
            value = (lambda inner: lambda sums: _arith("*", Decimal("100.0"), inner(sums)))(value)
        self.metrics[metric.name] = CompiledMetric(metric, sql, used, value)
        for phrase in (metric.name, metric.label, *metric.synonyms):
            self.add_synonym(phrase, metric.name, source)

    def add_synonym(self, phrase: str, name: str, source: str) -> None:
        """Register a phrase. A workspace may re-point a built-in synonym (its words win), but
        never a metric's own name, and never twice within one file."""
        key = normalize_phrase(phrase)
        owner = self._lookup.get(key)
        overridable = (
            self._origin.get(key) == BUILTIN
            and source != BUILTIN
            and key not in {normalize_phrase(n) for n in self.metrics}
        )
        if owner and owner != name and not overridable:
            raise InvalidMetricDefinition(
                f"In {source}: synonym '{phrase}' of '{name}' already means '{owner}'."
            )
        self._lookup[key] = name
        self._origin[key] = source

    def phrases(self) -> dict[str, str]:
        """Normalised phrase → metric name (names, labels and synonyms)."""
        return dict(self._lookup)

    def resolve(self, name: str) -> CompiledMetric:
        """A metric by name, label or synonym; UnknownMetric (with the nearest match) if none."""
        found = self._lookup.get(normalize_phrase(name))
        if found is None:
            names = sorted(self.metrics)
            raise UnknownMetric(
                f"Unknown metric '{name}'.{self._hint(name)} Metrics: {listing(names, 60)}."
            )
        return self.metrics[found]

    def _hint(self, name: str) -> str:
        """The nearest name, label or synonym, with the metric it means; "" when none is close."""
        phrase = nearest(normalize_phrase(name), self._lookup)
        if phrase is None:
            return ""
        metric = self._lookup[phrase]
        shown = f"'{metric}'" if normalize_phrase(metric) == phrase else f"'{phrase}' ({metric})"
        return f" Did you mean {shown}?"


def _parse_metric_list(raw: Any, source: str) -> list[MetricDef]:
    items = (raw or {}).get("metrics", []) if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise InvalidMetricDefinition(f"{source} must hold a 'metrics:' list.")
    metrics = []
    for item in items:
        try:
            metrics.append(MetricDef.model_validate(item))
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            name = item.get("name", "?") if isinstance(item, dict) else "?"
            raise InvalidMetricDefinition(
                f"Metric '{name}' in {source}: field '{where}': {err['msg']}."
            ) from exc
    return metrics


@lru_cache(maxsize=1)
def base_metrics() -> tuple[MetricDef, ...]:
    return tuple(_parse_metric_list(yaml.safe_load(BASE_FILE.read_text("utf-8")), "metrics.yaml"))


def imported_measure_metric(name: str) -> MetricDef:
    """The plain sum of an extra numeric column kept by an import (e.g. approved_conversion);
    its unit and direction are unknown, so it is a count with no better/worse judgement."""
    return MetricDef(
        name=name,
        label=name.replace("_", " ").capitalize(),
        formula=f"SUM({name})",
        unit="count",
        higher_is_better=None,
        description="Sum of a column kept from an imported file.",
    )


def load_registry(
    workspace_dir: Path | None, extra_measures: list[str] | tuple[str, ...] = ()
) -> MetricRegistry:
    """Built-in metrics plus the workspace's `metrics.yaml` (metrics and extra synonyms).

    Memoised on the file's size and modification time, so editing the YAML takes effect at
    the next query; callers must treat the registry as read-only."""
    path = Path(workspace_dir) / WORKSPACE_FILE if workspace_dir else None
    stamp = None
    if path is not None and path.is_file():
        stat = path.stat()
        stamp = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    return _build_registry(stamp, tuple(sorted(set(extra_measures))))


@lru_cache(maxsize=256)
def _build_registry(
    stamp: tuple[str, int, int] | None, extra_measures: tuple[str, ...]
) -> MetricRegistry:
    measures = frozenset(MEASURE_FIELDS) | frozenset(extra_measures)
    registry = MetricRegistry(list(base_metrics()), measures, BUILTIN)
    for name in extra_measures:  # an imported numeric column can be asked for as-is
        if normalize_phrase(name) not in registry.phrases():
            registry.add(imported_measure_metric(name), IMPORTED)
    if stamp is not None:
        _apply_workspace_file(registry, Path(stamp[0]))
    return registry


def _apply_workspace_file(registry: MetricRegistry, path: Path) -> None:
    source = f"workspace file {path.name}"
    try:
        raw = yaml.safe_load(path.read_text("utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InvalidMetricDefinition(f"{source} is not valid YAML: {exc}") from exc
    for metric in _parse_metric_list({"metrics": raw.get("metrics", [])}, source):
        registry.add(metric, source)
    synonyms = raw.get("synonyms", {}) or {}
    if not isinstance(synonyms, dict):
        raise InvalidMetricDefinition(f"'synonyms' in {source} must map metric → [phrases].")
    for name, phrases in synonyms.items():
        if name not in registry.metrics:
            raise InvalidMetricDefinition(
                f"'synonyms' in {source} names unknown metric '{name}'."
                f"{did_you_mean(name, registry.metrics)}"
            )
        for phrase in [phrases] if isinstance(phrases, str) else phrases:
            registry.add_synonym(str(phrase), name, source)
