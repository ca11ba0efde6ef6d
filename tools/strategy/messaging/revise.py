"""Revisions of a saved messaging house: add a pillar about a topic (unless one already
covers it), from the positioning value about it or else from a supporting document line.
"""

from __future__ import annotations

from core.errors import InvalidInput
from tools.citations import Citation
from tools.strategy.elements import Statement, content_words
from tools.strategy.icp.models import Icp
from tools.strategy.messaging.draft import persona_messages, pillar_from_value
from tools.strategy.messaging.models import MessagingHouse, MessagingRevision, Pillar
from tools.strategy.positioning.models import Positioning
from tools.strategy.sources import DraftSources


def revise_messaging(
    sources: DraftSources,
    previous: MessagingHouse,
    revision: MessagingRevision,
    positioning: Positioning,
    icp: Icp,
) -> tuple[MessagingHouse, str]:
    """A revised copy of `previous` (persona messages redone for the new pillars) and a note
    on what happened. A `persona` revision changes that persona's message only: its lead
    (`lead_with`: the pillar about that topic, added when none covers it) and a tone rule
    scoped to it. Raises `InvalidInput` (naming the house's personas) for a persona the house
    does not have, so nothing is saved."""
    house = previous.model_copy(deep=True)
    note = revision.note()
    persona = _persona(house, revision.persona) if revision.persona else None
    if revision.persona and persona is None:
        names = ", ".join(p.persona for p in house.personas) or "none yet"
        raise InvalidInput(
            f"The messaging house has no persona '{revision.persona}' (its personas: {names}). "
            "Name one of those, or add the persona to the ICP first ('add a persona for …')."
        )
    if revision.add_pillar:
        topic = revision.add_pillar.strip()
        covered = next((p for p in house.pillars if _about(topic, p)), None)
        if covered is not None:
            note = f"'{topic}' is already covered by pillar {covered.id} ({covered.headline})"
        else:
            house.pillars.append(_new_pillar(sources, topic, house, positioning))
    if revision.lead_with:
        topic = revision.lead_with.strip()
        lead = next((p for p in house.pillars if _about(topic, p)), None)
        if lead is None:
            lead = _new_pillar(sources, topic, house, positioning)
            house.pillars.append(lead)
        for name in [persona] if persona else [p.persona for p in house.personas]:
            house.persona_leads[name] = lead.id
    if revision.tone:
        rule = f"{persona} messages: {revision.tone.strip()}" if persona else revision.tone.strip()
        told = Citation(
            kind="brief", label="Tone (told in chat)", ref="brief:brand_voice", detail=rule
        )
        house.tone_rules = [t for t in house.tone_rules if t.text != rule]
        house.tone_rules.insert(0, Statement(text=rule, source=told))
    house.personas = persona_messages(icp.buying_committee, house.pillars, house.persona_leads)
    return house, note


def _persona(house: MessagingHouse, said: str) -> str | None:
    """The house's persona `said` names ("CFO" → "CFO / Finance Director"), by its words."""
    words = content_words(said)
    named = [p.persona for p in house.personas if words & content_words(p.persona)]
    return max(named, key=lambda n: len(words & content_words(n))) if named else None


def _about(topic: str, pillar: Pillar) -> bool:
    return bool(content_words(topic) & content_words(f"{pillar.headline} {pillar.benefit}"))


def _new_pillar(
    sources: DraftSources, topic: str, house: MessagingHouse, positioning: Positioning
) -> Pillar:
    """A pillar about `topic`: from the positioning value about it, else from a passage."""
    index = len(house.pillars) + 1
    attr_names = {a.id: a.name for a in positioning.unique_attributes}
    for value in positioning.values:
        text = " ".join([value.text, *(attr_names.get(a, "") for a in value.attribute_ids)])
        if content_words(topic) & content_words(text):
            return pillar_from_value(index, value, positioning)
    found = sources.supporting_line(topic)
    return Pillar(
        id=f"P{index}",
        headline=topic,
        benefit=found[1] if found else topic,
        value_ids=[],
        attribute_ids=[],
        source=found[0].citation(found[1]) if found else None,
    )
