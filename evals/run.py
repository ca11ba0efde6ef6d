"""`cmo eval` / `make eval`: run the datasets against a model and grade them by code."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent.bootstrap import prepare_data
from agent.models import load_chat_model
from core.embeddings import Embedder
from core.services import build_services
from core.settings import Settings
from evals.cases import Split, load_cases
from evals.figures import expected_figures
from evals.judge import check_judge_spec, judge_records
from evals.metrics import figures_evaluator, run_checks, scorecard
from evals.report import build_report, compare, load_thresholds, threshold_failures, write_report
from evals.retrieval import retrieval_scores
from evals.runner import Progress, run_cases
from evals.structure import calendar_evaluator, calendar_findings, draft_elements

REPORTS_DIR = Path(__file__).resolve().parent / "reports"


@dataclass
class EvalOutcome:
    report: dict[str, Any]
    failures: list[str]
    changes: list[str]
    paths: tuple[Path, Path]


def run_eval(
    model: str = "offline",
    split: Split | None = "dev",
    datasets: list[Path] | None = None,
    compare_to: Path | None = None,
    out_dir: Path = REPORTS_DIR,
    embedder: Embedder | None = None,
    judge: str | None = None,
    progress: Progress | None = None,
) -> EvalOutcome:
    cases = load_cases(datasets, split)
    if judge:
        check_judge_spec(judge)  # before the run, not after minutes of work
    with tempfile.TemporaryDirectory(prefix="cmo-eval-") as tmp:
        settings = Settings(data_dir=Path(tmp), model=model)
        services = build_services(settings, embedder)
        prepare_data(services)
        records = run_cases(services, cases, model, progress)
        retrieval = retrieval_scores(services, cases)
        workspaces = {c.workspace: services.scope(c.workspace).dir for c in cases}
        figures = expected_figures(workspaces, cases)
        calendars = calendar_findings(services, cases, records)
        rubrics = judge_records(load_chat_model(judge, settings), records) if judge else None
    extra = [figures_evaluator(figures), calendar_evaluator(calendars), draft_elements]
    checks = run_checks(cases, records, extra)
    card = scorecard(checks, records)
    if retrieval["questions"]:
        card["retrieval_recall_at_5"] = retrieval["hybrid"]["recall_at_k"]
        card["retrieval_mrr"] = retrieval["hybrid"]["mrr"]
    split_name = split or "all"
    report = build_report(model, split_name, card, checks, retrieval)
    if rubrics is not None:
        report["rubrics"] = {"judge": judge, **rubrics}  # apart from the code-graded scorecard
    name = f"{model.replace(':', '_').replace('/', '_')}-{split_name}"
    paths = write_report(report, out_dir, name)
    changes = compare(json.loads(compare_to.read_text()), report) if compare_to else []
    return EvalOutcome(report, threshold_failures(card, load_thresholds()), changes, paths)
