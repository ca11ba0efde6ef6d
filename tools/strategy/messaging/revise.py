"""Revisions of a saved messaging house: add a pillar about a topic (unless one already
covers it), from the positioning value about it or else from a supporting document line.
"""

from __future__ import annotations

from tools.strategy.elements import content_words
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
    on what happened."""
    house = previous.model_copy(deep=True)
    note = revision.note()
    if revision.add_pillar:
        topic = revision.add_pillar.strip()
        covered = next((p for p in house.pillars if _about(topic, p)), None)
        if covered is not None:
            note = f"'{topic}' is already covered by pillar {covered.id} ({covered.headline})"
        else:
            house.pillars.append(_new_pillar(sources, topic, house, positioning))
    house.personas = persona_messages(icp.buying_committee, house.pillars)
    return house, note


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
