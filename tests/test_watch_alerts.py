"""The issue's "done when", end to end with real parts only: `stance watch --once` as a process against a
feed server on 127.0.0.1 (tests/feed_server.py), the real models, an alert rule that sends to a webhook
receiver and an SMTP server (aiosmtpd) on 127.0.0.1 (tests/alert_receivers.py).

The feed's articles are our own writing (tests/feed_articles.py): Sergei Lavrov turns from rejecting
talks to backing them. Across a full run, a run killed with SIGKILL mid-poll, its rerun and a later run
with one more article, every item is stored exactly once and the move is alerted exactly once on each
channel, quoting his statements from the right articles.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from sqlalchemy import func, select

from alert_receivers import Receiver, smtp_server
from feed_articles import ACTOR, BEFORE, LATER, RECENT, Story
from feed_server import FeedServer, rss20
from stance import alerts
from stance.alerts import Rule
from stance.store import Store
from stance.store import feeds as feed_rows
from stance.store.models import ArticleRow, FeedItemRow
from stance.watch import add_feed, list_feeds

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = "http://dashboard.example:8501"
pytestmark = pytest.mark.models  # `stance watch` loads the models in its own process


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


@pytest.fixture
def receiver():
    running = Receiver()
    yield running
    running.close()


@pytest.fixture
def mailbox():
    with smtp_server() as (box, port):
        box.port = port
        yield box


def watch_env(url: str, mailbox) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("STANCE_SMTP_")}
    return {
        **env,
        "STANCE_DATABASE_URL": url,
        "STANCE_ALLOW_PRIVATE_URLS": "1",
        "STANCE_FEED_HOST_GAP_S": "0",
        "STANCE_DASHBOARD_URL": DASHBOARD,
        "STANCE_SMTP_HOST": "127.0.0.1",
        "STANCE_SMTP_PORT": str(mailbox.port),
        "STANCE_SMTP_FROM": "alerts@stance.example",
    }


def watch_once(env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "stance.cli", "watch", "--once", "--verbose"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=420,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def stored_urls(store: Store) -> list[str]:
    with store.db.read() as session:
        return list(session.scalars(select(ArticleRow.url).order_by(ArticleRow.id)))


def publish(server: FeedServer, stories: tuple[Story, ...], version: str, **route) -> None:
    """The feed at /world/rss.xml lists `stories`, newest first, as a news site's feed does."""
    items = [story.serve(server, **route) for story in sorted(stories, key=lambda story: story.days_ago)]
    server.feed("/world/rss.xml", rss20(items), etag=f'"{version}"')


