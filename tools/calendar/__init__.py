"""Content calendars as data: constraint-driven scheduling, ideas tied to strategy, exports.

Pipeline (generate.py): validate (constraints.py) → schedule (scheduler.py, balance.py,
launches.py) → stages and pillars (labels.py, mix.py) → ideas (ideas.py). Saved per
workspace (store.py), exported as CSV/ICS/Markdown/JSON (exports.py), revised in place
(revise.py, edits.py), and exposed as agent tools (tool.py) and HTTP routes
(api/routes/calendars.py).
"""
