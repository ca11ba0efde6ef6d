"""Revisions of a saved positioning: the user's category (or a narrower one), an added trend or
attribute, and the model's own wording of the statement or value proposition.
"""

from __future__ import annotations

from tools.citations import Citation
from tools.strategy.brief.model import ClientBrief, brief_citation
from tools.strategy.elements import content_words
from tools.strategy.positioning.compose import approach, recompose, worded
from tools.strategy.positioning.draft import value_for
from tools.strategy.positioning.models import (
    Attribute,
    BestFit,
    Category,
    Positioning,
    PositioningRevision,
    Trend,
)
from tools.strategy.sources import DraftSources


def revise_positioning(
    sources: DraftSources, previous: Positioning, revision: PositioningRevision
) -> Positioning:
    """A revised copy of `previous`: elements changed as asked, statement and value proposition
    recomposed, then the model's wording (if given) kept, cited or marked an assumption."""
    p = previous.model_copy(deep=True)
    if revision.category:
        p.market_category = _told_category(revision.category, p.market_category.advice)
    if revision.more_specific_category:
        p.market_category = _more_specific(p, sources.brief)
    if revision.add_trend:
        text = revision.add_trend.strip()
        p.trends.append(Trend(id=f"T{len(p.trends) + 1}", text=text, source=sources.support(text)))
    if revision.add_attribute:
        name = revision.add_attribute.strip()
        attr = Attribute(
            id=f"A{len(p.unique_attributes) + 1}", name=name, source=sources.support(name)
        )
        p.unique_attributes.append(attr)
        value = value_for(sources, attr)
        p.values.append(value.model_copy(update={"id": f"V{len(p.values) + 1}"}))
    if revision.lead_with:
        _lead_with(p, sources, revision.lead_with.strip())
    if revision.segment:
        _for_segment(p, sources, revision.segment.strip())
    recompose(p)
    if revision.statement:
        p.statement = worded(sources, revision.statement, p.statement.built_from)
    if revision.value_proposition:
        p.value_proposition = worded(
            sources, revision.value_proposition, p.value_proposition.built_from
        )
    return p


def _lead_with(p: Positioning, sources: DraftSources, name: str) -> None:
    """Put the attribute the user names first (the one sharing most words with `name`; a new
    one when none does), so the statement and the value proposition lead with its value."""
    words = content_words(name)
    scored = [(len(words & content_words(a.name)), a) for a in p.unique_attributes]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    attr = best[1] if best[0] else None
    if attr is None:
        attr = Attribute(
            id=f"A{len(p.unique_attributes) + 1}", name=name, source=sources.support(name)
        )
        p.unique_attributes.append(attr)
        value = value_for(sources, attr)
        p.values.append(value.model_copy(update={"id": f"V{len(p.values) + 1}"}))
    p.unique_attributes.remove(attr)
    p.unique_attributes.insert(0, attr)
    p.values.sort(key=lambda v: attr.id not in v.attribute_ids)
    p.lead_attribute = attr.id


def _for_segment(p: Positioning, sources: DraftSources, segment: str) -> None:
    """A version for one segment: it becomes the first best-fit customer (cited when a
    document line supports it, else marked an assumption told in chat)."""
    source = sources.support(segment) or Citation(
        kind="brief",
        label="Segment (told in chat)",
        ref="brief:segments",
        detail=segment,
    )
    p.best_fit_customers = [f for f in p.best_fit_customers if f.characteristic != segment]
    fit = BestFit(id=f"B{len(p.best_fit_customers) + 1}", characteristic=segment, source=source)
    p.best_fit_customers.insert(0, fit)


def _told_category(name: str, advice: Citation | None) -> Category:
    """The category the user named, cited as told in chat."""
    return Category(
        name=name.strip(),
        approach=approach(name),
        source=Citation(
            kind="brief",
            label="Client brief › Market category (told in chat)",
            ref="brief:category",
            detail=name.strip(),
        ),
        advice=advice,
    )


def _more_specific(p: Positioning, brief: ClientBrief) -> Category:
    """Narrow the category with the offering's 'for …' phrase, then a best-fit characteristic."""
    current = p.market_category
    offering = brief.values("offering")
    if (
        offering
        and current.name.lower() in offering[0].value.lower()
        and (offering[0].value.lower() != current.name.lower())
    ):
        v = offering[0]
        return Category(
            name=v.value,
            approach=approach(v.value),
            source=brief_citation("offering", v),
            advice=current.advice,
        )
    for fit in p.best_fit_customers:
        words = content_words(fit.characteristic)
        if words and not words <= content_words(current.name):
            joiner = " " if fit.characteristic.startswith(("with ", "in ")) else ", "
            name = f"{current.name}{joiner}{fit.characteristic}"
            return Category(
                name=name, approach="big fish, small pond", source=fit.source, advice=current.advice
            )
    return current
