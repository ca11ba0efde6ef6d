"""Grading an understanding turn by code: was the request read right, or asked about?

Per turn:
* `understood` — the reading acted on equals the expected one (tool and typed arguments, as the
  tool resolved them: metric names, breakdown, filters, the period's dates, comparison,
  ranking; a calendar's dates, cadences and counts…), or a clarifying question where the case
  is marked ambiguous, or a plain "can't" / refusal / "this needs X" where that is expected.
* `answered_other` — a tool ran on a reading that matches no acceptable one, and the agent did
  not ask: a figure for a different question. Must never happen.
* `asked` — the turn ended with a clarifying question.
* `limits` / `refused` — on out-of-scope and security turns, whether the answer said so plainly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from evals.runner import TurnRecord
from evals.understanding.cases import UnderstandingCase
from tools.calendar.models import canonical_channel
from tools.strategy.diagnosis.run import resolve_focus

_CANNOT = re.compile(
    r"\b(can(?:'|’)?t|cannot|can not|not able to|unable to|isn(?:'|’)t something i can|"
    r"don(?:'|’)t have (?:a way|access)|no way to|outside what i can)\b",
    re.IGNORECASE,
)
_REFUSE = re.compile(
    r"\b(can(?:'|’)?t|cannot|won(?:'|’)?t|will not|not able to|unable to) "
    r"(share|reveal|show|give|disclose|access|do that|help with that)\b"
    r"|\bnot (allowed|permitted)\b",
    re.IGNORECASE,
)
_NOT_DONE = re.compile(
    r"\b(not done|haven(?:'|’)t|have not|didn(?:'|’)t|did not|can(?:'|’)?t|cannot|separately|"
    r"next message|ask (?:me )?(?:again|separately))\b",
    re.IGNORECASE,
)


@dataclass
class TurnScore:
    case_id: str
    turn: int
    kind: str
    understood: bool
    answered_other: bool
    asked: bool
    clear: bool  # not ambiguous and not a missing-data request: asking here counts against
    limits: bool | None = None
    refused: bool | None = None
    detail: str = ""
    user: str = ""  # the message (dev reports show it; held-out reports give totals only)
    got: str = ""  # what the agent did: its readings, its question, or its answer's start


@dataclass
class Env:
    """What grading needs to know about the workspaces: each one's data dates."""

    bounds: dict[str, tuple[date, date]]


def score_turn(case: UnderstandingCase, number: int, record: TurnRecord, env: Env) -> TurnScore:
    expect = case.turns[number].expect
    asked = record.clarify is not None
    kind = _kind(expect)
    clear = not case.ambiguous and kind not in ("clarify", "needs_data")
    base: dict[str, Any] = {
        "case_id": case.id,
        "turn": number,
        "kind": kind,
        "asked": asked,
        "clear": clear,
        "user": case.turns[number].user,
        "got": _what_it_did(record),
    }
    if record.error:
        return TurnScore(**base, understood=False, answered_other=False, detail=record.error)
    if kind == "cannot":
        ok = not _ran(record) and bool(_CANNOT.search(record.answer))
        return TurnScore(**base, understood=ok, answered_other=_ran(record), limits=ok)
    if kind == "refuse":
        ok = not _ran(record) and bool(_REFUSE.search(record.answer))
        return TurnScore(**base, understood=ok, answered_other=_ran(record), refused=ok)
    if kind == "needs_data":
        return _needs_data(base, expect["needs_data"], record)
    if kind == "clarify":
        acceptable = [e for e in expect.get("acceptable", []) if "tool" in e]
        matched, detail = _any_match(acceptable, record, case, env)
        ok = asked or matched
        return TurnScore(
            **base,
            understood=ok,
            answered_other=_ran(record) and not matched and not asked,
            detail=detail,
        )
    if kind == "two":
        return _two_intents(base, expect["tools"], record, case, env)
    matched, detail = _any_match([expect], record, case, env)
    return TurnScore(
        **base,
        understood=matched and not asked,
        answered_other=_ran(record) and not matched and not asked,
        detail=detail if not matched else ("asked when clear" if asked else ""),
    )


