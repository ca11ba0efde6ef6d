"""The ideal customer profile: typed, cited, checked.

- `models`: the profile, its items and the revisions a user can ask for.
- `draft`: the offline drafter's heuristics; `committee`: the buying committee and personas.
- `conversion`: who converts best, from the KPI engine.
- `revise`: revisions of a saved version.
- `checks`: issues and citations, run after any drafter.

Modules are imported directly; this package imports nothing.
"""
