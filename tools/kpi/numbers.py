"""Number formats decided per column, from evidence: decimal comma or point, and thousands marks.

A value such as "1.034,25" or "120,50" says by itself that its decimal mark is a comma; "1,234.50"
or "12.5" says a point; "1.500" or "12,000" could be either (1.5 or 1500). Each column is decided
by its own values first. A column of counts (impressions, clicks, leads…) is also decided by
its values being whole numbers: "1.500" impressions cannot be 1.5. A column its own values
cannot decide borrows the decision of the file's other number columns when they all agree;
failing that, the file's delimiter (";" is what Excel writes where the decimal mark is a comma)
and its date style (31.01.2024 → comma; 1/31/2024 → point) decide when they agree. When the
evidence is absent or points both ways, the import is refused with the values in question and
the mapping option that settles it (`decimal: ","`). Thousands separators may be ".", ",",
spaces, no-break and narrow no-break spaces, and apostrophes; currency signs and ISO codes
before or after the number are removed (`units.py` reads the currency from them).

Every decision that is not "plain numbers" is reported, with its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from core.stores.campaign_schema import quote_source_column
from tools.kpi.errors import AmbiguousNumbers
from tools.kpi.reading import STAGE

COUNT_FIELDS = frozenset(
    {"impressions", "clicks", "leads", "mqls", "sqls", "opportunities", "customers"}
)
_CORE = (
    "regexp_replace(regexp_replace(trim({q}), '^[A-Z]{{3}}\\s*|\\s*[A-Z]{{3}}$', '', 'g'), "
    "'[\\p{{Sc}}%()+\\-\\s\\x{{00A0}}\\x{{202F}}''’]', '', 'g')"
)
_CLASSES = (
    ("invalid", "NOT regexp_full_match(c, '[0-9.,eE]*[0-9][0-9.,eE]*')"),
    ("plain", "regexp_full_match(c, '[0-9]+')"),
    ("point", "regexp_full_match(c, '[0-9]+(\\.[0-9]+)?[eE][0-9]+')"),
    ("comma", "regexp_full_match(c, '[1-9][0-9]{0,2}(\\.[0-9]{3})+,[0-9]+')"),
    ("point", "regexp_full_match(c, '[1-9][0-9]{0,2}(,[0-9]{3})+\\.[0-9]+')"),
    ("comma", "regexp_full_match(c, '[1-9][0-9]{0,2}(\\.[0-9]{3}){2,}')"),
    ("point", "regexp_full_match(c, '[1-9][0-9]{0,2}(,[0-9]{3}){2,}')"),
    ("amb_dot", "regexp_full_match(c, '[1-9][0-9]{0,2}\\.[0-9]{3}')"),
    ("amb_comma", "regexp_full_match(c, '[1-9][0-9]{0,2},[0-9]{3}')"),
    ("comma", "regexp_full_match(c, '[0-9]*,[0-9]+')"),
    ("point", "regexp_full_match(c, '[0-9]*\\.[0-9]+')"),
)
NAMES = {",": "decimal comma", ".": "decimal point"}


@dataclass
class Evidence:
    """What one column's values say about their decimal mark."""

    column: str
    counts: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)
    frac_dot: bool = False  # some "1.500"-shaped value is not a whole number if '.' is decimal
    frac_comma: bool = False

    def n(self, cls: str) -> int:
        return self.counts.get(cls, 0)

    def ambiguous(self) -> bool:
        return bool(self.n("amb_dot") or self.n("amb_comma"))

    def samples(self, *classes: str, limit: int = 3) -> list[str]:
        return [v for c in classes for v in self.examples.get(c, [])][:limit]


@dataclass
class Readings:
    """The decimal mark per column ("." or ","), and what to say about it."""

    decimal: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    invalid: dict[str, list[str]] = field(default_factory=dict)


def gather(cur: duckdb.DuckDBPyConnection, columns: list[str]) -> dict[str, Evidence]:
    """Classify the distinct values of each column (one query; every value is looked at)."""
    if not columns:
        return {}
    case = "CASE " + " ".join(f"WHEN {cond} THEN '{cls}'" for cls, cond in _CLASSES) + " END"
    parts = []
    for i, col in enumerate(columns):
        q = quote_source_column(col)
        parts.append(
            f"SELECT {i} AS col, v, {_CORE.format(q='v')} AS c FROM (SELECT DISTINCT trim({q}) "
            f"AS v FROM {STAGE} WHERE NOT kpi_blank({q}))"
        )
    sql = f"""SELECT col, cls, count(*), list(v ORDER BY v)[1:3],
        bool_or(cls = 'amb_dot' AND NOT ends_with(c, '000')),
        bool_or(cls = 'amb_comma' AND NOT ends_with(c, '000'))
      FROM (SELECT col, v, c, coalesce({case}, 'invalid') AS cls FROM ({" UNION ALL ".join(parts)}))
      GROUP BY col, cls"""
    found = {col: Evidence(col) for col in columns}
    for index, cls, count, examples, frac_dot, frac_comma in cur.execute(sql).fetchall():
        ev = found[columns[index]]
        ev.counts[cls] = count
        ev.examples[cls] = [str(e) for e in examples]
        ev.frac_dot |= bool(frac_dot)
        ev.frac_comma |= bool(frac_comma)
    return found


