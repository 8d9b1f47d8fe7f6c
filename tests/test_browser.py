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
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from stance.cli import dashboard_command

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
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


@contextmanager
def dashboard(url: str, tmp_path: Path, *, cwd: Path = ROOT, **env: str) -> Iterator[str]:
    """The dashboard served on a free port for the store at `url`, as `stance dashboard` serves it (with `env`
    added to the environment); yields its address."""
    port = _free_port()
    log_path = tmp_path / f"streamlit-{port}.log"
    log = open(log_path, "w")
    server = subprocess.Popen(
        [*dashboard_command(port), "--server.fileWatcherType", "none"],
        env={**os.environ, "STANCE_DATABASE_URL": url, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=cwd,
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
            pytest.fail(f"streamlit did not start: {log_path.read_text()[-2000:]}")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture
def app_url(seeded_url, tmp_path):
    with dashboard(seeded_url, tmp_path) as base:
        yield base


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
        page.locator("input[type=file]").set_input_files(
            files=[{"name": UPLOAD_NAME, "mimeType": "text/plain", "buffer": ARTICLE.encode()}]
        )
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
        ours = page.locator(
            "[data-testid='stVegaLiteChart'] svg path[aria-roledescription='point'][aria-label*='Browser Test Wire']"
        )
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


@pytest.mark.parametrize(
    "width, height, theme", [(1920, 1080, "light"), (1920, 1080, "dark"), (1366, 768, "light"), (1366, 768, "dark")]
)
def test_a_briefing_link_opens_presenter_mode_that_fits_the_screen(
    app_url, seeded_store, tmp_path, width, height, theme
):
    from playwright.sync_api import sync_playwright

    from stance.aggregate import per_article

    ranked = per_article(seeded_store.stance_rows())["actor"].value_counts().index.tolist()
    focus, since = [ranked[0], ranked[1]], "2025-08-01"
    query = (
        "&".join(f"focus={urllib.parse.quote_plus(a)}" for a in focus)
        + f"&since={since}&theme={theme}&present=1&card=2"
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(f"{app_url}/briefing?{query}")
        page.locator(".st-key-bf_stage [data-testid='stVegaLiteChart'] svg").first.wait_for(timeout=60_000)
        _settle(page)
        assert page.locator(".bf-name").inner_text().strip() == focus[1]  # the second card, as the link says
        assert page.locator(".bf-where").inner_text().strip() == "2 of 2"
        assert page.get_by_text(f"Since {date.fromisoformat(since):%d %b %Y}", exact=False).count() >= 1
        background = page.evaluate(
            "() => getComputedStyle(document.querySelector('[data-testid=\"stMain\"]')).backgroundColor"
        )
        assert background == ("rgb(13, 17, 23)" if theme == "dark" else "rgb(255, 255, 255)")
        assert page.locator("[data-testid='stSidebar']").is_hidden()
        assert page.evaluate(_OUTSIDE, _PRESENTER_PARTS) == []  # everything of the card on screen, navigation included
        chart = page.locator(".st-key-bf_stage [data-testid='stVegaLiteChart']").bounding_box()
        assert chart["height"] >= 0.75 * height  # the chart fills the screen's height
        assert page.evaluate(_SMALLEST_TEXT) >= 20  # readable across a room
        page.screenshot(path=str(_shots(tmp_path) / f"briefing-presenter-{width}-{theme}.png"))
        page.locator(".st-key-bf_next button").click()
        # Streamlit redraws the card element by element: wait until the whole card is the next one
        # (the counter above the name can arrive first under load).
        page.wait_for_function(
            "(name) => document.querySelector('.bf-where')?.innerText.trim() === '1 of 2'"
            " && document.querySelector('.bf-name')?.innerText.trim() === name",
            arg=focus[0],
            timeout=60_000,
        )
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
        assert (
            page.get_by_text("Recent: 01 Aug 2025 – 24 Oct 2025 · compared with: 01 Feb 2025 – 31 Jul 2025").count()
            == 1
        )
        assert (
            "recent=2025-08-01..2025-10-24" in urllib.parse.unquote(page.url) and "conflict=russia-ukraine" in page.url
        )
        sizes = page.evaluate(
            "() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] svg text')].map(t => parseFloat(getComputedStyle(t).fontSize))"
        )
        assert sizes and min(sizes) >= 14, sorted(sizes)[:5]
        legend = page.evaluate(
            "() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] svg .role-legend-label text')].map(t => t.textContent)"
        )
        assert legend and not [name for name in legend if name.endswith("…")]  # no name cut short
        page.screenshot(path=str(_shots(tmp_path) / f"overview-{width}.png"))
        if width == 1920:  # the chart as a slide, through the real download button
            with page.expect_download(timeout=120_000) as download:
                page.get_by_role("button", name="PNG", exact=True).click()
            slide = _shots(tmp_path) / "export-overview-1920x1080.png"
            download.value.save_as(slide)
            assert Image.open(slide).size == (1920, 1080)

        # The two period pickers sit side by side: each calendar opens under its own field and covers neither field.
        page.get_by_role("button", name="Choose the periods").click()
        fields = page.locator("[data-testid='stPopoverBody'] [data-testid='stDateInputField']")
        fields.nth(1).wait_for()
        for i in (0, 1):
            page.locator("[data-testid='stPopoverBody'] [data-testid='stDateInputCalendarButton']").nth(i).click()
            calendar = page.locator("[data-testid='stDateInputCalendar']")
            calendar.wait_for()
            assert calendar.count() == 1  # opening one calendar closes the other
            box = calendar.bounding_box()
            for field in (fields.nth(0).bounding_box(), fields.nth(1).bounding_box()):
                assert not _overlap(box, field), (box, field)
        page.screenshot(path=str(_shots(tmp_path) / f"overview-periods-{width}.png"))
        page.keyboard.press("Escape")
        browser.close()


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


# ----- a feed added in the UI, its articles found on the timeline -----------------------------------------------
def test_a_feed_added_on_the_feeds_page_brings_its_articles_onto_the_timeline(tmp_path):
    """Add a feed on the Feeds page, run the watcher once beside the dashboard (as the README says), then find
    the feed's articles on the timeline and open one on the Articles page, with the link to its page."""
    from playwright.sync_api import sync_playwright

    from feed_articles import RECENT, SITE
    from feed_server import FeedServer, rss20

    url = f"sqlite:///{tmp_path / 'feeds.db'}"
    with FeedServer() as web, dashboard(url, tmp_path) as app, sync_playwright() as p:
        web.feed("/world/rss.xml", rss20([story.serve(web) for story in RECENT]))
        feed = web.url("/world/rss.xml")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1050})
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

        # Add the feed through the UI.
        page.goto(f"{app}/feeds")
        page.get_by_role("heading", name="Feeds", exact=True).wait_for(timeout=60_000)
        page.get_by_text("No feeds yet").wait_for()
        page.get_by_label("Feed address").fill(feed)
        page.get_by_role("button", name="Add feed").click()
        page.get_by_text(f"Added {feed}").wait_for(timeout=60_000)
        page.get_by_text("not polled yet", exact=False).first.wait_for()

        # The watcher, its own process beside the dashboard, polls it once.
        env = {
            **os.environ,
            "STANCE_DATABASE_URL": url,
            "STANCE_ALLOW_PRIVATE_URLS": "1",
            "STANCE_FEED_HOST_GAP_S": "0",
        }
        watched = subprocess.run(
            [sys.executable, "-m", "stance.cli", "watch", "--once"],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=420,
            check=False,
        )
        assert watched.returncode == 0 and "3 new items: 3 stored" in watched.stdout, watched.stdout + watched.stderr
        page.goto(f"{app}/feeds")
        page.get_by_text("3 articles stored from feeds", exact=False).wait_for(timeout=60_000)

        # Its articles on the timeline: only their days, one point or more for each headline.
        first, last = min(story.day for story in RECENT), max(story.day for story in RECENT)
        page.goto(f"{app}/?from={first.isoformat()}&to={last.isoformat()}")
        ours = page.locator(
            f"[data-testid='stVegaLiteChart'] svg path[aria-roledescription='point'][aria-label*='{SITE}']"
        )
        ours.first.wait_for(timeout=60_000)
        _settle(page)
        labels = [ours.nth(i).get_attribute("aria-label") or "" for i in range(ours.count())]
        for story in RECENT:
            assert any(
                f"Headline: {story.title};" in label and f"Date: {story.day:%d %b %Y};" in label for label in labels
            ), "\n".join([story.title, *labels])

        # Click one through to the Articles page: its headline, the speaker marked, and the link to the page it came from.
        story = RECENT[
            1
        ]  # one speaker in it, so one point (in the first, the Russian government's point covers Lavrov's)
        point = page.locator(
            f"[data-testid='stVegaLiteChart'] svg path[aria-roledescription='point'][aria-label*='{story.title}']"
        ).first
        point.hover()
        page.locator("#vg-tooltip-element").wait_for(state="visible")
        assert story.title in page.locator("#vg-tooltip-element").inner_text()
        point.click()
        page.get_by_role("heading", name="Articles", exact=True).wait_for(timeout=60_000)
        _settle(page)
        assert "/articles" in page.url
        assert page.get_by_role("heading", name=story.title).count() == 1
        assert page.locator("mark .who", has_text="Sergei Lavrov").count() >= 1
        assert page.locator(f"[data-testid='stMain'] a[href='{web.url(story.path)}']").count() >= 1
        browser.close()
    assert dialogs == []
