"""Articles by URL through both faces: `stance ingest URL` and `stance analyze URL --json` as a user runs them
(a real process, a real database file), and the Upload page with AppTest; the page is served by a real HTTP
server on 127.0.0.1, and the URL is kept: in the JSON, in both CSV exports and as a link on the article page."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from local_web import LocalWeb, article_page
from test_language import FRENCH

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PARAGRAPHS = [
    "ISTANBUL -- Russian and Ukrainian delegations met face to face on Friday for the first time since the spring of 2022, "
    "agreeing to exchange 1,000 prisoners each but making no progress toward a ceasefire.",
    "Opening the session, Turkish Foreign Minister Hakan Fidan told the two sides that the world was watching. "
    "\u201cEvery day without a ceasefire costs lives on both sides,\u201d he said. \u201cWe have a chance here to open a road to peace.\u201d",
    "\u201cWe came here to stop the killing,\u201d Rustem Umerov, Ukraine's defence minister, told reporters after the session. "
    "\u201cWe got agreement on the exchange, and we are ready to keep talking on that basis.\u201d",
]
TITLE = "Russia and Ukraine agree prisoner swap in Istanbul, but no ceasefire"


@pytest.fixture(scope="module")
def web():
    server = LocalWeb()
    server.route(
        "/world/istanbul-talks",
        body=article_page(PARAGRAPHS, title=TITLE, published="2025-05-16T09:30:00Z", site="Harbor Press").encode(),
    )
    server.route(
        "/fr/geneve",
        body=article_page(
            [p for p in FRENCH.split("\n\n")[1:]],
            title="Les négociations de paix reprennent à Genève",
            published="2025-05-20",
        )
        .replace('lang="en"', 'lang="fr"')
        .encode(),
    )
    yield server
    server.close()


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "stance.cli", *args], capture_output=True, text=True, env=env, timeout=300
    )


@pytest.fixture
def env(tmp_path) -> dict:
    values = dict(os.environ)
    values["STANCE_DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.db'}"
    values["STANCE_ALLOW_PRIVATE_URLS"] = "1"  # the test server is on 127.0.0.1
    return values


def test_cli_ingests_a_url_and_keeps_it_in_the_json_and_the_csv(web, env, tmp_path):
    url = web.url("/world/istanbul-talks")
    result = run(["ingest", "--quiet", url, web.url("/missing")], env)
    assert result.returncode == 3, result.stderr  # one stored, one rejected
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"stored    {url}: ") and "statements" in lines[0]
    assert lines[1].startswith(f"rejected  {web.url('/missing')}: answered HTTP 404")
    assert lines[-1].startswith("1 stored, 0 duplicate, 1 rejected")

    result = run(["analyze", url, "--json"], env)
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)["article"]
    assert (
        article["url"] == url
        and article["title"] == TITLE
        and article["date"] == "2025-05-16"
        and article["source"] == "Harbor Press"
    )
    assert article["language"] == "en"

    out = tmp_path / "statements.csv"
    assert run(["export", "--csv", "-o", str(out)], env).returncode == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and {row["url"] for row in rows} == {url}


def test_cli_says_a_page_in_another_language_is_not_analysed(web, env):
    url = web.url("/fr/geneve")
    result = run(["ingest", "--quiet", url], env)
    assert result.returncode == 0, result.stderr  # it is stored, with its language: that is a success
    assert result.stdout.startswith(f"stored    {url}: not analysed: language fr")
    assert "(1 not analysed: not in English)" in result.stdout.splitlines()[-1]
    result = run(["analyze", url, "--json"], env)
    assert result.returncode == 1 and "not analysed: language fr" in result.stderr and not result.stdout


def test_cli_refuses_a_private_address_without_the_override(web, env):
    env = {k: v for k, v in env.items() if k != "STANCE_ALLOW_PRIVATE_URLS"}
    result = run(["ingest", "--quiet", web.url("/world/istanbul-talks")], env)
    assert result.returncode == 1
    assert (
        "was refused: 127.0.0.1 is a loopback address" in result.stdout
        and "STANCE_ALLOW_PRIVATE_URLS=1" in result.stdout
    )


def _app(monkeypatch, url: str) -> AppTest:
    monkeypatch.setenv("STANCE_DATABASE_URL", url)
    monkeypatch.setenv("STANCE_ALLOW_PRIVATE_URLS", "1")
    return AppTest.from_file(APP, default_timeout=120)


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    return at


def test_upload_page_fetches_pasted_urls_and_the_article_page_links_to_the_original(web, monkeypatch, tmp_path):
    from stance.store import Store

    db = f"sqlite:///{tmp_path / 'upload.db'}"
    page, french, missing = web.url("/world/istanbul-talks"), web.url("/fr/geneve"), web.url("/missing")
    at = _ok(_ok(_app(monkeypatch, db).run()).switch_page("views/upload.py").run())
    at.text_area(key="up_text").input(f"{page}\n{french}\n  <{missing}>\n").run()
    assert any("3 web pages" in c.value for c in _ok(at).caption)
    at.button(key="up_go").click().run(timeout=300)
    _ok(at)
    from dashboard.safe import md

    assert any(md(page) in s.value for s in at.success), [s.value for s in at.success]  # shown as text, not a link
    assert any("not analysed: language fr" in w.value for w in at.warning)
    assert any("HTTP 404" in e.value for e in at.error)
    articles = Store(db).articles()
    assert sorted(articles["url"].tolist()) == sorted([page, french]) and sorted(articles["language"]) == ["en", "fr"]

    at = _ok(at.switch_page("views/articles.py").run())
    english = int(articles[articles["language"] == "en"]["id"].iloc[0])
    at.selectbox(key="article_pick").set_value(english).run()
    html = "\n".join(m.value for m in _ok(at).markdown)
    assert f'<a href="{page}" target="_blank" rel="noopener noreferrer nofollow">{page}</a>' in html

    at.multiselect(key="article_language").set_value(["fr"]).run()
    assert "not analysed" in _ok(at).selectbox(key="article_pick").format_func(at.selectbox(key="article_pick").value)
    assert any("Not analysed" in w.value and "French" in w.value for w in at.warning)


def test_only_web_addresses_become_links():
    from dashboard.safe import link

    assert link("https://example.org/a?b=1&c=<x>") == (
        '<a href="https://example.org/a?b=1&amp;c=&lt;x&gt;" target="_blank" rel="noopener noreferrer nofollow">https://example.org/a?b=1&amp;c=&lt;x&gt;</a>'
    )
    for bad in (
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        'https://a.example/" onmouseover="x',
        "https://a.example/\nb",
        None,
        42,
    ):
        if bad == 'https://a.example/" onmouseover="x':
            assert '" onmouseover' not in (link(bad) or "")  # the quote is escaped, never closes the attribute
        else:
            assert link(bad) is None


def test_dashboard_export_carries_the_url():
    import pandas as pd

    from dashboard.exports import csv_bytes

    frame = pd.DataFrame(
        [{"statement_id": 1, "actor": "Hakan Fidan", "title": "T", "source": "S", "url": "https://example.org/a"}]
    )
    rows = list(csv.DictReader(io.StringIO(csv_bytes(frame).decode())))
    assert rows[0]["url"] == "https://example.org/a"
