"""Fill the brief's document-sourced fields from the workspace documents, with citations.

Deterministic: every passage of the workspace is scanned with the patterns and vocabulary in
prompts/strategy/vocabulary.yaml (price points from £ amounts next to plan names, competitors
from the competitor document's headings, channels and tools by vocabulary, ...): the rules for
what the client sells are in `rules_offer`, those for whom it sells to and how it markets in
`rules_market`. When the extraction is merged into the brief is `brief.current`'s business;
it never runs at upload time. Passages are data: nothing in them is followed as an instruction.
"""

from __future__ import annotations

from tools.strategy.brief import rules_market as market
from tools.strategy.brief import rules_offer as offer
from tools.strategy.brief.model import BriefValue, field_specs
from tools.strategy.evidence import Evidence

EXTRACTOR_VERSION = "1"  # bump when the rules change so briefs are re-extracted
MAX_ITEMS = 10


def extract_brief(passages: list[Evidence]) -> dict[str, list[BriefValue]]:
    """Document-sourced values for every field the rules can fill (missing fields are absent),
    at most `MAX_ITEMS` per field, each citing the sentence it came from."""
    company = offer.company(passages)
    category = offer.category(passages)
    out: dict[str, list[BriefValue]] = {
        "company": company,
        "category": category,
        "offering": offer.offering(passages, company, category),
        "business_model": offer.business_model(passages),
        "price_points": offer.price_points(passages),
        "budget": market.budget(passages),
        "goals": market.goals(passages),
        "competitors": offer.competitors(passages),
        "alternatives": offer.alternatives(passages),
        "differentiators": offer.differentiators(passages),
        "proof_points": offer.proof_points(passages),
        "segments": market.segments(passages),
        "target_markets": market.target_markets(passages),
        "team": market.team(passages),
        "agencies": market.agencies(passages),
        "channels": market.vocabulary_field(passages, "channels"),
        "tools": market.vocabulary_field(passages, "tools"),
        "brand_voice": market.brand_voice(passages),
    }
    assert set(out) == set(field_specs()), "every brief field needs an extractor"
    return {name: values[:MAX_ITEMS] for name, values in out.items() if values}
