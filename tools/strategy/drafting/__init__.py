"""Strategy drafts (positioning, ICP, messaging house): who writes them, what checks them, and
how they are versioned.

The seam: a `Drafter` (drafter.py) writes the three drafts from their inputs and returns the
typed objects. `OfflineDrafter` (offline.py) is today's deterministic heuristics; a
model-backed drafter (structured output from an LLM) implements the same protocol and is chosen
in `pipeline.choose_drafter`, the one place a drafter is picked. Whatever drafter wrote a draft,
`pipeline` then attaches the KPI figures and `review` runs the cross-checks and collects the
citations, so every draft passes the same checks.

- `drafter`: the `Drafter` protocol.
- `offline`: `OfflineDrafter`, the default.
- `review`: checks and citations, after any drafter (and after revisions).
- `pipeline`: draft or revise one kind for a workspace: inputs, drafter, KPI figures, review.
- `runs`: the operations the tools call: latest version, draft or revise, save a new version.
- `results`: what a run returns.
- `revision_args`: offline extraction of revision arguments from a message.

Modules are imported directly; this package imports nothing.
"""
