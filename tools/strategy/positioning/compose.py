"""The positioning statement and value proposition, composed from the other elements (the
templates are prompts/strategy/positioning_statement.md.j2 and value_proposition.md.j2), and the
model's own wording of them, kept and cited when a document line supports it.
"""

from __future__ import annotations

import re
from typing import Literal

from core.prompts import render
from tools.strategy.elements import Composed, lower_first
from tools.strategy.positioning.models import Alternative, Positioning, Value
from tools.strategy.sources import DraftSources


def recompose(p: Positioning) -> Positioning:
    """Rebuild the statement and value proposition from the elements (in place; returns `p`)."""
    p.statement = compose_statement(p)
    p.value_proposition = compose_value_proposition(p)
    return p


def approach(name: str) -> Literal["head-to-head", "big fish, small pond"]:
    """The category approach: a category narrowed to an audience ('… for …') is a "big fish,
    small pond" one, any other goes head-to-head."""
    return "big fish, small pond" if re.search(r"\bfor\b", name) else "head-to-head"


def compose_statement(p: Positioning) -> Composed:
    """The Moore-style positioning statement and the elements it is built from."""
    value = _top_value(p)
    primary = _primary(p)
    attr = next((a for a in p.unique_attributes if value and a.id in value.attribute_ids), None)
    fit = p.best_fit_customers[0] if p.best_fit_customers else None
    text = render(
        "strategy/positioning_statement.md.j2",
        company=p.company,
        customer=_customer_phrase(p),
        need=_status_quo_phrase(p),
        category=p.market_category.name,
        benefit=value.text if value else None,
        alternative=_status_quo_phrase(p) if primary.kind == "status_quo" else primary.name,
        differentiator=lower_first(attr.name, (p.company,)) if attr else None,
    )
    ids = [i for i in (fit and fit.id, value and value.id, attr and attr.id, primary.id) if i]
    return Composed(text=text, built_from=ids, assumption=not (fit and value and attr))


def compose_value_proposition(p: Positioning) -> Composed:
    """The one-line value proposition and the elements it is built from."""
    value = _top_value(p)
    fit = p.best_fit_customers[0] if p.best_fit_customers else None
    result = next((pr for pr in (value.proof if value else []) if pr.kind == "result"), None)
    text = render(
        "strategy/value_proposition.md.j2",
        outcome=result.text if result else (value.text if value else None),
        customer=_customer_phrase(p),
        pain=_status_quo_phrase(p),
    )
    ids = [i for i in (value and value.id, fit and fit.id) if i]
    return Composed(text=text, built_from=ids, assumption=not (value and fit))


def worded(sources: DraftSources, text: str, built_from: list[str]) -> Composed:
    """The model's own wording: kept, and marked an assumption unless a passage supports it."""
    source = sources.support(text)
    return Composed(
        text=text.strip(), built_from=built_from, source=source, assumption=source is None
    )


def _status_quo_phrase(p: Positioning) -> str:
    alt = next(a for a in p.competitive_alternatives if a.kind == "status_quo")
    return re.sub(r"^the status quo:\s*", "", alt.name, flags=re.IGNORECASE)


def _primary(p: Positioning) -> Alternative:
    return next(a for a in p.competitive_alternatives if a.primary)


def _top_value(p: Positioning) -> Value | None:
    stated = [v for v in p.values if not v.assumption]
    pool = stated or p.values
    return max(pool, key=lambda v: (len(v.proof), -p.values.index(v))) if pool else None


def _customer_phrase(p: Positioning) -> str | None:
    """The first best-fit characteristic, with the next one when it qualifies it ('with …')."""
    fits = p.best_fit_customers
    if not fits:
        return None
    if len(fits) > 1 and fits[1].characteristic.startswith("with "):
        return f"{fits[0].characteristic} {fits[1].characteristic}"
    return fits[0].characteristic