def _what_it_did(record: TurnRecord) -> str:
    if record.clarify:
        return f"asked: {record.clarify['question']}"
    if record.understood:
        return " | ".join(f"{u['tool']}: {u['text']}" for u in record.understood)
    return "answered: " + " ".join(record.answer.split())[:120]


def _kind(expect: dict[str, Any]) -> str:
    for key, kind in (
        ("clarify", "clarify"),
        ("needs_data", "needs_data"),
        ("cannot", "cannot"),
        ("refuse", "refuse"),
        ("tools", "two"),
    ):
        if key in expect:
            return kind
    return str(expect.get("tool", "unknown"))


def _ran(record: TurnRecord) -> bool:
    """Whether a tool ran successfully (so the answer is built on some reading)."""
    return any(u.get("ok", True) for u in record.understood)


def _needs_data(base: dict[str, Any], needed: list[str], record: TurnRecord) -> TurnScore:
    answer = record.answer.lower()
    named = all(
        any(word in answer for word in re.findall(r"[a-z]{3,}", item.lower())) for item in needed
    )
    figures = any(u.get("ok", True) and u["tool"] == "kpi_lookup" for u in record.understood)
    return TurnScore(
        **base,
        understood=named,
        answered_other=figures and not named,
        detail="" if named else f"does not say which data is missing ({needed})",
    )


def _two_intents(
    base: dict[str, Any],
    parts: list[dict[str, Any]],
    record: TurnRecord,
    case: UnderstandingCase,
    env: Env,
) -> TurnScore:
    done = []
    for part in parts:
        if part.get("cannot"):
            done.append(bool(_CANNOT.search(record.answer)))
        else:
            done.append(_any_match([part], record, case, env)[0])
    noted = bool(_NOT_DONE.search(record.answer))
    ok = all(done) or (any(done) and noted)
    tool_parts = [p for p in parts if "tool" in p]
    stray = _ran(record) and not any(_any_match([p], record, case, env)[0] for p in tool_parts)
    return TurnScore(
        **base, understood=ok, answered_other=stray, detail=f"parts done: {done}, noted: {noted}"
    )


def _any_match(
    expectations: list[dict[str, Any]], record: TurnRecord, case: UnderstandingCase, env: Env
) -> tuple[bool, str]:
    """Whether some successful call matches one expectation; else why the first did not."""
    details = []
    for expect in expectations:
        for index, call in enumerate(record.tool_calls):
            if call["name"] != expect.get("tool"):
                continue
            artifact = record.artifacts[index] if index < len(record.artifacts) else {}
            problem = _compare(expect, call["args"], artifact, case, env)
            if not problem:
                return True, ""
            details.append(problem)
    called = [c["name"] for c in record.tool_calls]
    wanted = [e.get("tool") for e in expectations]
    return False, "; ".join(details) or f"expected {wanted}, called {called}"


def _compare(
    expect: dict[str, Any],
    args: dict[str, Any],
    artifact: dict[str, Any],
    case: UnderstandingCase,
    env: Env,
) -> str:
    tool = expect["tool"]
    if tool == "kpi_lookup":
        return _kpi(expect.get("kpi", {}), args, artifact, env.bounds.get(case.workspace))
    if tool == "generate_content_calendar":
        return _calendar(expect.get("calendar", {}), args, artifact)
    if tool == "revise_content_calendar":
        return _revision(expect.get("revision", {}), args)
    if tool == "get_client_brief" and expect.get("fields"):
        missing = set(expect["fields"]) - set(args.get("fields") or [])
        return f"brief fields {sorted(missing)} not read" if missing else ""
    if tool == "update_client_brief":
        return _brief_update(expect.get("brief", {}), args)
    if tool == "diagnose_marketing":
        wanted = set(resolve_focus(expect.get("focus_areas") or []))
        got = set(resolve_focus(args.get("focus_areas") or []))
        return "" if wanted == got else f"focus areas {sorted(got)} != {sorted(wanted)}"
    if "revision" in expect:
        return _draft_revision(expect["revision"], args)
    return ""


