"""The offline messaging drafter: pillars from the positioning's best-proven values, the
umbrella from its value proposition, one message per buying-committee persona (leading with the
pillar that matters most to the role), and tone rules from the brand voice.

`draft_messaging` is what `OfflineDrafter.messaging` runs; the copy audit, checks and citations
are added afterwards, for any drafter, by tools.strategy.drafting.review.
"""

from __future__ import annotations

from core.prompts import render
from tools.strategy.brief.model import brief_citation
from tools.strategy.elements import Composed, Statement
from tools.strategy.icp.models import Icp, Persona
from tools.strategy.messaging.models import MessagingHouse, PersonaMessage, Pillar
from tools.strategy.positioning.models import Positioning, Value
from tools.strategy.sources import DraftSources
from tools.strategy.vocabulary import setting


def draft_messaging(sources: DraftSources, positioning: Positioning, icp: Icp) -> MessagingHouse:
    """The house built on a positioning and an ICP (the versions they came from are left for
    the pipeline to stamp)."""
    ranked = sorted(
        positioning.values, key=lambda v: (v.assumption, -len(v.proof), positioning.values.index(v))
    )
    pillars = [
        pillar_from_value(i, v, positioning)
        for i, v in enumerate(ranked[: setting("default_pillars")], 1)
    ]
    return MessagingHouse(
        company=positioning.company,
        positioning_version=None,
        icp_version=None,
        umbrella=Composed(
            text=positioning.value_proposition.text,
            built_from=positioning.value_proposition.built_from,
            assumption=positioning.value_proposition.assumption,
        ),
        pillars=pillars,
        personas=persona_messages(icp.buying_committee, pillars),
        tone_rules=[
            Statement(text=v.value, source=brief_citation("brand_voice", v))
            for v in sources.brief.values("brand_voice")
        ],
        copy_findings=[],
        guidance=sources.playbook("messaging house roof pillars proof points"),
    )


def persona_messages(
    personas: list[Persona], pillars: list[Pillar], leads: dict[str, str] | None = None
) -> list[PersonaMessage]:
    """One message per persona, in committee order; `leads` (persona → pillar id) are the
    leads the user chose, which win over the role's usual focus."""
    by_id = {p.id: p for p in pillars}
    chosen = {k: by_id[v] for k, v in (leads or {}).items() if v in by_id}
    return [_persona_message(p, pillars, chosen.get(p.role)) for p in personas]


def pillar_from_value(index: int, value: Value, positioning: Positioning) -> Pillar:
    """Pillar P{index}: headed by the value's attribute, with up to three of its proofs."""
    attrs = [a for a in positioning.unique_attributes if a.id in value.attribute_ids]
    return Pillar(
        id=f"P{index}",
        headline=attrs[0].name if attrs else value.text,
        benefit=value.text,
        value_ids=[value.id],
        attribute_ids=value.attribute_ids,
        proof=[
            Statement(text=p.text, source=p.source, assumption=p.assumption)
            for p in value.proof[:3]
        ],
        source=value.source,
        assumption=value.assumption,
    )


def _pillar_text(p: Pillar) -> str:
    return " ".join([p.headline, p.benefit, *(s.text for s in p.proof)])


def _persona_message(
    persona: Persona, pillars: list[Pillar], chosen: Pillar | None = None
) -> PersonaMessage:
    """Lead with `chosen`, else the pillar whose words matter most to this role (see
    persona_focus)."""
    focus = [w.lower() for w in setting("persona_focus").get(persona.committee_role, [])]

    def score(text: str) -> int:
        low = text.lower()
        return sum(1 for w in focus if w in low)

    if not pillars:
        return PersonaMessage(
            persona=persona.role,
            committee_role=persona.committee_role,
            lead_pillar="",
            message="No pillars yet",
            assumption=True,
        )
    lead = chosen or max(pillars, key=lambda p: (score(_pillar_text(p)), -pillars.index(p)))
    proof = max(lead.proof, key=lambda s: score(s.text), default=None)
    return PersonaMessage(
        persona=persona.role,
        committee_role=persona.committee_role,
        lead_pillar=lead.id,
        message=render("strategy/persona_message.md.j2", pillar=lead.model_dump(mode="json")),
        proof=proof,
        source=persona.source,
        assumption=persona.assumption,
    )
