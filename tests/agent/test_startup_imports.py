"""`cmo serve` starts indexing the playbooks before it loads LangChain (about a second of
imports on a small machine): the start-up module must not pull it in."""

from __future__ import annotations

import subprocess
import sys


def test_the_start_up_work_begins_without_loading_langchain() -> None:
    code = (
        "import sys\n"
        "from agent.startup import begin_serving\n"
        "heavy = ('langchain_core', 'langgraph')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"
