"""The house rules `make test` holds every module to: small modules with one job, short
functions. Exceptions are named, with their reason, in pyproject.toml [tool.cmo.size]."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "knowledge_base", "tools", "agent", "api", "cli", "evals")


def _config() -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return dict(config["tool"]["cmo"]["size"])


def _modules() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def test_modules_stay_small_unless_allowed_with_a_reason() -> None:
    config = _config()
    limit = int(config["max_module_lines"])  # type: ignore[call-overload]
    allowed: dict[str, str] = dict(config["modules_allowed"])  # type: ignore[call-overload]
    too_long = {
        str(path.relative_to(ROOT)): n
        for path in _modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > limit
    }
    assert set(too_long) <= set(allowed), f"over {limit} lines: {too_long}"
    assert all(reason.strip() for reason in allowed.values())
    stale = set(allowed) - set(too_long)
    assert not stale, f"no longer over the limit, remove from the allow-list: {stale}"


def test_functions_stay_short_unless_allowed_with_a_reason() -> None:
    config = _config()
    limit = int(config["max_function_lines"])  # type: ignore[call-overload]
    allowed: dict[str, str] = dict(config["functions_allowed"])  # type: ignore[call-overload]
    too_long = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > limit:
                    too_long[f"{path.relative_to(ROOT)}:{node.name}"] = length
    assert set(too_long) <= set(allowed), f"over {limit} lines: {too_long}"
    assert not set(allowed) - set(too_long), "stale entries in functions_allowed"
