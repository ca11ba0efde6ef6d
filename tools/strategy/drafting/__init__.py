"""Strategy drafts (positioning, ICP, messaging house): who writes them, what checks them, and
how they are versioned.

The seam: a `Drafter` (drafter.py) writes the three drafts from their inputs and returns the
typed objects. `OfflineDrafter` (offline.py) is the deterministic heuristics; `ModelDrafter`
(model.py: structured output from a real model, falling back to the offline drafter with a
note) implements the same protocol; `pipeline.choose_drafter` is the one place a drafter is
picked. Whatever drafter wrote a draft,
`pipeline` then attaches the KPI figures and `review` runs the cross-checks and collects the
citations, so every draft passes the same checks.

- `drafter`: the `Drafter` protocol.
- `offline`: `OfflineDrafter`, the default.
- `model`: `ModelDrafter`; `written`: what the model writes; `mapped`: that, as typed drafts.
- `review`: checks and citations, after any drafter (and after revisions).
- `pipeline`: draft or revise one kind for a workspace: inputs, drafter, KPI figures, review.
- `runs`: the operations the tools call: latest version, draft or revise, save a new version.
- `results`: what a run returns.

Modules are imported directly; this package imports nothing.
"""
