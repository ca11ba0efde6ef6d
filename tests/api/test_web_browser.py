"""The web workspace in a real browser: Debian's headless Chromium driven by Playwright
(`executable_path`, never Playwright's own browser download) against the app on loopback.

Signs in with a one-time login link, sends a KPI question, sees the streamed answer, the
"understood" line and a chart drawn from the engine's figures, opens the citation (the SQL),
then opens the dashboard with its tiles and charts. Screenshots go to `.artifacts/browser/`.
Skipped with a clear message only when Chromium is not installed, and never under `CI=true`
(`.ci/run` installs it).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.keys import KeyStore, read_admin_key
from tests.support.live_server import live_server

ARTIFACTS = Path(__file__).resolve().parents[2] / ".artifacts" / "browser"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing in CI: .ci/run installs Debian's chromium")
        pytest.skip("no Chromium here (apt-get install -y chromium); browser test not run")
    return CHROMIUM


@pytest.fixture
def browser_page(settings: Any, embedder: Any) -> Iterator[tuple[Any, str]]:
    from playwright.sync_api import sync_playwright

    from api.main import create_app

    executable = _chromium()
    with live_server(create_app(settings, embedder)) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "console",
            lambda msg: errors.append(msg.text) if msg.type == "error" else None,
        )
        try:
            yield page, base
        finally:
            browser.close()
        assert not [e for e in errors if "401" not in e], errors


def _login_link(settings: Any, base: str) -> str:
    keys = KeyStore(settings.data_dir)
    info = keys.verify(read_admin_key(settings.data_dir) or "")
    assert info is not None
    return f"{base}/login?token={keys.login_token(info)}"


def test_sign_in_ask_a_kpi_question_and_see_a_chart(
    browser_page: tuple[Any, str], settings: Any
) -> None:
    from playwright.sync_api import expect

    page, base = browser_page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(base + "/")
    expect(page.locator("#signin")).to_be_visible()
    expect(page.locator("#signin")).to_contain_text("cmo keys login-link")

    page.goto(_login_link(settings, base))
    expect(page.locator("#app")).to_be_visible()
    expect(page.locator("#workspace-select")).to_have_value("demo")

    page.fill("#chat-input", "What was our spend by month this year?")
    page.keyboard.press("Enter")
    answer = page.locator("article.msg.assistant").last
    expect(answer.locator(".md em").first).to_contain_text("Understood: Spend by month", timeout=60_000)
    expect(answer.locator(".md table")).to_be_visible()
    expect(answer.locator(".activity li.done")).to_have_count(1)
    chart = answer.locator(".kpi-figure .chart-box[data-kind='line'] canvas")
    expect(chart).to_be_visible()
    drawn = chart.evaluate("c => c.width > 0 && c.toDataURL().length > 2000")
    assert drawn, "the chart canvas holds a drawing"
    expect(answer.locator(".kpi-figure table.figures tbody tr").first).to_be_visible()
    chart.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "chat-kpi-chart.png"))

    answer.locator("button.citation", has_text="KPI query").click()
    expect(page.locator("#citation-dialog pre.sql")).to_contain_text("SELECT")
    page.keyboard.press("Escape")

    expect(page.locator("#thread-list button.thread")).to_have_count(1)
    page.click("#dashboard-link")
    expect(page.locator(".tile[data-metric='spend'] .value")).not_to_have_text("n/a")
    expect(page.locator(".dash-section .chart-box canvas").first).to_be_visible()
    expect(page.locator("#csv-link")).to_have_attribute("href", "/workspaces/demo/dashboard.csv?period=last+month")
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
