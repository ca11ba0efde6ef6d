"""The marketing diagnosis and the 30/60/90-day roadmap built from it.

- `checks_base`: rule files (tools/strategy/thresholds.yaml, diagnosis_signals.yaml), evidence
  items and the run context (`CheckContext`, holding the workspace scope).
- `checks_kpi`, `checks_trends`, `checks_spend`: checks on KPI figures (funnel rates, change
  over time, spend); `checks_docs`: checks on the documents (signals, website vs deck, team).
- `run`: run the checks per area and decide each area's status; `roadmap`: initiatives for the
  problems found; `runs`: run and save them (the operations the tools call).

Modules are imported directly; this package imports nothing.
"""
