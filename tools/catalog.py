"""Every tool the agent has, built for one process's services."""

from __future__ import annotations

from langchain_core.tools import BaseTool
from pydantic import BaseModel

from core.services import Services


def build_tools(services: Services) -> list[BaseTool]:
    """Tool factories are imported here only, so adding a tool is one line."""
    from tools.calendar.tool import make_generate_content_calendar, make_revise_content_calendar
    from tools.documents import make_search_client_documents
    from tools.kpi.tool import make_kpi_lookup
    from tools.playbooks import make_search_playbooks
    from tools.strategy.brief_tools import make_get_client_brief, make_update_client_brief
    from tools.strategy.diagnosis_tools import make_diagnose_marketing, make_plan_roadmap
    from tools.strategy.draft_tools import (
        make_draft_icp,
        make_draft_messaging,
        make_draft_positioning,
    )

    return [
        make_search_playbooks(services),
        make_search_client_documents(services),
        make_generate_content_calendar(services),
        make_revise_content_calendar(services),
        make_kpi_lookup(services),
        make_get_client_brief(services),
        make_update_client_brief(services),
        make_diagnose_marketing(services),
        make_plan_roadmap(services),
        make_draft_positioning(services),
        make_draft_icp(services),
        make_draft_messaging(services),
    ]


def wire_schemas() -> dict[str, type[BaseModel]]:
    """Tool name → the model a real model reads instead of the tool's own arguments model, for
    a tool whose arguments hold a union needed only to validate (`tools.kpi.wire`). The tool
    still validates with its own model; the wire model fills into it unchanged."""
    from tools.kpi.wire import KpiArgs

    return {"kpi_lookup": KpiArgs}
