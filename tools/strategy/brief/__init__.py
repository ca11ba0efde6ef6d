"""The client brief: a typed, cited profile of one workspace's client.

- `model`: the brief, its fields and precedence rules, and `BriefStore` (`brief.json`).
- `extract` (with `rules_base`, `rules_offer`, `rules_market`): values found in the documents.
- `model_read`: the same fields read by a real model (structured output), when one is set.
- `current`: the brief as it stands now; `current_brief` reads, `ensure_brief` saves.
- `ops`: read it, record a fact, merge an update (used by the tools and the API).
- `statements`: offline parsing of stated facts and questions about the brief.

Modules are imported directly; this package imports nothing.
"""
