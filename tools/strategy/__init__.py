"""Strategy work (issue #6): client brief, diagnosis, positioning, ICP, messaging, roadmap.

Ground floor of the package (used by everything above it):

- `vocabulary`: the offline vocabulary (prompts/strategy/vocabulary.yaml).
- `evidence`: passages of a document or playbook index, as cited `Evidence`.
- `elements`: cited draft elements, issues and check results, and helpers to build them.
- `segments`: KPI figures by segment, and who converts best (KPI engine).
- `sources`: `DraftSources`, what a drafter may consult.
- `writing`: structured output from a real model (one retry on a reply that does not
  validate); `cited`: the sources a model may cite, by id, resolved back to citations.

Families (each a package of one-job modules), and the tools at the top:

- `brief/` → `brief_tools.py` (get_client_brief, update_client_brief).
- `positioning/`, `icp/`, `messaging/`, with `drafting/` (the `Drafter` seam, the review every
  draft passes, versioned runs) → `draft_tools.py` (draft_positioning, draft_icp,
  draft_messaging).
- `diagnosis/` (checks, areas, roadmap) → `diagnosis_tools.py` (diagnose_marketing,
  plan_roadmap).

Operations take a resolved `WorkspaceScope` (or only the store or index they use); tools
resolve it once per call (`runtime.context.scope_in(services)`), API routes once per request
(`WorkspaceDep`).

Modules are imported directly (e.g. `tools.strategy.evidence`); packages import nothing.
"""
