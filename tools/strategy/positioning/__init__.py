"""Positioning (April Dunford's components): typed, cited, checked.

- `models`: the components, the draft and the revisions a user can ask for.
- `draft`: the offline drafter's heuristics (brief, passages, playbook).
- `compose`: the statement and value proposition, built from the components.
- `revise`: revisions of a saved version.
- `checks`: cross-checks and citations, run after any drafter.

Modules are imported directly; this package imports nothing.
"""
