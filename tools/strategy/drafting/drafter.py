"""The one interface every strategy drafter implements.

A drafter turns inputs into the three typed drafts and nothing else:

- `positioning(sources)` → `Positioning`: Dunford's components, the statement and value
  proposition.
- `icp(sources, conversion)` → `Icp`: firmographics, committee, pains, gains, triggers,
  objections, channels, qualification.
- `messaging(sources, positioning, icp)` → `MessagingHouse`: umbrella, pillars, persona
  messages, tone rules.

`sources` (`DraftSources`) holds the client brief, every document passage, document search and
the playbooks. Each element the drafter writes cites where it came from (`source`: a document
passage, a brief field or a playbook) or has no source and so is an assumption for the user to
confirm (`Sourced` marks it). A drafter leaves the checked and computed fields alone: `issues`
(but for `unknown_source` issues, where a model drafter notes a source id it dropped), `checks`
and `citations` (all kinds), the ICP's `conversion` and `conversion_note` (KPI figures;
the ones it is given are for reading), the house's `copy_findings` and the versions it builds
on. `tools.strategy.drafting.pipeline` sets those after any drafter, and
`tools.strategy.drafting.review` runs the cross-checks and collects the citations, so a
model-backed drafter gets exactly the checks the offline one gets.

`notes` lists what the user should know about how the drafts were written (e.g. "the model's
positioning draft did not validate (…); this is the offline draft"); a run adds them to its
result's note. Drafters: `OfflineDrafter` (offline.py, rules), `ModelDrafter` (model.py,
structured output from a real model); `pipeline.choose_drafter` picks one.
"""

from __future__ import annotations

from typing import Protocol

from tools.strategy.icp.models import ConversionEvidence, Icp
from tools.strategy.messaging.models import MessagingHouse
from tools.strategy.positioning.models import Positioning
from tools.strategy.sources import DraftSources


class Drafter(Protocol):
    """Writes positioning, ICP and messaging drafts from their inputs (see the module doc)."""

    notes: list[str]

    def positioning(self, sources: DraftSources) -> Positioning:
        """A positioning drafted from the brief, passages and playbooks."""
        ...

    def icp(self, sources: DraftSources, conversion: ConversionEvidence | None) -> Icp:
        """An ICP; `conversion` is who converts best according to the KPI engine (None without
        campaign data)."""
        ...

    def messaging(
        self, sources: DraftSources, positioning: Positioning, icp: Icp
    ) -> MessagingHouse:
        """A messaging house built on a positioning and an ICP."""
        ...
