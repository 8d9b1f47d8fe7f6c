"""Feeds and `stance watch` against a real HTTP server on 127.0.0.1 (tests/feed_server.py): RSS 0.9x/1.0/2.0
and Atom, conditional GET, failing feeds and pages, a kill and a SIGTERM mid-poll, two watchers on one
PostgreSQL store, the CLI and the Feeds page."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from feed_server import SAMPLE_NAMES, FeedServer, Item, atom, rss10, rss20, sample_page
from stance.store import Store
from stance.store import feeds as feed_rows
from stance.store.models import ArticleRow, FeedItemRow, utcnow
from stance.watch import Watcher, add_feed, feed_address, list_feeds, parse_feed, remove_feed

ROOT = Path(__file__).resolve().parent.parent
INTERVAL = 600


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setenv("STANCE_ALLOW_PRIVATE_URLS", "1")
    monkeypatch.setenv("STANCE_FEED_HOST_GAP_S", "0")
    with FeedServer() as running:
        yield running


def serve_pages(server: FeedServer, numbers, prefix: str = "/news", **route) -> list[Item]:
    """Sample articles as pages at /news/N, and the feed items that point to them."""
    items = []
    for n in numbers:
        title, page = sample_page(SAMPLE_NAMES[n])
        server.page(f"{prefix}/{n}", page, **route)
        items.append(Item(f"urn:item:{n}", server.url(f"{prefix}/{n}"), title))
    return items


def watcher(store: Store, pipeline, **kwargs) -> Watcher:
    return Watcher(store, pipeline, interval_s=INTERVAL, **kwargs)


def poll_once(store: Store, pipeline) -> dict:
    results = {}
    watcher(store, pipeline).run(once=True, report=lambda r: results.__setitem__(r.url, r))
    return results


def article_count(store: Store) -> int:
    with store.db.read() as session:
        return session.scalar(select(func.count(ArticleRow.id)))


def assert_each_article_once(store: Store) -> None:
    with store.db.read() as session:
        urls = list(session.scalars(select(ArticleRow.url)))
        marks = session.execute(select(FeedItemRow.feed_id, FeedItemRow.item_key)).all()
    assert len(urls) == len(set(urls)), urls
    assert len(marks) == len(set(marks))


def cli(args: list[str], url: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "STANCE_DATABASE_URL": url, "STANCE_ALLOW_PRIVATE_URLS": "1", "STANCE_FEED_HOST_GAP_S": "0"}
    return subprocess.run(
        [sys.executable, "-m", "stance.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=ROOT,
        **kwargs,
    )


# ----- parsing --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("write, version", [(rss20, "rss20"), (rss10, "rss10"), (atom, "atom10")])
def test_rss_and_atom_items_have_keys_links_titles_and_dates(write, version):
    items = [
        Item("urn:a", "http://site.example/a", "Talks resume"),
        Item("urn:b", "http://site.example/b", "Talks stall"),
    ]
    parsed = parse_feed(write(items).encode(), url="http://site.example/feed")
    assert parsed.version == version and parsed.problem is None and parsed.title
    assert [i.link for i in parsed.items] == ["http://site.example/a", "http://site.example/b"]
    assert [i.title for i in parsed.items] == ["Talks resume", "Talks stall"]
    assert {i.published for i in parsed.items} == {"2025-07-16"}
    expected_keys = (
        ["http://site.example/a", "http://site.example/b"] if version == "rss10" else ["urn:a", "urn:b"]
    )  # RSS 1.0: rdf:about
    assert [i.key for i in parsed.items] == expected_keys


def test_rss_091_relative_links_and_items_without_guid():
    document = (
        "<?xml version='1.0'?><rss version='0.91'><channel><title>Old</title><link>http://site.example/</link><description>d</description>"
        "<item><title>One</title><link>/news/1</link></item><item><title>One again</title><link>/news/1</link></item></channel></rss>"
    )
    parsed = parse_feed(document.encode(), url="http://site.example/rss091.xml")
    assert parsed.version == "rss091u" or parsed.version.startswith("rss09")
    assert [(i.key, i.link) for i in parsed.items] == [
        ("http://site.example/news/1", "http://site.example/news/1")
    ]  # one key, once


@pytest.mark.parametrize(
    "document, readable, problem",
    [
        (
            b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title><item><title>A</title><link>http://s.example/a</link></item><item><ti",
            True,
            "is not well-formed XML",
        ),
        (
            b"<!doctype html><html><head><title>Home</title></head><body><p>News</p></body></html>",
            False,
            "is a web page, not a feed",
        ),
        (b'{"items": []}', False, "is not an RSS or Atom feed (not well-formed"),
        (b"", False, "empty document"),
    ],
)
def test_broken_documents_say_what_is_wrong(document, readable, problem):
    parsed = parse_feed(document, url="http://s.example/feed")
    assert parsed.is_feed is readable
    assert problem in parsed.problem
    if readable:
        assert [i.link for i in parsed.items][:1] == ["http://s.example/a"]


def test_feed_addresses_are_checked(sqlite_url):
    store = Store(sqlite_url)
    for bad, message in [
        ("ftp://example.org/feed", "only http:// and https:// feeds"),
        ("example.org/rss", "not a web address"),
        ("", "Give the feed's address"),
        ("https://user:pw@example.org/rss", "user name or password"),
        ("https:///rss", "no host name"),
        ("https://example.org/a b", "spaces"),
    ]:
        with pytest.raises(ValueError, match=message):
            add_feed(store, bad)
    assert feed_address(" HTTPS://Example.ORG ") == "https://example.org/"
    feed = add_feed(store, "https://example.org/rss.xml", conflict="russia-ukraine")
    with pytest.raises(ValueError, match="already watched"):
        add_feed(store, "https://EXAMPLE.org/rss.xml")
    with pytest.raises(ValueError, match="not a conflict Stance Tracker knows. Use one of: .*russia-ukraine"):
        add_feed(store, "https://example.org/other.xml", conflict="atlantis")
    assert remove_feed(store, "https://example.org/rss.xml").id == feed.id
    with pytest.raises(LookupError, match="No feed 7"):
        remove_feed(store, "7")


# ----- the store's guarantees, on SQLite and PostgreSQL ------------------------------------------------------
def test_one_poller_per_feed_and_one_mark_per_item(database_url, pipeline):
    from stance.ingest import content_hash, load_text

    store = Store(database_url)
    feed = add_feed(store, "https://example.org/rss.xml")
    with feed_rows.poll_lock(store.db, feed.id) as first:
        with feed_rows.poll_lock(Store(database_url).db, feed.id) as second:
            assert (first, second) == (True, False)
    with feed_rows.poll_lock(store.db, feed.id) as again:
        assert again  # released
    article = load_text((ROOT / "sample_articles" / SAMPLE_NAMES[0]).read_text()).article
    analysis = pipeline.analyze(article)
    assert feed_rows.save_item(store, feed.id, "urn:1", analysis, content_hash(article.text))[0] == "stored"
    assert feed_rows.save_item(store, feed.id, "urn:1", analysis, content_hash(article.text))[0] == "taken"
    assert article_count(store) == 1 and feed_rows.get(store.db, feed.id).items_stored == 1


# ----- polling ---------------------------------------------------------------------------------------------
def test_a_new_item_is_the_only_one_fetched_and_stored(server, sqlite_url, pipeline):
    store = Store(sqlite_url)
    items = serve_pages(server, [0, 1])
    server.feed("/rss.xml", rss20(items), etag='"v1"')
    add_feed(store, server.url("/rss.xml"))
    first = poll_once(store, pipeline)[server.url("/rss.xml")]
    assert [o.status for o in first.items] == ["stored", "stored"], first.line()
    assert "2 stored" in first.line()

    items += serve_pages(server, [2])
    server.feed("/rss.xml", rss20(items), etag='"v2"')
    server.requests.clear()
    second = poll_once(store, pipeline)[server.url("/rss.xml")]
    assert [(o.name, o.status) for o in second.items] == [(items[2].link, "stored")]
    assert [path for path, _ in server.requests] == ["/rss.xml", "/news/2"]  # the old pages are not fetched again
    assert server.asked("/rss.xml")[0]["if-none-match"] == '"v1"'
    assert article_count(store) == 3
    stored = store.articles().set_index("id")
    assert set(stored["title"]) == {i.title for i in items}  # the item's title wins over the page's
    feed = list_feeds(store)[0]
    assert (feed.items_stored, feed.health, feed.etag, feed.title) == (3, "ok", '"v2"', "Harbor Press World")


def test_failing_feeds_keep_their_error_and_back_off_while_the_others_poll(server, sqlite_url, pipeline):
    store = Store(sqlite_url)
    good = serve_pages(server, [3])
    server.feed(
        "/good.xml", atom(good), content_type="application/atom+xml", last_modified="Wed, 16 Jul 2025 10:00:00 GMT"
    )
    server.error("/missing.xml", 404)
    server.error("/broken-server.xml", 500)
    server.feed("/garbage.xml", '{"not": "a feed"}', content_type="application/json")
    server.page("/homepage", "<!doctype html><html><body><p>Welcome</p></body></html>")
    cut = rss20(serve_pages(server, [4], prefix="/cut"))
    server.feed(
        "/cut.xml", cut.replace("</channel></rss>", "<item><title>Half")
    )  # well-formed up to a last, cut-off item
    urls = {
        name: add_feed(store, server.url(f"/{name}")).url
        for name in ("good.xml", "missing.xml", "broken-server.xml", "garbage.xml", "homepage", "cut.xml")
    }
    before = utcnow()

    results = poll_once(store, pipeline)
    by_name = {name: results[url] for name, url in urls.items()}
    assert by_name["good.xml"].status == "ok" and by_name["good.xml"].count("stored") == 1
    assert by_name["cut.xml"].status == "ok" and by_name["cut.xml"].count("stored") == 1
    assert "warning: is not well-formed XML" in by_name["cut.xml"].line()
    feeds = {f.url: f for f in list_feeds(store)}
    messages = {
        "missing.xml": "answered HTTP 404",
        "broken-server.xml": "answered HTTP 500",
        "garbage.xml": "is not an RSS or Atom feed",
        "homepage": "is a web page, not a feed",
    }
    for name, message in messages.items():
        feed = feeds[urls[name]]
        assert feed.health == "failing" and feed.consecutive_failures == 1
        assert message in feed.last_error, feed.last_error
        assert feed.last_success_at is None
        assert feed.next_poll_at >= before + timedelta(
            seconds=2 * INTERVAL
        )  # backs off: twice the interval after one failure
        line = by_name[name].line()
        assert (
            line.startswith(f"feed {feed.id} {feed.url}: error: {message}") and "(1 failure in a row; next try" in line
        )
    assert feeds[urls["cut.xml"]].health == "ok" and "not well-formed XML" in feeds[urls["cut.xml"]].last_error

    server.requests.clear()
    again = poll_once(store, pipeline)
    assert {name for name, url in urls.items() if again[url].status == "waiting"} == set(messages)
    assert "skipped: backing off after 1 failure in a row until" in again[urls["missing.xml"]].line()
    assert sorted(path for path, _ in server.requests) == ["/cut.xml", "/good.xml"]  # the failing ones are not asked
    assert again[urls["good.xml"]].status == "not modified"  # If-Modified-Since
    assert server.asked("/good.xml")[0]["if-modified-since"] == "Wed, 16 Jul 2025 10:00:00 GMT"

    feed_rows.record_failure(
        store.db, feeds[urls["missing.xml"]].id, utcnow(), "answered HTTP 404 again", INTERVAL, 3 * INTERVAL
    )
    assert feed_rows.get(store.db, feeds[urls["missing.xml"]].id).next_poll_at <= utcnow() + timedelta(
        seconds=3 * INTERVAL
    )  # capped
    assert article_count(store) == 2


def test_items_whose_page_fails(server, sqlite_url, pipeline, monkeypatch):
    monkeypatch.setenv("STANCE_FEED_ITEM_ATTEMPTS", "2")
    store = Store(sqlite_url)
    kept = serve_pages(server, [5])[0]
    full_text = (ROOT / "sample_articles" / SAMPLE_NAMES[6]).read_text().split("\n\n", 1)[1]
    items = [
        kept,
        Item("urn:gone", server.url("/news/gone"), "A page that is gone"),
        Item("urn:later", server.url("/news/later"), "A page whose server fails for now"),
        Item("urn:full", server.url("/news/paywalled"), "Carried whole by the feed", summary=full_text),
        Item(
            "urn:teaser",
            server.url("/news/teaser"),
            "Only a teaser",
            summary="Talks resumed on Monday, officials said.",
        ),
    ]
    server.error("/news/gone", 404)
    server.error("/news/later", 503)
    server.error("/news/paywalled", 403)
    server.error("/news/teaser", 403)
    server.feed("/rss.xml", rss20(items), etag='"v1"')
    add_feed(store, server.url("/rss.xml"))

    first = poll_once(store, pipeline)[server.url("/rss.xml")]
    status = {o.key: o for o in first.items}
    assert status[kept.guid].status == "stored"
    assert status["urn:full"].status == "stored"  # the page refused us; the feed carries the whole article
    assert status["urn:gone"].status == "rejected" and "answered HTTP 404" in status["urn:gone"].message
    assert (
        status["urn:teaser"].status == "rejected" and "HTTP 403" in status["urn:teaser"].message
    )  # a teaser is not an article
    assert (
        status["urn:later"].status == "failed"
        and status["urn:later"].retry
        and "attempt 1 of 2" in status["urn:later"].message
    )
    assert list_feeds(store)[0].etag is None  # an item is left to do: the next poll asks for the whole feed

    server.page("/news/later", sample_page(SAMPLE_NAMES[7])[1])
    server.requests.clear()
    second = poll_once(store, pipeline)[server.url("/rss.xml")]
    assert [(o.key, o.status) for o in second.items] == [("urn:later", "stored")]
    assert "if-none-match" not in server.asked("/rss.xml")[0]
    assert [path for path, _ in server.requests] == ["/rss.xml", "/news/later"]
    assert list_feeds(store)[0].etag == '"v1"'
    marks = {m["key"]: m for m in feed_rows.items(store.db, list_feeds(store)[0].id)}
    assert (marks["urn:later"]["status"], marks["urn:later"]["attempts"]) == ("stored", 2)
    assert article_count(store) == 3 and list_feeds(store)[0].items_stored == 3
    stored = store.articles()
    assert "Carried whole by the feed" in set(stored["title"])


class NoModels:
    def analyze(self, article):
        raise AssertionError("nothing should be analysed")


def test_an_item_page_the_guard_refuses_is_rejected_at_once_never_retried(server, sqlite_url, monkeypatch):
    monkeypatch.setenv(
        "STANCE_ALLOW_PRIVATE_URLS", "127.0.0.0/8"
    )  # the feed server only: other private addresses stay refused
    store = Store(sqlite_url)
    items = [
        Item("urn:intranet", "http://10.20.30.40/admin", "An intranet page"),
        Item("urn:metadata", "http://169.254.169.254/latest/meta-data/", "The cloud metadata service"),
        Item("urn:ipv6", f"http://[::1]:{urlsplit(server.url('/')).port}/news/0", "Loopback by another name"),
    ]
    server.feed("/rss.xml", rss20(items), etag='"v1"')
    add_feed(store, server.url("/rss.xml"))
    first = poll_once(store, NoModels())[server.url("/rss.xml")]
    assert [(o.key, o.status, o.retry) for o in first.items] == [(i.guid, "rejected", False) for i in items], (
        first.line()
    )
    for outcome, what in zip(first.items, ("a private address", "a link-local address", "a loopback address")):
        assert "was refused" in outcome.message and what in outcome.message and "attempt" not in outcome.message
    assert [path for path, _ in server.requests] == ["/rss.xml"]  # no page was asked for
    assert list_feeds(store)[0].etag == '"v1"'  # every item dealt with for good

    second = poll_once(store, NoModels())[server.url("/rss.xml")]
    assert second.status == "not modified" and article_count(store) == 0
    marks = feed_rows.items(store.db, list_feeds(store)[0].id)
    assert {(m["status"], m["attempts"]) for m in marks} == {("rejected", 1)}


def test_the_same_article_in_two_feeds_is_stored_once(server, sqlite_url, pipeline):
    store = Store(sqlite_url)
    shared = serve_pages(server, [8])
    server.feed("/a.xml", rss20(shared))
    server.feed("/b.xml", rss10(shared))
    add_feed(store, server.url("/a.xml"))
    add_feed(store, server.url("/b.xml"))
    results = poll_once(store, pipeline)
    assert [o.status for o in results[server.url("/a.xml")].items] == ["stored"]
    second = results[server.url("/b.xml")].items[0]
    assert second.status == "duplicate" and "same address" in second.message
    assert len(server.asked("/news/8")) == 1  # known by its address: not fetched again
    assert article_count(store) == 1


# ----- the command line --------------------------------------------------------------------------------------
def test_feeds_commands(sqlite_url):
    added = cli(["feeds", "add", "https://example.org/rss.xml", "--conflict", "russia-ukraine"], sqlite_url)
    assert added.returncode == 0, added.stderr
    assert "feed 1 added: https://example.org/rss.xml (conflict russia-ukraine)" in added.stdout
    refused = cli(["feeds", "add", "file:///etc/passwd"], sqlite_url)
    assert refused.returncode == 1 and "only http:// and https:// feeds can be watched" in refused.stderr
    listed = cli(["feeds", "list"], sqlite_url)
    assert "health" in listed.stdout and "new" in listed.stdout and "https://example.org/rss.xml" in listed.stdout
    rows = json.loads(cli(["feeds", "list", "--json"], sqlite_url).stdout)
    assert (
        rows[0]["url"] == "https://example.org/rss.xml" and rows[0]["health"] == "new" and rows[0]["items_stored"] == 0
    )
    assert cli(["feeds", "remove", "9"], sqlite_url).returncode == 1
    removed = cli(["feeds", "remove", "https://example.org/rss.xml"], sqlite_url)
    assert removed.returncode == 0 and "feed 1 removed" in removed.stdout
    assert "no feeds yet" in cli(["feeds", "list"], sqlite_url).stdout


def test_watch_once_stores_every_item_once_and_asks_conditionally_the_second_time(server, sqlite_url):
    server.feed("/rss20.xml", rss20(serve_pages(server, [0, 1])), etag='"a1"')
    server.feed("/rss10.xml", rss10(serve_pages(server, [2])), content_type="application/rdf+xml", etag='"b1"')
    server.feed("/atom.xml", atom(serve_pages(server, [3])), content_type="application/atom+xml", etag='"c1"')
    server.error("/dead.xml", 500)
    for name in ("rss20.xml", "rss10.xml", "atom.xml", "dead.xml"):
        assert cli(["feeds", "add", server.url(f"/{name}")], sqlite_url).returncode == 0

    first = cli(["watch", "--once", "--verbose"], sqlite_url)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert (
        sum(": 2 new items: 2 stored" in line for line in lines) == 1
        and sum(": 1 new item: 1 stored" in line for line in lines) == 2
    )
    assert any("dead.xml: error: answered HTTP 500" in line for line in lines)
    assert lines[-1].endswith("done")
    store = Store(sqlite_url)
    assert article_count(store) == 4
    assert_each_article_once(store)

    second = cli(["watch", "--once"], sqlite_url)
    assert second.returncode == 0, second.stderr
    assert second.stdout.count("not modified (HTTP 304)") == 3 and "skipped: backing off" in second.stdout
    for name, etag in (("rss20.xml", '"a1"'), ("rss10.xml", '"b1"'), ("atom.xml", '"c1"')):
        assert server.asked(f"/{name}")[-1]["if-none-match"] == etag
    assert len(server.asked("/dead.xml")) == 1
    assert article_count(store) == 4
    health = {
        row["url"].rsplit("/", 1)[1]: row for row in json.loads(cli(["feeds", "list", "--json"], sqlite_url).stdout)
    }
    assert (
        health["rss20.xml"]["items_stored"] == 2
        and health["rss20.xml"]["health"] == "ok"
        and health["rss20.xml"]["last_success_at"]
    )
    assert health["dead.xml"]["health"] == "failing" and "HTTP 500" in health["dead.xml"]["last_error"]


def _watch_until(url: str, store: Store, articles: int) -> subprocess.Popen:
    """`stance watch` started, and returned once it has stored `articles` articles."""
    env = {**os.environ, "STANCE_DATABASE_URL": url, "STANCE_ALLOW_PRIVATE_URLS": "1", "STANCE_FEED_HOST_GAP_S": "0"}
    process = subprocess.Popen(
        [sys.executable, "-m", "stance.cli", "watch", "--once"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 240
    while article_count(store) < articles:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the watcher stored too little in time"
        time.sleep(0.1)
    return process


def test_sigterm_and_a_kill_mid_poll_lose_nothing_and_duplicate_nothing(server, sqlite_url):
    items = serve_pages(server, range(6), delay_s=0.4)  # slow pages, so the signals land between items
    server.feed("/rss.xml", rss20(items), etag='"v1"')
    store = Store(sqlite_url)
    add_feed(store, server.url("/rss.xml"))

    process = _watch_until(sqlite_url, store, 1)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "SIGTERM: stopping after the item in progress" in err and out.rstrip().endswith("stopped (SIGTERM)")
    stopped_at = article_count(store)
    assert 1 <= stopped_at < 6
    assert list_feeds(store)[0].etag is None  # items left: the next poll reads the whole feed again

    process = _watch_until(sqlite_url, store, stopped_at + 1)
    process.kill()  # no goodbye: whatever was in flight rolls back
    process.communicate(timeout=60)
    killed_at = article_count(store)
    assert killed_at < 6

    finished = cli(["watch", "--once", "--verbose"], sqlite_url)
    assert finished.returncode == 0, finished.stderr
    assert article_count(store) == 6, finished.stdout + finished.stderr
    assert_each_article_once(store)
    marks = feed_rows.items(store.db, list_feeds(store)[0].id)
    assert sorted(m["key"] for m in marks) == sorted(i.guid for i in items) and {m["status"] for m in marks} == {
        "stored"
    }
    assert list_feeds(store)[0].items_stored == 6
    for item in items:  # a page is fetched again only when it was in flight at the stop or the kill
        assert len(server.asked(urlsplit(item.link).path)) <= 2


def test_the_watch_loop_polls_again_picks_up_new_feeds_and_stops_on_sigterm(server, sqlite_url):
    items = serve_pages(server, [0])
    server.feed("/rss.xml", rss20(items), etag='"v1"')
    store = Store(sqlite_url)
    add_feed(store, server.url("/rss.xml"))
    env = {
        **os.environ,
        "STANCE_DATABASE_URL": sqlite_url,
        "STANCE_ALLOW_PRIVATE_URLS": "1",
        "STANCE_FEED_HOST_GAP_S": "0",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "stance.cli", "watch", "--interval", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        wait_for(lambda: article_count(store) == 1, process)
        server.feed("/rss.xml", rss20(items + serve_pages(server, [1])), etag='"v2"')  # a new item in the same feed
        server.feed("/atom.xml", atom(serve_pages(server, [2])), content_type="application/atom+xml")
        add_feed(store, server.url("/atom.xml"))  # and a feed added while it runs
        wait_for(lambda: article_count(store) == 3, process)
        wait_for(lambda: len(server.asked("/rss.xml")) >= 4, process)  # it goes on polling: 304s now
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "not modified (HTTP 304)" in out and out.rstrip().endswith("stopped (SIGTERM)")
    assert_each_article_once(store)


def wait_for(condition, process: subprocess.Popen, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the watcher did not get there in time"
        time.sleep(0.1)


class OneAtATime:
    """The shared models, analysing for one thread at a time (two watchers in one test process)."""

    def __init__(self, pipeline):
        self._pipeline, self._lock = pipeline, threading.Lock()

    def analyze(self, article):
        with self._lock:
            return self._pipeline.analyze(article)


def test_two_watchers_on_one_postgres_store_store_each_item_once(server, postgres_url, pipeline):
    feeds = []
    for number, path in enumerate(("/one.xml", "/two.xml", "/three.xml")):
        items = serve_pages(server, [2 * number, 2 * number + 1], prefix=path.replace(".xml", ""), delay_s=0.2)
        server.feed(
            path, rss20(items + serve_pages(server, [9])), etag='"v1"'
        )  # every feed also carries one shared article
        feeds.append(path)
    setup = Store(postgres_url)
    for path in feeds:
        add_feed(setup, server.url(path))
    shared = OneAtATime(pipeline)
    results: list = []
    start = threading.Barrier(2)

    def run() -> None:
        start.wait()
        Watcher(Store(postgres_url), shared, interval_s=INTERVAL).run(once=True, report=results.append)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    statuses = [r.status for r in results]
    assert statuses.count("ok") == 3  # each feed polled by one of them
    assert "busy" in statuses and set(statuses) <= {"ok", "busy", "not modified"}
    assert article_count(setup) == 7
    assert_each_article_once(setup)
    assert sum(f.items_stored for f in list_feeds(setup)) == 7


# ----- the Feeds page ------------------------------------------------------------------------------------------
def shown(elements) -> str:
    """What the messages say, as the reader sees them (md() escapes with backslashes)."""
    return " ".join(e.value for e in elements).replace("\\", "")


def test_feeds_page_adds_shows_health_and_removes(monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    url = f"sqlite:///{tmp_path / 'feeds.db'}"
    monkeypatch.setenv("STANCE_DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120).run()
    at = at.switch_page("views/feeds.py").run()
    assert not at.exception
    assert "No feeds yet" in " ".join(i.value for i in at.info)

    at.text_input(key="fd_url").input("javascript:alert(1)")
    at.button(key="fd_add_button").click().run()
    assert "only http:// and https:// feeds can be watched" in shown(at.error)

    at.text_input(key="fd_url").input("https://example.org/rss.xml")
    at.selectbox(key="fd_conflict").select("russia-ukraine")
    at.button(key="fd_add_button").click().run()
    assert not at.exception
    assert "Added https://example.org/rss.xml" in shown(at.success)
    assert "not polled yet" in " ".join(c.value for c in at.caption)

    store = Store(url)
    feed = list_feeds(store)[0]
    feed_rows.record_failure(
        store.db,
        feed.id,
        utcnow(),
        "answered HTTP 500 <b>*Oops*</b>. The site had a problem: try again later.",
        900,
        86400,
    )
    at.run()
    table = at.dataframe[0].value
    assert list(table["health"]) == ["failing"] and "HTTP 500" in table["last error"][0]
    assert "HTTP 500 \\<b\\>\\*Oops\\*\\<" in " ".join(
        e.value for e in at.error
    )  # the server's words are escaped, never rendered

    at.selectbox(key="fd_remove").select(feed.id).run()
    at.button(key="fd_remove_button").click().run()
    assert "Removed https://example.org/rss.xml" in shown(at.success)
    assert list_feeds(store) == []
