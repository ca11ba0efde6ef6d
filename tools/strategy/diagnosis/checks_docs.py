"""Diagnosis checks on the client's documents: fixed phrase patterns applied to retrieved
passages, the website-vs-deck audience comparison, and team-size ratios.

Rules are deterministic regular expressions from prompts/strategy/diagnosis_signals.yaml, so the
same documents always give the same findings. A passage is only ever quoted, never obeyed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.stores.hybrid_index import ChunkRecord
from tools.citations import Citation
from tools.kpi import KpiQuery
from tools.strategy.diagnosis.checks_base import (
    CheckConfig,
    CheckContext,
    CheckOutcome,
    EvidenceItem,
    Severity,
    SignalConfig,
    figure,
    load_signals,
    when,
)
from tools.strategy.evidence import Evidence, sentences
from tools.strategy.segments import row_filter, rows_where

MAX_QUOTES = 2  # per signal: enough to show it is not a one-off, short enough to read


def clean(sentence: str) -> str:
    """A quotable sentence: Markdown emphasis removed."""
    return re.sub(r"\s+", " ", sentence.replace("**", "").replace("__", "")).strip()


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return load_signals().number_words.get(word)


def _hours(match: re.Match[str]) -> float | None:
    groups = match.groupdict()
    value = _number(groups.get("value") or "")
    unit = (groups.get("unit") or "").lower().rstrip("s")
    per = load_signals().hours_per_unit.get(unit)
    return None if value is None or per is None else float(value * per)


@dataclass(frozen=True)
class SignalMatch:
    passage: Evidence
    sentence: str
    hours: float | None = None


def find_signal(
    ctx: CheckContext, signal: SignalConfig, limit: int = MAX_QUOTES
) -> list[SignalMatch]:
    """Sentences of retrieved passages matching the signal, best passage first."""
    found: list[SignalMatch] = []
    seen: set[str] = set()
    for passage in ctx.passages(signal.query):
        for sentence in sentences(passage.text.replace("**", "")):
            matched, hours = _match(signal, sentence)
            if not matched:
                continue
            text = clean(sentence)
            if text.lower() in seen:
                continue
            seen.add(text.lower())
            found.append(SignalMatch(passage, text, hours))
            break  # one quote per passage
        if len(found) >= limit:
            break
    return found


def _match(signal: SignalConfig, sentence: str) -> tuple[bool, float | None]:
    """Whether the sentence matches, and the duration (hours) for numeric signals."""
    for pattern in signal.patterns:
        match = _compiled(pattern).search(sentence)
        if match is None:
            continue
        if signal.numeric is None:
            return True, None
        hours = _hours(match)
        if hours is not None and hours > signal.numeric["above_hours"]:
            return True, hours
    return False, None


def doc_signals(ctx: CheckContext, check: CheckConfig) -> CheckOutcome:
    out = CheckOutcome()
    catalogue = load_signals()
    for signal_id in check.thresholds["signals"]:
        signal = catalogue.signal(signal_id)
        for found in find_signal(ctx, signal):
            statement = signal.finding
            threshold = ""
            if signal.numeric is not None and found.hours is not None:
                limit = signal.numeric["above_hours"]
                statement += f" ({found.hours:g} hours)"
                threshold = f"at most {limit:g} hours"
            out.evidence.append(
                EvidenceItem(
                    check=check.id,
                    kind="document",
                    supports="problem" if signal.polarity == "problem" else "healthy",
                    severity=signal.severity if signal.polarity == "problem" else None,
                    statement=statement,
                    quote=found.sentence,
                    source=found.passage.label,
                    threshold=threshold,
                    citations=[ctx.citations.add(found.passage.citation())],
                )
            )
    return out


# ---- website vs sales deck ----------------------------------------------------------------------
@dataclass(frozen=True)
class PositioningLine:
    chunk: ChunkRecord
    sentence: str
    audiences: frozenset[str]


def _audiences(text: str) -> frozenset[str]:
    return frozenset(
        a.id for a in load_signals().audiences if any(_compiled(p).search(text) for p in a.patterns)
    )


def positioning_line(chunks: list[ChunkRecord]) -> PositioningLine | None:
    """The first sentence, in document order, that says who the company is for."""
    for chunk in chunks:
        for sentence in sentences(chunk.text.replace("**", "")):
            _, sep, target = sentence.partition(" for ")
            audiences = _audiences(target) if sep else frozenset()
            if audiences:
                return PositioningLine(chunk, clean(sentence), audiences)
    return None


def _line_of(ctx: CheckContext, name_pattern: str, exclude: str) -> PositioningLine | None:
    index = ctx.scope.documents
    for source in index.sources():
        name = source.name.lower()
        if re.search(name_pattern, name) and not re.search(exclude, name):
            line = positioning_line(index.chunks_of(source.source_id))
            if line is not None:
                return line
    return None


def message_mismatch(ctx: CheckContext, check: CheckConfig) -> CheckOutcome:
    """Whether the website's positioning line and the sales deck's address a common audience
    (document names matched by `website_sources` / `deck_sources`)."""
    site_pattern, deck_pattern = (
        check.thresholds["website_sources"],
        check.thresholds["deck_sources"],
    )
    site = _line_of(ctx, site_pattern, deck_pattern)
    deck = _line_of(ctx, deck_pattern, site_pattern)
    if site is None or deck is None:
        return CheckOutcome(
            missing=["website copy and a sales deck that each say who the company is for"]
        )
    if site.audiences & deck.audiences:
        return CheckOutcome(evidence=[_same_audience(ctx, check, site, deck)])
    return CheckOutcome(evidence=_different_audiences(ctx, check, site, deck))


def _audience_names(audiences: frozenset[str]) -> str:
    labels = {a.id: a.label for a in load_signals().audiences}
    return ", ".join(labels[a] for a in sorted(audiences))


def _cite_line(ctx: CheckContext, line: PositioningLine) -> list[int]:
    chunk = line.chunk
    citation = Citation(kind="document", label=chunk.label, ref=chunk.id, detail=chunk.text)
    return [ctx.citations.add(citation)]


def _same_audience(
    ctx: CheckContext, check: CheckConfig, site: PositioningLine, deck: PositioningLine
) -> EvidenceItem:
    shared = _audience_names(site.audiences & deck.audiences)
    return EvidenceItem(
        check=check.id,
        kind="document",
        supports="healthy",
        statement=f"The website and the sales deck address the same audience: {shared}",
        quote=site.sentence,
        source=site.chunk.label,
        citations=_cite_line(ctx, site) + _cite_line(ctx, deck),
    )


def _different_audiences(
    ctx: CheckContext, check: CheckConfig, site: PositioningLine, deck: PositioningLine
) -> list[EvidenceItem]:
    statements = (
        (site, f"The website's positioning line addresses {_audience_names(site.audiences)}"),
        (
            deck,
            f"…while the sales deck's addresses {_audience_names(deck.audiences)}: "
            "no audience in common",
        ),
    )
    return [
        EvidenceItem(
            check=check.id,
            kind="document",
            supports="problem",
            severity=check.severity_level(),
            statement=statement,
            quote=line.sentence,
            source=line.chunk.label,
            citations=_cite_line(ctx, line),
        )
        for line, statement in statements
    ]


# ---- team ratios --------------------------------------------------------------------------------
@dataclass(frozen=True)
class TeamSize:
    people: int
    passage: Evidence
    sentence: str


def _team_size(ctx: CheckContext) -> TeamSize | None:
    fact = load_signals().team_size
    for passage in ctx.passages(fact.query):
        for sentence in sentences(passage.text.replace("**", "")):
            for pattern in fact.patterns:
                match = _compiled(pattern).search(sentence)
                people = _number(match.group("value")) if match else None
                if people:
                    return TeamSize(people, passage, clean(sentence))
    return None


def team_size(ctx: CheckContext) -> TeamSize | None:
    return ctx.fact("team_size", _team_size)  # type: ignore[no-any-return]


def _tools_named(ctx: CheckContext) -> dict[str, Evidence]:
    """Marketing tools named in the documents (case-sensitive names), first passage for each."""
    config = load_signals().tools
    found: dict[str, Evidence] = {}
    for passage in ctx.passages(config.query):
        for name in config.names:
            if name not in found and re.search(
                rf"(?<![\w.]){re.escape(name)}(?![\w])", passage.text
            ):
                found[name] = passage
    return found


def tools_named(ctx: CheckContext) -> dict[str, Evidence]:
    return ctx.fact("tools", _tools_named)  # type: ignore[no-any-return]


def _ratio_severity(ratio: float, check: CheckConfig) -> tuple[bool, Severity | None]:
    limit = float(check.thresholds["max_per_marketer"])
    high = float(check.thresholds["high_above_per_marketer"])
    if ratio > high:
        return True, "high"
    return (True, "medium") if ratio > limit else (False, None)


def team_channels(ctx: CheckContext, check: CheckConfig) -> CheckOutcome:
    query = KpiQuery(metrics=["leads", "spend"], dimensions=["channel"], period=ctx.period)
    result = ctx.kpi(query)
    team = team_size(ctx)
    missing = []
    if result is None:
        missing.append(f"active channels: {ctx.kpi_error(query) or 'no figures'}")
    if team is None:
        missing.append("the marketing team's size (e.g. 'a marketing team of three') in a document")
    if result is None or team is None:
        return CheckOutcome(missing=missing)
    active = rows_where(result, lambda r: (r.get("leads") or 0) > 0 or (r.get("spend") or 0) > 0)
    if not active:
        return CheckOutcome(missing=[f"no active channel in {when(result)}"])
    ratio = len(active) / team.people
    problem, severity = _ratio_severity(ratio, check)
    names = ", ".join(str(r["channel"]) for r, _ in active)
    return CheckOutcome(
        evidence=[
            check.kpi_evidence(
                supports="problem" if problem else "healthy",
                severity=severity,
                statement=(
                    f"{len(active)} active channels in {when(result)} ({names}) for a "
                    f"marketing team of {team.people}: {ratio:.1f} per marketer"
                ),
                quote=team.sentence,
                source=team.passage.label,
                threshold=f"at most {check.thresholds['max_per_marketer']:g} channel per marketer",
                figures=[
                    figure(result, "leads", r["leads"], f["leads"], row_filter("channel", r))
                    for r, f in active
                ],
                citations=ctx.cite_kpi(result) + [ctx.citations.add(team.passage.citation())],
            )
        ]
    )


def team_tools(ctx: CheckContext, check: CheckConfig) -> CheckOutcome:
    tools = tools_named(ctx)
    team = team_size(ctx)
    missing = []
    if not tools:
        missing.append("a list of the marketing tools in use")
    if team is None:
        missing.append("the marketing team's size (e.g. 'a marketing team of three') in a document")
    if not tools or team is None:
        return CheckOutcome(missing=missing)
    ratio = len(tools) / team.people
    problem, severity = _ratio_severity(ratio, check)
    cites = [ctx.citations.add(p.citation()) for p in [*tools.values(), team.passage]]
    return CheckOutcome(
        evidence=[
            EvidenceItem(
                check=check.id,
                kind="document",
                supports="problem" if problem else "healthy",
                severity=severity,
                statement=(
                    f"{len(tools)} marketing tools named in the documents ({', '.join(tools)}) "
                    f"for a marketing team of {team.people}: {ratio:.1f} per marketer"
                ),
                quote=team.sentence,
                source=team.passage.label,
                threshold=f"at most {check.thresholds['max_per_marketer']:g} tool per marketer",
                citations=list(dict.fromkeys(cites)),
            )
        ]
    )
