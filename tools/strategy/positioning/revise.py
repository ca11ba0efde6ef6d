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
    recompose(p)
    if revision.statement:
        p.statement = worded(sources, revision.statement, p.statement.built_from)
    if revision.value_proposition:
        p.value_proposition = worded(
            sources, revision.value_proposition, p.value_proposition.built_from
        )
    return p


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
