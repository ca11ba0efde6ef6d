"""The offline ICP drafter: the client brief and the client's own passages (competitor notes
left out), each item cited. `draft_icp` is what `OfflineDrafter.icp` runs; who converts best,
the issues and the citations are added afterwards by tools.strategy.drafting.
"""

from __future__ import annotations

import re

from tools.citations import Citation
from tools.strategy.brief.model import ClientBrief, brief_citation
from tools.strategy.elements import Statement, company_name, overlap
from tools.strategy.evidence import Evidence, lines, sentences
from tools.strategy.icp.committee import buying_committee
from tools.strategy.icp.models import (
    MAX_ITEMS,
    SAME_ITEM,
    Criterion,
    Firmographic,
    GatheringPlace,
    Icp,
    Objection,
)
from tools.strategy.sources import DraftSources
from tools.strategy.vocabulary import cues, has_cue, labels_in, setting


def draft_icp(sources: DraftSources) -> Icp:
    """The profile from the brief and the client's own passages (conversion left empty)."""
    brief, passages = sources.brief, sources.own_passages
    firmographics = _firmographics(brief)
    triggers = _triggers(passages)
    return Icp(
        company=company_name(brief),
        firmographics=firmographics,
        buying_committee=buying_committee(passages),
        pains=_pains(passages),
        gains=[
            Statement(text=v.value, source=brief_citation("proof_points", v))
            for v in brief.values("proof_points")
        ],
        triggers=triggers,
        objections=_objections(passages, brief),
        channels=_gathering(passages),
        qualification=_qualification(firmographics, triggers),
        disqualification=_disqualification(passages),
        scoring_basis=sources.playbook("lead scoring basics fit and intent points"),
    )


def _firmographics(brief: ClientBrief) -> list[Firmographic]:
    out: list[Firmographic] = []

    def add(dimension: str, value: str, source: Citation) -> None:
        if not any(f.dimension == dimension and f.value == value for f in out):
            out.append(
                Firmographic(
                    id=f"F{len(out) + 1}",
                    dimension=dimension,
                    value=value,
                    source=source,
                )
            )

    for v in brief.values("segments"):
        add("industry", v.value, brief_citation("segments", v))
    for v in brief.values("target_markets"):
        source = brief_citation("target_markets", v)
        size = re.search(setting("size_pattern"), v.value)
        if size:
            add("size", f"{size.group(0)} employees", source)
        for cue in cues("structure_cues"):
            m = cue.search(v.value)
            if m:
                add("structure", m.group(0), source)
        for tech in labels_in(v.value, "customer_tech"):
            add("tech", tech, source)
        volume = re.search(setting("volume_pattern"), v.value)
        if volume:
            add("volume", volume.group(0), source)
        if len(v.value.split()) <= 3:
            for geo in labels_in(v.value, "geographies"):
                add("geography", geo, source)
    for v in brief.values("price_points"):
        add("budget", f"plan price {v.value}", brief_citation("price_points", v))
    return out


def _distinct(items: list[Statement], limit: int = MAX_ITEMS) -> list[Statement]:
    out: list[Statement] = []
    for item in items:
        if not any(overlap(item.text, o.text) >= SAME_ITEM for o in out):
            out.append(item)
    return out[:limit]


def _pains(passages: list[Evidence]) -> list[Statement]:
    found = []
    for p in passages:
        heading = p.heading.split(" › ")[-1]
        if not any(re.search(h, heading, re.IGNORECASE) for h in setting("pain_headings")):
            continue
        for s in sentences(p.text):
            if has_cue(s, "pain_cues") and len(s.split()) >= 6:
                found.append(Statement(text=s, source=p.citation(s)))
    return _distinct(found)


def _triggers(passages: list[Evidence]) -> list[Statement]:
    """Items listed after 'triggers …:' (same line or the bullets that follow)."""
    found = []
    for p in passages:
        collecting = False
        for raw in p.text.splitlines():
            text = " ".join(lines(raw))
            if not text:
                continue
            bullet = raw.strip().startswith(("-", "*"))
            if collecting and bullet:
                found.append(Statement(text=text.rstrip(";."), source=p.citation(text)))
                continue
            collecting = False
            if has_cue(text, "trigger_context") and ":" in text:
                head, _, rest = text.partition(":")
                if not rest.strip():
                    collecting = True
                    continue
                for item in re.split(r",\s*(?:or\s+|and\s+)?|\s+or\s+", rest.strip().rstrip(".")):
                    if len(item.split()) >= 2:
                        found.append(Statement(text=item.strip(), source=p.citation(text)))
    return _distinct(found)


def _objections(passages: list[Evidence], brief: ClientBrief) -> list[Objection]:
    line_re = re.compile(setting("lost_deal_line"))
    out: list[Objection] = []
    for p in passages:
        for raw in p.text.splitlines():
            text = " ".join(lines(raw))
            m = line_re.match(text)
            if not m:
                continue
            detail = sentences(m.group("detail"))[0] if m.group("detail") else ""
            objection = f"{m.group('reason')}: {detail}".strip(": ")
            out.append(
                Objection(
                    id=f"O{len(out) + 1}",
                    objection=objection,
                    answer=_answer(objection, brief),
                    source=p.citation(text),
                )
            )
    return out[:MAX_ITEMS]


def _answer(objection: str, brief: ClientBrief) -> Statement:
    """The proof point or differentiator that best answers an objection, if any does."""
    money = has_cue(objection, "money_objection_cues")
    best: tuple[float, Statement] | None = None
    for field in ("proof_points", "differentiators"):
        for v in brief.values(field):
            score = overlap(objection, v.value) + overlap(v.value, objection)
            if money and field == "proof_points" and "£" in v.value:
                score += 1.0  # a cost-of-doing-nothing figure answers price and status quo
            if score > 0 and (best is None or score > best[0]):
                best = (score, Statement(text=v.value, source=brief_citation(field, v)))
    if best is None:
        return Statement(text="No answer in the documents yet", assumption=True)
    return best[1]


def _gathering(passages: list[Evidence]) -> list[GatheringPlace]:
    out: list[GatheringPlace] = []
    for p in passages:
        for s in sentences(p.text):
            if not has_cue(s, "gather_cues"):
                continue
            for channel in labels_in(s, "channels"):
                if not any(g.channel == channel for g in out):
                    out.append(
                        GatheringPlace(
                            id=f"G{len(out) + 1}", channel=channel, evidence=s, source=p.citation(s)
                        )
                    )
    return out


def _qualification(firmographics: list[Firmographic], triggers: list[Statement]) -> list[Criterion]:
    points = setting("lead_scoring")
    out = [
        Criterion(
            id=f"Q{i}",
            kind="qualify",
            text=f"{f.dimension}: {f.value}",
            points=points["firmographic"],
            source=f.source,
        )
        for i, f in enumerate((f for f in firmographics if f.dimension != "budget"), start=1)
    ]
    out += [
        Criterion(
            id=f"Q{len(out) + i}",
            kind="qualify",
            text=f"trigger: {t.text}",
            points=points["trigger"],
            source=t.source,
        )
        for i, t in enumerate(triggers, start=1)
    ]
    return out


def _disqualification(passages: list[Evidence]) -> list[Criterion]:
    found: list[Statement] = []
    for p in passages:
        for s in sentences(p.text):
            if has_cue(s, "disqualify_cues"):
                found.append(Statement(text=s, source=p.citation(s)))
    points = setting("lead_scoring")["disqualify"]
    return [
        Criterion(id=f"D{i}", kind="disqualify", text=s.text, points=points, source=s.source)
        for i, s in enumerate(_distinct(found), start=1)
    ]