def test_watch_stores_each_item_once_across_runs_and_a_kill_and_the_move_is_alerted_once(
    server, receiver, mailbox, sqlite_url
):
    store = Store(sqlite_url)
    feed = add_feed(store, server.url("/world/rss.xml"), conflict="russia-ukraine")
    alerts.add_rule(
        store,
        Rule(
            "Lavrov moves",
            "moved",
            threshold=0.5,
            days=14,
            actors=(ACTOR,),
            webhook=receiver.url,
            emails=("desk@example.org",),
            owner="ana",
        ),
    )
    env = watch_env(sqlite_url, mailbox)

    # 1. The feed holds his three refusals: stored, nothing to alert (no recent window yet).
    publish(server, BEFORE, "v1")
    first = watch_once(env)
    assert "3 new items: 3 stored, 0 duplicate, 0 rejected, 0 failed" in first.stdout, first.stdout
    assert sorted(stored_urls(store)) == sorted(server.url(s.path) for s in BEFORE)
    assert (receiver.bodies, mailbox.messages) == ([], [])

    # 2. Three new articles in which he backs talks, on slow pages; the watcher is killed after the first is stored.
    publish(server, BEFORE + RECENT, "v2", delay_s=1.5)
    killed = subprocess.Popen(
        [sys.executable, "-m", "stance.cli", "watch", "--once", "--verbose"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 300
    while len(stored_urls(store)) < len(BEFORE) + 1:
        assert killed.poll() is None, killed.communicate()
        assert time.monotonic() < deadline, "the watcher stored nothing new in time"
        time.sleep(0.05)
    killed.send_signal(signal.SIGKILL)  # no goodbye: the item in flight rolls back
    killed.communicate(timeout=60)
    assert killed.returncode == -signal.SIGKILL
    after_kill = len(stored_urls(store))
    assert len(BEFORE) + 1 <= after_kill < len(BEFORE) + len(RECENT)
    assert (receiver.bodies, mailbox.messages) == (
        [],
        [],
    )  # alerts are checked after a poll's items: this one never finished

    # 3. The rerun takes up exactly the items left: the move is now there (3 articles each side) and is sent.
    rerun = watch_once(env)
    left = len(BEFORE) + len(RECENT) - after_kill
    assert (
        f"{left} new item{'s' if left > 1 else ''}: {left} stored, 0 duplicate, 0 rejected, 0 failed" in rerun.stdout
    ), rerun.stdout
    urls = stored_urls(store)
    assert sorted(urls) == sorted(server.url(s.path) for s in BEFORE + RECENT)
    assert len(receiver.bodies) == 1 and len(mailbox.messages) == 1, rerun.stdout + rerun.stderr

    # 4. One more article today: stored; the same move again is within the cooldown, so nothing is sent again.
    publish(server, BEFORE + RECENT + LATER, "v3")
    later = watch_once(env)
    assert "1 new item: 1 stored, 0 duplicate, 0 rejected, 0 failed" in later.stdout, later.stdout
    assert len(receiver.bodies) == 1 and len(mailbox.messages) == 1
    # 5. And a run with nothing new asks conditionally and stores nothing.
    assert "not modified (HTTP 304)" in watch_once(env).stdout
    assert len(receiver.bodies) == 1 and len(mailbox.messages) == 1

    # Every item stored exactly once, with its mark.
    stories = BEFORE + RECENT + LATER
    urls = stored_urls(store)
    assert sorted(urls) == sorted(server.url(s.path) for s in stories) and len(set(urls)) == len(urls)
    with store.db.read() as session:
        marks = session.execute(
            select(FeedItemRow.item_key, FeedItemRow.status).where(FeedItemRow.feed_id == feed.id)
        ).all()
        assert session.scalar(select(func.count(ArticleRow.id))) == len(stories)
    assert sorted(marks) == sorted((f"urn:harbor:{s.slug}", "stored") for s in stories)
    assert list_feeds(store)[0].items_stored == len(stories)
    for story in RECENT:  # a page is fetched again only when it was in flight at the kill
        assert len(server.asked(story.path)) <= 2
    assert {m["status"] for m in feed_rows.items(store.db, feed.id)} == {"stored"}

    # The alert: his move, quoting his statements from the right articles, with the scores the store holds.
    body = receiver.bodies[0]
    alert = body["alert"]
    assert alert["rule"]["name"] == "Lavrov moves" and alert["actor"] == ACTOR
    assert alert["headline"].startswith(f"{ACTOR} moved +") and "toward talks" in alert["headline"]
    details = alert["details"]
    assert (details["before"]["articles"], details["recent"]["articles"]) == (len(BEFORE), len(RECENT))
    assert (
        details["before"]["mean"] < 0 < details["recent"]["mean"]
        and details["change"] >= 0.5
        and details["interval"][0] > 0
    )

    by_url = {server.url(s.path): s for s in stories}
    statements = store.statements_by_id([s["statement_id"] for s in alert["statements"]]).set_index("statement_id")
    quoted = alert["statements"]
    assert quoted and {s["period"] for s in quoted} == {"before", "recent"}
    for s in quoted:
        story = by_url[s["url"]]
        assert story in (BEFORE if s["period"] == "before" else RECENT), s
        assert s["speaker"] == ACTOR and s["date"] == story.day.isoformat() and s["title"] == story.title
        assert s["quote"].rstrip("…") in story.text(), s  # his words, from that article
        assert (s["score"] < 0) if s["period"] == "before" else (s["score"] > 0)
        row = statements.loc[s["statement_id"]]
        assert (
            " ".join(str(row["quote"]).split()).startswith(s["quote"].rstrip("…"))
            and int(row["article_id"]) == s["article_id"]
        )
        assert s["dashboard"] == f"{DASHBOARD}/articles?article={s['article_id']}"
    direct = [story.quote for story in BEFORE + RECENT if any(story.quote in s["quote"] for s in quoted)]
    assert direct, [s["quote"] for s in quoted]  # at least one of his direct quotations is quoted whole

    link = urlsplit(alert["link"])
    assert f"{link.scheme}://{link.netloc}" == DASHBOARD and parse_qs(link.query)["actor"] == [ACTOR]
    assert pd.Timestamp(parse_qs(link.query)["from"][0]).date() <= BEFORE[0].day

    message = mailbox.messages[0]
    assert mailbox.recipients == [["desk@example.org"]] and message["From"] == "alerts@stance.example"
    assert message["Subject"].startswith(f"[Stance alert] Lavrov moves: {ACTOR} moved +")
    text = message.get_content()
    assert alert["link"] in text and all(s["quote"] in text for s in quoted)
    assert all(
        s["quote"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in body["text"] for s in quoted
    )

    (fired,) = alerts.fired(store)
    assert fired["delivery"]["webhook"] == {"status": "sent", "code": 200}
    assert fired["delivery"]["email"] == {"status": "sent", "to": ["desk@example.org"]} and fired["error"] is None