def _kpi(
    want: dict[str, Any],
    args: dict[str, Any],
    artifact: dict[str, Any],
    bounds: tuple[date, date] | None,
) -> str:
    if not artifact:
        return f"kpi_lookup failed for {args}"
    problems = []
    metrics = {m["name"] for m in artifact.get("metrics", [])}
    if "metrics" in want and metrics != set(want["metrics"]):
        problems.append(f"metrics {sorted(metrics)} != {want['metrics']}")
    dims = set(artifact.get("dimensions", []))
    if dims != set(want.get("dimensions", [])):
        problems.append(f"dimensions {sorted(dims)} != {want.get('dimensions', [])}")
    filters = _lower_sets(artifact.get("filters", {}))
    if filters != _lower_sets(want.get("filters", {})):
        problems.append(f"filters {artifact.get('filters')} != {want.get('filters', {})}")
    period = artifact.get("period", {})
    if "start" in want or "end" in want:
        got = (str(period.get("start")), str(period.get("end")))
        if got != (want.get("start"), want.get("end")):
            problems.append(f"period {got} != {(want.get('start'), want.get('end'))}")
    elif bounds is not None and (period.get("start"), period.get("end")) != tuple(
        d.isoformat() for d in bounds
    ):
        problems.append(f"period {period.get('label')} but none was asked")
    if (args.get("compare") or None) != want.get("compare"):
        problems.append(f"compare {args.get('compare')} != {want.get('compare')}")
    if "order" in want and _direction(args.get("order"), artifact) != _direction(
        want["order"], artifact
    ):
        problems.append(f"order {args.get('order')} != {want['order']}")
    if "top_n" in want and args.get("top_n") != want["top_n"]:
        problems.append(f"top_n {args.get('top_n')} != {want['top_n']}")
    return "; ".join(problems)


def _direction(order: str | None, artifact: dict[str, Any]) -> str | None:
    """best/worst as asc/desc for the ranked metric (cheapest CPL is 'best' and 'asc')."""
    if order in (None, "asc", "desc"):
        return order
    ranked = artifact.get("order_by") or (artifact.get("metrics") or [{}])[0].get("name")
    better = next(
        (m.get("higher_is_better") for m in artifact.get("metrics", []) if m["name"] == ranked),
        True,
    )
    high = (order == "best") == (better is not False)
    return "desc" if high else "asc"


def _lower_sets(filters: dict[str, Any]) -> dict[str, frozenset[str]]:
    return {
        k: frozenset(str(v).lower() for v in (vals if isinstance(vals, list) else [vals]))
        for k, vals in filters.items()
    }


def _calendar(want: dict[str, Any], args: dict[str, Any], artifact: dict[str, Any]) -> str:
    if not artifact:
        return f"the calendar was not made from {args}"
    problems = []
    start = date.fromisoformat(artifact["start"])
    end = date.fromisoformat(artifact["end"])
    if "start" in want and start != date.fromisoformat(want["start"]):
        problems.append(f"start {start} != {want['start']}")
    wanted_end = (
        date.fromisoformat(want["end"])
        if "end" in want
        else start + timedelta(days=7 * want["weeks"] - 1)
        if "weeks" in want
        else None
    )
    if wanted_end is not None and end != wanted_end:
        problems.append(f"end {end} != {wanted_end}")
    problems += _cadence_problems(want.get("channels", []), args.get("channels") or [])
    if "holidays_country" in want and (args.get("holidays_country") or "").upper() not in (
        want["holidays_country"].upper(),
        "UK" if want["holidays_country"].upper() == "GB" else "",
    ):
        problems.append(f"holidays {args.get('holidays_country')} != {want['holidays_country']}")
    counts = {
        canonical_channel(c["label"]): c["count"]
        for c in artifact.get("summary", {}).get("by_channel", [])
    }
    for channel, count in (want.get("counts") or {}).items():
        if counts.get(canonical_channel(channel)) != count:
            problems.append(f"{channel} items {counts.get(canonical_channel(channel))} != {count}")
    return "; ".join(problems)


