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
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def _browser(settings: Any, embedder: Any) -> Iterator[tuple[Any, str]]:
    """A started app on loopback and a page of headless Chromium; fails on page errors."""
    from playwright.sync_api import sync_playwright

    from api.main import create_app

    executable = _chromium()
    with live_server(create_app(settings, embedder)) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        try:
            yield page, base
        finally:
            browser.close()
        # expected: the sign-in check's 401 and the refused upload's 415; nothing else
        assert not [e for e in errors if not re.search(r"status of (401|415)\b", e)], errors


@pytest.fixture
def browser_page(settings: Any, embedder: Any) -> Iterator[tuple[Any, str]]:
    with _browser(settings, embedder) as opened:
        yield opened


@pytest.fixture
def clarifying_page(
    settings: Any, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Any, str]]:
    """The app with a scripted model that asks first, then answers the chosen option."""
    import api.main
    from tests.support.scripted_model import ScriptedChatModel, call

    ask = call(
        "ask_clarifying_question",
        {
            "question": "Cost per SQL, or the number of SQLs?",
            "options": [
                {"label": "Cost per SQL", "reply": "Cost per SQL by channel last month"},
                {"label": "SQL count", "reply": "Number of SQLs by channel last month"},
            ],
        },
    )
    lookup = call(
        "kpi_lookup",
        {
            "metrics": ["cost_per_sql"],
            "dimensions": ["channel"],
            "period": {"kind": "previous", "unit": "month"},
        },
        "call_2",
    )
    model = ScriptedChatModel(script=[ask, lookup, "Cost per SQL by channel, as charted."])
    monkeypatch.setattr(api.main, "load_chat_model", lambda *a, **k: model)
    with _browser(settings, embedder) as opened:
        yield opened


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
    expect(answer.locator(".md em").first).to_contain_text(
        "Understood: Spend by month", timeout=60_000
    )
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
    expect(page.locator("#csv-link")).to_have_attribute(
        "href", "/workspaces/demo/dashboard.csv?period=last+month"
    )
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)


def test_workspace_documents_data_import_calendar_and_clarify(
    browser_page: tuple[Any, str], settings: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    page, base = browser_page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(_login_link(settings, base))
    expect(page.locator("#app")).to_be_visible()

    page.click("#workspace-new")
    page.fill("#workspace-form input[name=id]", "acme")
    page.fill("#workspace-form input[name=name]", "Acme Ltd")
    page.click("#workspace-form button[type=submit]")
    expect(page.locator("#workspace-select")).to_have_value("acme")

    page.click("nav.views a[href='#documents']")
    notes = tmp_path / "sales-notes.md"
    notes.write_text("# Sales notes\n\nBuyers are finance directors at firms of 50-200 staff.\n")
    bad = tmp_path / "photo.exe"
    bad.write_bytes(b"MZ\x00\x01binary")
    page.set_input_files("#document-input", [str(notes), str(bad)])
    expect(page.locator("#upload-progress li.ok")).to_contain_text("sales-notes.md")
    expect(page.locator("#upload-progress li.error")).to_contain_text("photo.exe")
    expect(page.locator("#document-list")).to_contain_text("sales-notes.md")

    page.click("nav.views a[href='#data']")
    export = tmp_path / "ads.csv"
    export.write_text(
        "When,Campaign name,Amount spent,Leads\n2026-01-05,Alpha,100.5,3\n2026-01-12,Beta,80,2\n"
    )
    page.set_input_files("#data-input", str(export))
    expect(page.locator("#import-preview")).to_be_visible()
    expect(page.locator("#import-panel")).to_contain_text("180.5")
    page.screenshot(path=str(ARTIFACTS / "data-import-preview.png"), full_page=True)
    expect(page.locator("#import-confirm")).to_be_enabled()
    page.click("#import-confirm")
    expect(page.locator("#import-list")).to_contain_text("ads.csv")

    page.click("nav.views a[href='#calendar']")
    page.fill("#calendar-form input[name=start]", "2027-01-04")
    page.click("#calendar-form button[type=submit]")
    expect(page.locator(".month-grid .day.has-items").first).to_be_visible()
    page.click("[data-mode=list]")
    expect(page.locator("#calendar-view table tbody tr").first).to_be_visible()
    with page.expect_download() as download:
        page.click("#calendar-downloads a:has-text('ICS')")
    ics = Path(download.value.path()).read_text()
    assert ics.startswith("BEGIN:VCALENDAR")
    page.screenshot(path=str(ARTIFACTS / "calendar.png"), full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.click("nav.views a[href='#chat']")
    expect(page.locator("#chat-input")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "phone-chat.png"))


def test_a_clarifying_question_is_answered_by_its_button(
    clarifying_page: tuple[Any, str], settings: Any
) -> None:
    from playwright.sync_api import expect

    page, base = clarifying_page
    page.goto(_login_link(settings, base))
    page.fill("#chat-input", "which channel is best for SQL")
    page.click("#chat-form button[type=submit]")
    options = page.locator("article.msg.assistant .clarify button.option")
    expect(options).to_have_count(2, timeout=60_000)
    expect(page.locator(".clarify")).to_contain_text("Cost per SQL, or the number of SQLs?")
    options.first.click()
    expect(page.locator("article.msg.user").last).to_have_text("Cost per SQL by channel last month")
    answer = page.locator("article.msg.assistant").last
    expect(answer.locator(".chart-box[data-kind='bar'] canvas")).to_be_visible(timeout=60_000)
    expect(answer.locator("table.figures")).to_contain_text("LinkedIn Ads")
