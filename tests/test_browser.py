"""The real app in headless Chromium: upload an article through the UI, find it on the timeline,
click through to it, check that HTML and script in it stay text; open shared links (Movers periods,
a briefing in presenter mode) at 1920x1080 and 1366x768 and check that the card fits the screen in
type a room can read; download a chart as a slide. Screenshots of each go to a temporary folder, so
a test run leaves the tree clean; `make screenshots` (STANCE_SCREENSHOT_DIR=docs) refreshes docs/.

Needs Debian's chromium (`make system-deps`); skipped when it is missing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from datetime import date
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
        points = page.locator("[data-testid='stVegaLiteChart'] svg path[aria-roledescription='point']")
        points.first.wait_for(timeout=60_000)
        _settle(page)
        labels = [points.nth(i).get_attribute("aria-label") or "" for i in range(points.count())]
        assert labels and all("Oct 24, 2025" in label for label in labels), labels
        ours = page.locator("[data-testid='stVegaLiteChart'] svg path[aria-roledescription='point'][aria-label*='Browser Test Wire']")
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


def _shots(tmp_path) -> Path:
    shots = Path(os.environ.get("STANCE_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    return shots


# What a presenter card is made of: name, figures, quotes, chart, and the way to the next card.
_PRESENTER_PARTS = ".bf-name, .bf-stat, .bf-quote, [data-testid='stVegaLiteChart'], .bf-where, .st-key-bf_prev button, .st-key-bf_next button"
_OUTSIDE = """(selector) => [...document.querySelectorAll(selector)].map(e => [e.className || e.tagName, e.getBoundingClientRect()])
    .filter(([, r]) => r.top < 0 || r.left < 0 || r.bottom > innerHeight + 1 || r.right > innerWidth + 1).map(([c, r]) => `${c}: ${r.top}-${r.bottom}`)"""
_SMALLEST_TEXT = """() => Math.min(...[...document.querySelectorAll('[data-testid="stMain"] *')]
    .filter(e => e.getClientRects().length && e.innerText?.trim() && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
    .filter(e => !e.closest('svg') && !e.closest('[data-testid*="Icon"]'))  // chart text is checked apart; icons are glyphs
    .map(e => parseFloat(getComputedStyle(e).fontSize)))"""


@pytest.mark.parametrize("width, height, theme", [(1920, 1080, "light"), (1920, 1080, "dark"), (1366, 768, "light"), (1366, 768, "dark")])
def test_a_briefing_link_opens_presenter_mode_that_fits_the_screen(app_url, seeded_store, tmp_path, width, height, theme):
    from playwright.sync_api import sync_playwright

    from stance.aggregate import per_article

    ranked = per_article(seeded_store.stance_rows())["actor"].value_counts().index.tolist()
    focus, since = [ranked[0], ranked[1]], "2025-08-01"
    query = "&".join(f"focus={urllib.parse.quote_plus(a)}" for a in focus) + f"&since={since}&theme={theme}&present=1&card=2"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(f"{app_url}/briefing?{query}")
        page.locator(".st-key-bf_stage [data-testid='stVegaLiteChart'] svg").first.wait_for(timeout=60_000)
        _settle(page)
        assert page.locator(".bf-name").inner_text().strip() == focus[1]  # the second card, as the link says
        assert page.locator(".bf-where").inner_text().strip() == "2 of 2"
        assert page.get_by_text(f"Since {date.fromisoformat(since):%d %b %Y}", exact=False).count() >= 1
        background = page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=\"stMain\"]')).backgroundColor")
        assert background == ("rgb(13, 17, 23)" if theme == "dark" else "rgb(255, 255, 255)")
        assert page.locator("[data-testid='stSidebar']").is_hidden()
        assert page.evaluate(_OUTSIDE, _PRESENTER_PARTS) == []  # everything of the card on screen, navigation included
        chart = page.locator(".st-key-bf_stage [data-testid='stVegaLiteChart']").bounding_box()
        assert chart["height"] >= 0.75 * height  # the chart fills the screen's height
        assert page.evaluate(_SMALLEST_TEXT) >= 20  # readable across a room
        page.screenshot(path=str(_shots(tmp_path) / f"briefing-presenter-{width}-{theme}.png"))
        page.locator(".st-key-bf_next button").click()
        page.wait_for_function("() => document.querySelector('.bf-where')?.innerText.trim() === '1 of 2'", timeout=60_000)
        assert page.locator(".bf-name").inner_text().strip() == focus[0]
        browser.close()


@pytest.mark.parametrize("width, height", [(1920, 1080), (1366, 768)])
def test_an_overview_link_restores_the_periods_and_reads_across_a_room(app_url, tmp_path, width, height):
    from PIL import Image
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height}, accept_downloads=True)
        page.goto(f"{app_url}/?recent=2025-08-01..2025-10-24&before=2025-02-01..2025-07-31&conflict=russia-ukraine")
        page.locator("[data-testid='stVegaLiteChart'] svg").first.wait_for(timeout=60_000)
        page.get_by_text("Movers").first.wait_for()
        _settle(page)
        assert page.get_by_text("Recent: 01 Aug 2025 – 24 Oct 2025 · compared with: 01 Feb 2025 – 31 Jul 2025").count() == 1
        assert "recent=2025-08-01..2025-10-24" in urllib.parse.unquote(page.url) and "conflict=russia-ukraine" in page.url
        sizes = page.evaluate("() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] svg text')].map(t => parseFloat(getComputedStyle(t).fontSize))")
        assert sizes and min(sizes) >= 14, sorted(sizes)[:5]
        legend = page.evaluate("() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] svg .role-legend-label text')].map(t => t.textContent)")
        assert legend and not [name for name in legend if name.endswith("…")]  # no name cut short
        page.screenshot(path=str(_shots(tmp_path) / f"overview-{width}.png"))
        if width == 1920:  # the chart as a slide, through the real download button
            with page.expect_download(timeout=120_000) as download:
                page.get_by_role("button", name="PNG", exact=True).click()
            slide = _shots(tmp_path) / "export-overview-1920x1080.png"
            download.value.save_as(slide)
            assert Image.open(slide).size == (1920, 1080)
        browser.close()
