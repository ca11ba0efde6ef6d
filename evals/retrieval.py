"""Retrieval quality: recall@k and MRR for dense, keyword and hybrid search on labelled cases."""

from __future__ import annotations

from typing import Any

from core.services import Services
from core.stores.hybrid_index import HybridIndex
from evals.cases import Case

MODES = ("dense", "keyword", "hybrid")


def _index_for(services: Services, case: Case, tool: str | None) -> HybridIndex:
    if tool == "search_client_documents":
        return services.scope(case.workspace).documents
    return services.playbook_index()


def retrieval_scores(services: Services, cases: list[Case], k: int = 5) -> dict[str, Any]:
    """Per mode: recall@k (a relevant chunk in the top k) and MRR over labelled questions."""
    labelled = [(c, t) for c in cases for t in c.turns if t.expect.relevant]
    result: dict[str, Any] = {"questions": len(labelled), "misses": []}
    for mode in MODES:
        found, reciprocal = 0, 0.0
        for case, turn in labelled:
            index = _index_for(services, case, turn.expect.tool)
            hits = index.search(turn.user, k=k, mode=mode)  # type: ignore[arg-type]
            rank = next(
                (
                    n
                    for n, h in enumerate(hits, start=1)
                    if any(
                        ref.matches(h.chunk.source, h.chunk.heading) for ref in turn.expect.relevant
                    )
                ),
                None,
            )
            if rank is not None:
                found += 1
                reciprocal += 1 / rank
            elif mode == "hybrid":
                result["misses"].append(
                    {
                        "case": case.id,
                        "question": turn.user,
                        "got": [h.chunk.label for h in hits[:3]],
                    }
                )
        total = max(len(labelled), 1)
        result[mode] = {"recall_at_k": round(found / total, 4), "mrr": round(reciprocal / total, 4)}
    return result
