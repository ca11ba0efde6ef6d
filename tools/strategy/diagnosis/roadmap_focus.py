"""A roadmap's first 30 days set by the user: "can the first 30 days be mostly about fixing
lead handover", "pull the home page rewrite forward into the first 30 days". The initiatives
whose title, problem area or finding share most of the request's content words move to the
first phase, best match first; what they displace moves one phase later (the last phase's overflow
goes to the backlog). Nothing matching is said, and the roadmap is left as planned."""

from __future__ import annotations

import re

from tools.strategy.diagnosis.roadmap import Initiative, Phase, Roadmap

_STOP_WORDS = """a an the our we us to of in on for and or with be is are about mostly mainly
all just only first 30 thirty days day fix fixing make it that this those these into forward up
can could should would please pls thing things stuff get sort lead leads sales marketing revenue
team new better more most"""  # filler, and words too common here to pick one initiative out
_STOP = frozenset(_STOP_WORDS.split())


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP}


def _match(initiative: Initiative, wanted: set[str]) -> int:
    said = " ".join(
        [initiative.title, initiative.addresses.area_title, initiative.addresses.statement]
    )
    return len(wanted & _words(said))


def focus_first_30_days(roadmap: Roadmap, focus: str) -> Roadmap:
    """`roadmap` with the initiatives matching `focus` first in the first phase (see the module
    docstring); `pulled_forward` lists their titles, empty when nothing matched."""
    wanted = _words(focus)
    scored = [(i, _match(i, wanted)) for i in roadmap.initiatives()]
    best = max((s for _, s in scored), default=0)
    if not wanted or best * 2 <= len(wanted):  # more than half of what was asked, or none
        return roadmap.model_copy(update={"first_30_days_focus": focus, "pulled_forward": []})
    chosen = [i for i, s in sorted(scored, key=lambda p: -p[1]) if s == best]
    chosen = chosen[: roadmap.max_per_phase]
    ids = {i.id for i in chosen}
    queue = [*chosen, *(i for i in roadmap.initiatives() if i.id not in ids)]
    titles = {p.id: p.title for p in roadmap.phases}
    phases: list[Phase] = []
    for phase in roadmap.phases:
        taken, queue = queue[: roadmap.max_per_phase], queue[roadmap.max_per_phase :]
        moved = [_into(i, phase, titles.get(i.phase, i.phase)) for i in taken]
        phases.append(phase.model_copy(update={"initiatives": moved}))
    return roadmap.model_copy(
        update={
            "phases": phases,
            "backlog": queue,
            "first_30_days_focus": focus,
            "pulled_forward": [i.title for i in chosen],
        }
    )


def _into(initiative: Initiative, phase: Phase, planned: str) -> Initiative:
    if initiative.phase == phase.id:
        return initiative
    return initiative.model_copy(
        update={"phase": phase.id, "days": phase.days, "moved_from": planned}
    )
