"""The knowledge base: parsing, chunking and ingestion, our playbooks and the demo client."""

from __future__ import annotations

from pathlib import Path

KNOWLEDGE_DIR = Path(__file__).resolve().parent
PLAYBOOKS_DIR = KNOWLEDGE_DIR / "playbooks"  # our own Markdown playbooks
DEMO_DIR = KNOWLEDGE_DIR / "demo"  # the demo client's documents
