"""The buying committee: roles from the documents' '**Role** — what they do' lines, what
each role decides, fears or wants (concerns), and personas added at the user's request.
"""

from __future__ import annotations

import re

from tools.strategy.elements import Statement, overlap
from tools.strategy.evidence import Evidence, lines, sentences
from tools.strategy.icp.models import MAX_ITEMS, SAME_ITEM, CommitteeRole, Icp, Persona
from tools.strategy.vocabulary import has_cue, labels_in

_COMMITTEE_LINE = re.compile(r"^\s*[-*]\s+\*\*(?P<role>[^*]{2,60})\*\*\s*[—–:-]\s*(?P<desc>.+)$")
_ROLE_SPLIT = re.compile(r"\s+or\s+|\s*/\s*|\s*,\s*")


def buying_committee(passages: list[Evidence]) -> list[Persona]:
    """Bulleted '**Role** — what they do' lines in passages about the buying group."""
    out: list[Persona] = []
    for p in passages:
        if not has_cue(p.text, "committee_context"):
            continue
        for raw in p.text.splitlines():
            m = _COMMITTEE_LINE.match(raw)
            if not m:
                continue
            role, desc = m.group("role").strip(), " ".join(lines(m.group("desc")))
            if any(_names(role)[0].lower() == _names(x.role)[0].lower() for x in out):
                continue
            line = " ".join(lines(raw))
            persona = Persona(
                id=f"P{len(out) + 1}",
                role=role,
                committee_role=_classify(desc),
                jobs_to_be_done=[Statement(text=desc, source=p.citation(line))],
                source=p.citation(line),
            )
            persona.concerns = _concerns(persona, passages, limit=2)
            out.append(persona)
    return out


def add_persona(icp: Icp, role: str, passages: list[Evidence]) -> None:
    """Mark the committee's persona for `role` as requested and widen its concerns, or add a
    new persona for it (an assumption when no passage mentions the role)."""
    wanted = [n.lower() for n in _names(role)]
    existing = next(
        (x for x in icp.buying_committee if any(n.lower() in wanted for n in _names(x.role))),
        None,
    )
    if existing is not None:
        existing.requested = True
        existing.concerns = _concerns(existing, passages, limit=MAX_ITEMS)
        return
    persona = Persona(
        id=f"P{len(icp.buying_committee) + 1}", role=role, committee_role="other", requested=True
    )
    persona.concerns = _concerns(persona, passages, limit=MAX_ITEMS)
    if persona.concerns:
        persona.source = persona.concerns[0].source
        persona.assumption = False
        persona.committee_role = _classify(" ".join(c.text for c in persona.concerns))
    icp.buying_committee.append(persona)


def _concerns(persona: Persona, passages: list[Evidence], limit: int) -> list[Statement]:
    """Other sentences in the documents about this role (what they decide, fear or want)."""
    names = _names(persona.role)
    taken = {s.text for s in persona.jobs_to_be_done} | {s.text for s in persona.concerns}
    taken |= {s.source.detail for s in persona.jobs_to_be_done if s.source}
    out = list(persona.concerns)
    for p in passages:
        for s in sentences(p.text):
            if len(out) >= limit:
                return out
            if s in taken or not _mentions(s, names) or not has_cue(s, "concern_cues"):
                continue
            if any(overlap(s, t) >= SAME_ITEM for t in taken):
                continue
            taken.add(s)
            out.append(Statement(text=s, source=p.citation(s)))
    return out


def _names(role: str) -> list[str]:
    return [n.strip() for n in _ROLE_SPLIT.split(role) if n.strip()]


def _mentions(sentence: str, names: list[str]) -> bool:
    """Role names as written ('IT' is not 'it'; 'Financial Controller' is a title), plurals too."""
    return any(re.search(rf"\b{re.escape(n)}s?\b", sentence) for n in names)


def _classify(text: str) -> CommitteeRole:
    found = labels_in(text, "committee_roles")
    return found[0] if found else "other"  # type: ignore[return-value]
