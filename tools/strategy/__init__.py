"""Strategy work (issue #6): client brief, diagnosis, positioning, ICP, messaging, roadmap.

Modules are imported directly (e.g. `tools.strategy.evidence`); this package imports nothing so
that the helpers building it never need to edit this file.
"""