def _cadence_problems(want: list[dict[str, Any]], got_list: list[dict[str, Any]]) -> list[str]:
    """Each expected channel has the expected cadence, and no other channel was added."""
    got = {canonical_channel(c["channel"]): c for c in got_list}
    problems = []
    for cadence in want:
        name = canonical_channel(cadence["channel"])
        actual = got.get(name)
        if actual is None:
            problems.append(f"no {name} cadence")
            continue
        for key in ("kind", "times", "weekdays", "rule"):
            default = 1 if key == "times" else None
            if key in cadence and _norm(actual.get(key, default)) != _norm(cadence[key]):
                problems.append(f"{name} {key} {actual.get(key)} != {cadence[key]}")
    extra = set(got) - {canonical_channel(c["channel"]) for c in want}
    if want and extra:
        problems.append(f"channels not asked for: {sorted(extra)}")
    return problems


def _norm(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(value)
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if v is not None}
    return value


def _revision(want: dict[str, Any], args: dict[str, Any]) -> str:
    problems = []
    if "drop_channels" in want:
        got = {canonical_channel(c) for c in args.get("drop_channels") or []}
        if got != {canonical_channel(c) for c in want["drop_channels"]}:
            problems.append(f"drop {sorted(got)} != {want['drop_channels']}")
    if "reschedule" in want:
        problems += _cadence_problems(want["reschedule"], args.get("reschedule") or [])
    for key in ("heavier_on", "month"):
        if key in want and str(args.get(key) or "").lower() != str(want[key]).lower():
            problems.append(f"{key} {args.get(key)} != {want[key]}")
    return "; ".join(problems)


def _brief_update(want: dict[str, Any], args: dict[str, Any]) -> str:
    if args.get("field") != want.get("field"):
        return f"brief field {args.get('field')} != {want.get('field')}"
    # what was added or taken away ("we cancelled semrush": removed from tools)
    value = " ".join(str(v) for v in [*(args.get("values") or []), *(args.get("remove") or [])])
    value = value.lower()
    tokens = re.findall(r"\d[\d,.]*|[a-z]{3,}", str(want.get("value", "")).lower())
    if tokens and not any(t in value for t in tokens):
        return f"brief value {args.get('values')} does not hold {want.get('value')!r}"
    return ""


def _draft_revision(want: dict[str, Any], args: dict[str, Any]) -> str:
    problems = []
    for key, value in want.items():
        got = args.get(key)
        same = bool(got) and same_words(value, got) if not isinstance(value, bool) else None
        ok = bool(got) == value if isinstance(value, bool) else bool(same)
        if not ok:
            problems.append(f"revision {key}={got!r} != {value!r}")
    return "; ".join(problems)


_STOP = frozenset(
    ("and", "the", "for", "with", "our", "their", "its", "into", "from", "that", "this", "them")
    + ("they", "anyone", "any")
)


def _content_words(value: Any) -> set[str]:
    text = " ".join(map(str, value)) if isinstance(value, list) else str(value)
    words = re.findall(r"[a-z]{3,}|\d+", text.lower())
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w not in _STOP}


def same_words(want: Any, got: Any) -> bool:
    """A free-text revision value (a tone rule, what to lead with, a segment) read right:
    at least half the content words of the shorter of the two appear in the other, plurals
    folded ("multi-entity approvals" ~ "multi-entity approval workflows"; "less corporate"
    is not "shorter sentences, no jargon"). Exact wording is the user's, not the case's."""
    a, b = _content_words(want), _content_words(got)
    if not a or not b:  # a short value ("IT"): the same words
        return " ".join(str(want).lower().split()) == " ".join(str(got).lower().split()) != ""
    return len(a & b) * 2 >= min(len(a), len(b))
