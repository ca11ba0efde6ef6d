"""The messaging house and the copy audit.

- `models`: the house, its pillars, persona messages, copy findings and revisions.
- `draft`: the offline drafter's heuristics (pillars from positioning values, persona messages).
- `revise`: revisions of a saved version.
- `copy_audit`: website copy against the sales deck and the house.
- `checks`: the house's checks and citations, run after any drafter.

Modules are imported directly; this package imports nothing.
"""
