"""The one module that builds a graph at import, for `langgraph dev` (see langgraph.json)."""

from __future__ import annotations

from agent.bootstrap import prepare_data
from agent.graph import build_graph
from agent.models import load_chat_model
from agent.offer import ToolOffer
from core.services import build_services
from core.settings import Settings
from tools.catalog import build_tools

_settings = Settings()
_services = build_services(_settings)
prepare_data(_services)
graph = build_graph(
    load_chat_model(_settings.model, _settings, services=_services),
    build_tools(_services),
    offer=ToolOffer(_services.embedder),
)