def own_decision(ev: Evidence, count_field: bool) -> str | None:
    """ "." or "," when the column's values decide, "" when any reading gives the same numbers,
    None when they cannot decide, "conflict" when they contradict each other."""
    comma, point = ev.n("comma"), ev.n("point")
    if comma and point:
        return "conflict"
    if comma or point:
        return "," if comma else "."
    if not ev.ambiguous():
        return ""
    if count_field and not (ev.frac_dot and ev.frac_comma):
        if ev.frac_dot:
            return ","
        if ev.frac_comma:
            return "."
    return None


def decide(
    evidence: dict[str, Evidence],
    count_columns: set[str],
    *,
    explicit: str | None,
    delimiter: str | None,
    date_format: str | None,
    file_name: str,
) -> Readings:
    """The decimal mark of every column, or AmbiguousNumbers naming the values and the fix."""
    readings = Readings()
    own = {col: own_decision(ev, col in count_columns) for col, ev in evidence.items()}
    for col, decision in own.items():
        ev = evidence[col]
        if explicit is not None:
            _check_explicit(ev, explicit, file_name)
            readings.decimal[col] = explicit
            continue
        if decision == "conflict":
            raise AmbiguousNumbers(
                f"Column '{col}' of '{file_name}' mixes number formats: "
                f"{_quoted(ev.samples('comma'))} have a decimal comma but "
                f"{_quoted(ev.samples('point'))} a decimal point. Fix the column in the file, "
                'or set the mapping option decimal: "," or decimal: "." for the whole file.'
            )
        if decision in (".", ","):
            readings.decimal[col] = decision
            if decision == "," or ev.ambiguous():
                readings.notes.append(_own_note(col, ev, decision, col in count_columns))
    votes = {d for d in own.values() if d in (".", ",")}
    weak = _weak_votes(delimiter, date_format)
    for col, decision in own.items():
        if explicit is not None or decision not in ("", None):
            continue
        if decision == "":
            readings.decimal[col] = "."
            continue
        ev = evidence[col]
        chosen, why = _borrow(votes, weak)
        if chosen is None:
            raise _ambiguous(col, ev, file_name, votes, weak)
        readings.decimal[col] = chosen
        readings.notes.append(
            f"'{col}': values such as {_quoted(ev.samples('amb_dot', 'amb_comma'))} fit both "
            f"formats; read with a {NAMES[chosen]} because {why}"
        )
    if explicit is not None:
        readings.notes.append(f"numbers read with a {NAMES[explicit]}, as the mapping says")
    return readings


def _weak_votes(delimiter: str | None, date_format: str | None) -> dict[str, str]:
    votes: dict[str, str] = {}
    if delimiter == ";":
        votes["the file is ';'-separated, as Excel writes it where the decimal mark is a comma"] = (
            ","
        )
    if date_format and "." in date_format and "%d" in date_format:
        votes[f"its dates are written {date_format} (a decimal-comma locale)"] = ","
    if date_format in ("%m/%d/%Y", "%m/%d/%y"):
        votes["its dates are month-first (US style, decimal point)"] = "."
    return votes


def _borrow(votes: set[str], weak: dict[str, str]) -> tuple[str | None, str]:
    if len(votes) == 1:
        chosen = next(iter(votes))
        return chosen, f"the file's other numbers are written with a {NAMES[chosen]}"
    if votes:
        return None, ""
    sides = set(weak.values())
    if len(sides) == 1:
        return next(iter(sides)), " and ".join(weak)
    return None, ""


def _own_note(col: str, ev: Evidence, decision: str, counts: bool) -> str:
    if ev.n("comma") or ev.n("point"):
        shown = ev.samples("comma" if decision == "," else "point")
        return f"'{col}': read with a {NAMES[decision]} (values such as {_quoted(shown)})"
    shown = ev.samples("amb_dot", "amb_comma")
    return (
        f"'{col}': values such as {_quoted(shown)} read with a {NAMES[decision]}, since "
        f"{'counts are whole numbers' if counts else 'that is the only reading'}"
    )


def _check_explicit(ev: Evidence, explicit: str, file_name: str) -> None:
    against = "point" if explicit == "," else "comma"
    if ev.n(against):
        raise AmbiguousNumbers(
            f"The mapping says decimal: \"{explicit}\", but column '{ev.column}' of '{file_name}' "
            f"has values such as {_quoted(ev.samples(against))} that are written with a "
            f"{NAMES['.' if explicit == ',' else ',']}. Remove the decimal option or fix the file."
        )


def _ambiguous(
    col: str, ev: Evidence, file_name: str, votes: set[str], weak: dict[str, str]
) -> AmbiguousNumbers:
    shown = _quoted(ev.samples("amb_dot", "amb_comma", limit=5))
    why = (
        "the file's other numbers use both formats"
        if len(votes) > 1
        else "nothing else in the file says which format it uses"
        if not weak
        else "the file's delimiter and dates point different ways"
    )
    return AmbiguousNumbers(
        f"I cannot tell how to read the numbers in column '{col}' of '{file_name}': values such "
        f"as {shown} could be read with a decimal point or a decimal comma (1.500 = 1.5 or 1500), "
        f'and {why}. Re-import with the mapping option decimal: "," (1.500 = 1500) or '
        'decimal: "." (1.500 = 1.5).'
    )


def _quoted(values: list[str]) -> str:
    return ", ".join(f"'{v}'" for v in values) or "none"
