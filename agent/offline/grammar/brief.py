"""Offline argument extraction for the brief tools: the field and values of a stated fact, and
the fields a question is about.

A statement's field comes from what it means, not from one fixed wording: the field named
('add them to our competitors', 'our budget is …'), else the verbs and nouns of its clauses
(`brief_cues`: 'bumping into X in deals' → competitors, 'moved off X onto Y' → tools, 'given X
notice' → agencies, money per month for marketing → budget, money something is sold for →
price points). Values are cleaned to the names or phrases themselves (`brief_values`). When
no field can be told, `brief_question` asks one short question with the likely fields.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from functools import lru_cache
from typing import Any

import yaml

from agent.offline.grammar import brief_cues as cues
from agent.offline.grammar.brief_values import (
    MONEY,
    clean_value,
    entity,
    is_pronoun,
    money_amounts,
    split_values,
    when,
)
from agent.reading import Clarify, ClarifyOption
from core.prompts import PROMPTS_DIR
from tools.strategy.brief.model import field_specs

_LEAD_IN = re.compile(
    r"^\s*(?:(?:(?:can|could|would|will) you\s+)?(?:please\s+)?"
    r"(?:remember|note|fyi|for the record|just so you know|keep in mind"
    r"|heads[- ]up|quick update|update|small update|quick one|news|ok(?:ay)?|so|also|btw"
    r"|by the way|right|oh and|and)(?:\s+that)?\s*[:,.!-]*\s+"
    r"|new client(?: setup)?\s*[-—–:,]+\s*)",
    re.IGNORECASE,
)
_CLAUSES = re.compile(r"[.;!]\s+|,\s+|\s+[—–-]+\s+|:\s+|\s+but\s+|\s+and\s+(?=(?:we|they|i)\b)")
# the subject a later "them"/"they" points back to: "Medius keeps turning up in deals"
_SUBJECT = re.compile(
    r"^\s*(?P<v>[\w&.'’ -]{2,40}?)\s+(?:keeps?|kept|is|are|has|have|was|were|shows?|showed|"
    r"turns?|turned|comes?|came|pops?|popped|appears?|appeared)\b",
    re.IGNORECASE,
)
UPDATE_VERB = "Remember this"  # the update tool's option reply starts so (understand.VERBS)


@dataclass
class BriefReading:
    """What a statement records: one field, values to add and values to take off."""

    field: str
    values: list[str] = dc_field(default_factory=list)
    remove: list[str] = dc_field(default_factory=list)

    def args(self) -> dict[str, Any]:
        found: dict[str, Any] = {"field": self.field, "values": self.values}
        if self.remove:
            found["remove"] = self.remove
        return found


def parse_statement(text: str) -> tuple[str, list[str]] | None:
    """(field, values) for a stated fact like 'our competitors are Xero and Sage'."""
    reading = read_statement(text)
    return (reading.field, reading.values) if reading and reading.values else None


def read_statement(text: str, today: date | None = None) -> BriefReading | None:
    """The field and values a statement records (None: it says no field clearly)."""
    today = today or date.today()
    body = _strip_lead_in(text)
    if body != " ".join(text.split()):  # "can you note that …?" asks to keep a statement
        body = body.rstrip("? ")
    if not body or body.rstrip().endswith("?"):
        return None
    chosen = _chosen_field(body)
    if chosen:
        named, rest = chosen
        found = _from_cues(rest, today, only=named)
        return found or BriefReading(named, _values(named, rest, today))
    return _named(body, today) or _from_cues(body, today)


def field_named(text: str) -> bool:
    """The statement names the brief field it is for ("new proof point for you: …", "add X to
    our competitors", "our budget is …"): a strong sign it is meant to be recorded."""
    body = _strip_lead_in(text)
    named = (cues.NAMED_ADD, cues.NAMED_REMOVE, cues.NAMED_SET, cues.NAMED_IS)
    return bool(_chosen_field(body) or any(p.search(body) for p in named))


def _chosen_field(body: str) -> tuple[str, str] | None:
    """'Competitors — …': a field named first (an option chosen from `brief_question`)."""
    for name, spec in field_specs().items():
        m = re.match(rf"\s*{re.escape(spec.label)}\s*[—–:-]\s+(.+)$", body, re.I | re.S)
        if m:
            return name, m.group(1)
    lead = cues.NAMED_LEAD.match(body)
    return (_field_of(lead), lead.group("v")) if lead else None


def _strip_lead_in(text: str) -> str:
    body = " ".join(text.split())
    for _ in range(3):
        body = _LEAD_IN.sub("", body, count=1)
    body = _APPOSITION.sub(r"\1 called \2", body)  # "a new agency, Northlight, to run…"
    return _KEEP_IT.sub("", body).strip()


_APPOSITION = re.compile(
    r"\b(agency|freelancer|consultancy|contractor),\s+([A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*)*)"
    r"(?=,|\s+(?:to|for|on)\b)"
)


# "… Northlight, to run paid social. Can you add that?": the ask after the statement
_KEEP_IT = re.compile(
    r"(?<=[.!])\s+(?:(?:can|could|would|will) you\s+)?(?:please\s+)?(?:add|note|record|log|"
    r"save|update|remember|put|keep)\s+(?:that|this|it)\b[^.?!]*[.?!]?\s*$",
    re.IGNORECASE,
)


def _field_of(match: re.Match[str]) -> str:
    return next(name for name in cues.FIELD_WORDS if match.groupdict().get(name))


def _named(body: str, today: date) -> BriefReading | None:
    """A statement that names its field: 'add X to our competitors', 'our budget is …'."""
    for pattern, op in ((cues.NAMED_REMOVE, "remove"), (cues.NAMED_ADD, "add")):
        m = pattern.search(body)
        if not m:
            continue
        name = _field_of(m)
        raw = m.group("v")
        if is_pronoun(raw) or raw.lower() in ("this", "that", "it"):
            rest = body[: m.start()] + " " + body[m.end() :]
            found = _from_cues(rest, today, only=name, any_field=True)
            if found is None:
                subject = _SUBJECT.match(rest)  # "Medius keeps turning up…, add them as…"
                return BriefReading(name, [entity(subject.group("v"))]) if subject else None
            return BriefReading(name, found.values, found.remove)
        values = _values(name, raw, today)
        return BriefReading(
            name, [] if op == "remove" else values, values if op == "remove" else []
        )
    m = cues.NAMED_SET.search(body) or cues.NAMED_IS.search(body)
    if m:
        name = _field_of(m)
        first_sentence = re.split(r"(?<=[^\d\s])[.!]\s+(?=\S)", m.group("v"), maxsplit=1)[0]
        values = _values(name, first_sentence, today)
        if values:
            return BriefReading(name, values)
    return None


def _from_cues(
    body: str, today: date, only: str | None = None, any_field: bool = False
) -> BriefReading | None:
    """Read clause by clause; readings of the same field merge ('moved off X onto Y, X's
    cancelled'), the first field found wins. `only` keeps one field (`any_field`: values of
    any field's cue are taken for it)."""
    clauses = [c for c in _CLAUSES.split(body) if c and c.strip()]
    found: BriefReading | None = None
    for cue_set in (cues.CUES, None, cues.LATE_CUES):
        for clause in clauses if cue_set is not None else [body]:
            for reading in _clause_readings(clause, body, today, cue_set):
                if only and reading.field != only and not any_field:
                    continue
                if found is None:
                    found = BriefReading(only or reading.field, reading.values, reading.remove)
                elif reading.field == found.field or any_field:
                    found.values += [v for v in reading.values if v not in found.values]
                    found.remove += [v for v in reading.remove if v not in found.remove]
        if found is not None and (found.values or found.remove):
            return _channels_apart(found)
    return None


def _clause_readings(
    clause: str, body: str, today: date, cue_set: tuple[cues.Cue, ...] | None
) -> list[BriefReading]:
    if cue_set is None:
        money = _money(body, today)
        return [money] if money else []
    readings = []
    for cue in cue_set:
        m = cue.pattern.search(clause)
        if m and (reading := _reading(cue, m, body, today)) is not None:
            readings.append(reading)
            break
    return readings


def _reading(cue: cues.Cue, m: re.Match[str], body: str, today: date) -> BriefReading | None:
    raw = m.group("v") or ""
    if cue.op == "notice":
        name = entity(raw)
        leaving = when(body, today)
        note = f"{name} (on notice, leaving {leaving})" if leaving else ""
        return BriefReading(cue.field, [note or f"{name} (on notice)"], [name])
    if cue.op == "move":
        return BriefReading(cue.field, split_values(raw, True), split_values(m.group("from"), True))
    if field_specs()[cue.field].kind == "value":
        values = [entity(raw) if cue.names else clean_value(raw)]
    else:
        values = split_values(raw, True) if cue.names else _phrases(raw)
    if values and m.groupdict().get("role"):
        values = [f"{values[0]} ({clean_value(m.group('role'))})"]
    if not values or (
        cue.field == "channels" and not all(cues.CHANNEL_WORDS.match(v) for v in values)
    ):
        return None
    if cue.field == "team" and re.search(r"\b(?:agency|freelancer|contractor)\b", raw, re.I):
        return BriefReading("agencies", values)
    if cue.op == "remove":
        return BriefReading(cue.field, [], values)
    return BriefReading(cue.field, values)


def _money(body: str, today: date) -> BriefReading | None:
    """Money per period: the marketing budget, or the prices something is sold at."""
    amounts = money_amounts(body)
    if not amounts:
        return None
    budget = bool(cues.BUDGET_WORDS.search(body))
    price = bool(cues.PRICE_WORDS.search(body))
    if price and not budget:
        product = re.search(
            r"\b(?:sell|selling|offer|charge for)\s+(?P<p>.+?)\s+(?:at|for|from)\s+[£$€\d]", body
        )
        suffix = f" ({clean_value(product.group('p'))})" if product else ""
        return BriefReading("price_points", [f"{a} {p}".strip() + suffix for a, p in amounts])
    if budget and not price:
        return BriefReading("budget", [_budget_text(amounts, body, today)])
    return None


def _budget_text(amounts: list[tuple[str, str]], body: str, today: date) -> str:
    money = " + ".join(f"{a} {p}".strip() for a, p in amounts)
    start = when(body, today)
    return f"{money} {start}".strip()


def _values(name: str, raw: str, today: date) -> list[str]:
    """Values of a named field: money for the budget, names for lists of names, else the
    phrase (one value for single-value fields)."""
    if name == "budget" and MONEY.search(raw):
        return [_budget_text(money_amounts(raw), raw, today)]
    if name == "price_points" and MONEY.search(raw):
        return [f"{a} {p}".strip() for a, p in money_amounts(raw)]
    if field_specs()[name].kind == "value":
        value = entity(raw) if name == "company" else clean_value(raw)
        return [value] if value else []
    names = name in ("competitors", "tools", "agencies", "channels", "team")
    return split_values(raw, names) if names else _phrases(raw)


def _phrases(raw: str) -> list[str]:
    """Phrases split on ';' and ', ' only (a goal's 'and' stays inside it)."""
    items = [clean_value(p, keep_when=True) for p in re.split(r"\s*;\s*|,\s+(?:and\s+)?", raw)]
    return [i for i in items if i and not is_pronoun(i)]


def _channels_apart(reading: BriefReading) -> BriefReading:
    """'We use LinkedIn ads and webinars' is about channels, not tools; 'losing deals to
    spreadsheets' is about the alternatives (the status quo), not competitors."""
    said = reading.values + reading.remove
    if reading.field == "competitors" and said and all(cues.STATUS_QUO.match(v) for v in said):
        return BriefReading("alternatives", [v.lower() for v in reading.values], reading.remove)
    if (
        reading.field in ("tools", "agencies")
        and said
        and all(cues.CHANNEL_WORDS.match(v) for v in said)
    ):
        return BriefReading("channels", reading.values, reading.remove)
    return reading


# -- questions -----------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _field_words() -> dict[str, list[str]]:
    path = PROMPTS_DIR / "strategy" / "brief_statements.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return raw["field_words"]  # type: ignore[no-any-return]


def fields_asked(text: str) -> list[str]:
    """The brief fields a question names ('what is our budget?', 'who's listed as competitors
    in the brief' → ['budget'], ['competitors']); [] for the whole brief."""
    if re.search(r"\b(everything|all you know)\b", text, re.IGNORECASE):
        return []
    words = _field_words()
    return [f for f, pats in words.items() if any(re.search(p, text, re.IGNORECASE) for p in pats)]


def statement_for(field: str, text: str) -> str:
    """`text` recorded under `field`, as the option reply of `brief_question` says it ("it's
    £24k a month now" right after the budget was shown)."""
    return f"{UPDATE_VERB}: {field_specs()[field].label} — {' '.join(text.split())[:380]}"


def field_shown(history: Sequence[Any]) -> str | None:
    """The one brief field the last turn showed ("what budget does the brief have"), if any."""
    last = history[-1] if history else None
    fields = last.args.get("fields") if last and last.name == "get_client_brief" else None
    return fields[0] if isinstance(fields, list) and len(fields) == 1 else None


def brief_question(text: str, shown: str | None = None) -> Clarify:
    """One short question when a statement's field is unclear, with the likely fields as
    options (`shown`, the field the last turn showed, first); each option's reply names the
    field ('Remember this: Competitors — …')."""
    likely = _likely_fields(text)
    if shown is not None:
        likely = [shown, *(f for f in likely if f != shown)][: max(len(likely), 1)]
    short = " ".join(text.split())[:380]
    specs = field_specs()
    options = [
        ClarifyOption(label=specs[f].label, reply=f"{UPDATE_VERB}: {specs[f].label} — {short}")
        for f in likely
    ]
    names = ", ".join(specs[f].label.lower() for f in likely)
    return Clarify(
        question=f"Which part of the client brief is that about ({names})?", options=options
    )


def _likely_fields(text: str) -> list[str]:
    if MONEY.search(text):
        return ["budget", "price_points", "goals"]
    if re.search(r"\b[A-Z][a-z]+[A-Z]?\w*\b", text[1:]):  # a name: someone or something
        return ["competitors", "tools", "agencies", "team"]
    return ["goals", "segments", "offering", "channels"]
