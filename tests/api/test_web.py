"""The web workspace's page and static files: served without a key (they hold no data), with
the right content types and a strict Content-Security-Policy; vendored files match VENDOR.md;
the pages load no script but the app's own files and hold no inline script."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest

from api.web import STATIC_DIR

NO_KEY = {"Authorization": ""}


def _csp(response: Any) -> dict[str, str]:
    policy = response.headers["content-security-policy"]
    return {p.split()[0]: p for p in (part.strip() for part in policy.split(";")) if p}


def test_the_workspace_page_is_served_at_the_root_with_a_strict_policy(client: Any) -> None:
    response = client.get("/", headers=NO_KEY)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    csp = _csp(response)
    assert csp["default-src"] == "default-src 'none'"
    assert csp["script-src"] == "script-src 'self'"
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert "unsafe" not in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "Sign in" in response.text and "cmo keys login-link" in response.text


@pytest.mark.parametrize("page", ["index.html", "dashboard.html", "signin.html"])
def test_pages_have_no_inline_script_and_only_local_assets(page: str) -> None:
    html = (STATIC_DIR / page).read_text()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert not re.search(r"\son[a-z]+=", html), "no inline event handlers"
    assert "style=" not in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "nothing from another host"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/static/app.css", "text/css"),
        ("/static/js/app.js", "javascript"),
        ("/static/js/charts.js", "javascript"),
        ("/static/vendor/chart.umd.min.js", "javascript"),
        ("/static/vendor/marked.umd.js", "javascript"),
        ("/static/vendor/purify.min.js", "javascript"),
    ],
)
def test_static_files_have_their_content_type_and_policy(client: Any, path: str, kind: str) -> None:
    response = client.get(path, headers=NO_KEY)
    assert response.status_code == 200
    assert kind in response.headers["content-type"]
    assert _csp(response)["script-src"] == "script-src 'self'"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_unknown_and_escaping_static_paths_are_404(client: Any) -> None:
    assert client.get("/static/nope.js", headers=NO_KEY).status_code == 404
    for path in ("/static/../web.py", "/static/%2e%2e/web.py", "/static/..%2fweb.py"):
        response = client.get(path, headers=NO_KEY)
        assert response.status_code in (401, 404), path
        assert "STATIC_DIR" not in response.text


def test_the_root_page_holds_no_data_and_the_api_still_needs_a_key(client: Any) -> None:
    page = client.get("/", headers=NO_KEY).text
    assert "demo" not in page.lower()
    assert client.get("/workspaces", headers=NO_KEY).status_code == 401


def test_vendored_files_match_vendor_md() -> None:
    vendor = STATIC_DIR / "vendor"
    table = (vendor / "VENDOR.md").read_text()
    listed = dict(re.findall(r"`[^`]*/([\w.]+\.js)` \| [^|]+\| `([0-9a-f]{64})`", table))
    files = {p.name for p in vendor.glob("*.js")}
    assert set(listed) == files
    for name, digest in listed.items():
        assert hashlib.sha256(Path(vendor / name).read_bytes()).hexdigest() == digest, name
