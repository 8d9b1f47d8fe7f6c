"""The real app in headless Chromium: upload an article through the UI, find it on the timeline,
click through to it, check that HTML and script in it stay text, and take screenshots of the
Overview and the Briefing. They go to a temporary folder, so a test run leaves the tree clean;
`make screenshots` (STANCE_SCREENSHOT_DIR=docs) refreshes the ones the README shows.

Needs Debian's chromium (`make system-deps`); skipped when it is missing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from stance.cli import dashboard_command

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
UPLOAD_NAME = "lavrov.txt"
HEADLINE = 'Lavrov offers talks <b>"without conditions"</b> <script>alert("title")</script>'
ARTICLE = f"""{HEADLINE}

Browser Test Wire
October 24, 2025

MOSCOW -- Russian Foreign Minister Sergei Lavrov said on Monday that Moscow was ready to resume direct talks with Kyiv. <script>alert("xss")</script>

"We are ready to negotiate <img src=x onerror=alert(1)> without any preconditions, and we want a ceasefire soon," Lavrov told reporters in Moscow.

Ukrainian President Volodymyr Zelensky said Kyiv would only negotiate once the shelling of its cities had stopped.
"""

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make system-deps)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def app_url(seeded_url, tmp_path):
    port = _free_port()
    log = open(tmp_path / "streamlit.log", "w")
    server = subprocess.Popen(
        [*dashboard_command(port), "--server.fileWatcherType", "none"],
        env={**os.environ, "STANCE_DATABASE_URL": seeded_url}, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"streamlit did not start: {(tmp_path / 'streamlit.log').read_text()[-2000:]}")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _settle(page) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_selector("[data-testid='stApp']")
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)
    time.sleep(1.0)


def test_upload_find_on_timeline_open_it_and_nothing_runs(app_url, tmp_path):
    shots = Path(os.environ.get("STANCE_SCREENSHOT_DIR") or tmp_path)
    from playwright.sync_api import sync_playwright

    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1050})
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

        # Upload through the UI.
        page.goto(f"{app_url}/upload")
        page.get_by_role("heading", name="Upload articles").wait_for(timeout=60_000)
        assert page.get_by_text("Deploy", exact=True).count() == 0  # no developer toolbar on a shared screen
        page.locator("input[type=file]").set_input_files(files=[{"name": UPLOAD_NAME, "mimeType": "text/plain", "buffer": ARTICLE.encode()}])
        page.get_by_text(UPLOAD_NAME).first.wait_for()
        page.get_by_role("button", name="Analyse and store").click()
        page.get_by_text(f"{UPLOAD_NAME}: stored").wait_for(timeout=300_000)  # loads the models the first time

        # Find it on the timeline: only its day, hover its point, read the headline, click through.
        page.goto(f"{app_url}/?from=2025-10-24&to=2025-10-24")
        points = page.locator("[data-testid='stVegaLiteChart'] svg path[aria-roledescription='circle']")
        points.first.wait_for(timeout=60_000)
        _settle(page)
        labels = [points.nth(i).get_attribute("aria-label") or "" for i in range(points.count())]
        assert labels and all("Oct 24, 2025" in label for label in labels), labels
        ours = page.locator("[data-testid='stVegaLiteChart'] svg path[aria-roledescription='circle'][aria-label*='Browser Test Wire']")
        assert ours.count() >= 1, labels
        ours.first.hover()
        tooltip = page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible")
        assert "Lavrov offers talks" in tooltip.inner_text() and "<script>" in tooltip.inner_text()
        ours.first.click()
        page.get_by_role("heading", name="Articles", exact=True).wait_for(timeout=60_000)
        _settle(page)
        assert "/articles" in page.url
        assert page.get_by_role("heading", name=HEADLINE).count() == 1  # the title shown as text, tags and all

        # HTML and script in the article are text: shown, never run, never in the DOM as elements.
        body = page.locator("[data-testid='stMain']").inner_text()
        assert '<script>alert("xss")</script>' in body and "<img src=x onerror=alert(1)>" in body
        assert page.locator("img[src='x']").count() == 0
        assert page.locator("[data-testid='stMain'] b", has_text="without conditions").count() == 0
        assert not page.evaluate("() => [...document.scripts].some(s => s.textContent.includes('alert('))")
        assert page.locator("mark .who", has_text="Sergei Lavrov").count() >= 1  # his statement is highlighted

        # Screenshots for the docs: the Overview (all articles) and the Briefing.
        page.goto(app_url)
        page.locator("[data-testid='stVegaLiteChart'] svg").first.wait_for(timeout=60_000)
        page.get_by_text("Movers").first.wait_for()
        _settle(page)
        page.screenshot(path=str(shots / "overview.png"))
        page.goto(f"{app_url}/briefing")
        page.locator("[data-testid='stVegaLiteChart'] svg").first.wait_for(timeout=60_000)
        _settle(page)
        page.screenshot(path=str(shots / "briefing.png"))
        browser.close()
    assert dialogs == []
    for name in ("overview.png", "briefing.png"):  # a blank page compresses to a few kB
        assert (shots / name).stat().st_size > 30_000, f"{name} looks empty"
